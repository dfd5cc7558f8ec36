"""The trained network's loss landscape: filter normalisation, the centre, PCA, the interpolation,
the JSON round trip of the recorded weights, progress and cancelling."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from actgui.core.network_landscape import (
    INTERPOLATION_POINTS,
    MAX_SNAPSHOTS,
    LandscapeCancelled,
    LandscapeSettings,
    TrainedNetwork,
    WeightTrajectory,
    compute_landscape,
    filter_normalised_direction,
    filter_norms,
    train_with_trajectory,
)
from actgui.core.training.config import TrainingConfig

CONFIG = TrainingConfig(dataset="spiral", samples=300, hidden=(16, 8), steps=120, record_every=10, device="cpu")


@pytest.fixture(scope="module")
def trained():
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    trainer, trajectory = train_with_trajectory(CONFIG)
    yield trainer, trajectory
    torch.set_num_threads(previous)


def test_directions_have_the_filter_norms_of_the_weights():
    model = torch.nn.Sequential(torch.nn.Linear(5, 7), torch.nn.ReLU(), torch.nn.Linear(7, 3))
    weights = [p.detach() for p in model.parameters()]
    direction = filter_normalised_direction(weights, torch.Generator().manual_seed(3))
    for expected, actual in zip(filter_norms(weights), filter_norms(direction), strict=True):
        assert torch.allclose(actual, expected, rtol=1e-5)
    assert [d.shape for d in direction] == [w.shape for w in weights]
    biases = [d for d in direction if d.dim() == 1]
    assert len(biases) == 2 and all(torch.count_nonzero(d) == 0 for d in biases)
    other = filter_normalised_direction(weights, torch.Generator().manual_seed(4))
    assert not torch.allclose(direction[0], other[0])


def test_trajectory_runs_from_step_zero_to_the_end(trained):
    trainer, trajectory = trained
    assert trajectory.steps[0] == 0 and trajectory.steps[-1] == CONFIG.steps == trainer.step
    assert len(trajectory.steps) <= MAX_SNAPSHOTS
    final = torch.nn.utils.parameters_to_vector(trainer.model.parameters()).detach().numpy()
    np.testing.assert_array_equal(trajectory.final, final)
    assert not np.allclose(trajectory.initial, trajectory.final)


def test_the_centre_of_the_plane_is_the_trained_loss(trained):
    trainer, trajectory = trained
    network = TrainedNetwork.from_trainer(trainer, trajectory)
    with torch.no_grad():
        trainer.model.eval()
        expected = float(trainer.head.loss(trainer.model(network.x), network.y))
    landscape = compute_landscape(network, LandscapeSettings(resolution=11))
    assert landscape.loss.shape == (11, 11)
    assert landscape.xs[5] == 0.0 and landscape.ys[5] == 0.0
    assert landscape.loss[5, 5] == pytest.approx(expected, rel=1e-4)
    assert landscape.centre_loss == pytest.approx(expected, rel=1e-4)
    assert landscape.loss.max() > 2 * expected  # a step of one filter norm leaves the minimum
    # the interpolation passes through θ₀ (t = 0) and θ* (t = 1)
    t = landscape.interpolation_t
    assert len(t) == INTERPOLATION_POINTS
    at_end = landscape.interpolation_loss[np.argmin(np.abs(t - 1.0))]
    assert at_end == pytest.approx(expected, rel=1e-4)
    network.load(trajectory.initial)
    start = network.current_loss()
    network.load(trajectory.final)
    assert landscape.interpolation_loss[np.argmin(np.abs(t))] == pytest.approx(start, rel=1e-4)
    assert landscape.path_x[-1] == pytest.approx(0.0, abs=1e-9) and landscape.path_y[-1] == pytest.approx(0.0, abs=1e-9)


def test_pca_plane_contains_most_of_the_trajectory(trained):
    trainer, trajectory = trained
    network = TrainedNetwork.from_trainer(trainer, trajectory)
    landscape = compute_landscape(network, LandscapeSettings(directions="pca", resolution=9))
    assert landscape.explained is not None and landscape.explained[0] > landscape.explained[1] > 0
    assert landscape.explained[0] + landscape.explained[1] <= 1.0 + 1e-9
    assert landscape.xs.min() <= landscape.path_x.min() and landscape.path_x.max() <= landscape.xs.max()
    assert landscape.path_loss[0] > landscape.path_loss[-1]
    assert landscape.path_loss[-1] == pytest.approx(network.current_loss(), rel=1e-4)


def test_progress_counts_up_and_cancel_stops(trained):
    trainer, trajectory = trained
    network = TrainedNetwork.from_trainer(trainer, trajectory)
    seen = []
    compute_landscape(network, LandscapeSettings(resolution=9), progress=lambda done, total: seen.append((done, total)))
    total = 81 + INTERPOLATION_POINTS + len(trajectory.steps)
    assert seen[-1] == (total, total) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    with pytest.raises(LandscapeCancelled):
        compute_landscape(network, LandscapeSettings(resolution=9), cancelled=lambda: True)


def test_weights_round_trip_through_json_and_rebuild_the_network(trained):
    trainer, trajectory = trained
    data = trajectory.to_json()
    back = WeightTrajectory.from_json(data)
    assert back.steps == trajectory.steps and back.names == trajectory.names
    np.testing.assert_array_equal(np.stack(back.snapshots), np.stack(trajectory.snapshots))
    network = TrainedNetwork.from_run(trainer.config.to_dict(), back)
    reference = TrainedNetwork.from_trainer(trainer, trajectory)
    assert network.current_loss() == pytest.approx(reference.current_loss(), rel=1e-6)


def test_malformed_weights_are_refused_with_a_message(trained):
    _, trajectory = trained
    data = trajectory.to_json()
    with pytest.raises(ValueError, match="numbers"):
        WeightTrajectory.from_json({**data, "steps": data["steps"] + [999]})
    with pytest.raises(ValueError, match="incomplete"):
        WeightTrajectory.from_json({k: v for k, v in data.items() if k != "shapes"})
    other = TrainingConfig(dataset="spiral", samples=300, hidden=(4,), steps=10, device="cpu").to_dict()
    with pytest.raises(ValueError, match="do not fit"):
        TrainedNetwork.from_run(other, WeightTrajectory.from_json(data))


def test_bad_settings_are_refused():
    with pytest.raises(ValueError, match="directions"):
        LandscapeSettings(directions="eigen").check()
    with pytest.raises(ValueError, match="resolution"):
        LandscapeSettings(resolution=1).check()


def test_a_large_network_keeps_fewer_snapshots():
    small = WeightTrajectory(["w"], [(10, 10)], [], [], {})
    assert small.stride(steps=2000, record_every=10) == 4  # 201 records → 51 snapshots ≤ MAX_SNAPSHOTS
    large = WeightTrajectory(["w"], [(4096, 4096)], [], [], {})  # 2**24 numbers: the first and the last only
    assert large.stride(steps=2000, record_every=10) == 201
