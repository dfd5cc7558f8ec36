"""Comparisons are capped at 24 runs (values × seeds) with one message, in the CLI and in the
Training panel's state (what the window and sessions use)."""

from __future__ import annotations

import pytest

from actgui.core.training.config import TrainingConfig
from actgui.core.training.experiment import MAX_COMPARED_RUNS, check_compared_runs, compare_plan
from actgui.state.training import TrainingState


def test_the_cap_counts_values_times_seeds():
    check_compared_runs(24, 1)
    check_compared_runs(8, 3)
    with pytest.raises(ValueError, match=r"^3 values × 10 seeds = 30 runs: at most 24 runs are compared at once"):
        check_compared_runs(3, 10)
    with pytest.raises(ValueError, match=r"^1000 values: at most 24 runs"):
        check_compared_runs(1000)


def test_a_plan_of_too_many_runs_is_refused_before_any_network_is_built():
    with pytest.raises(ValueError, match="25 values"):
        compare_plan(TrainingConfig(), "lr", [str(0.001 * (k + 1)) for k in range(MAX_COMPARED_RUNS + 1)])


def test_the_cli_refuses_1000_values(cli_main, tmp_path, capsys):
    status = cli_main(["train", "--compare", ",".join(["relu"] * 1000), "--out", str(tmp_path / "x.csv"), "--quiet"])
    assert status == 2 and capsys.readouterr().err.strip() == (
        "actgui: error: 1000 values: at most 24 runs are compared at once (fewer values or seeds)")


def test_the_panel_state_refuses_too_many_runs():
    settings = TrainingState()
    settings.compare_values = ",".join(["relu", "tanh", "elu"] * 5)
    settings.seeds = 2
    with pytest.raises(ValueError, match="15 values × 2 seeds = 30 runs"):
        settings.validate()


@pytest.fixture
def cli_main():
    from actgui.cli import main

    return main
