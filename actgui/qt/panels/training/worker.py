"""The GUI side of live training: a child process trains, a relay thread forwards its records.

The training loop runs in a process started with multiprocessing's "spawn" context by `launch()`,
which the panel calls as soon as it is first shown (importing torch there takes seconds, paid before
Start is pressed; `start()` launches it too if needed), so it never competes with the GUI for the
GIL. `RelayThread` reads the process's record batches from a pipe and hands them to the GUI thread
at most `RELAY_HZ` times a second, coalescing everything that arrived in between; it sends the next
batch only after the GUI has taken the previous one. Commands go to the process over a second pipe.
`shutdown()` ends the process (quit, then terminate, then kill) and the thread within about a second.
A process that does not answer a stop within `STOP_TIMEOUT_S` (frozen, e.g. stopped by a signal)
is killed and started afresh, and the run ends with a message. The process's heartbeat
(actgui.core.training.heartbeat) is watched: a process that is busy yet silent past its allowance
(deadlocked, in an endless step) is reported by `stalled` (seconds silent; 0 once it answers again),
and `kill_and_restart()` replaces it. Once a run has ended,
`compute_landscape()` asks the process for the loss landscape of one of its networks (progress,
result or failure come back as signals; `cancel_landscape()` stops it).
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Mapping, Sequence
from multiprocessing.connection import Connection

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal

from actgui.core.network_landscape import LandscapeSettings
from actgui.core.training.config import TrainingConfig
from actgui.core.training.heartbeat import Heartbeat
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
    ProcessGone,
    Quit,
    Ready,
    Records,
    Report,
    Resume,
    Speed,
    Start,
    Started,
    Step,
    Stop,
    merge_records,
)
from actgui.core.training.process import main as process_main
from actgui.state.training_session import RunSession

#: Batches handed to the GUI thread per second at most.
RELAY_HZ = 30.0
#: Messages read in one go before the relay checks whether a batch is due.
DRAIN_LIMIT = 256
#: Seconds the process has to answer a stop before it is killed and restarted.
STOP_TIMEOUT_S = 2.0
#: How often the process's health is checked (a suspended process is reported after two checks).
HEALTH_INTERVAL_S = 1.0


def process_suspended(pid: int | None) -> bool:
    """Whether process `pid` is stopped (SIGSTOP, a debugger); False where the system does not say."""
    if pid is None:
        return False
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] in (b"T", b"t")
    except (OSError, IndexError):
        return False


class RelayThread(QThread):
    """Reads the process's messages and emits them in coalesced lists, throttled to `hz`."""

    messages = Signal(object)

    def __init__(self, connection: Connection, hz: float = RELAY_HZ, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("training.relay")
        self._connection = connection
        self._interval = 1.0 / hz
        self._stopping = threading.Event()
        self._delivered = threading.Event()
        self._delivered.set()

    def set_interval(self, seconds: float) -> None:
        """The least time between two batches (the GUI's refresh period)."""
        self._interval = float(seconds)

    def acknowledge(self) -> None:
        """The GUI took the last batch: the next one may be sent."""
        self._delivered.set()

    def stop(self) -> None:
        self._stopping.set()

    def run(self) -> None:
        pending: list[Report] = []
        due = 0.0
        connection = self._connection
        while not self._stopping.is_set():
            wait = 0.05 if not pending else min(0.05, max(0.0, due - time.monotonic()))
            try:
                if connection.poll(wait):
                    for _ in range(DRAIN_LIMIT):
                        pending.append(connection.recv())
                        if not connection.poll():
                            break
            except (EOFError, OSError):
                pending.append(ProcessGone(self))  # which relay: a replaced process's end is no news
                break
            now = time.monotonic()
            if pending and now >= due and self._delivered.is_set():
                self._delivered.clear()
                self.messages.emit(pending)
                pending = []
                due = now + self._interval
        if pending:
            self.messages.emit(pending)


class TrainingWorker(QObject):
    """Owns the training process and its relay thread; the panel talks to it through signals."""

    ready = Signal(int)  # torch threads in the process
    runStarted = Signal(int, object, int)  # run id, RunInfo, network index
    recordsArrived = Signal(int, object, int)  # run id, list[Record], network index
    runAdjusted = Signal(int, int, object, str)  # run id, step, changes applied, why refused ("" if not)
    pausedChanged = Signal(int, bool)  # run id, paused
    networkEnded = Signal(int, int, object)  # run id, network index, RunResult (one of several)
    runFinished = Signal(int, object)  # run id, RunResult
    runFailed = Signal(int, str)  # run id, message
    landscapeProgress = Signal(int, int, int)  # request id, evaluations done, in all
    landscapeComputed = Signal(int, object)  # request id, NetworkLandscape
    landscapeFailed = Signal(int, str)  # request id, why ("" when cancelled)
    stalled = Signal(float)  # seconds the busy process has not answered; 0.0 once it answers again

    def __init__(self, parent: QObject | None = None, threads: int | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("training.worker")
        self._threads = threads
        self._interval = 1.0 / RELAY_HZ
        self._process: multiprocessing.process.BaseProcess | None = None
        self._control: Connection | None = None
        self._data: Connection | None = None
        self._relay: RelayThread | None = None
        self._closing = False
        self._next_run = 0
        self._next_request = 0
        self.landscape_request: int | None = None
        self.active_run: int | None = None
        self.process_ready = False
        self._stopping_run: int | None = None
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.setInterval(round(STOP_TIMEOUT_S * 1000))
        self._watchdog.timeout.connect(self._stop_overdue)
        self._last_failure = ""
        self._suspended_checks = 0
        self._heartbeat: Heartbeat | None = None
        self._silent = False
        self._health = QTimer(self)
        self._health.setInterval(round(HEALTH_INTERVAL_S * 1000))
        self._health.timeout.connect(self._check_health)
        self._health.start()

    def attach(self, session: RunSession) -> None:
        """Reports the process's run events to `session` (its methods of the same names)."""
        self.ready.connect(session.process_ready)
        self.runStarted.connect(session.run_started)
        self.recordsArrived.connect(session.records_arrived)
        self.runAdjusted.connect(session.run_adjusted)
        self.networkEnded.connect(session.network_ended)
        self.pausedChanged.connect(session.paused_changed)
        self.runFinished.connect(session.run_finished)
        self.runFailed.connect(session.run_failed)
        self.stalled.connect(session.process_stalled)

    # -- process -------------------------------------------------------------------------------
    def launch(self) -> None:
        """Starts the process (and the relay) unless it is already running."""
        if self.is_alive():
            return
        self._last_failure = ""
        self._release()
        context = multiprocessing.get_context("spawn")
        data_in, data_out = context.Pipe(duplex=False)
        control_in, control_out = context.Pipe(duplex=False)
        self._heartbeat = Heartbeat(context)
        process = context.Process(target=process_main, args=(data_out, control_in, self._threads, self._heartbeat),
                                  name="actgui-training", daemon=True)
        process.start()
        data_out.close()
        control_in.close()
        self._process, self._data, self._control = process, data_in, control_out
        self._closing = False
        self.process_ready = False
        self._relay = RelayThread(data_in, parent=self)
        self._relay.set_interval(self._interval)
        self._relay.messages.connect(self._deliver)
        self._relay.start()

    def set_refresh_interval(self, seconds: float) -> None:
        """The least time between two record batches handed to the GUI."""
        self._interval = float(seconds)
        if self._relay is not None:
            self._relay.set_interval(self._interval)

    def is_alive(self) -> bool:
        return self._process is not None and self._process.is_alive()

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    def _send(self, message: Command) -> bool:
        if self._control is None:
            return False
        try:
            self._control.send(message)
        except OSError:
            return False
        return True

    # -- commands ------------------------------------------------------------------------------
    def start(self, configs: TrainingConfig | Sequence[TrainingConfig], paused: bool = False,
              speed: float = FULL_SPEED, weights: Sequence[tuple | None] = ()) -> int:
        """Starts a run of `configs` (several: trained in lockstep), stopping any active one, at
        `speed` steps per second (FULL_SPEED: as fast as possible), networks with `weights` (names,
        shapes, vector, buffers; None: a fresh network) starting from them; returns its run id."""
        if self.active_run is not None:
            self.stop()
        self.launch()
        self._next_run += 1
        self.active_run = self._next_run
        configs = [configs] if isinstance(configs, TrainingConfig) else list(configs)
        self._send(Start(self.active_run, tuple(config.to_dict() for config in configs), paused, speed,
                         tuple(weights)))
        return self.active_run

    def set_speed(self, steps_per_second: float) -> None:
        """Steps per second of the active run, each one recorded (FULL_SPEED: as fast as possible)."""
        self._send(Speed(float(steps_per_second)))

    def adjust(self, changes: Mapping[str, float]) -> None:
        """Live settings for the active run's networks (their runAdjusted follows)."""
        self._send(Adjust(dict(changes)))

    def pause(self) -> None:
        self._send(Pause())

    def resume(self) -> None:
        self._send(Resume())

    def step(self) -> None:
        """One optimiser step (while paused)."""
        self._send(Step())

    def stop(self) -> None:
        """Stops the active run; its runFinished (status "stopped") follows, or, when the process
        does not answer within STOP_TIMEOUT_S, a runFailed after the process was restarted."""
        self._send(Stop())
        if self.active_run is not None and not self._watchdog.isActive():
            self._stopping_run = self.active_run
            self._watchdog.start()

    def compute_landscape(self, run_id: int, settings: LandscapeSettings, index: int = 0,
                          run_file: str = "") -> int | None:
        """Asks the process for the loss landscape of network `index` of the ended run `run_id` (or
        of run `index` of `run_file`); its request id (None when the process is not there to ask)."""
        self._next_request += 1
        request = ComputeLandscape(self._next_request, run_id, settings, index, run_file)
        if not self.is_alive() or not self._send(request):
            return None
        self.landscape_request = self._next_request
        return self.landscape_request

    def cancel_landscape(self) -> None:
        """Stops the landscape being computed (its landscapeFailed with an empty reason follows)."""
        if self.landscape_request is not None:
            self._send(CancelLandscape())

    def _stop_overdue(self) -> None:
        if self._stopping_run is None:
            return
        if not self.process_ready and self.is_alive():  # still importing torch: the stop is queued
            self._watchdog.start()
            return
        run = self.active_run if self.active_run is not None else self._stopping_run
        self.active_run = self._stopping_run = None
        self.restart()
        self.runFailed.emit(run, QCoreApplication.translate(
            "TrainingWorker", "The training process did not answer Stop within {seconds:g} s; it was "
            "restarted.").format(seconds=STOP_TIMEOUT_S))

    def _check_health(self) -> None:
        """Reports a process that was suspended (stopped, e.g. by SIGSTOP) and restarts it; a run it
        was training fails with that reason. A busy process silent past its heartbeat's allowance is
        reported by `stalled` (the user may wait for a long step or kill and restart it)."""
        process = self._process
        if process is None or self._closing or self._watchdog.isActive():
            self._suspended_checks = 0
            return
        if not process_suspended(process.pid):
            self._suspended_checks = 0
            heartbeat = self._heartbeat
            silent = self.process_ready and heartbeat is not None and heartbeat.silent()
            self._show_silence(heartbeat.silence() if silent else 0.0)
            return
        self._suspended_checks += 1
        if self._suspended_checks < 2:
            return
        self._suspended_checks = 0
        self._replace(QCoreApplication.translate(
            "TrainingWorker", "The training process stopped answering (it was suspended); it was restarted."))

    def _show_silence(self, seconds: float) -> None:
        if seconds > 0 or self._silent:
            self._silent = seconds > 0
            self.stalled.emit(float(seconds))

    def kill_and_restart(self) -> None:
        """Kills a process that stopped answering and starts a fresh one; its run fails saying so."""
        self._replace(QCoreApplication.translate(
            "TrainingWorker", "The training process stopped answering; it was killed and restarted."))

    def _replace(self, reason: str) -> None:
        run = self.active_run if self.active_run is not None else (self._stopping_run or -1)
        self.active_run = self._stopping_run = None
        self._watchdog.stop()
        self.restart()
        self.runFailed.emit(run, reason)

    def restart(self) -> None:
        """Kills the process at once (it may be frozen) and starts a fresh one."""
        self._closing = True
        self._abandon_landscape("the training process was restarted")
        if self._process is not None and self._process.is_alive():
            self._process.kill()
            self._process.join(1.0)
        self._release()
        self._show_silence(0.0)
        self.launch()

    def shutdown(self, timeout: float = 1.0) -> None:
        """Ends the process and the relay thread, waiting at most about `timeout` seconds."""
        self._closing = True
        self.active_run = self._stopping_run = None
        self._watchdog.stop()
        process = self._process
        if process is not None:
            self._send(Quit())
            process.join(timeout * 0.6)
            if process.is_alive():
                process.terminate()
                process.join(timeout * 0.3)
            if process.is_alive():
                process.kill()
                process.join()
        self._release()

    def _release(self) -> None:
        if self._relay is not None:
            self._relay.stop()
            self._relay.wait()
            self._relay.messages.disconnect(self._deliver)
            self._relay.deleteLater()
            self._relay = None
        for connection in (self._control, self._data):
            if connection is not None:
                connection.close()
        self._control = self._data = None
        if self._process is not None and not self._process.is_alive():
            self._process.close()
        self._process = None

    # -- messages ------------------------------------------------------------------------------
    def _deliver(self, messages: list[Report]) -> None:
        relay = self.sender()
        try:
            if not self._closing:
                for message in merge_records(messages):
                    self._dispatch(message)
        finally:
            if isinstance(relay, RelayThread):
                relay.acknowledge()

    def _dispatch(self, message: Report) -> None:
        match message:
            case Ready(threads=threads):
                self.process_ready = True
                self.ready.emit(int(threads))
            case Started(run_id, info, index):
                self.runStarted.emit(run_id, info, index)
            case Records(run_id, records, index):
                self.recordsArrived.emit(run_id, records, index)
            case Adjusted(run_id, step, changes, text):
                self.runAdjusted.emit(run_id, step, changes, text)
            case Paused(run_id, paused):
                self.pausedChanged.emit(run_id, bool(paused))
            case Ended(run_id, index, result):
                self.networkEnded.emit(run_id, index, result)
            case Finished(run_id, result):
                self._end(run_id)
                self.runFinished.emit(run_id, result)
            case Failed(run_id, text):
                self._end(run_id)
                self._last_failure = str(text)
                self.runFailed.emit(run_id, str(text))
            case LandscapeProgress(request_id, done, total):
                self.landscapeProgress.emit(request_id, int(done), int(total))
            case LandscapeComputed(request_id, landscape):
                self._landscape_ended(request_id)
                self.landscapeComputed.emit(request_id, landscape)
            case LandscapeFailed(request_id, text):
                self._landscape_ended(request_id)
                self.landscapeFailed.emit(request_id, str(text))
            case ProcessGone(relay) if relay is self._relay:
                run = self.active_run if self.active_run is not None else -1
                self.active_run = self._stopping_run = None
                self._watchdog.stop()
                code = self._process.exitcode if self._process is not None else None
                self._closing = True
                reason = QCoreApplication.translate(
                    "TrainingWorker", "the training process ended unexpectedly (exit code {code})").format(code=code)
                if self._last_failure:  # the process said why before it ended
                    reason = f"{reason}: {self._last_failure}"
                self._abandon_landscape(reason)
                self.runFailed.emit(run, reason)

    def _landscape_ended(self, request_id: int) -> None:
        if request_id == self.landscape_request:
            self.landscape_request = None

    def _abandon_landscape(self, reason: str) -> None:
        """The process went away while computing a landscape: its request fails with `reason`."""
        request, self.landscape_request = self.landscape_request, None
        if request is not None:
            self.landscapeFailed.emit(request, reason)

    def _end(self, run_id: int) -> None:
        if run_id == self._stopping_run:
            self._stopping_run = None
            self._watchdog.stop()
        if run_id == self.active_run:
            self.active_run = None
