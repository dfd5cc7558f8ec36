"""The training process's heartbeat: a process busy in a step that never ends (a deadlock inside the
activation) is silent past its allowance; one that waits for a command, or is slow but stepping, is not."""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
import time
from dataclasses import replace

import torch

from actgui.core.activations import ACTIVATIONS
from actgui.core.training.config import TrainingConfig
from actgui.core.training.heartbeat import FIRST_BEAT_S, MIN_SILENCE_S, SLOW_FACTOR, Heartbeat
from actgui.core.training.messages import Pause, Paused, Quit, Ready, Records, Start, Started
from actgui.core.training.process import serve


def drain(connection, received: list[object]) -> None:
    with contextlib.suppress(EOFError, OSError):
        while True:
            received.append(connection.recv())


def test_a_busy_heartbeat_is_silent_only_past_its_allowance():
    heartbeat = Heartbeat()
    assert heartbeat.silence() == 0.0 and not heartbeat.silent(time.monotonic() + 1000)  # never beaten
    heartbeat.beat()
    last = time.monotonic()
    assert heartbeat.allowance() == FIRST_BEAT_S  # no gap between two beats known yet
    assert not heartbeat.silent(last + FIRST_BEAT_S - 1) and heartbeat.silent(last + FIRST_BEAT_S + 1)
    heartbeat.beat()
    assert heartbeat.allowance() == MIN_SILENCE_S  # the gap was far under a second
    heartbeat.idle()
    assert heartbeat.silence(time.monotonic() + 1000) == 0.0 and not heartbeat.silent(time.monotonic() + 1000)


def test_a_slow_step_widens_the_allowance():
    heartbeat = Heartbeat()
    heartbeat.beat()
    shared = heartbeat._shared
    shared[0] -= 3.0  # the next beat comes three seconds after this one: one slow step
    heartbeat.beat()
    assert 3.0 <= heartbeat.allowance() < 3.1 * SLOW_FACTOR
    assert not heartbeat.silent(time.monotonic() + 3.0 * SLOW_FACTOR - 1)


def test_a_deadlocked_step_is_silent_and_a_paused_run_is_not(monkeypatch):
    lock, blocked, calls = threading.Lock(), threading.Event(), [0]
    lock.acquire()

    def deadlocking_relu(x, params):
        calls[0] += 1
        if calls[0] == 400:  # some steps in: the step never ends
            blocked.set()
            with lock:
                pass
        return torch.relu(x)

    monkeypatch.setitem(ACTIVATIONS._entries, "deadlocking",
                        replace(ACTIVATIONS.get("relu"), key="deadlocking", fn=deadlocking_relu, module=None))
    heartbeat = Heartbeat()
    context = multiprocessing.get_context("spawn")
    data_in, data_out = context.Pipe(duplex=False)
    control_in, control_out = context.Pipe(duplex=False)
    worker = threading.Thread(target=serve, args=(data_out, control_in, 1, heartbeat), daemon=True)
    worker.start()
    try:
        assert isinstance(data_in.recv(), Ready)
        assert heartbeat.silence() == 0.0  # waiting for a command
        paused = TrainingConfig(samples=200, hidden=(8,), steps=0, record_every=5)
        control_out.send(Start(1, (paused.to_dict(),), True))
        while not isinstance(data_in.recv(), Records):
            pass
        while heartbeat.silence():  # it flushed its first record and is about to wait
            time.sleep(0.01)
        assert heartbeat.silence(time.monotonic() + 1000) == 0.0  # paused: waiting is no silence
        control_out.send(Pause())
        assert isinstance(data_in.recv(), Paused)
        control_out.send(Quit())
        worker.join(20)

        data_in, data_out = context.Pipe(duplex=False)
        control_in, control_out = context.Pipe(duplex=False)
        worker = threading.Thread(target=serve, args=(data_out, control_in, 1, heartbeat), daemon=True)
        worker.start()
        assert isinstance(data_in.recv(), Ready)
        config = TrainingConfig(samples=200, hidden=(8,), steps=0, record_every=5, activation="deadlocking")
        control_out.send(Start(2, (config.to_dict(),), False))
        assert isinstance(data_in.recv(), Started)
        received: list[object] = []
        reader = threading.Thread(target=drain, args=(data_in, received), daemon=True)
        reader.start()  # as the relay does: a full pipe would block the process elsewhere
        assert blocked.wait(60)
        stuck_since = time.monotonic()
        assert heartbeat.allowance() == MIN_SILENCE_S  # its steps took milliseconds
        assert heartbeat.silence(stuck_since) < 1.0  # it beat just before the step that hangs
        assert not heartbeat.silent(stuck_since + MIN_SILENCE_S - 1.5)
        assert heartbeat.silent(stuck_since + MIN_SILENCE_S + 0.5)
        assert calls[0] == 400  # it trained some steps, then hung in one
    finally:
        lock.release()
        control_out.send(Quit())
        worker.join(20)
    assert not worker.is_alive()
