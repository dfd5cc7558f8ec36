"""The presenter bar: what a lecturer touches live, above the stage — start/pause, step, stop,
reset, the speed (and a one-click slow speed to watch the first hundred steps), the data set, the
activation, the learning rate and the network's shape; then the status line and, when they apply,
the offer to restart with new settings and the cures after a divergence."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from actgui.core.activations import ACTIVATIONS
from actgui.core.datasets import DATASETS
from actgui.core.image_datasets import IDX_FOLDER, IMAGE_DATASETS, training_dataset_keys
from actgui.core.training.config import LR
from actgui.qt.base.i18n import display_name
from actgui.qt.base.widgets import StatusLabel
from actgui.qt.panels.training.widgets import button, combo, spin, translate
from actgui.state.training import SPEEDS
from actgui.state.training_session import CURE_CLIP_NORM, CURE_LR_DIVISOR, CURES

#: The speed one click away: a class can follow the first hundred steps one by one.
WATCH_SPEED = "20"


class PresenterBar(QWidget):
    """Run buttons in one row, the live settings in one more where they fit beside each other, else in two."""

    def __init__(self, panel: object) -> None:
        super().__init__()
        self.setObjectName("training.presenter")
        self.start_button = button("start", panel.start)
        self.pause_button = button("pause", panel.session.toggle_pause)
        self.step_button = button("step", panel.session.step_once)
        self.stop_button = button("stop", panel.stop)
        self.reset_button = button("reset", panel.reset)
        self.speed_combo = combo("speed", SPEEDS, length=8)
        self.watch_button = button("watch", self._watch)
        self.watch_button.setCheckable(True)
        self.settings_button = button("drawer", panel.toggle_drawer)
        self.settings_button.setCheckable(True)
        self.dataset_combo = combo("dataset", [*training_dataset_keys(), IDX_FOLDER], length=10)
        self.activation_combo = combo("activation", ACTIVATIONS.keys(), length=15)
        self.lr_spin = spin(LR, decimals=6)
        self.hidden_edit = QLineEdit()
        self.hidden_edit.setObjectName("training.hidden")
        self.hidden_edit.setMaximumWidth(140)
        self.hidden_edit.setMinimumWidth(self.hidden_edit.fontMetrics().horizontalAdvance("000,000,000") + 12)
        self.labels = {key: QLabel() for key in ("speed", "dataset", "activation", "lr", "hidden")}
        self._speed_combo_changed = panel.settings_speed
        runs = QHBoxLayout()
        for widget in (
            self.start_button,
            self.pause_button,
            self.step_button,
            self.stop_button,
            self.reset_button,
            self.labels["speed"],
            self.speed_combo,
            self.watch_button,
        ):
            runs.addWidget(widget)
        runs.addStretch(1)
        runs.addWidget(self.settings_button)
        # the live settings in one row where it fits, else in two (lecture sizes with the guide open)
        self.live_halves = (QHBoxLayout(), QHBoxLayout())
        for half, pairs in zip(self.live_halves, (
            (("dataset", self.dataset_combo), ("activation", self.activation_combo)),
            (("lr", self.lr_spin), ("hidden", self.hidden_edit)),
        ), strict=True):
            for key, widget in pairs:
                half.addWidget(self.labels[key])
                half.addWidget(widget, 1 if key != "hidden" else 0)
        self.live_halves[1].addStretch(1)
        self.live = QBoxLayout(QBoxLayout.TopToBottom)
        self.live.setSpacing(2)
        for half in self.live_halves:
            self.live.addLayout(half)
        rows = QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(2)
        rows.addLayout(runs)
        rows.addLayout(self.live)

    def minimumSizeHint(self) -> QSize:
        """As wide as the run buttons or the wider half of the live settings (one row or two, as
        `resizeEvent` decides: the bar never asks for the width of the single row)."""
        hint = super().minimumSizeHint()
        return QSize(max(self.layout().itemAt(0).minimumSize().width(),
                         *(half.minimumSize().width() for half in self.live_halves)), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        one_row = sum(half.sizeHint().width() for half in self.live_halves) + self.live.spacing()
        direction = QBoxLayout.LeftToRight if event.size().width() >= one_row else QBoxLayout.TopToBottom
        if direction != self.live.direction():
            self.live.setDirection(direction)
            self.updateGeometry()
        super().resizeEvent(event)

    def _watch(self) -> None:
        """Slow (one step drawn at a time, WATCH_SPEED a second) or back to full speed."""
        self._speed_combo_changed(WATCH_SPEED if self.watch_button.isChecked() else "full")

    def show_speed(self, speed: str) -> None:
        self.watch_button.setChecked(speed == WATCH_SPEED)

    def show_run_state(self, running: bool, paused: bool) -> None:
        self.start_button.setEnabled(not running)
        self.pause_button.setEnabled(running)
        self.stop_button.setEnabled(running)
        self.step_button.setEnabled(not running or paused)
        self.pause_button.setText(
            translate("TrainingPanel", "Resume") if paused else translate("TrainingPanel", "Pause")
        )

    def retranslate(self, data_dir: str) -> None:
        self.start_button.setText(translate("TrainingPanel", "Start"))
        self.step_button.setText(translate("TrainingPanel", "Step"))
        self.stop_button.setText(translate("TrainingPanel", "Stop"))
        self.reset_button.setText(translate("TrainingPanel", "Reset"))
        self.start_button.setToolTip(translate("TrainingPanel", "Start a run (Space or Page Down with a clicker)"))
        self.step_button.setToolTip(translate("TrainingPanel", "One optimiser step (Page Up or B with a clicker)"))
        self.watch_button.setText(translate("TrainingPanel", "Slow"))
        self.watch_button.setToolTip(
            translate(
                "TrainingPanel", "{steps} steps a second, each one drawn: the first hundred steps in five seconds"
            ).format(steps=WATCH_SPEED)
        )
        self.settings_button.setText(translate("TrainingPanel", "All settings"))
        self.settings_button.setToolTip(translate("TrainingPanel", "Opens or closes the pane with every other setting"))
        texts = {
            "speed": translate("TrainingPanel", "Speed"),
            "dataset": translate("TrainingPanel", "Data set"),
            "activation": translate("TrainingPanel", "Activation"),
            "lr": translate("TrainingPanel", "Learning rate"),
            "hidden": translate("TrainingPanel", "Hidden layers (units)"),
        }
        for key, text in texts.items():
            self.labels[key].setText(text)
        speeds = {
            "step": translate("TrainingPanel", "one step at a time"),
            "1": translate("TrainingPanel", "1 step/s"),
            "5": translate("TrainingPanel", "5 steps/s"),
            "20": translate("TrainingPanel", "20 steps/s"),
            "100": translate("TrainingPanel", "100 steps/s"),
            "full": translate("TrainingPanel", "full speed"),
        }
        for index, key in enumerate(SPEEDS):
            self.speed_combo.setItemText(index, speeds[key])
        self.speed_combo.setToolTip(translate("TrainingPanel", "Below full speed every step is recorded and drawn"))
        for index in range(self.dataset_combo.count()):
            key = self.dataset_combo.itemData(index)
            if key == IDX_FOLDER:
                folder = Path(data_dir).name if data_dir else ""
                text = (
                    translate("TrainingPanel", "IDX folder: {name}").format(name=folder)
                    if folder
                    else translate("TrainingPanel", "IDX folder")
                )
            else:
                text = display_name(DATASETS.get(key) if key in DATASETS else IMAGE_DATASETS.get(key))
            self.dataset_combo.setItemText(index, text)
        for index, activation in enumerate(ACTIVATIONS):
            self.activation_combo.setItemText(index, display_name(activation))


class RunNotices(QWidget):
    """The status line, the restart offer (a setting that needs a new network changed mid-run), the
    cures after a divergence (each one click: change the setting and train again) and, while the
    training process does not answer, the offer to kill and restart it."""

    def __init__(self, restart: Callable[[], object], cure: Callable[[str], object],
                 kill: Callable[[], object] = lambda: None) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.status_label = StatusLabel(lines=2)
        self.status_label.setObjectName("training.status")
        self.status_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.restart_bar = QWidget()
        restart_layout = QHBoxLayout(self.restart_bar)
        restart_layout.setContentsMargins(0, 0, 0, 0)
        self.restart_note = QLabel()
        self.restart_note.setObjectName("training.restart_note")
        self.restart_note.setWordWrap(True)
        self.restart_button = button("restart", restart)
        restart_layout.addWidget(self.restart_note, 1)
        restart_layout.addWidget(self.restart_button)
        self.restart_bar.setVisible(False)
        self.cures_bar = QWidget()
        cures = QGridLayout(self.cures_bar)
        cures.setContentsMargins(0, 0, 0, 0)
        self.cure_buttons: dict[str, QPushButton] = {}
        for index, kind in enumerate(CURES):
            self.cure_buttons[kind] = button(f"cure_{kind}", lambda kind=kind: cure(kind))
            cures.addWidget(self.cure_buttons[kind], 0, index)
        self.cures_bar.setVisible(False)
        self.stalled_bar = QWidget()
        stalled_layout = QHBoxLayout(self.stalled_bar)
        stalled_layout.setContentsMargins(0, 0, 0, 0)
        self.stalled_note = QLabel()
        self.stalled_note.setObjectName("training.stalled_note")
        self.stalled_note.setWordWrap(True)
        self.stalled_note.setStyleSheet("color: #d62728; font-weight: bold;")
        self.kill_button = button("kill_process", kill)
        stalled_layout.addWidget(self.stalled_note, 1)
        stalled_layout.addWidget(self.kill_button)
        self.stalled_bar.setVisible(False)
        self._silent_seconds = 0.0
        layout.addWidget(self.status_label)
        layout.addWidget(self.stalled_bar)
        layout.addWidget(self.restart_bar)
        layout.addWidget(self.cures_bar)

    def retranslate(self) -> None:
        self.restart_note.setText(
            translate(
                "TrainingPanel",
                "This change needs a new network: the running one keeps its "
                "settings. Learning rate, momentum, weight decay, clipping and batch "
                "size change the running network at once.",
            )
        )
        self.restart_button.setText(translate("TrainingPanel", "Restart with these settings"))
        cures = self.cure_buttons
        cures["clip"].setText(translate("TrainingPanel", "Clip gradients"))
        cures["clip"].setToolTip(
            translate("TrainingPanel", "Train again with the gradient norm clipped at {norm:g}").format(
                norm=CURE_CLIP_NORM
            )
        )
        cures["batch_norm"].setText(translate("TrainingPanel", "Batch norm"))
        cures["batch_norm"].setToolTip(translate("TrainingPanel", "Train again with batch normalisation"))
        cures["lr"].setText(translate("TrainingPanel", "Learning rate ÷ {divisor:g}").format(divisor=CURE_LR_DIVISOR))
        cures["lr"].setToolTip(translate("TrainingPanel", "Train again with a smaller learning rate"))
        self.kill_button.setText(translate("TrainingPanel", "Kill and restart"))
        self.show_stalled(self._silent_seconds)

    def show_stalled(self, seconds: float) -> None:
        """The training process has not answered for `seconds` while busy (0: it answers)."""
        self._silent_seconds = seconds
        self.stalled_bar.setVisible(seconds > 0)
        self.stalled_note.setText(translate(
            "TrainingPanel", "The training process has stopped answering (nothing for {seconds:.0f} s). A very "
            "large step may take this long; else kill it and start a fresh one.").format(seconds=seconds))

    def show_state(self, running: bool, restart_pending: bool, diverged: bool) -> None:
        self.restart_bar.setVisible(running and restart_pending)
        self.cures_bar.setVisible(diverged)
