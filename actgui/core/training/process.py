"""The training process's entry point: trains one network or several in lockstep
(actgui.core.training.lockstep) and streams the records over a pipe.

The GUI starts `serve` in a child process (multiprocessing "spawn") before the user presses Start,
so importing torch (and warming it up with a tiny run) is paid ahead of time, and the training loop
never competes with the GUI for the GIL. The messages are the classes of actgui.core.training.messages.

Every network's weights are recorded while it trains (actgui.core.network_landscape); once a run
has ended, ComputeLandscape computes the loss landscape of one of its networks here, off the GUI,
with progress messages, and a CancelLandscape (or any other command) stops it.

The child exits on Quit or when the parent's end of either pipe closes; `main` skips the
interpreter's slow teardown (about a second with torch loaded) so the process ends at once.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
import traceback
from dataclasses import replace
from multiprocessing.connection import Connection

import numpy as np

from actgui.core.lazy import lazy_module
from actgui.core.network_landscape import (
    LandscapeCancelled,
    TrainedNetwork,
    TrajectoryRecorder,
    WeightTrajectory,
    compute_landscape,
    read_run_file,
)
from actgui.core.training.config import TrainingConfig
from actgui.core.training.heartbeat import Heartbeat
from actgui.core.training.lockstep import Event, Lockstep, build_trainers
from actgui.core.training.messages import (
    FULL_SPEED,
    Adjust,
    Adjusted,
    CancelLandscape,
    Command,
    ComputeLandscape,
    Ended,
    Failed,
    Finished,
    LandscapeComputed,
    LandscapeFailed,
    LandscapeProgress,
    Pause,
    Paused,
    Quit,
    Ready,
    Records,
    Resume,
    Speed,
    Start,
    Started,
    Step,
    Stop,
)
from actgui.core.training.records import Record, RunResult
from actgui.core.training.trainer import Trainer

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
    """One run inside the process, one network or several in lockstep, driven by control messages."""

    def __init__(self, run_id: int, trainers: list[Trainer], data: Connection, control: Connection, paused: bool,
                 speed: float, heartbeat: Heartbeat) -> None:
        self.run_id, self.data, self.control, self.heartbeat = run_id, data, control, heartbeat
        # the heartbeat beats before every optimiser step, so a step that never ends is seen
        self.lockstep = Lockstep(trainers, detail_seconds=DETAIL_SECONDS, watch=True, stop=heartbeat.beat)
        self.recorders = [TrajectoryRecorder(trainer) for trainer in trainers]
        self.paused, self.speed = paused, speed
        self.pending: dict[int, list[Record]] = {}
        self.last_flush = time.monotonic()
        self.next_step = time.monotonic()

    def flush(self) -> None:
        for index, records in self.pending.items():
            self.data.send(Records(self.run_id, records, index))
        self.pending = {}
        self.last_flush = time.monotonic()

    def report(self, events: list[Event]) -> None:
        for index, event in events:
            if isinstance(event, RunResult):
                if len(self.lockstep.trainers) > 1:
                    self.flush()
                    self.data.send(Ended(self.run_id, index, event))
            else:
                self.recorders[index].observe()
                self.pending.setdefault(index, []).append(event)

    def trajectories(self) -> list[WeightTrajectory]:
        """Every network's recorded weights, the final ones included."""
        return [recorder.finish() for recorder in self.recorders]

    def _wait(self) -> float | None:
        """How long the loop may wait for a command: forever when paused, until the next step when
        slowed down, not at all at full speed."""
        if self.paused:
            return None
        if self.speed > FULL_SPEED:
            return max(0.0, self.next_step - time.monotonic())
        return 0.0

    def command(self, command: Command) -> RunResult | None:
        """Carries out a command; a result when it ends the run."""
        if isinstance(command, Quit):
            raise _Quit
        if isinstance(command, Stop):
            self.lockstep.stop()
            return self.result(stopped=True)
        if isinstance(command, Pause | Resume):
            self.paused = isinstance(command, Pause)
            self.next_step = time.monotonic()
            self.flush()
            self.data.send(Paused(self.run_id, self.paused))
        elif isinstance(command, Step) and self.paused:
            self.report(self.lockstep.advance(1))
            self.flush()
        elif isinstance(command, Speed):
            self.speed = max(FULL_SPEED, float(command.steps_per_second))
            self.next_step = time.monotonic()
        elif isinstance(command, ComputeLandscape):
            self.data.send(LandscapeFailed(command.request_id, "the network is still training"))
        elif isinstance(command, Adjust):
            self.flush()
            step = self.lockstep.step
            try:
                applied = self.lockstep.adjust(command.changes)
            except ValueError as error:
                self.data.send(Adjusted(self.run_id, step, {}, str(error)))
            else:
                self.data.send(Adjusted(self.run_id, step, applied))
        return None

    def result(self, stopped: bool = False) -> RunResult:
        results = [r for r in self.lockstep.results if r is not None]
        if len(results) == 1:
            return results[0]
        step = max(r.step for r in results)
        if stopped:
            return RunResult("stopped", step, f"stopped at step {step}")
        return RunResult("finished", step, f"{len(results)} runs ended")

    def execute(self) -> RunResult:
        lockstep, heartbeat = self.lockstep, self.heartbeat
        try:
            heartbeat.beat()
            self.report(lockstep.start())
            while not lockstep.done:
                heartbeat.beat()
                if self.paused:
                    self.flush()
                wait = self._wait()
                if wait is None or wait > 0:
                    heartbeat.idle()  # waiting for a command (paused, slowed down) is no silence
                if wait is None or self.control.poll(wait):
                    command = self.control.recv()
                    heartbeat.beat()
                    result = self.command(command)
                    if result is not None:
                        return result
                    continue
                slow = self.speed > FULL_SPEED
                self.report(lockstep.advance(1 if slow else None))
                if slow:
                    self.next_step = max(self.next_step + 1.0 / self.speed, time.monotonic() - 1.0)
                if slow or time.monotonic() - self.last_flush >= 1.0 / BATCH_HZ:
                    self.flush()
            return self.result()
        finally:
            lockstep.stop()
            self.flush()


def _warm_up() -> None:
    """Pays before Ready what the first Start would: two steps of the default experiment build its
    data, model and torch.optim optimiser (which imports torch._dynamo, seconds on a small machine),
    and run forward, backward and the record's details once."""
    for _record in Trainer(TrainingConfig(steps=2)).records(steps=2):
        pass


class _LastRun:
    """The networks of the run that ended last and their recorded weights, for ComputeLandscape."""

    def __init__(self, run_id: int, trainers: list[Trainer], trajectories: list[WeightTrajectory]) -> None:
        self.run_id, self.trainers, self.trajectories = run_id, trainers, trajectories

    def landscape(self, request: ComputeLandscape, data: Connection, control: Connection,
                  deferred: list[Command], heartbeat: Heartbeat) -> None:
        """Computes the landscape `request` asks for and reports it (see `_send_landscape`)."""
        request_id = request.request_id
        if request.run_id != self.run_id or not 0 <= request.index < len(self.trainers):
            data.send(LandscapeFailed(request_id, f"network {request.index} of run {request.run_id} is not held "
                                                  "any more"))
            return
        trajectory = self.trajectories[request.index]
        if not np.isfinite(trajectory.final).all():
            data.send(LandscapeFailed(request_id, "the network's weights are not finite (the run diverged)"))
            return
        _send_landscape(TrainedNetwork.from_trainer(self.trainers[request.index], trajectory), request, data,
                        control, deferred, heartbeat)


def _landscape_from_file(request: ComputeLandscape, data: Connection, control: Connection,
                         deferred: list[Command], heartbeat: Heartbeat) -> None:
    """The landscape of run `request.index` of the run file `request.run_file`, from its last weights."""
    try:
        config, trajectory = read_run_file(request.run_file, request.index)
        if not np.isfinite(trajectory.final).all():
            raise ValueError("the network's weights are not finite (the run diverged)")
        network = TrainedNetwork.from_run(config, trajectory)
    except (ValueError, OSError, RuntimeError) as error:
        data.send(LandscapeFailed(request.request_id, str(error)))
        return
    _send_landscape(network, request, data, control, deferred, heartbeat)


def _send_landscape(network: TrainedNetwork, request: ComputeLandscape, data: Connection, control: Connection,
                    deferred: list[Command], heartbeat: Heartbeat) -> None:
    """Computes `network`'s landscape as `request` asks and reports it. A command arriving meanwhile
    cancels it; one other than CancelLandscape is kept in `deferred` for the main loop."""
    request_id = request.request_id

    def cancelled() -> bool:
        heartbeat.beat()  # asked between two evaluations
        if deferred:
            return True
        if control.poll():
            command = control.recv()
            if not isinstance(command, CancelLandscape):
                deferred.append(command)
            return True
        return False

    if network.x.device.type != "cpu":  # the plane's weight vectors are built on the CPU
        network = replace(network, model=network.model.cpu(), x=network.x.cpu(), y=network.y.cpu())
    try:
        landscape = compute_landscape(network, request.settings,
                                      lambda done, total: data.send(LandscapeProgress(request_id, done, total)),
                                      cancelled)
    except LandscapeCancelled:
        data.send(LandscapeFailed(request_id, ""))
    except (ValueError, RuntimeError) as error:
        data.send(LandscapeFailed(request_id, str(error)))
    else:
        data.send(LandscapeComputed(request_id, landscape))


def serve(data: Connection, control: Connection, threads: int | None = None,
          heartbeat: Heartbeat | None = None) -> None:
    """The child process's main loop: warms up, waits for a start, trains, reports, computes the last
    run's landscapes on request, until told to quit. `heartbeat`: beaten while training or computing
    a landscape, idle while waiting for a command (actgui.core.training.heartbeat)."""
    heartbeat = heartbeat or Heartbeat()
    torch.set_num_threads(threads or default_threads())
    last: _LastRun | None = None
    deferred: list[Command] = []
    try:
        _warm_up()
        data.send(Ready(os.getpid(), torch.get_num_threads()))
        while True:
            heartbeat.idle()
            message = deferred.pop(0) if deferred else control.recv()
            if isinstance(message, Quit):
                return
            if isinstance(message, ComputeLandscape):
                if message.run_file:
                    _landscape_from_file(message, data, control, deferred, heartbeat)
                elif last is None:
                    data.send(LandscapeFailed(message.request_id, "no network has been trained yet"))
                else:
                    last.landscape(message, data, control, deferred, heartbeat)
                continue
            if not isinstance(message, Start):
                continue  # pause/resume/step/stop/adjust/cancel with no run: nothing to do
            run_id = message.run_id
            _current_run[0] = run_id
            try:
                trainers = build_trainers([TrainingConfig.from_dict(config) for config in message.configs])
                for trainer, weights in zip(trainers, message.weights, strict=False):
                    if weights is not None:
                        trainer.load_weights(*weights)
            except Exception as error:  # noqa: BLE001 (any reason a run cannot start is the user's message)
                data.send(Failed(run_id, failure_reason(error)))
                continue
            last = None
            for index, trainer in enumerate(trainers):
                data.send(Started(run_id, trainer.info, index))
            run = _Run(run_id, trainers, data, control, message.paused, message.speed, heartbeat)
            try:
                result = run.execute()
            except _Quit:
                return
            except Exception as error:  # noqa: BLE001 (e.g. a torch error on an exotic device, out of memory)
                data.send(Failed(run_id, failure_reason(error)))
                continue
            last = _LastRun(run_id, trainers, run.trajectories())
            data.send(Finished(run_id, result))
    except (EOFError, BrokenPipeError, ConnectionResetError, KeyboardInterrupt):
        return  # the parent went away


#: The run the process is on (-1 before the first), named in the message of a fatal error.
_current_run = [-1]


def failure_reason(error: BaseException) -> str:
    """The user's one-line reason for `error`: its message, or its kind when it has none."""
    if isinstance(error, MemoryError):
        return "out of memory"
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return text[:300] if text else type(error).__name__


def main(data: Connection, control: Connection, threads: int | None = None,
         heartbeat: Heartbeat | None = None) -> None:
    """The process target: `serve`, then exit immediately (nothing is left to clean up). A fatal
    error is passed to the parent (its message, for the status line) before the process ends."""
    status = 0
    try:
        serve(data, control, threads, heartbeat)
    except BaseException as error:  # report it on stderr and to the parent, then still skip the teardown
        traceback.print_exc()
        status = 1
        with contextlib.suppress(Exception):  # the parent may be gone
            data.send(Failed(_current_run[0], failure_reason(error)))
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
