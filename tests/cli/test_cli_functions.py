"""`actgui list activations`, `actgui export function` and `actgui export softmax`."""

import csv

import numpy as np
import pytest

from actgui.core.activations import ACTIVATIONS


def test_list_activations(cli):
    status, out, _ = cli("list", "activations")
    assert status == 0 and out.split() == ACTIVATIONS.keys()


def test_function_csv_with_derivatives(cli, tmp_path):
    out = tmp_path / "f.csv"
    status, _, err = cli("export", "function", "relu,leaky_relu", "--derivative", "--second-derivative",
                         "--param", "leaky_relu.negative_slope=0.1", "--xmin", "-2", "--xmax", "2",
                         "--points", "401", "--out", out)
    assert status == 0, err
    rows = list(csv.reader(out.open()))
    assert rows[0] == ["x", "relu", "relu_grad", "relu_grad2", "leaky_relu", "leaky_relu_grad", "leaky_relu_grad2"]
    data = np.array(rows[1:], dtype=float)
    assert data.shape == (401, 7)
    np.testing.assert_allclose(data[:, 0], np.linspace(-2, 2, 401))
    assert data[0, 4] == pytest.approx(-0.2) and data[0, 5] == pytest.approx(0.1)


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_function_images(cli, tmp_path, suffix):
    out = tmp_path / f"f.{suffix}"
    status, _, err = cli("export", "function", "sigmoid,tanh", "--derivative", "--width", "800", "--height", "500",
                         "--theme", "dark", "--out", out)
    assert status == 0, err
    assert out.stat().st_size > 1000


def test_softmax_csv(cli, tmp_path):
    out = tmp_path / "s.csv"
    status, _, _ = cli("export", "softmax", "--logits", "1,2,3", "--temperature", "2", "--out", out)
    assert status == 0
    rows = list(csv.reader(out.open()))
    assert rows[0] == ["index", "logit", "probability"]
    p = np.exp(np.array([1, 2, 3]) / 2)
    np.testing.assert_allclose([float(r[2]) for r in rows[1:]], p / p.sum())


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "function", "nope", "--out", "x.csv"], "unknown activation 'nope'"),
        (["export", "function", "relu", "--param", "relu.alpha=1", "--out", "x.csv"], "no parameter 'alpha'"),
        (["export", "function", "elu", "--param", "elu.alpha=99", "--out", "x.csv"], "out of range"),
        (["export", "function", "elu", "--param", "elu.alpha", "--out", "x.csv"], "KEY=VALUE"),
        (["export", "function", "relu", "--xmin", "2", "--xmax", "1", "--out", "x.csv"], "xmin (2) must be smaller"),
        (["export", "function", "relu", "--out", "/nonexistent/x.png"], "does not exist"),
        (["export", "function", "relu", "--out", "x.bmp"], "unsupported file type"),
        (["export", "softmax", "--logits", "1,a", "--out", "x.csv"], "'a' is not a number"),
        (["export", "function", "relu"], "required: --out"),
        (["list", "nothing"], "invalid choice"),
    ],
)
def test_bad_arguments_give_one_line(cli, tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    status, out, err = cli(*argv)
    assert status != 0
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_help_follows_the_language(cli):
    status, out, _ = cli("export", "softmax", "--lang", "zh_CN", "--help")
    assert status == 0 and "logit 向量的 softmax 柱状图" not in out and "用逗号分隔的 logits" in out
    status, out, _ = cli("export", "softmax", "--help")
    assert status == 0 and "comma-separated logits" in out
