"""`actgui export loss`, `actgui export landscape` and `actgui list losses|surfaces|descent-methods`."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from actgui.cli import REGISTRY_LISTS, build_parser, registry_keys
from actgui.core.descent import DESCENT_METHODS
from actgui.core.losses import LOSSES
from actgui.core.surfaces import surface_keys


@pytest.mark.parametrize(
    ("registry", "keys"),
    [("losses", LOSSES.keys()), ("surfaces", surface_keys()), ("descent-methods", DESCENT_METHODS.keys())],
)
def test_lists(cli, registry, keys):
    status, out, _ = cli("list", registry)
    assert status == 0 and out.split() == keys


def test_every_list_names_a_registry_with_keys():
    assert sorted(REGISTRY_LISTS) == sorted(build_parser()._subparsers._group_actions[0].choices["list"]
                                            ._actions[-1].choices)
    assert all(registry_keys(name) for name in REGISTRY_LISTS)
    assert registry_keys("surfaces")[-1] == "custom"


def test_loss_csv(cli, tmp_path):
    out = tmp_path / "loss.csv"
    status, stdout, err = cli("export", "loss", "mae,mse,huber", "--target", "1", "--param", "huber.delta=2",
                              "--points", "81", "--out", out)
    assert status == 0, err
    assert stdout.strip() == str(out)
    rows = list(csv.reader(out.open()))
    assert rows[0] == ["prediction", "mae", "mae_grad", "mse", "mse_grad", "huber", "huber_grad"]
    data = np.array(rows[1:], dtype=float)
    assert data.shape == (81, 7)
    prediction = data[:, 0]
    np.testing.assert_allclose(prediction, np.linspace(-3, 5, 81))
    np.testing.assert_allclose(data[:, 3], (prediction - 1) ** 2)
    np.testing.assert_allclose(data[:, 4], 2 * (prediction - 1))
    np.testing.assert_allclose(data[:, 6], np.clip(prediction - 1, -2, 2))


def test_classification_loss_csv_on_the_logit_axis(cli, tmp_path):
    out = tmp_path / "bce.csv"
    status, _, err = cli("export", "loss", "bce_with_logits,hinge", "--axis", "logit", "--xmin=-2", "--xmax", "2",
                         "--points", "41", "--out", out)
    assert status == 0, err
    data = np.array(list(csv.reader(out.open()))[1:], dtype=float)
    z = data[:, 0]
    np.testing.assert_allclose(data[:, 1], np.log1p(np.exp(-z)))  # target t = 1 by default
    np.testing.assert_allclose(data[:, 3], np.maximum(0, 1 - z))


def test_regression_and_classification_losses_on_one_figure(cli, tmp_path):
    status, _, err = cli("export", "loss", "mae,mse,huber,bce", "--out", tmp_path / "mixed.csv")
    assert status == 0, err
    rows = list(csv.reader((tmp_path / "mixed.csv").open()))
    assert rows[0] == ["prediction", "mae", "mae_grad", "mse", "mse_grad", "huber", "huber_grad", "bce", "bce_grad"]
    z, mse_grad, bce_grad = float(rows[1][0]), float(rows[1][4]), float(rows[1][8])
    assert z == -6.0 and abs(mse_grad) < 0.01 and bce_grad == pytest.approx(-1.0, abs=0.01)
    status, _, err = cli("export", "loss", "mse,bce", "--out", tmp_path / "mixed.png")
    assert status == 0 and (tmp_path / "mixed.png").stat().st_size > 0, err


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_loss_images(cli, tmp_path, suffix):
    out = tmp_path / f"loss.{suffix}"
    status, _, err = cli("export", "loss", "bce,kl_div", "--target", "0.7", "--theme", "dark", "--width", "800",
                         "--height", "500", "--out", out)
    assert status == 0, err
    assert out.stat().st_size > 1000
    if suffix == "svg":
        ET.parse(out)


def test_landscape_csv(cli, tmp_path):
    out = tmp_path / "land.csv"
    status, _, err = cli("export", "landscape", "bowl", "--start", "2,1", "--optimizers", "sgd,momentum,adam",
                         "--lr", "0.1", "--steps", "30", "--momentum", "0.5", "--param", "condition=4", "--out", out)
    assert status == 0, err
    rows = list(csv.reader(out.open()))
    assert rows[0] == ["optimizer", "step", "x", "y", "loss"]
    assert len(rows) == 1 + 3 * 31
    assert [r[0] for r in rows[1::31]] == ["sgd", "momentum", "adam"]
    assert rows[1] == ["sgd", "0", "2.0", "1.0", "4.0"]  # ½(2² + 4·1²)
    assert rows[2][2:4] == [repr(2.0 - 0.1 * 2.0), repr(1.0 - 0.1 * 4.0)]


def test_landscape_divergence_is_a_result_not_an_error(cli, tmp_path):
    out = tmp_path / "diverge.csv"
    status, _, err = cli("export", "landscape", "bowl", "--optimizers", "sgd", "--lr", "50", "--out", out)
    assert status == 0, err
    rows = list(csv.reader(out.open()))
    assert 2 < len(rows) < 10


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_landscape_images(cli, tmp_path, suffix):
    out = tmp_path / f"land.{suffix}"
    status, _, err = cli("export", "landscape", "himmelblau", "--start=-1,-1", "--steps", "50", "--field",
                         "--width", "800", "--height", "500", "--out", out)
    assert status == 0, err
    assert out.stat().st_size > 1000


def test_custom_landscape(cli, tmp_path):
    out = tmp_path / "custom.csv"
    status, _, err = cli("export", "landscape", "custom", "--expression", "x**2 + y**2", "--start", "1,1",
                         "--optimizers", "sgd", "--lr", "0.25", "--steps", "2", "--out", out)
    assert status == 0, err
    rows = list(csv.reader(out.open()))
    assert [row[2:4] for row in rows[1:]] == [["1.0", "1.0"], ["0.5", "0.5"], ["0.25", "0.25"]]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "loss", "nope", "--out", "x.csv"], "unknown loss 'nope'"),
        (["export", "loss", "mse,kl_div", "--target", "-1", "--out", "x.csv"], "class probability t in [0, 1]"),
        (["export", "loss", "bce", "--target", "2", "--out", "x.csv"], "probability in [0, 1]"),
        (["export", "loss", "huber", "--param", "huber.delta=50", "--out", "x.csv"], "out of range"),
        (["export", "loss", "huber", "--param", "delta=1", "--out", "x.csv"], "NAME.KEY=VALUE"),
        (["export", "loss", "mse", "--xmin", "1", "--out", "x.csv"], "both --xmin and --xmax"),
        (["export", "loss", "mse", "--points", "3", "--out", "x.csv"], "points"),
        (["export", "loss", "mae,bce", "--target", "3", "--out", "x.csv"], "no axis in common"),
        (["export", "loss", "", "--out", "x.csv"], "at least one loss"),
        (["export", "landscape", "nope", "--out", "x.csv"], "unknown surface 'nope'"),
        (["export", "landscape", "bowl", "--optimizers", "lbfgs", "--out", "x.csv"], "unknown optimizer 'lbfgs'"),
        (["export", "landscape", "bowl", "--start", "1", "--out", "x.csv"], "must look like X,Y"),
        (["export", "landscape", "bowl", "--start", "1,b", "--out", "x.csv"], "'b' is not a number"),
        (["export", "landscape", "bowl", "--lr", "0", "--out", "x.csv"], "learning rate"),
        (["export", "landscape", "bowl", "--momentum", "1.5", "--out", "x.csv"], "momentum"),
        (["export", "landscape", "bowl", "--steps", "0", "--out", "x.csv"], "steps"),
        (["export", "landscape", "bowl", "--param", "condition=0", "--out", "x.csv"], "out of range"),
        (["export", "landscape", "custom", "--expression", "import os", "--out", "x.csv"], "--expression"),
        (["export", "landscape", "custom", "--expression", "log(x)", "--out", "x.png"], "not finite"),
        (["export", "landscape", "bowl", "--out", "/nonexistent/x.png"], "does not exist"),
    ],
)
def test_bad_arguments_exit_non_zero_with_one_line(cli, tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    status, out, err = cli(*argv)
    assert status != 0
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.csv").exists()


def test_negative_numbers_are_values(cli, tmp_path):
    out = tmp_path / "l.csv"
    status, _, err = cli("export", "landscape", "himmelblau", "--start", "-3,3", "--steps", "5", "--out", out)
    assert status == 0, err
    assert out.read_text(encoding="utf-8").splitlines()[1].startswith("sgd,0,-3.0,3.0,")
    status, _, err = cli("export", "loss", "mse", "--xmin", "-3", "--xmax", "-1", "--out", tmp_path / "m.csv")
    assert status == 0, err
    assert (tmp_path / "m.csv").read_text(encoding="utf-8").splitlines()[1].startswith("-3")
