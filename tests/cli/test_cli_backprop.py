"""`actgui export backprop`: the step as JSON, the step drawn at each phase, and clear errors."""

import json

import pytest

from actgui.core.backprop import PHASES
from actgui.qt.base.i18n import install_language


def test_the_defaults_are_the_lessons_xor_network(cli, tmp_path):
    out = tmp_path / "step.json"
    status, stdout, _ = cli("export", "backprop", "--out", out)
    assert status == 0 and stdout.strip() == str(out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [len(layer["W"]) for layer in data["layers"]] == [3, 1]
    assert [layer["activation"] for layer in data["layers"]] == ["sigmoid", "identity"]
    assert data["loss"] == "bce_with_logits" and len(data["x"]) == 1 and data["lr"] == 0.5


@pytest.mark.parametrize("phase", PHASES)
def test_every_phase_is_drawn(cli, tmp_path, phase):
    out = tmp_path / f"{phase}.svg"
    status, _, err = cli("export", "backprop", "--phase", phase, "--out", out)
    assert status == 0, err
    svg = out.read_text(encoding="utf-8")
    assert "<image" not in svg  # the units are vector paths, not pixmaps
    assert {"forward": "Forward pass", "loss": "Loss", "backward": "Backward pass", "update": "Update"}[phase] in svg


def test_the_picture_lists_the_chain_rules_paths(cli, tmp_path):
    out = tmp_path / "deep.svg"
    status, _, err = cli("export", "backprop", "--hidden", "2,2,2,2,2,2", "--phase", "backward", "--weight", "2,1",
                         "--out", out)
    assert status == 0, err
    svg = out.read_text(encoding="utf-8")
    assert "Chain rule" in svg and "32 paths" in svg and "w[2,1]" in svg


def test_the_figure_speaks_chinese(cli, tmp_path):
    out = tmp_path / "zh.svg"
    try:
        status, _, err = cli("export", "backprop", "--phase", "backward", "--lang", "zh_CN", "--out", out)
    finally:
        install_language("en")
    assert status == 0, err
    svg = out.read_text(encoding="utf-8")
    assert "反向传播" in svg and "链式法则" in svg and "Backward pass" not in svg


@pytest.mark.parametrize(("argv", "message"), [
    (["--hidden", "9"], "hidden"),
    (["--hidden", "a"], "whole numbers"),
    (["--activation", "prelu"], "parameter of its own"),
    (["--activation", "nope"], "unknown value 'nope'"),
    (["--dataset", "sine", "--loss", "cross_entropy"], "regression"),
    (["--weight", "x"], "UNIT,INPUT"),
    (["--first", "500"], "examples 0 to"),
])
def test_bad_options_end_in_one_line(cli, tmp_path, argv, message):
    status, _, err = cli("export", "backprop", *argv, "--out", tmp_path / "s.json")
    assert status == 2 and message in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "s.json").exists()


def test_an_unknown_suffix_is_refused(cli, tmp_path):
    status, _, err = cli("export", "backprop", "--out", tmp_path / "s.txt")
    assert status == 2 and ".json" in err


def test_the_step_as_plain_torch_code_runs_and_agrees(cli, tmp_path):
    from tests.cli.plotted import run_script

    out = tmp_path / "step.py"
    status, _, err = cli("export", "backprop", "--hidden", "4,4,4", "--out", out)
    assert status == 0, err
    source = out.read_text(encoding="utf-8")
    assert "actgui" not in source and "retain_grad" in source
    status, _, _ = cli("export", "backprop", "--hidden", "4,4,4", "--out", tmp_path / "step.json")
    data = json.loads((tmp_path / "step.json").read_text(encoding="utf-8"))
    bars = run_script(out)[0]
    expected = [sum(abs(v) for row in layer["dW"] for v in row) / (len(layer["dW"]) * len(layer["dW"][0]))
                for layer in data["layers"]]
    assert bars["y"] == pytest.approx(expected, rel=1e-9)
