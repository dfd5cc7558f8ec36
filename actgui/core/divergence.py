"""When a training run has diverged, as the notes define it: the loss or the weights exploding.

A run has diverged when its training loss is not finite or has grown `LOSS_GROWTH` times (six orders
of magnitude) above the loss it started from, or when a weight norm is no longer finite.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

#: How many times its starting value the loss may grow before the run counts as diverged.
LOSS_GROWTH = 1e6
#: Starting losses below this count as this much (a near-zero start would make any step diverge).
LOSS_FLOOR = 1e-3
ADVICE = "try a smaller learning rate or gradient clipping"


@dataclass(frozen=True)
class Divergence:
    """The step at which a run diverged and the message that says how."""

    step: int
    message: str


class DivergenceWatch:
    """Watches one run's losses and weight norms against the divergence rule."""

    def __init__(self, start_loss: float) -> None:
        self.start_loss = start_loss
        reference = start_loss if math.isfinite(start_loss) else LOSS_FLOOR
        self.limit = max(reference, LOSS_FLOOR) * LOSS_GROWTH

    def losses(self, values: np.ndarray, first_step: int) -> Divergence | None:
        """The first of `values` (the losses of steps first_step + 1, …) that breaks the rule."""
        values = np.asarray(values, dtype=np.float64)
        bad = np.flatnonzero(~np.isfinite(values) | (values > self.limit))
        if not bad.size:
            return None
        step, value = first_step + int(bad[0]) + 1, float(values[bad[0]])
        if math.isfinite(value):
            return Divergence(step, f"diverged at step {step}: the training loss grew to {value:.3g}, more than "
                                    f"{LOSS_GROWTH:,.0f} times its start {self.start_loss:.3g} ({ADVICE})")
        return Divergence(step, f"diverged at step {step}: the training loss became {value} ({ADVICE})")

    def weights(self, norms: np.ndarray, step: int) -> Divergence | None:
        """A Divergence when any weight norm at `step` is infinite or NaN."""
        if np.all(np.isfinite(norms)):
            return None
        return Divergence(step, f"diverged at step {step}: a weight norm became infinite ({ADVICE})")
