"""The messages between the GUI and the training process (actgui.core.training.process), pickled
over two pipes.

Parent → child (control pipe): Start (one run, or several trained in lockstep), Pause, Resume, Step
(one optimiser step while paused), Speed, Adjust (live settings), Stop, Quit, ComputeLandscape (the
loss landscape of a network of the last run), CancelLandscape. Child → parent (data pipe): Ready,
Started (per run), Records (batched, tagged by run), Adjusted, Paused, Ended (one of several runs),
Finished, Failed, LandscapeProgress, LandscapeComputed, LandscapeFailed.
ProcessGone never crosses a pipe: the relay thread reports with it that the process went away.
"""

from __future__ import annotations

from dataclasses import dataclass

from actgui.core.network_landscape import LandscapeSettings, NetworkLandscape
from actgui.core.training.records import Record, RunInfo, RunResult

# -- parent → child ------------------------------------------------------------------------------
#: Speed for "as fast as possible" (steps per second).
FULL_SPEED = 0.0


@dataclass(frozen=True, slots=True)
class Start:
    """Train `configs` (TrainingConfig.to_dict outputs; several are trained in lockstep, indexed
    in order) as run `run_id`, paused from the start or not, at `speed` steps per second; `weights`
    (names, shapes, flat vector, buffers) per run, or None, start a network from recorded weights."""

    run_id: int
    configs: tuple[dict, ...]
    paused: bool = False
    speed: float = FULL_SPEED
    weights: tuple[tuple | None, ...] = ()


@dataclass(frozen=True, slots=True)
class Speed:
    """Train at most `steps_per_second` optimiser steps a second, each one recorded (FULL_SPEED:
    as fast as possible, recorded every record_every steps)."""

    steps_per_second: float


@dataclass(frozen=True, slots=True)
class Adjust:
    """Apply live settings (a subset of lr, momentum, weight_decay, clip_norm, batch_size) to the
    running networks at once."""

    changes: dict


@dataclass(frozen=True, slots=True)
class Pause:
    """Pause the active run."""


@dataclass(frozen=True, slots=True)
class Resume:
    """Resume the paused run."""


@dataclass(frozen=True, slots=True)
class Step:
    """One optimiser step of the paused run."""


@dataclass(frozen=True, slots=True)
class Stop:
    """End the active run (a Finished with status "stopped" follows)."""


@dataclass(frozen=True, slots=True)
class Quit:
    """End the process."""


@dataclass(frozen=True, slots=True)
class ComputeLandscape:
    """Compute the loss landscape (request `request_id`) of network `index` of run `run_id`, the
    last run, once it has ended (or with `run_file`, of run `index` of that run file, from its last
    weights): LandscapeProgress messages, then LandscapeComputed or LandscapeFailed."""

    request_id: int
    run_id: int
    settings: LandscapeSettings
    index: int = 0
    run_file: str = ""


@dataclass(frozen=True, slots=True)
class CancelLandscape:
    """Stop the landscape being computed (a LandscapeFailed with an empty message follows)."""


Command = Start | Pause | Resume | Step | Speed | Adjust | Stop | Quit | ComputeLandscape | CancelLandscape


# -- child → parent ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Ready:
    """The process has imported torch and waits for a Start."""

    pid: int
    threads: int


@dataclass(frozen=True, slots=True)
class Started:
    """Network `index` of run `run_id` is built; `info` describes what its records hold."""

    run_id: int
    info: RunInfo
    index: int = 0


@dataclass(frozen=True, slots=True)
class Records:
    """The records of network `index` of run `run_id` since the last batch (at most BATCH_HZ
    batches a second)."""

    run_id: int
    records: list[Record]
    index: int = 0


@dataclass(frozen=True, slots=True)
class Adjusted:
    """Live settings `changes` (as applied) took effect after `step` optimiser steps of run `run_id`;
    `message` says why nothing changed when they were refused."""

    run_id: int
    step: int
    changes: dict
    message: str = ""


@dataclass(frozen=True, slots=True)
class Paused:
    """Run `run_id` was paused (True) or resumed (False)."""

    run_id: int
    paused: bool


@dataclass(frozen=True, slots=True)
class Ended:
    """Network `index` of a lockstep run `run_id` ended (finished or diverged); the others go on."""

    run_id: int
    index: int
    result: RunResult


@dataclass(frozen=True, slots=True)
class Finished:
    """Run `run_id` ended: finished, stopped or diverged."""

    run_id: int
    result: RunResult


@dataclass(frozen=True, slots=True)
class Failed:
    """Run `run_id` could not start or broke off; `message` says why."""

    run_id: int
    message: str


@dataclass(frozen=True, slots=True)
class LandscapeProgress:
    """`done` of `total` loss evaluations of landscape request `request_id`."""

    request_id: int
    done: int
    total: int


@dataclass(frozen=True, slots=True)
class LandscapeComputed:
    """The landscape of request `request_id`."""

    request_id: int
    landscape: NetworkLandscape


@dataclass(frozen=True, slots=True)
class LandscapeFailed:
    """Request `request_id` gave no landscape: `message` says why, empty when it was cancelled."""

    request_id: int
    message: str


@dataclass(frozen=True, slots=True)
class ProcessGone:
    """The process's pipe closed (sent by the relay thread, not the process); `relay` is the thread
    that read it, so the end of a process already replaced is told apart from the current one's."""

    relay: object = None


Report = (Ready | Started | Records | Adjusted | Paused | Ended | Finished | Failed | LandscapeProgress
          | LandscapeComputed | LandscapeFailed | ProcessGone)


def merge_records(messages: list[Report]) -> list[Report]:
    """Joins consecutive Records of one network of one run, so the GUI draws once per batch, and
    keeps only the latest of consecutive LandscapeProgress of one request."""
    merged: list[Report] = []
    for message in messages:
        previous = merged[-1] if merged else None
        if (isinstance(message, LandscapeProgress) and isinstance(previous, LandscapeProgress)
                and previous.request_id == message.request_id):
            merged[-1] = message
        elif (isinstance(message, Records) and isinstance(previous, Records) and previous.run_id == message.run_id
                and previous.index == message.index):
            merged[-1] = Records(message.run_id, previous.records + message.records, message.index)
        else:
            merged.append(message)
    return merged
