"""An opened run file on a timeline without widgets (RunReplay): positions, scrubbing, playback at a
speed, the visible records; the window's runs written as they train (RunRecording) and saved under a
new name; a network continued from a run file's last weights."""

from __future__ import annotations

import numpy as np
import pytest

from actgui.cli import main
from actgui.core.training.config import TrainingConfig
from actgui.core.training.experiment import single_run
from actgui.core.training.runfile import RunFileError, read_run
from actgui.core.training.trainer import Trainer, run_to_end
from actgui.state.run_recording import RunRecording
from actgui.state.run_replay import REPLAY_SPEEDS, RunReplay

FAST = ["--dataset", "spiral", "--samples", "300", "--hidden", "8,8", "--steps", "60", "--record-every", "10",
        "--quiet"]


@pytest.fixture(scope="module")
def comparison(tmp_path_factory):
    folder = tmp_path_factory.mktemp("runs")
    assert main(["train", *FAST, "--compare", "relu,tanh", "--weights", "--save-run", str(folder / "c.actrun"),
                 "--out", str(folder / "c.csv")]) == 0
    return folder / "c.actrun"


def test_a_replay_opens_at_the_end_and_scrubs_to_any_recorded_step(comparison):
    replay = RunReplay.open(comparison)
    changes = []
    replay.subscribe(changes.append)
    assert replay.timeline.steps == [0, 10, 20, 30, 40, 50, 60]
    assert (replay.position, replay.step, replay.last_step) == (6, 60, 60) and not replay.playing
    assert [len(run) for run in replay.histories()] == [7, 7]
    assert all(run.result.status == "finished" for run in replay.histories())
    replay.seek(2)
    assert replay.step == 20 and [len(run) for run in replay.histories()] == [3, 3]
    assert all(run.result is None for run in replay.histories()) and changes == ["position"]
    assert [run.column("step").tolist() for run in replay.histories()] == [[0, 10, 20]] * 2
    replay.seek_step(47)  # the latest recorded step at or before it
    assert replay.step == 40
    replay.seek(99)
    assert replay.position == 6
    assert [run.value for run in replay.plan()] == ["relu", "tanh"] and replay.compare_by == "activation"
    assert [run.config.activation for run in replay.plan()] == ["relu", "tanh"]


def test_playback_moves_speed_positions_a_tick_and_pauses_at_the_end(comparison):
    replay = RunReplay.open(comparison)
    replay.play()  # at the end: from the start
    assert replay.playing and replay.position == 0
    replay.set_speed(REPLAY_SPEEDS[1])
    positions = []
    while replay.playing:
        replay.tick()
        positions.append(replay.position)
    assert positions == [2, 4, 6]
    replay.tick()  # paused: nothing moves
    assert replay.position == 6
    replay.seek(1)
    replay.toggle_play()
    replay.tick()
    replay.toggle_play()
    assert replay.position == 3 and not replay.playing
    with pytest.raises(ValueError):
        replay.set_speed(3)


def test_the_replay_gives_the_last_weights_of_a_file_that_holds_them(comparison, tmp_path):
    weights = RunReplay.open(comparison).weights()
    assert weights is not None and weights.steps[-1] == 60
    assert sum(int(np.prod(shape)) for shape in weights.shapes) == len(weights.snapshots[-1])
    plain = tmp_path / "plain.actrun"
    assert main(["train", *FAST, "--save-run", str(plain), "--out", str(tmp_path / "plain.csv")]) == 0
    assert RunReplay.open(plain).weights() is None


def test_a_network_continues_from_the_recorded_weights(comparison):
    replay = RunReplay.open(comparison)
    weights = replay.weights()
    trainer = Trainer(replay.plan()[0].config)
    trainer.load_weights(weights.names, weights.shapes, weights.snapshots[-1], weights.buffers)
    continued = next(trainer.records())
    finished = replay.timeline.document.histories[0].latest
    assert continued.val_loss == pytest.approx(finished.val_loss, rel=1e-5)  # the same network, measured again
    with pytest.raises(ValueError, match="do not fit"):
        Trainer(TrainingConfig(dataset="spiral", samples=300, hidden=(4,))).load_weights(
            weights.names, weights.shapes, weights.snapshots[-1])


def test_a_truncated_or_foreign_file_is_refused_with_one_message(comparison, tmp_path):
    truncated = tmp_path / "cut.actrun"
    truncated.write_bytes(comparison.read_bytes()[:10])
    foreign = tmp_path / "other.actrun"
    foreign.write_bytes(b"PK\x03\x04 a zip file")
    with pytest.raises(RunFileError, match="truncated run file"):
        RunReplay.open(truncated)
    with pytest.raises(RunFileError, match="not an ActGUI run file"):
        RunReplay.open(foreign)


def test_a_recorded_run_reads_back_and_is_saved_under_a_new_name(tmp_path):
    config = TrainingConfig(dataset="spiral", samples=300, hidden=(8,), steps=30, record_every=10)
    plan = [single_run(config, str)]
    recording = RunRecording(tmp_path / "runs", flush_seconds=0)
    recording.start(plan)
    trainer = Trainer(config)
    recording.info(0, trainer.info)
    result = run_to_end(trainer.records(), lambda record: recording.records(0, [record]))
    saved = recording.save_as(tmp_path / "so-far.actrun")  # while it is still open
    recording.result(0, result)
    recording.finish()
    assert recording.path.parent == tmp_path / "runs" and recording.error is None
    assert [r.step for r in read_run(saved, keep_records=True).records[0]] == [0, 10, 20, 30]
    document = read_run(recording.path)
    assert document.histories[0].result.status == "finished" and document.plan[0].config == plan[0].config.to_dict()
    replay = RunReplay.open(recording.path)
    replay.seek(1)
    assert [len(run) for run in replay.histories()] == [2]
    before = saved.read_bytes()
    with pytest.raises(FileExistsError):
        recording.save_as(saved)
    assert saved.read_bytes() == before  # nothing written over
    recording.start(plan)  # the next run: a new file
    assert recording.path != document.path
    recording.finish()
