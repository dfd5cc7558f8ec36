"""When an image run records, and on which validation images.

An image run records on a time-based cadence that starts short: the first EARLY_RECORDS records after
step 0 come every FIRST_STEPS steps, so a class sees curves within seconds even on a slow machine
(the same steps for every run of a comparison: none waits for the others in lockstep). From then on
the records come about every RECORD_SECONDS of the run's own training, but never so often that
measuring the fixed probe takes more than PROBE_SHARE of the epoch's training time so far (the early
records counted in the first epoch: on a slow machine the records come further apart until the
measuring is back within its share).
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
PROBE_SHARE = 0.03
#: Validation images every record of an image run measures: the same ones every time.
PROBE_IMAGES = 200
#: Steps between the first EARLY_RECORDS records after step 0, whatever measuring them costs.
FIRST_STEPS = 1
EARLY_RECORDS = 3
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
    measurement cost: `first` steps for each of the first `early` records (and before the speed is
    known), then about `seconds` of training but enough steps that the epoch's probe measurements so
    far cost at most `share` of its training so far."""

    def __init__(self, seconds: float = RECORD_SECONDS, share: float = PROBE_SHARE,
                 first: int = FIRST_STEPS, early: int = EARLY_RECORDS) -> None:
        if seconds <= 0 or not 0 < share <= 1 or first < 1 or early < 0:
            raise ValueError("the cadence needs seconds > 0, a share in (0, 1], first ≥ 1 and early ≥ 0")
        self.seconds, self.share, self.first = float(seconds), float(share), int(first)
        self.early = int(early)
        self.step_seconds: float | None = None
        self.measure_seconds: float | None = None
        #: Probe measurements so far, and the seconds spent training and measuring in all.
        self.records = 0
        self.trained_seconds = 0.0
        self.measured_seconds = 0.0
        self.epoch_end_seconds = 0.0
        #: The same within the current epoch: what the measuring share is held to.
        self._epoch_trained = 0.0
        self._epoch_measured = 0.0

    @staticmethod
    def _average(old: float | None, new: float) -> float:
        return new if old is None else SMOOTHING * new + (1 - SMOOTHING) * old

    def trained(self, steps: int, seconds: float) -> None:
        """`steps` optimiser steps took `seconds`."""
        if steps > 0:
            self.step_seconds = self._average(self.step_seconds, max(seconds, 0.0) / steps)
            self.trained_seconds += max(seconds, 0.0)
            self._epoch_trained += max(seconds, 0.0)

    def measured(self, seconds: float, epoch_end: bool = False) -> None:
        """A probe measurement (or with `epoch_end`, an epoch end's whole validation set) took `seconds`."""
        if epoch_end:  # on top of the probes' share: counted, not budgeted; a new epoch begins
            self.epoch_end_seconds += max(seconds, 0.0)
            self._epoch_trained = self._epoch_measured = 0.0
            return
        self.measure_seconds = self._average(self.measure_seconds, max(seconds, 0.0))
        self.measured_seconds += max(seconds, 0.0)
        self._epoch_measured += max(seconds, 0.0)
        self.records += 1

    @property
    def measured_share(self) -> float:
        """The probe measurements' seconds over the training's so far (0 before any training)."""
        return self.measured_seconds / self.trained_seconds if self.trained_seconds > 0 else 0.0

    @property
    def total_share(self) -> float:
        """Every measurement's seconds (the epoch ends' too) over the training's so far."""
        spent = self.measured_seconds + self.epoch_end_seconds
        return spent / self.trained_seconds if self.trained_seconds > 0 else 0.0

    def steps(self) -> int:
        """Steps to the next record."""
        if not self.step_seconds or self.records < self.early:
            return self.first
        by_time = self.seconds / self.step_seconds
        # the epoch's training time at which its measurements so far and the next one are `share` of it
        due = (self._epoch_measured + (self.measure_seconds or 0.0)) / self.share
        by_cost = (due - self._epoch_trained) / self.step_seconds
        return max(1, math.ceil(max(by_time, by_cost) - 1e-9))  # 90.0000001 steps are 90
