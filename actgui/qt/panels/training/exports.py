"""What the Training panel writes: the runs' metrics (CSV, JSON), the comparison's results table,
the custom points (CSV) and any figure, drawn afresh with what the live one shows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from actgui.core.files import describe
from actgui.core.table import Table
from actgui.core.training.experiment import merge_runs, runs_json, write_json
from actgui.qt.base.export import ExportError, check_writable
from actgui.qt.panels.training.widgets import translate


class TrainingExports:
    """The panel's exports; the run comes from `panel.session`, the status goes to `panel.report`."""

    def __init__(self, panel: QWidget) -> None:
        self.panel = panel

    def run_table(self) -> Table:
        """Every metric column of every shown run (with a leading `run` column when comparing)."""
        runs = self.panel.session.runs
        if not runs:
            raise ExportError(translate("TrainingPanel", "nothing to export yet: start a run first"))
        try:
            return merge_runs(runs)
        except ValueError as error:
            raise ExportError(translate("TrainingPanel", str(error))) from None

    def export_csv(self, path: str | Path) -> Path:
        """Writes the runs' metrics as CSV; raises ExportError with a message for the user."""
        return self._write_table(self.run_table(), Path(path))

    def export_json(self, path: str | Path) -> Path:
        """Writes config and metrics of every shown run as JSON; raises ExportError."""
        path = Path(path)
        runs = self.panel.session.runs
        if not runs:
            raise ExportError(translate("TrainingPanel", "nothing to export yet: start a run first"))
        check_writable(path)
        try:
            write_json(path, runs_json(runs, app="actgui", panel=self.panel.key))
        except OSError as error:
            raise ExportError(describe(error, path)) from None
        return path

    def results(self) -> Table:
        """The comparison's results table (one row per compared value); raises ExportError before one."""
        table = self.panel.session.results
        if table is None:
            raise ExportError(translate("TrainingPanel", "no results yet: run a comparison first"))
        return table

    def export_results(self, path: str | Path) -> Path:
        """Writes the results table as CSV; raises ExportError with a message for the user."""
        return self._write_table(self.results(), Path(path))

    @staticmethod
    def _write_table(table: Table, path: Path) -> Path:
        check_writable(path)
        try:
            table.write_csv(path)
        except OSError as error:
            raise ExportError(describe(error, path)) from None
        return path

    def ask(self, suffix: str, write: Callable[[str], Path]) -> None:
        """Asks where to write, writes, and reports the outcome on the status line."""
        name, _ = QFileDialog.getSaveFileName(
            self.panel, translate("TrainingPanel", "Export run"), f"training.{suffix}", f"{suffix.upper()} (*.{suffix})"
        )
        if not name:
            return
        try:
            path = write(name)
        except ExportError as error:
            self.panel.report("error", message=str(error))
            return
        self.panel.report("exported", path=str(path))

    def ask_export_csv(self) -> None:
        self.ask("csv", self.export_csv)

    def ask_export_json(self) -> None:
        self.ask("json", self.export_json)

    def ask_export_results(self) -> None:
        self.ask("csv", self.export_results)
