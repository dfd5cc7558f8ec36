"""Every figure `actgui export` draws, and every view option it has, writes its code, and an option
changes the code unless it only changes how the figure looks (actgui.state.code.DISPLAY_SETTINGS, and
the picture's stamp): the export commands are walked, so a new figure kind without code fails here."""

from __future__ import annotations

import pytest


def _export_figures():
    """(figure, its store-true options) of every `actgui export` command: the figure kinds."""
    from actgui.cli import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if getattr(a, "choices", None) and "export" in a.choices)
    export = commands.choices["export"]
    figures = next(a for a in export._actions if getattr(a, "choices", None))
    for figure, sub in figures.choices.items():
        flags = [(a.option_strings[-1], a.dest) for a in sub._actions if a.nargs == 0 and a.option_strings
                 and a.dest not in ("help", "quiet")]
        yield figure, flags


#: The arguments each figure needs before its options.
FIGURE_ARGUMENTS = {"function": ["sigmoid"], "init": ["kaiming_normal"], "loss": ["mse,bce"],
                    "depth": ["--activation", "tanh", "--init", "xavier_normal", "--depth", "4"],
                    "landscape": ["himmelblau", "--steps", "20"], "backprop": []}


#: Options that change the figure only beside another one: (figure, option) → the other one.
BESIDE = {("function", "--overlay"): ["--derivative"]}


@pytest.mark.parametrize("figure,flags", list(_export_figures()), ids=[f for f, _ in _export_figures()])
def test_every_export_figure_and_view_writes_code(cli, tmp_path, figure, flags):
    if figure == "run":  # a run file's code: tests/cli/test_cli_code_runs.py
        return
    from actgui.state.code import DISPLAY_SETTINGS

    display = {"stamp"}.union(*DISPLAY_SETTINGS.values())
    arguments = FIGURE_ARGUMENTS.get(figure, [])
    for flag, dest in [("", ""), *flags]:
        beside = BESIDE.get((figure, flag), [])
        codes = []
        for options in (beside, [*beside, *([flag] if flag else [])]):
            out = tmp_path / f"{figure}{len(codes)}.py"
            status, _, err = cli("export", figure, *arguments, *options, "--out", out)
            assert status == 0, f"export {figure} {' '.join(options)}: {err}"
            codes.append(out.read_text())
            assert "import torch" in codes[-1]
        assert not flag or dest in display or codes[0] != codes[1], f"{figure} {flag}: the code stays"


def test_learning_rates_compared_on_one_surface(cli, tmp_path):
    """Every optimiser at each learning rate: each path and loss curve is the CSV's (to 1e-5)."""
    import numpy as np

    from tests.cli.plotted import csv_columns, run_script

    argv = ["export", "landscape", "himmelblau", "--optimizers", "sgd,adam", "--lrs", "0.01,0.001", "--steps", "40"]
    assert cli(*argv, "--out", tmp_path / "lrs.csv")[0] == 0
    assert cli(*argv, "--out", tmp_path / "lrs.py")[0] == 0
    series, columns = run_script(tmp_path / "lrs.py"), csv_columns(tmp_path / "lrs.csv")
    assert len(series) == 2 * 4
    for optimizer, name in (("sgd", "Gradient descent (SGD)"), ("adam", "Adam")):
        for lr in (0.01, 0.001):
            rows = (columns["optimizer"] == optimizer) & (columns["lr"] == lr)
            label = f"{name}, lr {lr:g} from (0.5, 0.5)"
            drawn = [s for s in series if s["label"] == label]
            assert len(drawn) == 2, label
            np.testing.assert_allclose(drawn[0]["x"], columns["x"][rows], rtol=1e-5)
            np.testing.assert_allclose(drawn[0]["y"], columns["y"][rows], rtol=1e-5)
            np.testing.assert_allclose(drawn[1]["y"], columns["loss"][rows], rtol=1e-5)


def test_softmax_jacobian_script_computes_the_csv_matrix(cli, tmp_path):
    import subprocess
    import sys

    import numpy as np

    from tests.cli.plotted import csv_columns

    argv = ["export", "softmax", "--logits", "1,2,3,0.5", "--temperature", "2", "--jacobian"]
    assert cli(*argv, "--out", tmp_path / "j.csv")[0] == 0
    assert cli(*argv, "--out", tmp_path / "j.py")[0] == 0
    runner = ("import json, runpy, sys, matplotlib; matplotlib.use('Agg'); "
              "print(json.dumps(runpy.run_path(sys.argv[1])['J'].flatten().tolist()))")
    done = subprocess.run([sys.executable, "-c", runner, str(tmp_path / "j.py")], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    matrix = np.array(__import__("json").loads(done.stdout.strip().splitlines()[-1]))
    np.testing.assert_allclose(matrix, csv_columns(tmp_path / "j.csv")["d_p_i_d_z_j"], rtol=1e-5, atol=1e-12)
