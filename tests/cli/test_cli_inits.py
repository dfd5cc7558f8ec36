"""`actgui list inits`, `actgui export init` and `actgui export depth`: files and one-line errors."""

import csv
import math
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QImage

from actgui.core.inits import INITS


def read_rows(path):
    with open(path, encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_list_inits(cli):
    status, out, _ = cli("list", "inits")
    assert status == 0
    assert out.split() == INITS.keys()


def test_export_init_csv_has_one_row_per_weight(cli, tmp_path):
    status, out, _ = cli("export", "init", "kaiming_uniform", "--fan-in", "64", "--fan-out", "32",
                         "--param", "mode=fan_out", "--param", "nonlinearity=tanh", "--seed", "4",
                         "--out", tmp_path / "w.csv")
    assert status == 0 and out.strip().endswith("w.csv")
    rows = read_rows(tmp_path / "w.csv")
    assert rows[0] == ["weight"] and len(rows) == 64 * 32 + 1
    bound = 5 / 3 * math.sqrt(3 / 32)
    values = [float(row[0]) for row in rows[1:]]
    assert max(abs(v) for v in values) <= bound
    assert max(abs(v) for v in values) > 0.95 * bound


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_export_init_images(cli, tmp_path, suffix):
    path = tmp_path / f"h.{suffix}"
    status, _, _ = cli("export", "init", "sparse", "--fan-in", "100", "--fan-out", "50", "--out", path,
                       "--width", "800", "--height", "500", "--theme", "dark")
    assert status == 0
    if suffix == "png":
        assert QImage(str(path)).width() == 800
    else:
        assert ET.parse(path).getroot().get("viewBox") == "0 0 800 500"


def test_export_depth_csv_and_png(cli, tmp_path):
    status, _, _ = cli("export", "depth", "--activation", "leaky_relu", "--init", "kaiming_normal",
                       "--depth", "6", "--layer-width", "32", "--batch", "16",
                       "--param", "activation.negative_slope=0.2",
                       "--param", "init.nonlinearity=leaky_relu", "--param", "init.a=0.2", "--out", tmp_path / "d.csv")
    assert status == 0
    rows = read_rows(tmp_path / "d.csv")
    assert rows[0] == ["layer", "act_mean", "act_std", "grad_std", "signal_grad_std"]
    assert [int(row[0]) for row in rows[1:]] == [1, 2, 3, 4, 5, 6]
    assert all(float(row[2]) > 0 and float(row[3]) > 0 for row in rows[1:])
    status, _, _ = cli("export", "depth", "--activation", "sigmoid", "--init", "xavier_normal", "--depth", "6",
                       "--layer-width", "32", "--width", "640", "--height", "400", "--out", tmp_path / "d.png")
    assert status == 0 and QImage(str(tmp_path / "d.png")).size().toTuple() == (640, 400)


def test_export_depth_cases_on_one_plot(cli, tmp_path):
    status, _, err = cli("export", "depth", "--cases", "relu:xavier_normal,relu:kaiming_normal", "--depth", "8",
                         "--width", "64", "--batch", "32", "--out", tmp_path / "cases.csv")
    assert status == 0, err
    rows = read_rows(tmp_path / "cases.csv")
    assert rows[0] == ["case", "layer", "act_mean", "act_std", "grad_std", "signal_grad_std"]
    cases = [row[0] for row in rows[1:]]
    assert cases == ["relu:xavier_normal"] * 8 + ["relu:kaiming_normal"] * 8
    xavier_last, kaiming_last = float(rows[8][3]), float(rows[16][3])
    assert xavier_last < 0.2 * kaiming_last  # ×0.70 per layer against ×1
    status, _, err = cli("export", "depth", "--cases", "selu_lecun_vs_kaiming", "--depth", "5", "--width", "32",
                         "--out", tmp_path / "selu.png")
    assert status == 0 and (tmp_path / "selu.png").stat().st_size > 0, err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "depth", "--cases", "relu"], "must look like ACTIVATION:INIT"),
        (["export", "depth", "--cases", "relu:he"], "unknown init scheme 'he'"),
        (["export", "depth", "--cases", "relu:normal", "--activation", "relu"], "--cases replaces"),
        (["export", "depth", "--init", "normal"], "give --activation and --init, or --cases"),
        (["export", "init", "kaiming_normal", "--param", "a=0.9", "--param", "nonlinearity=relu"], "has no effect"),
        (["export", "init", "glorot"], "unknown init scheme 'glorot'"),
        (["export", "init", "normal", "--fan-in", "-3"], "fan_in must be between 1"),
        (["export", "init", "normal", "--param", "std=wide"], "std='wide' is not a number"),
        (["export", "init", "normal", "--param", "std"], "must look like KEY=VALUE"),
        (["export", "init", "kaiming_normal", "--param", "mode=sideways"], "not one of: fan_in, fan_out"),
        (["export", "init", "uniform", "--param", "a=2"], "must be smaller than b"),
        (["export", "depth", "--activation", "relu", "--init", "he"], "unknown init scheme 'he'"),
        (["export", "depth", "--activation", "relu", "--init", "normal", "--param", "std=2"],
         "activation.KEY=VALUE or init.KEY=VALUE"),
        (["export", "depth", "--activation", "relu", "--init", "normal", "--param", "activation.alpha=2"],
         "relu has no parameter 'alpha'"),
        (["export", "depth", "--activation", "elu", "--init", "normal", "--param", "activation.alpha=x"],
         "is not a number"),
        (["export", "depth", "--activation", "relu", "--init", "normal", "--depth", "99"], "depth must be between"),
    ],
)
def test_bad_arguments_give_one_line(cli, tmp_path, argv, message):
    status, out, err = cli(*argv, "--out", tmp_path / "x.png")
    assert status != 0
    assert message in err
    assert len(err.strip().splitlines()) == 1 and err.startswith("actgui: error:")
    assert not (tmp_path / "x.png").exists()
