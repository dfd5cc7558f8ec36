"""A run's life in the Training panel, without widgets: `RunSession` starts, pauses, steps,
adjusts, compares, cures, restarts and finishes runs through a `TrainingProcess` (the window's
child process, or a test's in-process fake), keeps their histories, and says what to show.

The panel subscribes to it and renders: every change is announced by one of the `Change` names
below, and the status line is a `Status` (a kind and its values) the panel words in its language.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Protocol

from actgui.core.table import Table
from actgui.core.training.config import LIVE_PARAMS, LR, TrainingConfig
from actgui.core.training.config import NETWORK_SETTINGS as CONFIG_NETWORK_SETTINGS
from actgui.core.training.experiment import (
    PlannedRun,
    compare_plan,
    registry_key,
    results_table,
    single_run,
    split_values,
)
from actgui.core.training.history import RunHistory
from actgui.core.training.records import Record, RunInfo, RunResult
from actgui.core.training.runfile import RunWeights
from actgui.state.run_recording import RunRecording
from actgui.state.training import SPEEDS, STANDS_FOR, TrainingState

#: Rows a live run keeps per metric (older rows are thinned, so an hour's run costs what a minute's does).
HISTORY_ROWS = 4096
#: The step limit of a run "until paused": none (the core trains until stopped, its history thinned).
UNTIL_PAUSED = 0
#: The window over which the steps-per-second rate is measured.
RATE_WINDOW_S = 2.0
#: What the cures after a divergence set: gradient clipping's max norm, the learning rate's divisor.
CURE_CLIP_NORM, CURE_LR_DIVISOR = 1.0, 10.0
CURES = ("clip", "batch_norm", "lr")
#: Settings that need a new network: changing one during a run offers a restart (the config's, and
#: the panel's settings that stand for one of them).
NETWORK_SETTINGS = CONFIG_NETWORK_SETTINGS | {
    item.name for item in fields(TrainingState) if item.metadata.get(STANDS_FOR) in CONFIG_NETWORK_SETTINGS}
#: The short names of live changes marked on the curves.
MARK_NAMES = {"lr": "lr", "momentum": "momentum", "weight_decay": "wd", "clip_norm": "clip", "batch_size": "batch"}

#: What a subscriber is told: "runs" (the shown runs were replaced or cleared), "records" (new records
#: arrived; the argument is the run index), "marks" (a live change was marked), "ended" (a run of a
#: comparison or the whole run ended), "controls" (running, paused, restart or cures changed),
#: "status" (the status line changed), "results" (the comparison's table changed), "stalled" (the
#: busy process has not answered for the argument's seconds; 0 once it answers again).
Change = str


class TrainingProcess(Protocol):
    """What a session asks of the training process; the process answers by calling the session's
    `process_ready`, `run_started`, `records_arrived`, `run_adjusted`, `paused_changed`,
    `network_ended`, `run_finished`, `run_failed` and, where it watches itself, `process_stalled`
    (the window's TrainingWorker through its signals)."""

    def start(self, configs: Sequence[TrainingConfig], paused: bool = False, speed: float = 0.0,
              weights: Sequence[tuple | None] = ()) -> int: ...
    def set_speed(self, steps_per_second: float) -> None: ...
    def adjust(self, changes: Mapping[str, float]) -> None: ...
    def pause(self) -> None: ...
    def resume(self) -> None: ...
    def step(self) -> None: ...
    def stop(self) -> None: ...
    def attach(self, session: RunSession) -> None:
        """Reports what happens from now on to `session`."""


@dataclass(frozen=True)
class Status:
    """The status line: its kind ("idle", "running", "diverged", "compared", …) and the values it shows."""

    kind: str = "idle"
    values: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class RunSummary:
    """One compared run in a line: its label, how it ended and its last validation loss and accuracy."""

    label: str
    status: str
    step: int
    val_loss: float
    val_accuracy: float


class RunSession:
    """The runs of one Training panel: what runs, what ran before (drawn faded), and the status."""

    def __init__(self, settings: TrainingState, process: TrainingProcess,
                 name: Callable[[object], str] = registry_key, recording: RunRecording | None = None) -> None:
        self.settings, self.process, self._name = settings, process, name
        #: Writes every run to a run file as it trains (None: runs are not written).
        self.recording = recording
        self.plan: list[PlannedRun] = []
        self.runs: list[RunHistory] = []
        self.before: list[RunHistory] = []  # the previous run(s), kept until cleared
        self.current: RunHistory | None = None
        self.run_id: int | None = None
        self.last_run_id: int | None = None  # the run that ended last (its network can be asked for)
        self.comparing = False
        self.paused = False
        self.restart_pending = False
        self.diverged = False  # the last run (or a compared one) diverged: the cures are offered
        self.results: Table | None = None
        self.status = Status()
        self.process_threads: int | None = None
        self._histories: dict[int, RunHistory] = {}
        self._rate_marks: list[tuple[float, int]] = []
        self._results_shown = 0.0
        self._listeners: list[Callable[[Change, object], None]] = []

    # -- subscribers ---------------------------------------------------------------------------
    def subscribe(self, listener: Callable[[Change, object], None]) -> None:
        """Calls `listener(change, argument)` on every change (see `Change`)."""
        self._listeners.append(listener)

    def _tell(self, change: Change, argument: object = None) -> None:
        for listener in self._listeners:
            listener(change, argument)

    def set_status(self, kind: str, **values: object) -> None:
        self.status = Status(kind, values)
        self._tell("status")

    # -- queries -------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.run_id is not None

    def run_config(self) -> TrainingConfig:
        """The settings' run as the window trains it: until paused unless a limit is set."""
        config = self.settings.config()
        if self.settings.until_paused and not config.images:
            config = replace(config, steps=UNTIL_PAUSED)
        return config

    def compare_plan(self) -> list[PlannedRun]:
        """The runs a comparison of the current settings trains (every value × seed); raises ValueError."""
        settings = self.settings
        return compare_plan(self.run_config(), settings.compare_by, split_values(settings.compare_values),
                            self._name, settings.seeds, settings.activation_params)

    def summaries(self) -> list[RunSummary]:
        """Every shown run in a line, best (lowest validation loss) first."""
        lines = []
        for run in self.runs:
            latest = run.latest
            loss = latest.val_loss if latest is not None else math.nan
            status = run.result.status if run.result is not None else ("running" if self.running else "")
            lines.append(RunSummary(run.label, status, latest.step if latest is not None else 0, loss,
                                    latest.val_accuracy if latest is not None else math.nan))
        return sorted(lines, key=lambda line: (not math.isfinite(line.val_loss), line.val_loss))

    def rate(self) -> float | None:
        """Steps per second over the last RATE_WINDOW_S of records (None before two)."""
        if len(self._rate_marks) < 2:
            return None
        (t0, s0), (t1, s1) = self._rate_marks[0], self._rate_marks[-1]
        return (s1 - s0) / (t1 - t0) if t1 > t0 else None

    # -- commands ------------------------------------------------------------------------------
    def start(self, paused: bool = False, weights: RunWeights | None = None) -> bool:
        """Starts a single run with the current settings (its network from `weights`, a run file's last,
        when given); False (with an error status) when they are invalid."""
        if self.running:
            return False
        try:
            plan = [single_run(self.run_config(), self._name)]
        except (ValueError, KeyError) as error:
            self.set_status("error", message=str(error))
            return False
        return self._start(plan, paused, comparing=False, weights=weights)

    def compare(self) -> bool:
        """Trains the network once per compared value and seed, all in lockstep."""
        if self.running:
            return False
        try:
            plan = self.compare_plan()
        except (ValueError, KeyError) as error:
            self.set_status("error", message=str(error))
            return False
        return self._start(plan, False, comparing=True)

    def _start(self, plan: list[PlannedRun], paused: bool, comparing: bool, weights: RunWeights | None = None) -> bool:
        if self.runs:
            self.before = [run for run in self.runs if run.latest is not None]
        self._clear_runs()
        self.plan, self.comparing = list(plan), comparing
        self.restart_pending = False
        speed = self.settings.speed
        self.paused = paused or speed == "step"
        self._rate_marks = []
        if self.recording is not None:
            self.recording.start(plan, self.settings.compare_by if comparing else "")
        configs = [run.config for run in plan]
        if weights is None:
            self.run_id = self.process.start(configs, self.paused, SPEEDS[speed])
        else:
            start = (weights.names, weights.shapes, weights.snapshots[-1], weights.buffers)
            self.run_id = self.process.start(configs, self.paused, SPEEDS[speed], weights=(start,))
        self.set_status("launching", label=plan[0].label if len(plan) == 1 else "", count=len(plan))
        self._tell("runs")
        self._tell("controls")
        return True

    def restart(self) -> bool:
        """Starts the run (or the comparison) again with the settings as they are now; the run
        being replaced stays drawn as "before"."""
        comparing = self.comparing
        if self.running:
            self.process.stop()
            self.run_id = None
        return self.compare() if comparing else self.start()

    def cure(self, kind: str) -> bool:
        """After a divergence: trains again with gradient clipping ("clip"), batch norm
        ("batch_norm") or a learning rate CURE_LR_DIVISOR times smaller ("lr")."""
        if kind not in CURES:
            raise ValueError(f"no cure '{kind}'")
        settings = self.settings
        with settings.changes():
            if kind == "clip":
                settings.clip_norm = CURE_CLIP_NORM
            elif kind == "batch_norm":
                settings.batch_norm = True
            else:
                settings.lr = max(LR.minimum, settings.lr / CURE_LR_DIVISOR)
        return self.restart()

    def toggle_pause(self) -> None:
        if self.running:
            self.process.resume() if self.paused else self.process.pause()

    def play_pause(self) -> None:
        """Start, pause or resume: the presenter's one key."""
        if self.running:
            self.toggle_pause()
        else:
            self.start()

    def step_once(self) -> None:
        """One optimiser step: of the paused run, or of a new run started paused."""
        if not self.running:
            if not self.start(paused=True):
                return
        elif not self.paused:
            self.process.pause()
            return
        self.process.step()

    def stop(self) -> None:
        if self.running:
            self.process.stop()

    def reset(self) -> None:
        """Stops any run and clears every run shown, the faded ones too."""
        if self.running:
            self.process.stop()
            self.run_id = None
        self.paused = self.restart_pending = False
        self.before = []
        self._clear_runs()
        self.set_status("reset")
        self._tell("runs")
        self._tell("controls")

    def show_opened(self, histories: Sequence[RunHistory], plan: Sequence[PlannedRun], compare_by: str,
                    name: str, step: int, last: int) -> bool:
        """An opened run file's runs as they stood at `step` (of `last`), shown read-only as a live
        run's are, the picked run kept; False while a run trains."""
        if self.running or not histories:
            return False
        picked = self.runs.index(self.current) if self.current in self.runs else 0
        self.plan, self.runs = list(plan), list(histories)
        self._histories = dict(enumerate(self.runs))
        self.current = self.runs[min(picked, len(self.runs) - 1)]
        self.comparing = len(self.runs) > 1
        self.results = results_table(self.plan, self.runs, compare_by or "value") if self.comparing else None
        self.diverged = any(run.result is not None and run.result.status == "diverged" for run in self.runs)
        self.set_status("replay", name=name, step=step, last=last, runs=self.summaries() if self.comparing else None)
        self._tell("runs")
        return True

    def clear_before(self) -> None:
        """Forgets the faded previous run."""
        if self.before:
            self.before = []
            self._tell("runs")

    def _clear_runs(self) -> None:
        self.runs, self._histories, self.current = [], {}, None
        self.results = None
        self.diverged = False

    def settings_changed(self, names: set[str]) -> None:
        """A running run takes the live settings at once and offers a restart for the others."""
        if "speed" in names:
            self._speed_changed()
        if not self.running:
            if names & {"dataset", "model", "hidden", "activation"} and self.status.kind in (
                    "finished", "stopped", "diverged", "compared", "reset"):
                self.set_status("idle")  # the ended run's words no longer describe what the settings show
            return
        # an image run counts its epochs in steps of its batch size: a new one needs a restart
        fixed = {"batch_size"} if self.current is not None and self.current.info.image_shape else set()
        compared = self.settings.compare_by if self.comparing else None
        changes = {name: getattr(self.settings, name) for name in (names - fixed) & set(LIVE_PARAMS)
                   if name != compared}
        if changes:
            self.process.adjust(changes)
        if names & (NETWORK_SETTINGS | fixed):
            self.restart_pending = True
            self._tell("controls")

    def settings_replaced(self) -> None:
        """A preset or session replaced the settings: an ended run's status no longer applies, and
        the faded run of another experiment is no "before" of the next one."""
        if self.before:
            self.clear_before()
        if not self.running:
            self.set_status("idle")

    def _speed_changed(self) -> None:
        if not self.running:
            return
        speed = self.settings.speed
        if speed == "step":
            if not self.paused:
                self.process.pause()
            return
        self.process.set_speed(SPEEDS[speed])
        if self.paused:
            self.process.resume()

    def trained_runs(self) -> list[tuple[PlannedRun, RunHistory]]:
        """Each run of the latest start or comparison that has begun, with its history."""
        return [(self.plan[index], self._histories[index]) for index in sorted(self._histories)
                if index < len(self.plan)]

    # -- what the process reports --------------------------------------------------------------
    def process_stalled(self, seconds: float) -> None:
        self._tell("stalled", seconds)

    def process_ready(self, threads: int) -> None:
        self.process_threads = threads
        if not self.running and self.status.kind == "starting":
            self.set_status("ready", threads=threads)

    def run_started(self, run_id: int, info: RunInfo, index: int) -> None:
        if run_id != self.run_id or index >= len(self.plan):
            return
        run = self.plan[index]
        history = RunHistory(info, HISTORY_ROWS, run.label, run.color)
        self._histories[index] = history
        if self.recording is not None:
            self.recording.info(index, info)
        self.runs = [self._histories[i] for i in sorted(self._histories)]
        if index == 0:
            self.current = history
        self._tell("runs", index)

    def records_arrived(self, run_id: int, records: list[Record], index: int) -> None:
        history = self._histories.get(index)
        if run_id != self.run_id or history is None or not records:
            return
        for record in records:
            history.add(record)
        if self.recording is not None:
            self.recording.records(index, records)
        if history is self.current:
            for record in records:
                self._rate_marks.append((record.elapsed, record.step))
            latest = records[-1]
            while len(self._rate_marks) > 2 and latest.elapsed - self._rate_marks[0][0] > RATE_WINDOW_S:
                self._rate_marks.pop(0)
        self._tell("records", index)
        if self.comparing:
            self._update_results()
        if history is not self.current:
            return
        if self.paused:
            self.set_status("paused", step=latest.step)
        else:
            self.set_status("running", label=history.label if len(self.runs) == 1 else "", count=len(self.runs),
                            step=latest.step, rate=self.rate(), train=latest.train_loss, val=latest.val_loss,
                            accuracy=latest.val_accuracy, device=history.info.device)

    def _update_results(self, now: float | None = None, every: float = 0.5) -> None:
        """The comparison's results table, at most every `every` seconds while it runs."""
        now = time.monotonic() if now is None else now
        if len(self.runs) != len(self.plan) or now - self._results_shown < every:
            return
        self._results_shown = now
        self.results = results_table(self.plan, self.runs, self.settings.compare_by)
        self._tell("results")

    def run_adjusted(self, run_id: int, step: int, changes: dict, message: str) -> None:
        if run_id != self.run_id:
            return
        if message:
            self.set_status("error", message=message)
            return
        text = ", ".join(f"{MARK_NAMES.get(key, key)} {value:g}" for key, value in changes.items())
        for history in self.runs:
            history.marks.append((int(step), text))
            history.changes.append((int(step), dict(changes)))
        self._tell("marks")

    def network_ended(self, run_id: int, index: int, result: RunResult) -> None:
        history = self._histories.get(index)
        if run_id == self.run_id and history is not None:
            history.result = result
            if self.recording is not None:
                self.recording.result(index, result)
            self._tell("ended", index)

    def paused_changed(self, run_id: int, paused: bool) -> None:
        if run_id != self.run_id:
            return
        self.paused = paused
        self._tell("controls")
        if paused and self.current is not None and self.current.latest is not None:
            self.set_status("paused", step=self.current.latest.step)

    def run_finished(self, run_id: int, result: RunResult) -> None:
        if run_id != self.run_id:
            return
        self.run_id, self.last_run_id = None, run_id
        self.paused = self.restart_pending = False
        history = self.current
        if history is not None and len(self.runs) == 1:
            history.result = result
        for index, run in enumerate(self.runs):
            if run.result is None:
                run.result = RunResult(result.status, run.latest.step if run.latest else 0, result.message)
                if self.recording is not None:
                    self.recording.result(index, run.result)
        if self.recording is not None:
            self.recording.finish()
        diverged = [run for run in self.runs if run.result is not None and run.result.status == "diverged"]
        self.diverged = bool(diverged)
        latest = history.latest if history is not None else None
        label = history.label if history is not None else ""
        if self.comparing:
            self._results_shown = 0.0
            self._update_results(every=0.0)
            lines = self.summaries()
            self.set_status("compared", count=len(self.runs), values=len(self.results.rows()) if self.results else 0,
                            diverged=len(diverged), runs=lines)
        elif result.status == "diverged":
            self.set_status("diverged", label=label, step=result.step)
        elif result.status == "stopped":
            self.set_status("stopped", label=label, step=result.step)
        else:
            self.set_status("finished", label=label, step=result.step,
                            val=latest.val_loss if latest else math.nan,
                            accuracy=latest.val_accuracy if latest else math.nan)
        self._tell("ended")
        self._tell("controls")

    def run_failed(self, run_id: int, message: str) -> None:
        if run_id not in (self.run_id, -1):
            return
        self.run_id = None
        self.paused = self.restart_pending = False
        if self.recording is not None:
            self.recording.finish()
        self.set_status("error", message=message)
        self._tell("ended")
        self._tell("controls")
