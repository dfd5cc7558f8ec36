"""File → Open data set… off the GUI thread: a folder of IDX files is read and checked in a thread,
with a progress dialog whose Cancel stops the read (a 1 GiB folder took seconds, a gzip bomb too)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from actgui.core.idx import IdxError, ReadCancelled
from actgui.core.image_datasets import ImageDatasetInfo, open_idx_folder


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
    dialog = QProgressDialog(parent.tr("Reading {folder}…").format(folder=Path(folder).name), parent.tr("Cancel"),
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
