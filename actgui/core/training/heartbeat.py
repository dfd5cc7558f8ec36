"""The training process's heartbeat: a few numbers in shared memory that the process's training loop
writes before every optimiser step and every turn of its loop, and that the parent reads to tell a
process that stopped answering (deadlocked in a lock, in an endless loop inside a step) from one that
is merely slow.

The process marks itself busy (`beat`) or waiting for a command (`idle`); only a busy process is
watched. A busy process is silent when its last beat is older than its allowance: generous before
the first gap between two beats is known (a big network's first batch under load), then a multiple
of the longest gap seen so far, never under MIN_SILENCE_S. The clock is the system's monotonic
clock, the same in both processes.
"""

from __future__ import annotations

import multiprocessing
import time
from multiprocessing.context import BaseContext

#: Seconds a busy process may go without a beat while no gap between two beats is known yet.
FIRST_BEAT_S = 20.0
#: The least silence reported as not answering, in seconds.
MIN_SILENCE_S = 5.0
#: A busy process may be silent this many times its longest gap between two beats so far.
SLOW_FACTOR = 5.0

_LAST, _BUSY, _LONGEST = range(3)


class Heartbeat:
    """Shared between the parent and the training process (pass it to the process as an argument)."""

    def __init__(self, context: BaseContext | None = None) -> None:
        self._shared = (context or multiprocessing.get_context("spawn")).RawArray("d", 3)

    # -- the training process ---------------------------------------------------------------------
    def beat(self) -> bool:
        """The process is busy and has just made progress. False, so that it can be asked before
        every optimiser step as the trainer's `stop` (the process stops on a command instead)."""
        shared, now = self._shared, time.monotonic()
        if shared[_BUSY]:
            shared[_LONGEST] = max(shared[_LONGEST], now - shared[_LAST])
        shared[_LAST] = now
        shared[_BUSY] = 1.0
        return False

    def idle(self) -> None:
        """The process waits for a command: it is not watched until its next beat."""
        self._shared[_LAST] = time.monotonic()
        self._shared[_BUSY] = 0.0

    # -- the parent -------------------------------------------------------------------------------
    def allowance(self) -> float:
        """Seconds the busy process may go without a beat."""
        longest = self._shared[_LONGEST]
        return FIRST_BEAT_S if longest <= 0 else max(MIN_SILENCE_S, SLOW_FACTOR * longest)

    def silence(self, now: float | None = None) -> float:
        """Seconds since the busy process's last beat (0 while it waits for a command)."""
        if not self._shared[_BUSY]:
            return 0.0
        return max(0.0, (time.monotonic() if now is None else now) - self._shared[_LAST])

    def silent(self, now: float | None = None) -> bool:
        """Whether the process is busy and has not beaten for longer than its allowance."""
        return self.silence(now) > self.allowance()
