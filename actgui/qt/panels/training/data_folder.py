"""File → Open data set… off the GUI thread: a folder of IDX files is read and checked in a thread,
with a progress dialog whose Cancel stops the read (a 1 GiB folder took seconds, a gzip bomb too)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QThread, Signal
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from actgui.core.idx import IdxError, ReadCancelled
from actgui.core.image_datasets import IDX_FOLDER, ImageDatasetInfo, open_idx_folder

translate = QCoreApplication.translate


class DataFolderReader(QThread):
    """Reads the IDX folder `folder` (open_idx_folder) and emits opened(info) or failed(message);
    failed("") when cancelled. progressed(done, total) reports the file being read, in bytes."""

    progressed = Signal(int, int)
    opened = Signal(object)
    failed = Signal(str)

    def __init__(self, folder: str | Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("training.data_reader")
        self.folder = Path(folder)
        self._cancelled = threading.Event()
        self._done = self._total = 0

    def cancel(self) -> None:
        self._cancelled.set()

    def _progress(self, chunk: int, total: int) -> bool:
        if total != self._total or self._done >= total:  # the next file
            self._done, self._total = 0, total
        self._done += chunk
        self.progressed.emit(self._done, total)
        return not self._cancelled.is_set()

    def run(self) -> None:
        try:
            info = open_idx_folder(self.folder, self._progress)
        except ReadCancelled:
            self.failed.emit("")
        except (IdxError, ValueError, OSError, MemoryError) as error:
            self.failed.emit(str(error) if not isinstance(error, MemoryError) else f"{self.folder}: out of memory")
        else:
            self.opened.emit(info)


def read_data_folder(parent: QWidget, folder: str | Path, opened: Callable[[Path, ImageDatasetInfo], None],
                     failed: Callable[[str], None]) -> DataFolderReader:
    """Starts reading `folder` in a thread with a progress dialog over `parent` (shown after 300 ms);
    calls `opened(folder, info)` or `failed(message)` ("" when the user cancelled) on the GUI thread."""
    reader = DataFolderReader(folder, parent)
    reading = translate("TrainingPanel", "Reading {folder}…")
    dialog = QProgressDialog(reading.format(folder=Path(folder).name), translate("TrainingPanel", "Cancel"),
                             0, 100, parent)
    dialog.setObjectName("training.data_progress")
    dialog.setMinimumDuration(300)
    dialog.setAutoReset(False)
    dialog.setAutoClose(False)
    dialog.canceled.connect(reader.cancel)

    def show_progress(done: int, total: int) -> None:
        dialog.setValue(round(100 * done / total) if total else 0)

    def finish() -> None:
        dialog.close()
        dialog.deleteLater()
        reader.deleteLater()

    reader.progressed.connect(show_progress)
    reader.opened.connect(lambda info: opened(reader.folder, info))
    reader.failed.connect(failed)
    reader.finished.connect(finish)
    reader.start()
    return reader


class DataFolderActions:
    """The Training panel's File → Open data set…: a folder of IDX files read off the GUI thread (a
    mixin: it uses the panel's settings, `report` and `_set_settings`)."""

    def open_data(self, folder: str | Path) -> bool:
        """Takes the IDX files in `folder` as the data set; a bad folder leaves everything as it was and
        says why (False)."""
        try:
            info = open_idx_folder(folder)
        except IdxError as error:
            self.report("error", message=str(error))
            return False
        self._data_opened(Path(folder), info)
        return True

    def _data_opened(self, folder: Path, info) -> None:
        self._set_settings(data_dir=str(folder), dataset=IDX_FOLDER)
        self.report("opened", name=info.name_en, shape="×".join(str(v) for v in info.shape[1:]), classes=info.classes)

    def read_data(self, folder: str | Path):
        """Reads the IDX folder off the GUI thread, with progress and Cancel (a bad folder or Cancel
        leaves everything as it was)."""
        self._data_reader = read_data_folder(self, folder, self._data_opened,
                                             lambda message: message and self.report("error", message=message))
        return self._data_reader

    def ask_open_data(self) -> None:
        """File → Open data set…: a folder of MNIST-format IDX files."""
        title = translate("TrainingPanel", "Open data set (a folder of IDX files)")
        folder = QFileDialog.getExistingDirectory(self, title, self.settings.data_dir)
        if folder:
            self.read_data(folder)
