"""The training process passes the reason for a failed run, whatever the exception, and a fatal
error's message before it ends; it keeps serving after a run that could not start."""

from __future__ import annotations

import multiprocessing
import threading

import numpy as np
import torch

from actgui.core.idx import write_idx
from actgui.core.image_datasets import IDX_FOLDER
from actgui.core.training.config import TrainingConfig
from actgui.core.training.messages import Failed, Finished, Quit, Ready, Records, Start, Started
from actgui.core.training.process import failure_reason, serve


def test_failure_reasons_are_one_line():
    assert failure_reason(ZeroDivisionError("integer division or modulo by zero")) == (
        "integer division or modulo by zero")
    assert failure_reason(MemoryError()) == "out of memory"
    assert failure_reason(KeyError()) == "KeyError"
    assert failure_reason(RuntimeError("first line\nsecond line")) == "first line"


def test_a_hostile_idx_folder_fails_the_run_with_its_reason(tmp_path):
    write_idx(tmp_path / "train-images-idx3-ubyte", np.zeros((1, 8, 8), np.uint8))
    write_idx(tmp_path / "train-labels-idx1-ubyte", np.zeros(1, np.uint8))
    context = multiprocessing.get_context("spawn")
    data_in, data_out = context.Pipe(duplex=False)
    control_in, control_out = context.Pipe(duplex=False)
    worker = threading.Thread(target=serve, args=(data_out, control_in, torch.get_num_threads()), daemon=True)
    worker.start()
    try:
        assert isinstance(data_in.recv(), Ready)
        config = TrainingConfig(dataset=IDX_FOLDER, data_dir=str(tmp_path), model="mlp", steps=10)
        control_out.send(Start(3, (config.to_dict(),), False))
        message = data_in.recv()
        assert isinstance(message, Failed) and message.run_id == 3
        assert "holds 1 image(s); training needs at least 2 and validation 1 besides" in message.message
        small = TrainingConfig(samples=200, hidden=(8,), steps=5, record_every=5)
        control_out.send(Start(4, (small.to_dict(),), False))
        assert isinstance(data_in.recv(), Started)  # still serving
        while not isinstance(message := data_in.recv(), Finished):  # read, or its records fill the pipe
            assert isinstance(message, Records) and message.run_id == 4
        assert message.run_id == 4 and message.result.step == 5
    finally:
        control_out.send(Quit())
        worker.join(20)
    assert not worker.is_alive()
