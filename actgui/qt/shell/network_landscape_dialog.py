"""File → Network loss landscape…: the loss landscape of a network trained with `actgui train
--weights --out RUN.json`, computed in a worker thread (never on the GUI thread) with a progress bar
and Cancel, and drawn with the same figure the CLI draws."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from actgui.core.network_landscape import (
    DEFAULT_RESOLUTION,
    MAX_RESOLUTION,
    PCA,
    RANDOM,
    LandscapeCancelled,
    LandscapeSettings,
    NetworkLandscape,
    TrainedNetwork,
    compute_landscape,
    read_run_file,
)
from actgui.qt.base.theme import Theme
from actgui.qt.figures.network_landscape import NetworkLandscapeFigure


class LandscapeWorker(QThread):
    """Reads the run file, rebuilds the network and computes its landscape off the GUI thread."""

    progressed = Signal(int, int)
    computed = Signal(object)
    failed = Signal(str)

    def __init__(self, path: Path, settings: LandscapeSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path, self.settings = path, settings
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    def run(self) -> None:
        try:
            config, trajectory = read_run_file(self.path)
            network = TrainedNetwork.from_run(config, trajectory)
            landscape = compute_landscape(network, self.settings, self.progressed.emit, lambda: self._cancelled)
        except LandscapeCancelled:
            self.failed.emit("")
            return
        except (ValueError, RuntimeError) as error:
            self.failed.emit(str(error))
            return
        self.computed.emit(landscape)


class NetworkLandscapeDialog(QDialog):
    """Choose a run file and the plane; Compute runs the worker, the figure shows the result."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("network_landscape_dialog")
        self.setWindowTitle(self.tr("Network loss landscape"))
        self.worker: LandscapeWorker | None = None
        self.landscape: NetworkLandscape | None = None
        self.path_edit = QLineEdit(str(Path.home() / "run.json"))
        self.path_edit.setObjectName("network.path")
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        self.directions_combo = QComboBox()
        self.directions_combo.setObjectName("network.directions")
        self.directions_combo.addItem(self.tr("Two filter-normalised random directions"), RANDOM)
        self.directions_combo.addItem(self.tr("The trajectory's first two PCA directions"), PCA)
        self.resolution_spin = QSpinBox()
        self.resolution_spin.setObjectName("network.resolution")
        self.resolution_spin.setRange(3, MAX_RESOLUTION)
        self.resolution_spin.setValue(DEFAULT_RESOLUTION)
        self.progress = QProgressBar()
        self.progress.setObjectName("network.progress")
        self.message = QLabel(self.tr("A run written by `actgui train --weights --out RUN.json`."))
        self.message.setObjectName("network.message")
        self.message.setWordWrap(True)
        self.compute_button = QPushButton(self.tr("Compute"))
        self.compute_button.setObjectName("network.compute")
        self.compute_button.clicked.connect(self.compute)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("network.cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.figure = NetworkLandscapeFigure(theme)
        self.figure.widget.setMinimumSize(720, 360)
        form = QFormLayout()
        form.addRow(self.tr("Run file"), path_row)
        form.addRow(self.tr("Plane"), self.directions_combo)
        form.addRow(self.tr("Grid points a side"), self.resolution_spin)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.compute_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.figure.widget, 1)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a run file"), self.path_edit.text(),
                                              self.tr("Run files (*.json)"))
        if path:
            self.path_edit.setText(path)

    @property
    def running(self) -> bool:
        return self.worker is not None

    def compute(self) -> bool:
        """Starts the worker; False when one is already running."""
        if self.running:
            return False
        settings = LandscapeSettings(self.directions_combo.currentData(), self.resolution_spin.value())
        self.worker = LandscapeWorker(Path(self.path_edit.text()), settings, self)
        self.worker.progressed.connect(self._progressed)
        self.worker.computed.connect(self._computed)
        self.worker.failed.connect(self._failed)
        self.worker.finished.connect(self._finished)
        self.progress.setRange(0, 0)
        self.compute_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Rebuilding the network and computing the loss…"))
        self.worker.start()
        return True

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _computed(self, landscape: NetworkLandscape) -> None:
        self.landscape = landscape
        self.figure.show(landscape)
        self.message.setText(self.tr("Loss at the trained weights {loss}; {points} points in {seconds} s.").format(
            loss=f"{landscape.centre_loss:.4g}", points=landscape.loss.size, seconds=f"{landscape.seconds:.1f}"))

    def _failed(self, reason: str) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        if reason:
            self.message.setStyleSheet("color: #d62728;")
            self.message.setText(self.tr("Not computed: {reason}").format(reason=reason))
        else:
            self.message.setText(self.tr("Cancelled."))

    def _finished(self) -> None:
        self.worker.wait()
        self.worker.deleteLater()
        self.worker = None
        self.compute_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def done(self, result: int) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.worker.wait()
        super().done(result)
