"""The Training panel: a stage a lecturer performs on. A presenter bar (start/pause, step, speed,
reset, the data set, the activation, the learning rate, the network's shape) over one screen with the
data and the network's output, the network with its live node heat maps, and the loss and accuracy;
every other setting in a drawer that opens and closes beside it. Runs go on until paused (a step or
epoch limit is a setting); a second run, a cure or a restart is drawn over the previous run, which
stays faded as "before" until cleared. Compare mode trains several activations (inits, learning
rates) and seeds in lockstep: the notes' comparison experiment in one click.

The run's life (start, pause, step, adjust, compare, cure, finish) is a `RunSession`; training runs
in a child process (`TrainingWorker`) the session drives; this panel renders the session's state.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from actgui.core.image_datasets import IMAGE_DATASETS
from actgui.core.models import MODELS
from actgui.core.training.config import parse_hidden
from actgui.core.training.experiment import NOTES_COMPARISON
from actgui.qt.base.binding import Adapter, ComboAdapter, LineAdapter
from actgui.qt.base.figure import Figure
from actgui.qt.base.i18n import display_name
from actgui.qt.base.panel import Panel
from actgui.qt.base.theme import Theme
from actgui.qt.base.trained_network import TrainedNetworkLink
from actgui.qt.base.warmup import when_torch_ready
from actgui.qt.base.widgets import WheelScrollsColumn
from actgui.qt.panels.training.data_editor import FeaturesAdapter, PointsAdapter
from actgui.qt.panels.training.data_folder import DataFolderActions
from actgui.qt.panels.training.drawer import SettingsDrawer
from actgui.qt.panels.training.exports import TrainingExports
from actgui.qt.panels.training.figures import export_figure
from actgui.qt.panels.training.network_offer import NetworkOffer
from actgui.qt.panels.training.point_editing import PointEditing
from actgui.qt.panels.training.presenter import PresenterBar, RunNotices
from actgui.qt.panels.training.replay import ReplayBar
from actgui.qt.panels.training.stage import RefreshPacer, TrainingStage
from actgui.qt.panels.training.status import status_text
from actgui.qt.panels.training.worker import TrainingWorker
from actgui.state.run_recording import RunRecording
from actgui.state.run_replay import RunReplay
from actgui.state.training import TrainingState
from actgui.state.training_session import RunSession, TrainingProcess

DETAILS_DELAY_MS = 12
#: Where the window writes every run as it trains (under the app's data folder).
RUNS_FOLDER = "runs"
#: The one-click shoot-out: the notes' CNN experiment (Adam, clip value 0.5, batch 128) on
#: Fashion-MNIST, or on the digits where the data package is not installed.
SHOOTOUT = {"model": "cnn", "optimizer": "adam", "lr": 0.001, "clip_value": 0.5, "clip_norm": 0.0,
            "batch_size": 128, "weight_decay": 0.0, "epochs": 3, "compare_by": "activation",
            "compare_values": NOTES_COMPARISON, "seeds": 1, "x_axis": "epoch"}
#: Settings whose change redraws the data set before a run.
DATA_SETTINGS = frozenset({"dataset", "samples", "noise", "classes", "validation", "seed", "points", "points_kind"})
#: The presenter's keys (a clicker sends Page Down, Page Up and B): play/pause and one step.
PLAY_KEYS = (Qt.Key_PageDown, Qt.Key_Space)
STEP_KEYS = (Qt.Key_PageUp, Qt.Key_B)
#: Widgets that keep these keys for themselves while they have the focus.
TYPING_WIDGETS = (QLineEdit, QAbstractSpinBox, QTextEdit, QPlainTextEdit, QComboBox)


class ChoiceAdapter(Adapter):
    """A combo box whose choice goes through `TrainingState.choose`, so the settings that follow
    from it change with it."""

    def __init__(self, combo: QComboBox, state: TrainingState, name: str) -> None:
        super().__init__(combo)
        self.combo, self.state, self.name = ComboAdapter(combo), state, name

    def read(self) -> Any:
        return self.combo.read()

    def write(self, value: Any) -> None:
        self.combo.write(value)

    def connect(self, edited: Callable[[], None]) -> None:
        self.widget.currentIndexChanged.connect(self._chosen)

    def _chosen(self) -> None:
        value = self.read()
        if value != getattr(self.state, self.name):  # a user's choice, not the binder showing the state
            self.state.choose(self.name, value)


class PresenterKeys(QObject):
    """Page Down / Space: play or pause; Page Up / B: one step — while the panel is shown and no
    text field, spin box or list has the focus."""

    def __init__(self, panel: TrainingPanel) -> None:
        super().__init__(panel)
        self.panel = panel

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.KeyPress or not self.panel.isVisible():
            return False
        key = event.key()
        if key not in PLAY_KEYS + STEP_KEYS or event.modifiers() & ~Qt.KeypadModifier:
            return False
        focus = QApplication.focusWidget()
        if isinstance(focus, TYPING_WIDGETS) or (focus is not None and focus.window() is not self.panel.window()):
            return False
        if key in PLAY_KEYS:
            self.panel.session.play_pause()
        else:
            self.panel.session.step_once()
        return True


class TrainingPanel(DataFolderActions, Panel):
    """The presenter bar over the stage, the settings drawer beside it; the run's life is `session`."""

    key = "training"
    state_type = TrainingState
    settings: TrainingState

    def __init__(self, theme: Theme, parent: QWidget | None = None, state: TrainingState | None = None,
                 process: TrainingProcess | None = None) -> None:
        super().__init__(theme, parent, state)
        self.worker = process if process is not None else TrainingWorker(self)
        data = Path(QStandardPaths.writableLocation(QStandardPaths.AppDataLocation) or ".")
        self.session = RunSession(self.settings, self.worker, display_name, RunRecording(data / RUNS_FOLDER))
        self.exports = TrainingExports(self)
        self.offer: NetworkOffer | None = None
        self._details_due = False
        self._shut_down = False
        self.pacer = RefreshPacer()
        self._build()
        settings = self.settings
        # before the binder: ranges, sliders and enabled controls follow a change before its values are shown
        settings.subscribe(self._settings_changed)
        self._settings_changed({"dataset", "optimizer", "activation", "init", "until_paused"})
        data = self.drawer.data
        self.bind({
            "hidden": LineAdapter(self.bar.hidden_edit, lambda text: list(parse_hidden(text)),
                                  lambda sizes: ",".join(str(n) for n in sizes)),
            "activation_params": self.drawer.activation_sliders, "init_params": self.drawer.init_sliders,
            "dataset": ChoiceAdapter(self.bar.dataset_combo, settings, "dataset"),
            "optimizer": ChoiceAdapter(self.drawer.optimizer.optimizer_combo, settings, "optimizer"),
            "compare_by": ChoiceAdapter(self.drawer.compare.compare_by_combo, settings, "compare_by"),
            "features": FeaturesAdapter(data.features_toggles), "points": PointsAdapter(data.points_editor),
        })
        self.points = PointEditing(settings, self.stage.boundary_figure, data.points_editor, self.report)
        data.points_editor.openRequested.connect(self._ask_open_points)
        data.points_editor.saveRequested.connect(lambda: self.exports.ask("csv", self.points.save_points))
        self.points.show_own_points()
        self.session.subscribe(self._session_changed)
        self.worker.attach(self.session)
        self.keys = PresenterKeys(self)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self.retranslate()
        self._show_run_state()
        self._preview_data()
        when_torch_ready(self, self.drawer.run.show_bf16_availability, self._show_device)

    def _show_device(self) -> None:
        self.drawer.show_device(self.current)

    def _preview_data(self) -> None:
        self.stage.preview(self.settings)

    def _build(self) -> None:
        self.bar = PresenterBar(self)
        kill = getattr(self.worker, "kill_and_restart", lambda: None)  # a real process can be replaced
        self.notices = RunNotices(self.session.restart, self.session.cure, kill)
        self.replay_bar = ReplayBar(self)
        self.stage = TrainingStage(self.theme, self)
        self.figures = self.stage.figures
        self.drawer = SettingsDrawer(self)
        self.stage.shown_run_combo.currentIndexChanged.connect(self._pick_run)
        self.stage.currentChanged.connect(lambda _: self._draw_details())
        scroll = QScrollArea()
        scroll.setObjectName("training.drawer")
        scroll.setWidget(self.drawer)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.control_panes.append(scroll)  # View → Hide controls hides it; the drawer button closes its holder
        self._wheel_filters.append(WheelScrollsColumn(scroll))
        self.drawer_pane = QWidget()
        self.drawer_pane.setObjectName("training.drawer_pane")
        holder = QVBoxLayout(self.drawer_pane)
        holder.setContentsMargins(0, 0, 0, 0)
        holder.addWidget(scroll)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.stage, 1)
        body.addWidget(self.drawer_pane)
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.bar)
        column.addWidget(self.notices)
        column.addWidget(self.replay_bar)
        column.addLayout(body, 1)
        self.fill(page)
        self.bar.settings_button.setChecked(not self.theme.lecture)
        self.drawer_pane.setVisible(not self.theme.lecture)

    # -- shortcuts to the parts (what the window, the animations and the tests reach for) -------------
    @property
    def current(self):
        return self.session.current

    @current.setter
    def current(self, history) -> None:
        self.session.current = history

    @property
    def runs(self):
        return self.session.runs

    @property
    def run_id(self) -> int | None:
        return self.session.run_id

    @property
    def status_label(self):
        return self.notices.status_label

    @property
    def boundary_figure(self):
        return self.stage.boundary_figure

    @property
    def network_figure(self):
        return self.stage.network_figure

    @property
    def views(self) -> TrainingStage:
        return self.stage

    @property
    def network_page(self) -> QWidget:
        return self.stage.stage_page

    @property
    def features_toggles(self):
        return self.drawer.data.features_toggles

    @property
    def points_editor(self):
        return self.drawer.data.points_editor

    def _running(self) -> bool:
        return self.session.running

    # -- texts ---------------------------------------------------------------------------------
    def title(self) -> str:
        return self.tr("Training")

    def retranslate(self) -> None:
        self.bar.retranslate(self.settings.data_dir)
        self.replay_bar.retranslate()
        self.notices.retranslate()
        self.drawer.retranslate()
        self.stage.retranslate()
        self._show_device()
        self._show_status()
        self._show_run_state()  # Pause or Resume in the new language
        self.fit_controls()

    def report(self, kind: str, **values: object) -> None:
        """Shows a status line of `kind` (see actgui.qt.panels.training.status)."""
        self.session.set_status(kind, **values)

    def _show_status(self) -> None:
        session = self.session
        messages = [] if session.current is None else [m for m in session.current.messages if m]
        self.status_label.setText(text := status_text(session.status, messages))
        self.status_label.setToolTip(text)  # all of it where two lines do not hold it
        bad = session.status.kind in ("diverged", "error")
        self.status_label.setStyleSheet("color: #d62728; font-weight: bold;" if bad else "")

    # -- settings ------------------------------------------------------------------------------
    def _settings_changed(self, names: set[str]) -> None:
        """Ranges and enabled controls that follow the settings; redraws for the view settings."""
        settings = self.settings
        self.drawer.follow(names)
        if names & {"dataset", "model", "data_dir"}:
            cnn = settings.model in MODELS and MODELS.get(settings.model).images
            self.bar.hidden_edit.setEnabled(not cnn)
            self.bar.retranslate(settings.data_dir)
        if "device" in names:
            self._show_device()
        if "speed" in names:
            self.bar.show_speed(settings.speed)
        if names & {"log_y", "smoothing", "x_axis"}:
            self._draw_curves()
        if names & {"feature_image", "feature_layer", "network_units", "network_first"}:
            self._draw_details()
        if names & {"dataset", "points", "points_kind"} and hasattr(self, "points"):
            self.points.show_own_points()
        self.session.settings_changed(names)
        if not self._running() and names & DATA_SETTINGS and not self.runs:
            self._preview_data()

    def settings_speed(self, speed: str) -> None:  # the presenter's slow / full-speed button
        self.settings.speed = speed

    def apply_state(self, state: TrainingState) -> None:
        """A preset or session's settings; an ended run's status no longer describes them."""
        super().apply_state(state)
        self.session.settings_replaced()

    # -- commands (the buttons, the window's shortcuts, the tests) -----------------------------
    def start(self, paused: bool = False) -> bool:
        """Starts a single run with the current settings; False (with a message) when they are invalid."""
        return not self._refused() and self.session.start(paused)

    def compare(self) -> bool:
        """Trains the network once per compared value and seed, all in lockstep, curves side by side."""
        return not self._refused() and self.session.compare()

    def _refused(self) -> bool:
        """Shows why when a setting being edited is not valid yet (its last valid value would run)."""
        if self._running() or self.binder is None or not self.binder.refused:
            return False
        name, reason = next(iter(self.binder.refused.items()))
        self.report("error", message=f"{name}: {reason}")
        return True

    def shootout(self) -> bool:
        """One click: the notes' CNN with their six activations on Fashion-MNIST (the digits where the
        data package is missing), compared per epoch."""
        if self._running():
            return False
        dataset = "fashion_mnist" if IMAGE_DATASETS.get("fashion_mnist").unavailable() is None else "digits"
        self._set_settings(**SHOOTOUT, dataset=dataset)
        started = self.compare()
        if started:
            self.stage.setCurrentWidget(self.stage.shootout_figure.widget)
        return started

    def open_run(self, path: str | Path) -> RunReplay:
        """Opens a run file read-only on the stage (see ReplayBar.open); raises ValueError with one message."""
        return self.replay_bar.open(path)

    def start_from_weights(self, weights) -> bool:
        """Starts a single run with the current settings, its network from a run file's `weights`."""
        return not self._refused() and self.session.start(weights=weights)

    def stop(self) -> None:
        self.session.stop()

    def reset(self) -> None:
        """Stops any run and clears the plots, the faded "before" runs too."""
        self.session.reset()
        self._preview_data()

    def toggle_running(self) -> None:
        """Starts a run, or stops the one in progress (the main window's Ctrl+T)."""
        if self._running():
            self.stop()
        else:
            self.start()

    def toggle_drawer(self) -> None:
        """Opens or closes the pane with every other setting."""
        self.drawer_pane.setVisible(self.bar.settings_button.isChecked())
        self.fit_controls()

    def _set_settings(self, **values: object) -> None:
        with self.settings.changes():
            for name, value in values.items():
                setattr(self.settings, name, value)

    def _ask_open_points(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Open points"), "", "CSV (*.csv *.txt)")
        if name:
            self.points.open_points(name)

    def open_points(self, path: str | Path) -> bool:
        return self.points.open_points(path)

    def save_points(self, path: str | Path) -> Path:
        return self.points.save_points(path)

    def export_figure(self, name: str = "loss") -> Figure:
        """A new figure `name` showing what the live one shows (see actgui.qt.panels.training.figures)."""
        return export_figure(self, name)

    # -- what the session says -----------------------------------------------------------------
    def _session_changed(self, change: str, argument: object) -> None:
        session = self.session
        if change == "status":
            self._show_status()
        elif change == "stalled":
            self.notices.show_stalled(argument)
        elif change == "controls":
            self._show_run_state()
        elif change == "runs":
            if argument is None and session.running and self.offer is not None:
                self.offer.withdraw()
            if argument in (None, 0):
                self.pacer.restart()
                if self.current is not None and self.current.info.image_shape and self.stage.currentIndex() == 0:
                    # the Shoot-out tab for a comparison, the Images tab for one run
                    self.stage.setCurrentIndex(3 if len(session.plan) > 1 else 2)
                self._show_device()
            self.stage.show_runs_to_pick(session.runs, self._picked_index())
            self.stage.results_view.show_table(session.results)
            self._draw_curves()
            self._schedule_details()  # the slower figures in later event-loop turns: Start never freezes the window
        elif change == "records":
            if argument == 0:  # the runs of a comparison advance together: drawn once per round
                self._draw_curves()
                self._schedule_details()
                interval = self.pacer.measure()
                if interval is not None:
                    self.worker.set_refresh_interval(interval)
        elif change == "results":
            self.stage.results_view.show_table(session.results)
        elif change == "marks":
            self._draw_curves()
        elif change == "ended":
            if argument is None and self.offer is not None:
                if session.status.kind == "error":
                    self.offer.withdraw()
                else:
                    self.offer.offer(session.last_run_id, self.current)
            self._draw_curves()
            self._schedule_details()

    def _picked_index(self) -> int:
        runs = self.session.runs
        return runs.index(self.current) if self.current in runs else 0

    def _pick_run(self, index: int) -> None:
        """A comparison's user picks which run the network and per-layer views show."""
        runs = self.session.runs
        if 0 <= index < len(runs):
            self.session.current = runs[index]
            self._draw_details()

    def _show_run_state(self) -> None:
        session = self.session
        running = session.running
        self.bar.show_run_state(running, session.paused)
        for widget in (self.drawer.compare.compare_button, self.drawer.compare.shootout_button):
            widget.setEnabled(not running)
        diverged_before = any(run.result is not None and run.result.status == "diverged" for run in session.before)
        self.notices.show_state(running, session.restart_pending, session.diverged or diverged_before)

    # -- drawing -------------------------------------------------------------------------------
    def refresh(self, *_: object) -> None:
        """Redraws every figure from the histories."""
        self._draw_curves()
        self._draw_details()

    def _draw_curves(self) -> None:
        self.stage.draw_curves(self.session.runs, self.session.before, self.current)

    def _schedule_details(self) -> None:
        if not self._details_due:
            self._details_due = True
            QTimer.singleShot(DETAILS_DELAY_MS, self._draw_due_details)

    def _draw_due_details(self) -> None:
        self._details_due = False
        self._draw_details()

    def _draw_details(self) -> None:
        self.stage.draw_details(self.current, self.session.runs, preview=not self.session.runs)

    def set_theme(self, theme: Theme) -> None:
        """Lecture mode closes the settings drawer (the presenter bar stays), leaving it opens it again."""
        if theme.lecture != self.theme.lecture:
            self.bar.settings_button.setChecked(not theme.lecture)
            self.drawer_pane.setVisible(not theme.lecture)
        super().set_theme(theme)
        self.stage.set_theme(theme)

    # -- lifetime ------------------------------------------------------------------------------
    def attach_trained_network(self, link: TrainedNetworkLink) -> None:
        """Offers each ended run's (first) network on `link`; its landscape is computed in the training process."""
        self.offer = NetworkOffer(link, self.worker)

    def shutdown(self) -> None:
        """Ends the training process and the relay thread (within about a second)."""
        self._shut_down = True
        self.session.run_id = None
        self.replay_bar.close_run()
        if self.session.recording is not None:
            self.session.recording.finish()
        self.worker.shutdown()

    def showEvent(self, event: QShowEvent) -> None:
        """The first time the tab is shown, the training process starts and imports torch, so Start
        is immediate (a window whose Training tab is never opened starts no process)."""
        if not self.worker.is_alive() and not self._shut_down:
            self.worker.launch()
            if not self._running() and self.session.status.kind == "idle":  # an opened run's status stays
                self.report("starting")
        QApplication.instance().installEventFilter(self.keys)
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        QApplication.instance().removeEventFilter(self.keys)
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
