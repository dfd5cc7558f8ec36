"""Descent with torch.optim: convergence, basins, saddles and divergence reported, not raised."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from actgui.core.descent import (
    COMPLETED,
    DESCENT_METHODS,
    DIVERGED,
    ESCAPED,
    PRESETS,
    DescentSettings,
    bounding_box,
    nearest_minimum,
    run,
    trajectories_table,
)
from actgui.core.surfaces import HIMMELBLAU_MINIMA, SURFACES, get_surface


@pytest.mark.parametrize("optimizer", DESCENT_METHODS.keys())
def test_every_optimizer_converges_on_the_bowl(optimizer):
    bowl = SURFACES.get("bowl")
    (trajectory,) = run(bowl, DescentSettings(start=(-2.5, 2.0), optimizers=(optimizer,), lr=0.05,
                                              momentum=0.9, steps=300))
    assert trajectory.status == COMPLETED and trajectory.stopped_at is None
    assert trajectory.steps == 300
    assert math.hypot(*trajectory.end) < 1e-2
    assert trajectory.loss[-1] < 1e-4 * trajectory.loss[0]
    assert DESCENT_METHODS.get(optimizer).name_zh


def test_trajectory_starts_at_the_start_and_records_the_loss_of_every_point():
    surface = SURFACES.get("rosenbrock")
    (trajectory,) = run(surface, DescentSettings(start=(-1.0, 1.5), optimizers=("sgd",), lr=1e-3, steps=20))
    assert (trajectory.x[0], trajectory.y[0]) == (-1.0, 1.5)
    expected = (1 - trajectory.x) ** 2 + 100 * (trajectory.y - trajectory.x**2) ** 2
    np.testing.assert_allclose(trajectory.loss, expected)
    # Plain gradient descent: the first step is −η∇f at the start.
    assert trajectory.x[1] == pytest.approx(-1.0 - 1e-3 * (-2 * 2 - 400 * -1.0 * 0.5))
    assert trajectory.y[1] == pytest.approx(1.5 - 1e-3 * 200 * 0.5)


@pytest.mark.parametrize("start, minimum", [
    ((2.5, 2.5), 0), ((-2.5, 2.5), 1), ((-2.5, -2.5), 2), ((2.5, -2.5), 3),
])
def test_himmelblau_starts_reach_the_minimum_of_their_basin(start, minimum):
    surface = SURFACES.get("himmelblau")
    for trajectory in run(surface, DescentSettings(start=start, optimizers=("sgd", "momentum", "adam"),
                                                   lr=0.01, momentum=0.5, steps=250)):
        assert nearest_minimum(trajectory.end, HIMMELBLAU_MINIMA, 1e-2) == minimum, trajectory.optimizer


def test_plain_gd_stalls_on_the_saddle_ridge_while_momentum_escapes():
    saddle = SURFACES.get("saddle")
    sgd, momentum = run(saddle, DescentSettings(start=(1.8, 0.01), optimizers=("sgd", "momentum"),
                                                lr=0.01, momentum=0.9, steps=150))
    assert sgd.status == COMPLETED
    assert math.hypot(*sgd.end) < 0.25  # still next to the saddle point after 150 steps
    assert abs(sgd.loss[-1]) < 0.05
    assert momentum.status == ESCAPED and momentum.stopped_at < 150
    assert abs(momentum.y[-1]) > 2.0 and momentum.loss[-1] < -4


def test_a_huge_learning_rate_is_reported_as_diverged():
    bowl = SURFACES.get("bowl")
    trajectories = run(bowl, DescentSettings(start=(-2.5, 2.0), optimizers=tuple(DESCENT_METHODS.keys()),
                                             lr=50.0, momentum=0.9, steps=100))
    by_key = {t.optimizer: t for t in trajectories}
    for key in ("sgd", "momentum", "nesterov"):
        assert by_key[key].status == DIVERGED
        assert 1 <= by_key[key].stopped_at <= 3
        assert by_key[key].steps == by_key[key].stopped_at
        assert np.all(np.isfinite(by_key[key].loss))
    xmin, xmax, ymin, ymax = bounding_box(bowl.window)
    end_x, end_y = by_key["sgd"].end
    assert not (xmin <= end_x <= xmax and ymin <= end_y <= ymax)


def test_non_finite_values_stop_the_run_as_diverged():
    surface = get_surface("custom", "sqrt(x) + y**2")
    (trajectory,) = run(surface, DescentSettings(start=(0.5, 1.0), optimizers=("sgd",), lr=1.0, steps=10))
    assert trajectory.status == DIVERGED and trajectory.stopped_at == 1
    assert trajectory.steps == 0  # the non-finite point is not recorded


def test_settings_are_checked():
    bowl = SURFACES.get("bowl")
    for settings, message in [
        (DescentSettings(optimizers=()), "at least one"),
        (DescentSettings(optimizers=("sgd", "sgd")), "twice"),
        (DescentSettings(lr=0.0), "learning rate"),
        (DescentSettings(lr=float("nan")), "learning rate"),
        (DescentSettings(momentum=1.0), "momentum"),
        (DescentSettings(steps=0), "steps"),
        (DescentSettings(start=(float("inf"), 0.0)), "start"),
        (DescentSettings(start=(100.0, 0.0)), "outside"),
    ]:
        with pytest.raises(ValueError, match=message):
            run(bowl, settings)
    with pytest.raises(KeyError, match="choose from"):
        run(bowl, DescentSettings(optimizers=("lbfgs",)))
    with pytest.raises(ValueError, match="not finite at the start"):
        run(get_surface("custom", "log(x)"), DescentSettings(start=(-1.0, 0.0)))


def test_trajectories_table_has_one_row_per_point():
    bowl = SURFACES.get("bowl")
    trajectories = run(bowl, DescentSettings(start=(1.0, 1.0), optimizers=("sgd", "adam"), lr=0.1, steps=5))
    table = trajectories_table(trajectories)
    assert table.header == ["optimizer", "step", "x", "y", "loss"]
    rows = table.rows()
    assert len(rows) == 12
    assert rows[0] == ["sgd", 0, 1.0, 1.0, 5.5]
    assert rows[6][:2] == ["adam", 0] and rows[-1][:2] == ["adam", 5]


@pytest.mark.parametrize("preset", list(PRESETS), ids=PRESETS.keys())
def test_every_preset_runs_every_start(preset):
    surface = SURFACES.get(preset.surface)
    preset.settings.check()
    surface.resolve(preset.params)
    for start in (*preset.earlier_starts, preset.settings.start):
        trajectories = run(surface, replace(preset.settings, start=start), preset.params)
        assert [t.optimizer for t in trajectories] == list(preset.settings.optimizers)
        assert preset.name_en and preset.name_zh


def _preset_run(key: str, start=None):
    preset = PRESETS.get(key)
    settings = preset.settings if start is None else replace(preset.settings, start=start)
    return {t.optimizer: t for t in run(SURFACES.get(preset.surface), settings, preset.params)}


def test_saddle_preset_shows_gd_stalling_and_momentum_escaping():
    result = _preset_run("saddle")
    assert result["sgd"].status == COMPLETED and math.hypot(*result["sgd"].end) < 0.25
    assert result["momentum"].status == ESCAPED


def test_himmelblau_preset_starts_reach_all_four_minima():
    preset = PRESETS.get("himmelblau")
    reached = {nearest_minimum(_preset_run("himmelblau", start)["sgd"].end, HIMMELBLAU_MINIMA, 1e-2)
               for start in (*preset.earlier_starts, preset.settings.start)}
    assert reached == {0, 1, 2, 3}
    # The caption's second half: from (0.5, −0.5) momentum carries over the ridge into another basin.
    crossing = _preset_run("himmelblau", (0.5, -0.5))
    ends = {name: nearest_minimum(run.end, HIMMELBLAU_MINIMA, 1e-2) for name, run in crossing.items()}
    assert None not in ends.values() and ends["sgd"] != ends["momentum"]


def test_diverge_preset_diverges_plain_gd_only():
    result = _preset_run("diverge")
    assert result["sgd"].status == DIVERGED
    assert result["adam"].status == COMPLETED


def test_rosenbrock_and_rastrigin_presets():
    rosenbrock = _preset_run("rosenbrock")
    assert math.hypot(rosenbrock["momentum"].end[0] - 1, rosenbrock["momentum"].end[1] - 1) < 1e-2
    assert rosenbrock["sgd"].loss[-1] > 0.1
    rastrigin = _preset_run("rastrigin")
    assert all(t.status == COMPLETED and t.loss[-1] > 10 for t in rastrigin.values())
    assert rastrigin["momentum"].loss[-1] < rastrigin["sgd"].loss[-1]


def test_zigzag_preset_converges_for_every_optimizer():
    assert all(math.hypot(*t.end) < 0.05 for t in _preset_run("zigzag").values())
