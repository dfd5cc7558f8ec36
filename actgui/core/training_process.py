"""The training process's entry point: runs `Trainer.records()` and streams the records over a pipe.

The GUI starts `serve` in a child process (multiprocessing "spawn") before the user presses Start,
so importing torch is paid ahead of time, and the training loop never competes with the GUI for
the GIL. The messages are the classes of actgui.core.training_messages.

The child exits on Quit or when the parent's end of either pipe closes; `main` skips the
interpreter's slow teardown (about a second with torch loaded) so the process ends at once.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from multiprocessing.connection import Connection

from actgui.core.lazy import lazy_module
from actgui.core.training import Record, RunResult, Trainer, TrainingConfig
from actgui.core.training_messages import (
    Failed,
    Finished,
    Pause,
    Paused,
    Quit,
    Ready,
    Records,
    Resume,
    Start,
    Started,
    Step,
    Stop,
)

torch = lazy_module("torch")


#: Record batches sent per second at most; the GUI redraws at 30 Hz.
BATCH_HZ = 60.0
#: Histograms and decision-boundary grids are computed this often (seconds).
DETAIL_SECONDS = 0.3


def default_threads(cores: int | None = None) -> int:
    """Torch threads for the training process: one on small machines (the other cores stay free for
    the GUI, and small MLPs do not gain from more), a quarter of the cores (at most 4) on big ones."""
    cores = cores or os.cpu_count() or 1
    return max(1, min(4, cores // 4))


class _Quit(Exception):
    """The parent asked the process to exit."""


class _Run:
    """One training run inside the process, driven by control messages."""

    def __init__(self, run_id: int, trainer: Trainer, data: Connection, control: Connection, paused: bool) -> None:
        self.run_id, self.trainer, self.data, self.control = run_id, trainer, data, control
        self.paused = paused
        self.pending: list[Record] = []
        self.last_flush = time.monotonic()

    def flush(self) -> None:
        if self.pending:
            self.data.send(Records(self.run_id, self.pending))
            self.pending = []
        self.last_flush = time.monotonic()

    def execute(self) -> RunResult:
        records = self.trainer.records(detail_seconds=DETAIL_SECONDS)
        try:
            self.pending.append(next(records))
            while True:
                if self.paused:
                    self.flush()
                    command = self.control.recv()
                elif self.control.poll():
                    command = self.control.recv()
                else:
                    command = None
                if command is not None:
                    if isinstance(command, Quit):
                        raise _Quit
                    if isinstance(command, Stop):
                        step = self.trainer.step
                        return RunResult("stopped", step, f"stopped at step {step}")
                    if isinstance(command, Pause | Resume):
                        self.paused = isinstance(command, Pause)
                        self.flush()
                        self.data.send(Paused(self.run_id, self.paused))
                    elif isinstance(command, Step) and self.paused:
                        self.pending.append(records.send(1))
                        self.flush()
                    continue
                self.pending.append(next(records))
                if time.monotonic() - self.last_flush >= 1.0 / BATCH_HZ:
                    self.flush()
        except StopIteration as end:
            return end.value
        finally:
            records.close()
            self.flush()


def _warm_up() -> None:
    """Pays before Ready what the first Start would: two steps of the default experiment build its
    data, model and torch.optim optimiser (which imports torch._dynamo, seconds on a small machine),
    and run forward, backward and the record's details once."""
    for _record in Trainer(TrainingConfig(steps=2)).records(steps=2):
        pass


def serve(data: Connection, control: Connection, threads: int | None = None) -> None:
    """The child process's main loop: waits for a start, trains, reports, until told to quit."""
    torch.set_num_threads(threads or default_threads())
    try:
        _warm_up()
        data.send(Ready(os.getpid(), torch.get_num_threads()))
        while True:
            message = control.recv()
            if isinstance(message, Quit):
                return
            if not isinstance(message, Start):
                continue  # pause/resume/step/stop with no run: nothing to do
            run_id = message.run_id
            try:
                trainer = Trainer(TrainingConfig.from_dict(message.config))
            except (ValueError, KeyError, RuntimeError) as error:
                data.send(Failed(run_id, str(error)))
                continue
            data.send(Started(run_id, trainer.info))
            try:
                result = _Run(run_id, trainer, data, control, message.paused).execute()
            except _Quit:
                return
            except (RuntimeError, ValueError) as error:  # e.g. a torch error on an exotic device
                data.send(Failed(run_id, str(error)))
                continue
            data.send(Finished(run_id, result))
    except (EOFError, BrokenPipeError, ConnectionResetError, KeyboardInterrupt):
        return  # the parent went away


def main(data: Connection, control: Connection, threads: int | None = None) -> None:
    """The process target: `serve`, then exit immediately (nothing is left to clean up)."""
    status = 0
    try:
        serve(data, control, threads)
    except BaseException:  # report it on stderr, then still skip the teardown
        traceback.print_exc()
        status = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
