"""Several runs trained together: `Lockstep` advances their record generators round-robin, so every
compared run (every value, every seed) reaches the same step at about the same moment and their
curves grow side by side. The training process drives it for the panel, `train_lockstep` for the
CLI and the tests. One run is a lockstep of one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Generator, Mapping, Sequence

from actgui.core.training.config import TrainingConfig
from actgui.core.training.records import Record, RunResult
from actgui.core.training.trainer import Trainer, load_training_data

#: The settings that decide a run's data: runs that agree on them share one copy.
DATA_SETTINGS = ("dataset", "data_dir", "train_samples", "samples", "noise", "classes", "validation", "points",
                 "points_kind", "seed")

#: What one round reports: (run index, its new record) or (run index, how it ended).
Event = tuple[int, Record | RunResult]


class Lockstep:
    """Trainers advanced together: `start()` gives every run's step-0 record, each `advance()`
    moves the unfinished runs on by one record each (or `steps` steps), in order, except a run
    that would get more than one record's steps ahead of the run furthest behind: it waits. A run
    that finishes or diverges drops out; the others go on."""

    def __init__(self, trainers: Sequence[Trainer], detail_every: int = 10, detail_seconds: float | None = None,
                 watch: bool = False, stop: Callable[[], bool] | None = None) -> None:
        """`stop`: asked before every optimiser step of every run (see `Trainer.records`)."""
        if not trainers:
            raise ValueError("no runs")
        self.trainers = list(trainers)
        # histograms and grids cost a good share of a record: with n runs, each run's come n times less often
        seconds = None if detail_seconds is None else detail_seconds * len(self.trainers)
        self._generators: list[Generator[Record, int | None, RunResult]] = [
            trainer.records(detail_every=detail_every * len(self.trainers) if seconds is None else detail_every,
                            detail_seconds=seconds, watch=watch, first_images=len(self.trainers) == 1,
                            stop=stop)
            for trainer in self.trainers]
        self.results: list[RunResult | None] = [None] * len(self.trainers)
        self._started = False

    @property
    def done(self) -> bool:
        return all(result is not None for result in self.results)

    @property
    def step(self) -> int:
        """The furthest step of any run."""
        return max(trainer.step for trainer in self.trainers)

    def start(self) -> list[Event]:
        """Every run's first record (its state before the first step)."""
        if self._started:
            raise RuntimeError("the runs have started already")
        events = self._round(None)
        self._started = True
        return events

    def advance(self, steps: int | None = None) -> list[Event]:
        """One round: each unfinished run trains `steps` optimiser steps (default: up to its next
        record) and reports its record or its end."""
        if not self._started:
            return self.start()
        return self._round(steps)

    def _round(self, steps: int | None) -> list[Event]:
        events: list[Event] = []
        active = [i for i, result in enumerate(self.results) if result is None]
        if self._started and steps is None:
            # a run goes on to its next record unless that takes it further than one record's
            # steps beyond the run furthest behind (which always goes on)
            trainers = self.trainers
            limit = min(trainers[i].step for i in active) + max(trainers[i].next_chunk for i in active)
            active = [i for i in active if trainers[i].step + trainers[i].next_chunk <= limit] or active[:1]
        for index in active:
            generator = self._generators[index]
            try:
                record = next(generator) if steps is None or not self._started else generator.send(steps)
            except StopIteration as end:
                self.results[index] = end.value
                events.append((index, end.value))
                continue
            events.append((index, record))
        return events

    def adjust(self, changes: Mapping[str, float]) -> dict[str, float]:
        """Applies live settings to every unfinished run (see `Trainer.adjust`); the values applied."""
        applied: dict[str, float] = {}
        for trainer, result in zip(self.trainers, self.results, strict=True):
            if result is None:
                applied = trainer.adjust(changes)
        return applied

    def stop(self) -> list[RunResult]:
        """Ends every unfinished run ("stopped"); every run's result."""
        for index, generator in enumerate(self._generators):
            generator.close()
            if self.results[index] is None:
                step = self.trainers[index].step
                self.results[index] = RunResult("stopped", step, f"stopped at step {step}")
        return [result for result in self.results if result is not None]


def build_trainers(configs: Sequence[TrainingConfig]) -> list[Trainer]:
    """A trainer per config; runs with the same data settings (e.g. the values of a comparison) share
    one copy of their data, loaded once."""
    loaded: dict[str, object] = {}
    trainers = []
    for config in configs:
        checked = config.checked()
        key = json.dumps({name: checked.to_dict()[name] for name in DATA_SETTINGS}, sort_keys=True, default=str)
        if key not in loaded:
            loaded[key] = load_training_data(checked)
        trainers.append(Trainer(checked, loaded[key]))  # type: ignore[arg-type]
    return trainers


def train_lockstep(trainers: Sequence[Trainer], on_event: Callable[[int, Record | RunResult], None],
                   detail_every: int = 10, changes: Sequence[tuple[int, Mapping[str, float]]] = (),
                   on_change: Callable[[int, int, dict[str, float]], None] | None = None) -> list[RunResult]:
    """Trains `trainers` in lockstep to the end in this process, passing each event to `on_event`;
    every run's result, in order. `changes` are live settings (step, values) applied to every run
    after exactly that many steps (a record comes at that step), each reported to `on_change` as
    (run index, step, values applied)."""
    lockstep = Lockstep(trainers, detail_every=detail_every)
    for index, event in lockstep.start():
        on_event(index, event)
    pending = sorted(changes, key=lambda change: change[0])
    while not lockstep.done:
        while pending and lockstep.step >= pending[0][0]:
            step, values = pending.pop(0)
            applied = lockstep.adjust(values)
            for index, result in enumerate(lockstep.results):
                if result is None and on_change is not None:
                    on_change(index, step, applied)
        steps = None
        if pending:  # every run goes on by the same steps, to stop at the next change
            chunks = [trainer.next_chunk for trainer, result in zip(trainers, lockstep.results, strict=True)
                      if result is None]
            steps = min(pending[0][0] - lockstep.step, *chunks)
        for index, event in lockstep.advance(steps):
            on_event(index, event)
    return [result for result in lockstep.results if result is not None]
