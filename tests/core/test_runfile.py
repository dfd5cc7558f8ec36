"""Run files: every record back as written, a torn tail left out, foreign, truncated, newer and older
files refused with one message, never a file written over, a failed write leaving a readable file."""

from __future__ import annotations

import errno
import os
import time

import numpy as np
import pytest

from actgui.core.training import runfile
from actgui.core.training.config import TrainingConfig
from actgui.core.training.history import RunHistory
from actgui.core.training.runfile import HEADER, MAGIC, PlannedEntry, RunFileError, RunWriter, pack, read_run, unpack
from actgui.core.training.trainer import Trainer, run_to_end

CONFIG = TrainingConfig(dataset="spiral", samples=200, hidden=(8, 8), steps=60, record_every=10, seed=3)


def train_into(path, config=CONFIG, flush_seconds=0.0):
    trainer = Trainer(config)
    writer = RunWriter(path, [PlannedEntry("relu", "ReLU", "#123456", trainer.config.to_dict())], "activation",
                       flush_seconds=flush_seconds)
    writer.info(0, trainer.info)
    history = RunHistory(trainer.info, None, "ReLU", "#123456")

    def add(record):
        history.add(record)
        writer.record(0, record)

    history.result = run_to_end(trainer.records(), add)
    writer.result(0, history.result)
    writer.close()
    return history, writer


def test_pack_keeps_arrays_numbers_and_nesting():
    data = {"a": np.arange(6, dtype=np.float16).reshape(2, 3), "b": [np.array([1, -2], np.int16), None],
            "c": {"d": float("nan"), "e": "ä"}, "f": np.float32(0.5)}
    back = unpack(pack(data))
    np.testing.assert_array_equal(back["a"], data["a"])
    assert back["a"].dtype == np.float16 and back["b"][0].dtype == np.int16 and back["b"][1] is None
    assert np.isnan(back["c"]["d"]) and back["c"]["e"] == "ä" and back["f"] == 0.5
    with pytest.raises(TypeError):
        pack({"x": np.array(["text"], dtype=object)})


def test_every_record_reads_back_as_it_was_written(tmp_path):
    path = tmp_path / "a.actrun"
    history, writer = train_into(path)
    assert writer.error is None
    document = read_run(path)
    assert document.notes == [] and document.compare_by == "activation" and document.values == ["relu"]
    back = document.histories[0]
    assert back.label == "ReLU" and back.color == "#123456" and back.result == history.result
    assert back.columns == history.columns
    np.testing.assert_array_equal(back.data, history.data)
    np.testing.assert_array_equal(back.grid, history.grid)
    assert [step for step, _ in back.grids.items] == [step for step, _ in history.grids.items]
    assert back.network is not None and back.network.widths == history.network.widths
    assert back.info.layer_names == history.info.layer_names and back.info.config == history.info.config
    np.testing.assert_array_equal(back.info.points_x, history.info.points_x)


def test_a_torn_tail_is_left_out_with_a_note(tmp_path):
    path = tmp_path / "a.actrun"
    history, _ = train_into(path)
    whole = path.read_bytes()
    cut = tmp_path / "cut.actrun"
    cut.write_bytes(whole[:-7])
    document = read_run(cut)
    assert len(document.notes) == 1 and "cut off" in document.notes[0]
    back = document.histories[0]
    assert back.result is None and len(back) == len(history)  # the result frame was the torn one
    damaged = tmp_path / "damaged.actrun"
    middle = len(whole) // 2
    damaged.write_bytes(whole[:middle] + bytes([whole[middle] ^ 0xFF]) + whole[middle + 1:])
    document = read_run(damaged)
    assert "checksum" in document.notes[0] and 0 < len(document.histories[0]) < len(history)


@pytest.mark.parametrize(("content", "message"), [
    (b"", "not an ActGUI run file"),
    (b"step,train_loss\n0,1.0\n", "not an ActGUI run file"),
    (MAGIC[:9], "truncated"),
    (HEADER.pack(MAGIC, runfile.FORMAT_VERSION), "truncated"),
    (HEADER.pack(MAGIC, runfile.FORMAT_VERSION + 1) + b"\0" * 40, "newer ActGUI"),
    (HEADER.pack(MAGIC, 0), "no longer reads"),
])
def test_foreign_truncated_and_other_versions_get_one_message(tmp_path, content, message):
    path = tmp_path / "x.actrun"
    path.write_bytes(content)
    with pytest.raises(RunFileError, match=message) as error:
        read_run(path)
    assert "\n" not in str(error.value)


def test_folders_and_missing_files_are_refused(tmp_path):
    with pytest.raises(RunFileError, match="not a regular file"):
        read_run(tmp_path)
    with pytest.raises(RunFileError, match="cannot open"):
        read_run(tmp_path / "missing.actrun")


def test_an_existing_file_is_never_written_over(tmp_path):
    path = tmp_path / "a.actrun"
    path.write_bytes(b"the user's file")
    with pytest.raises(FileExistsError):
        RunWriter(path, [PlannedEntry("relu", "ReLU", "#000000", CONFIG.to_dict())])
    assert path.read_bytes() == b"the user's file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.actrun"]  # no temporary file left behind


def test_a_full_disk_leaves_the_records_up_to_the_last_flush(tmp_path, monkeypatch):
    path = tmp_path / "a.actrun"
    trainer = Trainer(CONFIG)
    writer = RunWriter(path, [PlannedEntry("relu", "ReLU", "#000000", trainer.config.to_dict())], flush_seconds=0)
    writer.info(0, trainer.info)
    records = trainer.records()
    writer.record(0, next(records))
    writer.record(0, next(records))
    real_write = os.write

    def full(fd, data):
        real_write(fd, data[:len(data) // 2])  # part of it lands, then the disk is full
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(runfile.os, "write", full)
    writer.record(0, next(records))
    monkeypatch.setattr(runfile.os, "write", real_write)
    writer.record(0, next(records))  # dropped: the writer stopped at the failure
    writer.close()
    assert writer.error is not None and "No space" in writer.error
    document = read_run(path)
    assert document.notes == [] and list(document.histories[0].column("step")) == [0, 10]


def test_a_record_is_flushed_within_the_interval_without_further_writes(tmp_path):
    path = tmp_path / "a.actrun"
    trainer = Trainer(CONFIG)
    writer = RunWriter(path, [PlannedEntry("relu", "ReLU", "#000000", trainer.config.to_dict())], flush_seconds=0.05)
    writer.info(0, trainer.info)
    writer.record(0, next(trainer.records()))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not (read_run(path).histories[0] and len(read_run(path).histories[0])):
        time.sleep(0.02)
    assert len(read_run(path).histories[0]) == 1  # durable with no other call: a kill now loses nothing
    writer.close()
    assert not writer._flusher.is_alive()
