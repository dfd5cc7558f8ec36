"""When an image run records, and on which validation images.

An image run records on a time-based cadence: about RECORD_SECONDS of its own training between two
records, whatever the model's speed, but never so often that measuring the fixed probe takes more
than PROBE_SHARE of the training time (on a slow machine the records come further apart instead).
Every record measures the same probe: PROBE_IMAGES validation images, the classes taken in turn so
that any prefix of the probe is balanced. Each epoch's end measures the whole validation set.
"""

from __future__ import annotations

import math

import numpy as np

#: Seconds of a run's own training between two records of an image run.
RECORD_SECONDS = 1.0
#: The probe measurements' largest share of the training time (the epoch-end measurement on the whole
#: validation set comes on top).
PROBE_SHARE = 0.04
#: Validation images every record of an image run measures: the same ones every time.
PROBE_IMAGES = 200
#: Steps to the first record after step 0 (before the run's speed is known).
FIRST_STEPS = 4
#: Weight of the newest timing in the running averages of the step and measurement times.
SMOOTHING = 0.5


def probe_indices(labels: np.ndarray, size: int = PROBE_IMAGES) -> np.ndarray:
    """The fixed probe: indices into the validation set, the classes in turn (the first image of each
    class, then the second of each, ...), `size` of them or every image when there are fewer."""
    labels = np.asarray(labels).reshape(-1)
    if len(labels) <= size:
        return np.arange(len(labels))
    by_class = [np.flatnonzero(labels == value) for value in np.unique(labels)]
    rounds = max(len(members) for members in by_class)
    order = [members[k] for k in range(rounds) for members in by_class if k < len(members)]
    return np.asarray(order[:size], dtype=np.int64)


class RecordCadence:
    """Steps to an image run's next record, from running averages of what a step and a probe
    measurement cost: about `seconds` of training, and enough steps that measuring costs at most
    `share` of the training time."""

    def __init__(self, seconds: float = RECORD_SECONDS, share: float = PROBE_SHARE,
                 first: int = FIRST_STEPS) -> None:
        if seconds <= 0 or not 0 < share <= 1 or first < 1:
            raise ValueError("the cadence needs seconds > 0, a share in (0, 1] and first ≥ 1")
        self.seconds, self.share, self.first = float(seconds), float(share), int(first)
        self.step_seconds: float | None = None
        self.measure_seconds: float | None = None

    @staticmethod
    def _average(old: float | None, new: float) -> float:
        return new if old is None else SMOOTHING * new + (1 - SMOOTHING) * old

    def trained(self, steps: int, seconds: float) -> None:
        """`steps` optimiser steps took `seconds`."""
        if steps > 0:
            self.step_seconds = self._average(self.step_seconds, max(seconds, 0.0) / steps)

    def measured(self, seconds: float) -> None:
        """A probe measurement took `seconds`."""
        self.measure_seconds = self._average(self.measure_seconds, max(seconds, 0.0))

    def steps(self) -> int:
        """Steps to the next record."""
        if not self.step_seconds:
            return self.first
        by_time = self.seconds / self.step_seconds
        by_cost = (self.measure_seconds or 0.0) / (self.share * self.step_seconds)
        return max(1, math.ceil(max(by_time, by_cost)))
