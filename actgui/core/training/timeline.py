"""A run file on a timeline: the runs' histories as they stood at any step, for scrubbing and replay."""

from __future__ import annotations

import bisect

from actgui.core.training.history import RunHistory
from actgui.core.training.runfile import RunDocument


class RunTimeline:
    """The records of an opened run file (read with `keep_records`); `at(step)` rebuilds every run's
    history up to that step, with the grids, histograms and image payloads it had then."""

    def __init__(self, document: RunDocument) -> None:
        if not document.records:
            raise ValueError("the run file was read without its records")
        self.document = document
        self.runs = [(history, records) for history, records in zip(document.histories, document.records, strict=True)
                     if history is not None and records]
        if not self.runs:
            raise ValueError(f"{document.path} holds no records yet")
        #: Every recorded step of any run, in order: the positions of the timeline.
        self.steps = sorted({record.step for _, records in self.runs for record in records})

    @property
    def last(self) -> int:
        return self.steps[-1]

    def position(self, step: int) -> int:
        """The timeline position of the latest recorded step at or before `step`."""
        return max(0, bisect.bisect_right(self.steps, step) - 1)

    def at(self, step: int) -> list[RunHistory]:
        """Every run's history holding its records up to `step` (its result once the step is its last)."""
        histories = []
        for full, records in self.runs:
            history = RunHistory(full.info, None, full.label, full.color)
            for record in records:
                if record.step > step:
                    break
                history.add(record)
            if step >= records[-1].step:
                history.result = full.result
            histories.append(history)
        return histories
