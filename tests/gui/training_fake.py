"""A training process played in the test's own process: real Trainers in a Lockstep, advanced only
when the test says so (`advance`), reporting to the session as the window's TrainingWorker does —
after the command that caused it, never inside it. No child process, no thread, no waiting."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from actgui.core.training.config import TrainingConfig
from actgui.core.training.lockstep import Event, Lockstep
from actgui.core.training.records import RunResult
from actgui.core.training.trainer import Trainer


class FakeTrainingProcess:
    """The `TrainingProcess` a RunSession drives, trained synchronously; `commands` logs what it was told."""

    pid = None
    process_ready = True

    def __init__(self) -> None:
        import torch

        torch.set_num_threads(1)  # as the window's process on a small machine: no contention with the GUI thread
        self.session = None
        self.run_id = 0
        self.lockstep: Lockstep | None = None
        self.paused = False
        self.speed = 0.0
        self.alive = False
        self.refresh_interval: float | None = None
        self.commands: list[tuple] = []
        self._reports: list[tuple[str, tuple]] = []

    # -- what the panel asks of any training process ---------------------------------------------
    def attach(self, session) -> None:
        self.session = session

    def launch(self) -> None:
        self.alive = True

    def is_alive(self) -> bool:
        return self.alive

    def shutdown(self) -> None:
        if self.lockstep is not None:
            self.lockstep.stop()
        self.lockstep, self.alive, self._reports = None, False, []

    def set_refresh_interval(self, seconds: float) -> None:
        self.refresh_interval = seconds

    # -- commands --------------------------------------------------------------------------------
    def start(self, configs: Sequence[TrainingConfig], paused: bool = False, speed: float = 0.0,
              weights: Sequence[tuple | None] = ()) -> int:
        if self.lockstep is not None:
            self.stop()
        self.run_id += 1
        self.commands.append(("start", len(configs), paused, speed))
        self.paused, self.speed = paused, speed
        try:
            trainers = [Trainer(config) for config in configs]
            for trainer, start in zip(trainers, weights, strict=False):
                if start is not None:
                    trainer.load_weights(*start)
                    self.commands.append(("weights", len(start[2])))
        except (ValueError, KeyError, RuntimeError) as error:
            self._report("run_failed", self.run_id, str(error))
            return self.run_id
        for index, trainer in enumerate(trainers):
            self._report("run_started", self.run_id, trainer.info, index)
        self.lockstep = Lockstep(trainers, detail_every=2, watch=True)
        self._events(self.lockstep.start())
        return self.run_id

    def set_speed(self, steps_per_second: float) -> None:
        self.commands.append(("speed", steps_per_second))
        self.speed = steps_per_second

    def adjust(self, changes: Mapping[str, float]) -> None:
        self.commands.append(("adjust", dict(changes)))
        if self.lockstep is None:
            return
        step = self.lockstep.step
        try:
            applied = self.lockstep.adjust(changes)
        except ValueError as error:
            self._report("run_adjusted", self.run_id, step, {}, str(error))
        else:
            self._report("run_adjusted", self.run_id, step, applied, "")

    def pause(self) -> None:
        self._set_paused(True)

    def resume(self) -> None:
        self._set_paused(False)

    def _set_paused(self, paused: bool) -> None:
        self.commands.append(("pause" if paused else "resume",))
        if self.lockstep is not None:
            self.paused = paused
            self._report("paused_changed", self.run_id, paused)

    def step(self) -> None:
        self.commands.append(("step",))
        if self.lockstep is not None and self.paused:
            self._events(self.lockstep.advance(1))

    def stop(self) -> None:
        self.commands.append(("stop",))
        if self.lockstep is not None:
            self.lockstep.stop()
            self._finish(stopped=True)

    # -- the test's clock ------------------------------------------------------------------------
    def advance(self, rounds: int = 1) -> None:
        """Delivers what is pending, then trains `rounds` rounds (one record per run each; one step
        each below full speed) unless paused, delivering as it goes."""
        self.deliver()
        for _ in range(rounds):
            if self.lockstep is None or self.paused:
                break
            self._events(self.lockstep.advance(1 if self.speed > 0 else None))
            self.deliver()

    def advance_until(self, done: Callable[[], bool], rounds: int = 2000) -> None:
        """Advances round by round until `done()` (at most `rounds` rounds); fails when it never is."""
        for _ in range(rounds):
            if done():
                return
            self.advance()
        assert done(), "the fake run never got there"

    def deliver(self) -> None:
        while self._reports:
            name, args = self._reports.pop(0)
            getattr(self.session, name)(*args)

    def _report(self, name: str, *args: object) -> None:
        self._reports.append((name, args))

    def _events(self, events: list[Event]) -> None:
        several = len(self.lockstep.trainers) > 1
        for index, event in events:
            if isinstance(event, RunResult):
                if several:
                    self._report("network_ended", self.run_id, index, event)
            else:
                self._report("records_arrived", self.run_id, [event], index)
        if self.lockstep.done:
            self._finish()

    def _finish(self, stopped: bool = False) -> None:
        results = [result for result in self.lockstep.results if result is not None]
        if len(results) == 1:
            result = results[0]
        else:
            step = max(r.step for r in results)
            result = RunResult("stopped", step, f"stopped at step {step}") if stopped else \
                RunResult("finished", step, f"{len(results)} runs ended")
        self._report("run_finished", self.run_id, result)
        self.lockstep = None
