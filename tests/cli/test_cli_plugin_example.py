"""The example plugin (tests/plugin_example, visible to the tests through tests/conftest.py) from the command line: its
squareplus activation exports and trains on its checkerboard data set."""

import csv

import numpy as np
import pytest


def squareplus(x, b):
    return 0.5 * (x + np.sqrt(x * x + b))


def test_list_shows_the_plugin(cli):
    status, activations, _ = cli("list", "activations")
    assert status == 0 and activations.split()[-1] == "squareplus"
    status, datasets, _ = cli("list", "datasets")
    assert status == 0 and "checkerboard" in datasets.split()


def test_the_cli_exports_squareplus(cli, tmp_path):
    out = tmp_path / "f.csv"
    status, _, err = cli("export", "function", "squareplus", "--derivative", "--param", "squareplus.b=9",
                         "--xmin", "-2", "--xmax", "2", "--points", "401", "--out", out)
    assert status == 0, err
    rows = list(csv.reader(out.open()))
    assert rows[0] == ["x", "squareplus", "squareplus_grad"]
    data = np.array(rows[1:], dtype=float)
    assert data[200, 0] == pytest.approx(0.0) and data[200, 1] == pytest.approx(1.5)
    np.testing.assert_allclose(data[:, 1], squareplus(data[:, 0], 9.0), atol=1e-6)
    png = tmp_path / "f.png"
    status, _, err = cli("export", "function", "squareplus,relu", "--out", png)
    assert status == 0, err
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_squareplus_trains_on_the_checkerboard(cli, tmp_path):
    out = tmp_path / "run.csv"
    status, _, err = cli("train", "--dataset", "checkerboard", "--activation", "squareplus", "--samples", "800",
                         "--hidden", "32,32", "--steps", "600", "--record-every", "200", "--device", "cpu", "--quiet",
                         "--out", out)
    assert status == 0, err
    rows = list(csv.reader(out.open()))
    assert rows[0][:4] == ["step", "train_loss", "val_loss", "val_accuracy"]
    assert [row[0] for row in rows[1:]] == ["0", "200", "400", "600"]
    first, last = rows[1], rows[-1]
    assert float(last[2]) < 0.6 * float(first[2]) and float(last[3]) > 0.8
