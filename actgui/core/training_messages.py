"""The messages between the GUI and the training process (actgui.core.training_process), pickled
over two pipes.

Parent → child (control pipe): Start, Pause, Resume, Step (one optimiser step while paused), Stop,
Quit. Child → parent (data pipe): Ready, Started, Records (batched), Paused, Finished, Failed.
ProcessGone never crosses a pipe: the relay thread reports with it that the process went away.
"""

from __future__ import annotations

from dataclasses import dataclass

from actgui.core.training import Record, RunInfo, RunResult


# -- parent → child ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Start:
    """Train `config` (TrainingConfig.to_dict output) as run `run_id`, paused from the start or not."""

    run_id: int
    config: dict
    paused: bool = False


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


Command = Start | Pause | Resume | Step | Stop | Quit


# -- child → parent ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Ready:
    """The process has imported torch and waits for a Start."""

    pid: int
    threads: int


@dataclass(frozen=True, slots=True)
class Started:
    """Run `run_id` is built; `info` describes what its records hold."""

    run_id: int
    info: RunInfo


@dataclass(frozen=True, slots=True)
class Records:
    """The records of run `run_id` since the last batch (at most BATCH_HZ batches a second)."""

    run_id: int
    records: list[Record]


@dataclass(frozen=True, slots=True)
class Paused:
    """Run `run_id` was paused (True) or resumed (False)."""

    run_id: int
    paused: bool


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
class ProcessGone:
    """The process's pipe closed (sent by the relay thread, not the process); `relay` is the thread
    that read it, so the end of a process already replaced is told apart from the current one's."""

    relay: object = None


Report = Ready | Started | Records | Paused | Finished | Failed | ProcessGone


def merge_records(messages: list[Report]) -> list[Report]:
    """Joins consecutive Records of one run, so the GUI draws once per batch."""
    merged: list[Report] = []
    for message in messages:
        previous = merged[-1] if merged else None
        if isinstance(message, Records) and isinstance(previous, Records) and previous.run_id == message.run_id:
            merged[-1] = Records(message.run_id, previous.records + message.records)
        else:
            merged.append(message)
    return merged
