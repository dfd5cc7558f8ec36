"""An opened run file in the Training panel, without widgets: `RunReplay` keeps the timeline's
position, plays it back at a chosen speed and says which records are visible; the panel renders the
histories it gives and drives `tick` from a timer. Read-only: nothing here writes the file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from actgui.core.training.config import TrainingConfig
from actgui.core.training.experiment import PlannedRun
from actgui.core.training.history import RunHistory
from actgui.core.training.runfile import RunWeights, read_run
from actgui.core.training.timeline import RunTimeline

#: Playback speeds: timeline positions per tick.
REPLAY_SPEEDS = (1, 2, 5, 20)
#: Milliseconds between two ticks while playing.
TICK_MS = 100

#: What a subscriber is told: "position" (the visible records changed), "playing" (play or pause).
ReplayChange = str


class RunReplay:
    """A run file's runs as they stood at one position of its timeline (every recorded step of any
    run); opens at the last position, paused."""

    def __init__(self, timeline: RunTimeline) -> None:
        self.timeline = timeline
        self.position = len(timeline.steps) - 1
        self.playing = False
        self.speed = REPLAY_SPEEDS[0]
        self._visible: tuple[int, list[RunHistory]] | None = None
        self._listeners: list[Callable[[ReplayChange], None]] = []

    @classmethod
    def open(cls, path: str | Path) -> RunReplay:
        """The run file at `path`; raises RunFileError (a ValueError) with one message for a missing,
        foreign, truncated, older or newer file, and ValueError for one without records yet."""
        return cls(RunTimeline(read_run(path, keep_records=True)))

    # -- subscribers ---------------------------------------------------------------------------
    def subscribe(self, listener: Callable[[ReplayChange], None]) -> None:
        self._listeners.append(listener)

    def _tell(self, change: ReplayChange) -> None:
        for listener in self._listeners:
            listener(change)

    # -- what the file holds ---------------------------------------------------------------------
    @property
    def path(self) -> Path:
        return self.timeline.document.path

    @property
    def notes(self) -> list[str]:
        return list(self.timeline.document.notes)

    @property
    def last_position(self) -> int:
        return len(self.timeline.steps) - 1

    @property
    def step(self) -> int:
        """The recorded step at the current position."""
        return self.timeline.steps[self.position]

    @property
    def last_step(self) -> int:
        return self.timeline.last

    @property
    def compare_by(self) -> str:
        return self.timeline.document.compare_by

    def plan(self) -> list[PlannedRun]:
        """The file's runs that have records, as the live panel plans them (their configs checked);
        raises ValueError for settings this version does not know."""
        document = self.timeline.document
        kept = [entry for entry, history, records in zip(document.plan, document.histories, document.records,
                                                          strict=True) if history is not None and records]
        return [PlannedRun(TrainingConfig.from_dict(entry.config), entry.value, entry.label, entry.color)
                for entry in kept]

    def weights(self) -> RunWeights | None:
        """The last weights of the first run that has any (None when the file holds none)."""
        weights = self.timeline.document.weights
        return weights[min(weights)] if weights else None

    # -- the timeline ----------------------------------------------------------------------------
    def histories(self) -> list[RunHistory]:
        """Every run's history with the records up to the current step (rebuilt once per position)."""
        if self._visible is None or self._visible[0] != self.position:
            self._visible = (self.position, self.timeline.at(self.step))
        return self._visible[1]

    def seek(self, position: int) -> None:
        """Moves to `position` (clamped to the timeline)."""
        position = max(0, min(int(position), self.last_position))
        if position != self.position:
            self.position = position
            self._tell("position")

    def seek_step(self, step: int) -> None:
        """Moves to the latest recorded step at or before `step`."""
        self.seek(self.timeline.position(step))

    def set_speed(self, speed: int) -> None:
        if speed not in REPLAY_SPEEDS:
            raise ValueError(f"no replay speed {speed} (use {', '.join(map(str, REPLAY_SPEEDS))})")
        self.speed = speed

    def play(self) -> None:
        """Plays from the current position (from the start when at the end)."""
        if self.playing:
            return
        if self.position == self.last_position:
            self.seek(0)
        self.playing = True
        self._tell("playing")

    def pause(self) -> None:
        if self.playing:
            self.playing = False
            self._tell("playing")

    def toggle_play(self) -> None:
        self.pause() if self.playing else self.play()

    def tick(self) -> None:
        """One tick of playback: `speed` positions on; pauses at the end."""
        if not self.playing:
            return
        self.seek(self.position + self.speed)
        if self.position == self.last_position:
            self.pause()
