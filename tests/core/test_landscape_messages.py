"""The training process records every network's weights and computes the loss landscape of the last
run on request (ComputeLandscape), with progress, cancel and clear refusals (run here in a thread)."""

from __future__ import annotations

import multiprocessing
import threading

import numpy as np
import pytest
import torch

from actgui.core.network_landscape import LandscapeSettings, TrainedNetwork, TrajectoryRecorder, read_run_file
from actgui.core.training.config import TrainingConfig
from actgui.core.training.messages import (
    CancelLandscape,
    ComputeLandscape,
    Finished,
    LandscapeComputed,
    LandscapeFailed,
    LandscapeProgress,
    Quit,
    Ready,
    Records,
    Start,
    merge_records,
)
from actgui.core.training.process import serve
from actgui.core.training.trainer import Trainer

CONFIG = TrainingConfig(dataset="spiral", samples=300, hidden=(16, 16), steps=120, record_every=10, seed=3)


@pytest.fixture
def process():
    """serve() in a thread: (data, control) ends of its pipes, after its Ready."""
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    context = multiprocessing.get_context("spawn")
    data_in, data_out = context.Pipe(duplex=False)
    control_in, control_out = context.Pipe(duplex=False)
    worker = threading.Thread(target=serve, args=(data_out, control_in, 1), daemon=True)
    worker.start()
    assert isinstance(data_in.recv(), Ready)
    yield data_in, control_out
    control_out.send(Quit())
    worker.join(10)
    torch.set_num_threads(previous)
    assert not worker.is_alive()


def until(data, kinds):
    """The messages up to the first of `kinds`, that one last."""
    seen = []
    while not isinstance(message := data.recv(), kinds):
        seen.append(message)
    return [*seen, message]


def test_the_landscape_of_the_last_run_is_centred_on_its_trained_loss(process):
    data, control = process
    control.send(ComputeLandscape(1, 5, LandscapeSettings(resolution=5)))
    assert data.recv() == LandscapeFailed(1, "no network has been trained yet")
    control.send(Start(5, (CONFIG.to_dict(),)))
    until(data, Finished)
    control.send(ComputeLandscape(2, 5, LandscapeSettings(resolution=9)))
    messages = until(data, (LandscapeComputed, LandscapeFailed))
    progress = [m for m in messages if isinstance(m, LandscapeProgress)]
    landscape = messages[-1].landscape
    assert progress and progress[-1].done == progress[-1].total == 81 + 61 + len(landscape.path_steps)
    assert [p.done for p in progress] == sorted(p.done for p in progress)
    # the same run trained here ends at the same weights: the grid's centre is its loss
    trainer = Trainer(CONFIG)
    recorder = TrajectoryRecorder(trainer)
    for _record in trainer.records():
        recorder.observe()
    expected = TrainedNetwork.from_trainer(trainer, recorder.finish()).current_loss()
    assert landscape.loss[4, 4] == pytest.approx(expected, rel=1e-4)
    assert landscape.centre_loss == pytest.approx(expected, rel=1e-4)
    assert landscape.path_steps[0] == 0 and landscape.path_steps[-1] == 120
    assert np.isfinite(landscape.loss).all()
    control.send(ComputeLandscape(3, 4, LandscapeSettings(resolution=9)))
    assert data.recv() == LandscapeFailed(3, "network 0 of run 4 is not held any more")


def test_cancel_stops_the_computation_and_the_process_goes_on(process):
    data, control = process
    control.send(Start(1, (CONFIG.to_dict(),)))
    until(data, Finished)
    control.send(ComputeLandscape(1, 1, LandscapeSettings(resolution=201)))
    control.send(CancelLandscape())
    assert until(data, (LandscapeComputed, LandscapeFailed))[-1] == LandscapeFailed(1, "")
    control.send(Start(2, (CONFIG.to_dict(),)))  # a Start during a computation cancels it and then runs
    control.send(ComputeLandscape(2, 1, LandscapeSettings(resolution=201)))
    messages = until(data, Finished)
    assert isinstance(messages[-1], Finished) and messages[-1].run_id == 2
    control.send(ComputeLandscape(3, 2, LandscapeSettings(resolution=3, directions="pca")))
    assert isinstance(until(data, (LandscapeComputed, LandscapeFailed))[-1], LandscapeComputed)


def test_a_request_while_training_is_refused(process):
    data, control = process
    control.send(Start(1, (CONFIG.to_dict(),), True))
    control.send(ComputeLandscape(1, 1, LandscapeSettings()))
    assert until(data, LandscapeFailed)[-1] == LandscapeFailed(1, "the network is still training")


def test_recorder_keeps_the_first_and_last_weights_and_at_most_the_snapshot_budget():
    trainer = Trainer(CONFIG)
    recorder = TrajectoryRecorder(trainer)
    for _record in trainer.records():
        recorder.observe()
    trajectory = recorder.finish()
    assert trajectory.steps[0] == 0 and trajectory.steps[-1] == 120
    assert trajectory.steps == sorted(set(trajectory.steps))
    assert len(trajectory.steps) <= trajectory.kept + 1
    final = torch.nn.utils.parameters_to_vector(trainer.model.parameters()).detach().numpy()
    np.testing.assert_array_equal(trajectory.final, final)


def test_consecutive_progress_of_one_request_is_merged_to_the_latest():
    merged = merge_records([LandscapeProgress(1, 10, 90), LandscapeProgress(1, 20, 90), Records(1, [], 0),
                            LandscapeProgress(1, 30, 90), LandscapeProgress(2, 5, 9)])
    assert merged == [LandscapeProgress(1, 20, 90), Records(1, [], 0), LandscapeProgress(1, 30, 90),
                      LandscapeProgress(2, 5, 9)]


def test_the_landscape_of_an_opened_run_file_is_centred_on_its_last_weights(process, tmp_path):
    from actgui.cli import main

    run = tmp_path / "opened.actrun"
    assert main(["train", "--dataset", "spiral", "--samples", "300", "--hidden", "8,8", "--steps", "40", "--quiet",
                 "--weights", "--save-run", str(run), "--out", str(tmp_path / "opened.csv")]) == 0
    data, control = process
    control.send(ComputeLandscape(1, 0, LandscapeSettings(resolution=5), 0, str(run)))
    landscape = until(data, (LandscapeComputed, LandscapeFailed))[-1].landscape
    config, trajectory = read_run_file(run)
    expected = TrainedNetwork.from_run(config, trajectory).current_loss()
    assert landscape.loss[2, 2] == pytest.approx(expected, rel=1e-4) and landscape.path_steps[-1] == 40
    control.send(ComputeLandscape(2, 0, LandscapeSettings(resolution=5), 0, str(tmp_path / "opened.csv")))
    failed = data.recv()
    assert isinstance(failed, LandscapeFailed) and failed.request_id == 2 and failed.message
