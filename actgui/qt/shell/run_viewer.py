"""File → Open run…: a run file (from `actgui train --save-run`) opened read-only, its curves on a
timeline: drag the slider to any recorded step, or play the run back at a chosen speed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from actgui.core.training.runfile import read_run
from actgui.core.training.timeline import RunTimeline
from actgui.qt.base.theme import Theme
from actgui.qt.figures.images import ShootoutFigure, shootout_series
from actgui.qt.figures.training import LossFigure

#: Playback speeds: timeline positions per tick of PLAY_INTERVAL_MS.
SPEEDS = (1, 2, 5, 20)
PLAY_INTERVAL_MS = 100


def open_run(path: str | Path) -> RunTimeline:
    """The run file at `path` on a timeline; raises ValueError (RunFileError) with one message."""
    return RunTimeline(read_run(path, keep_records=True))


class RunViewer(QDialog):
    """The runs of a run file as they stood at the slider's step; Play steps through the records."""

    def __init__(self, timeline: RunTimeline, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("run_viewer")
        self.timeline = timeline
        self.setWindowTitle(self.tr("Run: %1").replace("%1", timeline.document.path.name))
        images = any(history.epochs for history, _ in timeline.runs)
        self.figure: ShootoutFigure | LossFigure = ShootoutFigure(theme) if images else LossFigure(theme)
        self.figure.widget.setMinimumSize(720, 360)
        self.slider = QSlider(Qt.Horizontal)
        self.slider.setObjectName("run_viewer.position")
        self.slider.setRange(0, len(timeline.steps) - 1)
        self.slider.valueChanged.connect(self.show_position)
        self.step_label = QLabel()
        self.play_button = QPushButton(self.tr("Play"))
        self.play_button.setObjectName("run_viewer.play")
        self.play_button.clicked.connect(self.toggle_play)
        self.speed_combo = QComboBox()
        self.speed_combo.setObjectName("run_viewer.speed")
        for speed in SPEEDS:
            self.speed_combo.addItem(f"{speed}×", speed)
        self.timer = QTimer(self)
        self.timer.setInterval(PLAY_INTERVAL_MS)
        self.timer.timeout.connect(self._tick)
        controls = QHBoxLayout()
        controls.addWidget(self.play_button)
        controls.addWidget(self.speed_combo)
        controls.addWidget(self.slider, 1)
        controls.addWidget(self.step_label)
        layout = QVBoxLayout(self)
        notes = QLabel("\n".join(timeline.document.notes))
        notes.setVisible(bool(timeline.document.notes))
        notes.setWordWrap(True)
        layout.addWidget(notes)
        layout.addWidget(self.figure.widget, 1)
        layout.addLayout(controls)
        self.slider.setValue(self.slider.maximum())
        self.show_position(self.slider.value())

    def show_position(self, position: int) -> None:
        step = self.timeline.steps[position]
        histories = self.timeline.at(step)
        if isinstance(self.figure, ShootoutFigure):
            self.figure.show(shootout_series(histories))
        else:
            self.figure.show(histories, log_y=True)
        self.step_label.setText(self.tr("step %1 of %2").replace("%1", str(step)).replace(
            "%2", str(self.timeline.last)))

    def toggle_play(self) -> None:
        if self.timer.isActive():
            self.timer.stop()
            self.play_button.setText(self.tr("Play"))
            return
        if self.slider.value() == self.slider.maximum():
            self.slider.setValue(0)
        self.timer.start()
        self.play_button.setText(self.tr("Pause"))

    def _tick(self) -> None:
        position = min(self.slider.value() + int(self.speed_combo.currentData()), self.slider.maximum())
        self.slider.setValue(position)
        if position == self.slider.maximum():
            self.toggle_play()
