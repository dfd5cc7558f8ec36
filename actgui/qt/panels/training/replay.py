"""An opened run file in the Training panel: a timeline bar under the presenter bar (Play, the speed,
a slider over every recorded step, "Continue training", "Run a live run beside it", Close) while the
stage shows the file's runs, read-only, with every view a live run has. The timeline's position and
playback are a widget-free `RunReplay`; this bar renders it and ticks it from a timer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

from actgui.core.training.experiment import PlannedRun
from actgui.qt.panels.training.widgets import translate
from actgui.state.run_replay import REPLAY_SPEEDS, TICK_MS, RunReplay


class ReplayBar(QWidget):
    """The opened run's timeline; hidden while no run file is open. A live run started from the
    panel closes it (the opened runs stay drawn faded as "before")."""

    def __init__(self, panel: object) -> None:
        super().__init__()
        self.setObjectName("training.replay")
        self.panel = panel
        self.replay: RunReplay | None = None
        self.plan: list[PlannedRun] = []
        self.title_label = QLabel()
        self.play_button = self._button("play", self.toggle_play)
        self.speed_combo = QComboBox()
        self.speed_combo.setObjectName("training.replay.speed")
        for speed in REPLAY_SPEEDS:
            self.speed_combo.addItem(f"{speed}×", speed)
        self.speed_combo.currentIndexChanged.connect(self._speed_chosen)
        self.slider = QSlider(Qt.Horizontal)
        self.slider.setObjectName("training.replay.position")
        self.slider.valueChanged.connect(self._slid)
        self.step_label = QLabel()
        self.continue_button = self._button("continue", self.continue_training)
        self.beside_button = self._button("beside", self.run_beside)
        self.close_button = self._button("close", self.close_run)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.title_label, self.play_button, self.speed_combo):
            row.addWidget(widget)
        row.addWidget(self.slider, 1)
        for widget in (self.step_label, self.continue_button, self.beside_button, self.close_button):
            row.addWidget(widget)
        panel.session.subscribe(self._session_changed)
        self.setVisible(False)
        self.retranslate()

    def _button(self, name: str, slot) -> QPushButton:
        button = QPushButton()
        button.setObjectName(f"training.replay.{name}")
        button.clicked.connect(slot)
        return button

    def retranslate(self) -> None:
        playing = self.replay is not None and self.replay.playing
        self.play_button.setText(translate("TrainingPanel", "Pause") if playing else translate("TrainingPanel", "Play"))
        self.continue_button.setText(translate("TrainingPanel", "Continue training"))
        self.continue_button.setToolTip(translate(
            "TrainingPanel", "Train on from the run's settings, its network starting from the file's last weights"))
        self.beside_button.setText(translate("TrainingPanel", "Run a live run beside it"))
        self.beside_button.setToolTip(translate(
            "TrainingPanel", "Train the same settings live; the opened run stays drawn beside it, faded"))
        self.close_button.setText(translate("TrainingPanel", "Close run"))
        self._show_step()

    # -- opening and closing ---------------------------------------------------------------------
    def open(self, path: str | Path) -> RunReplay:
        """Opens the run file at `path` into the panel; raises ValueError (one message) for a file
        that does not open or while a run trains: the panel stays as it was."""
        session = self.panel.session
        if session.running:
            raise ValueError(translate("TrainingPanel", "Stop the run in progress before opening a run file."))
        replay = RunReplay.open(path)
        plan = replay.plan()
        self.close_run()
        self.replay, self.plan = replay, plan
        replay.subscribe(self._replay_changed)
        with QSignalBlocker(self.slider):
            self.slider.setRange(0, replay.last_position)
            self.slider.setValue(replay.position)
        self.continue_button.setEnabled(replay.weights() is not None)
        self.title_label.setText(replay.path.name)
        self.title_label.setToolTip(str(replay.path))
        self.setVisible(True)
        self._show()
        self._offer_network()
        return replay

    def _offer_network(self) -> None:
        """The Landscape panel's "network from the Training panel": the opened run's last weights."""
        offer, replay = self.panel.offer, self.replay
        weights = replay.timeline.document.weights if replay is not None else {}
        if offer is None or not weights:
            return
        index = min(weights)
        history = replay.timeline.document.histories[index]
        if history is not None:
            offer.offer_file(str(replay.path), index, history)

    def close_run(self) -> None:
        """Closes the opened run (what it shows stays until the next run or Reset)."""
        self.timer.stop()
        self.replay = None
        self.setVisible(False)

    def _session_changed(self, change: str, argument: object) -> None:
        if change == "runs" and self.replay is not None and self.panel.session.running:
            self.close_run()  # a live run replaced the opened one, which stays drawn as "before"

    # -- the timeline ----------------------------------------------------------------------------
    def toggle_play(self) -> None:
        if self.replay is not None:
            self.replay.toggle_play()

    def _speed_chosen(self) -> None:
        if self.replay is not None:
            self.replay.set_speed(int(self.speed_combo.currentData()))

    def _slid(self, position: int) -> None:
        if self.replay is not None:
            self.replay.seek(position)

    def _tick(self) -> None:
        if self.replay is not None:
            self.replay.tick()

    def _replay_changed(self, change: str) -> None:
        replay = self.replay
        if replay is None:
            return
        if change == "position":
            with QSignalBlocker(self.slider):
                self.slider.setValue(replay.position)
            self._show()
        else:
            self.timer.start() if replay.playing else self.timer.stop()
            self.retranslate()

    def _show(self) -> None:
        replay = self.replay
        if replay is None:
            return
        self.panel.session.show_opened(replay.histories(), self.plan, replay.compare_by, replay.path.name,
                                       replay.step, replay.last_step)
        self._show_step()

    def _show_step(self) -> None:
        replay = self.replay
        self.step_label.setText("" if replay is None else translate("TrainingPanel", "step {step} of {last}").format(
            step=replay.step, last=replay.last_step))

    # -- training from it --------------------------------------------------------------------------
    def _take_settings(self) -> bool:
        """The opened run's settings into the panel (a comparison's compared values too)."""
        if not self.plan:
            return False
        settings = self.panel.settings
        first = self.plan[0]
        settings.set_config(first.config)
        if len(self.plan) > 1 and self.replay is not None and self.replay.compare_by:
            values = list(dict.fromkeys(run.value for run in self.plan))
            with settings.changes():
                settings.compare_by = self.replay.compare_by
                settings.compare_values = ",".join(values)
                settings.seeds = max(1, len(self.plan) // len(values))
        return True

    def run_beside(self) -> bool:
        """Trains the opened run's settings live; the opened runs stay drawn beside it, faded."""
        if not self._take_settings():
            return False
        return self.panel.compare() if len(self.plan) > 1 else self.panel.start()

    def continue_training(self) -> bool:
        """Trains on from the opened run's settings, starting from its last weights."""
        replay = self.replay
        if replay is None or replay.weights() is None or not self._take_settings():
            return False
        return self.panel.start_from_weights(replay.weights())
