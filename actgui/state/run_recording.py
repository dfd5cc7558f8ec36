"""Runs trained in the window written to a run file as they train, without widgets: `RunRecording`
turns what a `RunSession` is told (a run started, its records, how it ended) into a run file under
a new name in a folder (the app's data folder), so a run from the window opens again later with
every view and scrubs as one from `actgui train --save-run` does."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from actgui.core.training.experiment import PlannedRun
from actgui.core.training.records import Record, RunInfo, RunResult
from actgui.core.training.runfile import SUFFIX, PlannedEntry, RunWriter, copy_run


class RunRecording:
    """The run file of the window's current run (or comparison) in `folder`; `error` says why when
    it cannot be written (training goes on without it)."""

    def __init__(self, folder: str | Path, flush_seconds: float = 1.0) -> None:
        self.folder = Path(folder)
        self.flush_seconds = flush_seconds
        self.writer: RunWriter | None = None
        self.path: Path | None = None  # the file of the latest run, kept after it ended
        self.error: str | None = None

    def start(self, plan: Sequence[PlannedRun], compare_by: str = "") -> None:
        """A new run file for `plan`, named after the time (never over an existing file)."""
        self.finish()
        entries = [PlannedEntry(run.value, run.label, run.color, run.config.to_dict()) for run in plan]
        stamp = time.strftime("%Y%m%d-%H%M%S")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for attempt in range(100):
                path = self.folder / f"run-{stamp}{f'-{attempt}' if attempt else ''}{SUFFIX}"
                try:
                    self.writer = RunWriter(path, entries, compare_by, self.flush_seconds)
                except FileExistsError:
                    continue
                self.path, self.error = path, None
                return
            self.error = f"{self.folder}: no free name for a run file"
        except OSError as error:
            self.writer, self.error = None, f"{self.folder}: {error.strerror or error}"

    def info(self, index: int, info: RunInfo) -> None:
        if self.writer is not None:
            self.writer.info(index, info)

    def records(self, index: int, records: Sequence[Record]) -> None:
        if self.writer is not None:
            for record in records:
                self.writer.record(index, record)

    def result(self, index: int, result: RunResult) -> None:
        if self.writer is not None:
            self.writer.result(index, result)

    def finish(self) -> None:
        """Flushes and closes the file (it stays where it is)."""
        if self.writer is not None:
            writer, self.writer = self.writer, None
            writer.close()
            if writer.error:
                self.error = writer.error

    def save_as(self, target: str | Path) -> Path:
        """The run so far under the new name `target` (what is flushed now); raises FileExistsError
        when `target` exists, ValueError when there is no run to save, OSError when it cannot be written."""
        if self.path is None:
            raise ValueError("no run has been recorded yet")
        if self.writer is not None:
            self.writer.flush()
        return copy_run(self.path, target)
