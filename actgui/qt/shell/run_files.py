"""Run files in the main window: File → Open run… and Recent runs open a run file into the Training
panel (read-only, on a timeline); File → Save run… writes the window's run so far under a new name
(texts in the MainWindow context). Every run the window trains is written as it trains into the
data folder (see RunRecording), so a saved run opens again with every view and scrubs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

translate = QCoreApplication.translate


class RunFileActions:
    """MainWindow's run files: opening (one message when a file does not open), recent runs, saving."""

    MAX_RECENT_RUNS = 8
    #: The message of the last run file that did not open or save (None: none yet).
    last_run_error: str | None = None

    def _run_filter(self) -> str:
        return translate("MainWindow", "Run files (*.actrun *.run);;All files (*)")

    def open_run_dialog(self, path: str | bool | None = None) -> None:
        """Asks for a run file (unless `path` is given; a menu action passes its checked state) and opens
        it into the Training panel."""
        if not isinstance(path, str):
            path, _ = QFileDialog.getOpenFileName(self, translate("MainWindow", "Open run"), "", self._run_filter())
            if not path:
                return
        self.open_run(path)

    def open_run(self, path: str | Path) -> bool:
        """Opens the run file at `path` into the Training panel and shows it; False (after one
        message box) when it does not open: the panel stays as it was."""
        panel = self.panels["training"]
        try:
            panel.open_run(path)
        except ValueError as error:  # RunFileError: missing, foreign, truncated, older or newer
            self.last_run_error = str(error)
            QMessageBox.warning(self, translate("MainWindow", "Open run"), str(error))
            return False
        self.tabs.setCurrentWidget(panel)
        self._remember_run(str(Path(path).resolve()))
        return True

    def save_run_dialog(self) -> None:
        """Asks for a new name and writes the Training panel's run so far under it."""
        from actgui.core.training.runfile import SUFFIX  # numpy: not while the window is built

        path, _ = QFileDialog.getSaveFileName(self, translate("MainWindow", "Save run"), f"run{SUFFIX}",
                                              self._run_filter())
        if path:
            self.save_run(path)

    def save_run(self, path: str | Path) -> bool:
        """The window's latest run (what it wrote so far) under the new name `path`; False after one
        message box when there is no run yet, the name exists or the file cannot be written."""
        recording = self.panels["training"].session.recording
        try:
            if recording is None:
                raise ValueError(translate("MainWindow", "no run has been recorded yet"))
            recording.save_as(path)
        except FileExistsError:
            return self._run_refused(translate("MainWindow", "{path} exists; give a new name (a run file is never "
                                               "written over)").format(path=path))
        except (ValueError, OSError) as error:
            return self._run_refused(str(error))
        self._remember_run(str(Path(path).resolve()))
        return True

    def _run_refused(self, message: str) -> bool:
        self.last_run_error = message
        QMessageBox.warning(self, translate("MainWindow", "Save run"), message)
        return False

    def recent_runs(self) -> list[str]:
        value = self.settings.value("runs/recent", [])
        return [value] if isinstance(value, str) else list(value or [])

    def _remember_run(self, path: str) -> None:
        recent = [path] + [p for p in self.recent_runs() if p != path]
        self.settings.setValue("runs/recent", recent[: self.MAX_RECENT_RUNS])
        self._fill_recent_runs_menu()

    def _fill_recent_runs_menu(self) -> None:
        self.recent_runs_menu.clear()
        for path in self.recent_runs():
            action = self.recent_runs_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_run(p))
        self.recent_runs_menu.setEnabled(bool(self.recent_runs()))
