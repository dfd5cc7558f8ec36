"""The Landscape panel: gradient descent with several torch.optim optimisers on a 2-D surface.

Click the map to start there (with "keep earlier starts" ticked, earlier runs stay drawn faded).
The trajectories are computed in core at once; a QTimer then reveals them step by step.

The surface "the network from the Training panel" shows instead the loss of the network trained
there on a plane through its weights, the 1-D interpolation from its initial weights and its
trajectory; the training process computes it (through the window's TrainedNetworkLink), with a
progress bar and Cancel.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from actgui.core.descent import DESCENT_METHODS, MAX_LEARNING_RATE, MAX_MOMENTUM, MAX_STEPS, PRESETS, Trajectory, run
from actgui.core.network_landscape import MAX_RESOLUTION, NETWORK_SURFACE, PCA, RANDOM, NetworkLandscape
from actgui.core.surfaces import CUSTOM_KEY, SURFACES, Point, Surface, get_surface
from actgui.qt.base.binding import Adapter, LineAdapter, ParamSliders
from actgui.qt.base.export import ExportError
from actgui.qt.base.figure import Figure
from actgui.qt.base.i18n import display_name, formula_text
from actgui.qt.base.panel import Panel
from actgui.qt.base.theme import Theme
from actgui.qt.base.trained_network import TrainedNetworkLink
from actgui.qt.base.warmup import when_torch_ready
from actgui.qt.base.widgets import ParamSlider, swatch
from actgui.qt.figures.landscape import LandscapeFigure, outcome
from actgui.qt.figures.network_landscape import NetworkLandscapeFigure
from actgui.state.landscape import MAX_STARTS, MIN_LEARNING_RATE, START_LIMIT, LandscapeState, surface_choices

#: The animation shows about this many frames, one every FRAME_MS milliseconds.
FRAMES, FRAME_MS = 60, 30
ERROR_STYLE = "color: #d62728;"
#: The settings that change the drawn surface (the others only rerun the descent).
SURFACE_FIELDS = {"surface", "params", "expression", "field"}
#: The settings of the trained network's plane (they apply at the next Compute).
NETWORK_FIELDS = {"network_directions", "network_resolution"}


class StartEditor(Adapter):
    """The x and y spin boxes edit the latest start (a new start when earlier ones are kept)."""

    def __init__(self, box: QWidget, x: QDoubleSpinBox, y: QDoubleSpinBox, panel: LandscapePanel) -> None:
        super().__init__(box)
        self.x, self.y, self.panel = x, y, panel

    def read(self) -> list[Point]:
        return self.panel.starts_with((self.x.value(), self.y.value()))

    def write(self, value: list[Point]) -> None:
        self.x.setValue(value[-1][0])
        self.y.setValue(value[-1][1])

    def connect(self, edited) -> None:
        self.x.valueChanged.connect(edited)
        self.y.valueChanged.connect(edited)


class LandscapePanel(Panel):
    """Optimisers side by side on a loss surface, animated, with their loss curves."""

    key = "landscape"
    state_type = LandscapeState
    settings: LandscapeState

    def __init__(self, theme: Theme, parent: QWidget | None = None, state: LandscapeState | None = None) -> None:
        super().__init__(theme, parent, state)
        self.runs: list[list[Trajectory]] = []
        self.trained_network: TrainedNetworkLink | None = None
        self.network_landscape: NetworkLandscape | None = None
        self._network_message, self._network_error = "", False
        self.timer = QTimer(self)
        self.timer.setObjectName("landscape.timer")
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self._advance)
        self._build()
        self.bind({"params": self.param_sliders,
                   "expression": LineAdapter(self.expression_edit, live=False),
                   "starts": StartEditor(self.start_box, self.start_x, self.start_y, self)})
        self.binder.invalid.connect(self._refused)
        self.binder.edited.connect(self._edited)
        self.settings.subscribe(self._settings_changed)
        self.retranslate()
        self._show_surface_controls()
        when_torch_ready(self, partial(self._settings_changed, SURFACE_FIELDS))

    # -- building -------------------------------------------------------------------------------
    def _build(self) -> None:
        controls = QWidget()
        controls.setObjectName("landscape.controls")
        layout = QVBoxLayout(controls)
        self.preset_label = QLabel()
        self.preset_combo = QComboBox()
        self.preset_combo.setObjectName("landscape.preset")
        self.preset_combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.preset_combo.addItem("", None)
        for preset in PRESETS:
            self.preset_combo.addItem("", preset.key)
        self.preset_combo.activated.connect(self._preset_chosen)
        layout.addWidget(self.preset_label)
        layout.addWidget(self.preset_combo)

        self.surface_box = QGroupBox()
        surface_layout = QVBoxLayout(self.surface_box)
        self.surface_combo = QComboBox()
        self.surface_combo.setObjectName("landscape.surface")
        self.surface_combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        for key in surface_choices():
            self.surface_combo.addItem("", key)
        surface_layout.addWidget(self.surface_combo)
        self.params_box = QWidget()
        self.params_box.setObjectName("landscape.params")
        params_layout = QVBoxLayout(self.params_box)
        params_layout.setContentsMargins(0, 0, 0, 0)
        self.param_sliders = ParamSliders(self.params_box, self.settings, "params")
        self.sliders = self.param_sliders.sliders
        for surface in SURFACES:
            for param in surface.params:
                slider = ParamSlider(param, surface.key)
                self.param_sliders.add(surface.key, slider)
                params_layout.addWidget(slider)
        surface_layout.addWidget(self.params_box)
        self.expression_edit = QLineEdit()
        self.expression_edit.setObjectName("landscape.expression")
        surface_layout.addWidget(self.expression_edit)
        self.surface_error = QLabel()
        self.surface_error.setObjectName("landscape.surface_error")
        self.surface_error.setStyleSheet(ERROR_STYLE)
        self.surface_error.setWordWrap(True)
        surface_layout.addWidget(self.surface_error)
        self.field_check = QCheckBox()
        self.field_check.setObjectName("landscape.field")
        surface_layout.addWidget(self.field_check)
        layout.addWidget(self.surface_box)

        self.network_box = QGroupBox()
        self.network_box.setObjectName("landscape.network")
        network_form = QFormLayout(self.network_box)
        self.network_about = QLabel()
        self.network_about.setObjectName("landscape.network_about")
        self.network_about.setWordWrap(True)
        network_form.addRow(self.network_about)
        self.network_directions_combo = QComboBox()
        self.network_directions_combo.setObjectName("landscape.network_directions")
        self.network_directions_combo.addItem("", RANDOM)
        self.network_directions_combo.addItem("", PCA)
        self.network_resolution_spin = QSpinBox()
        self.network_resolution_spin.setObjectName("landscape.network_resolution")
        self.network_resolution_spin.setRange(3, MAX_RESOLUTION)
        self.network_resolution_spin.setKeyboardTracking(False)
        self.network_directions_label, self.network_resolution_label = QLabel(), QLabel()
        network_form.addRow(self.network_directions_label, self.network_directions_combo)
        network_form.addRow(self.network_resolution_label, self.network_resolution_spin)
        self.network_progress = QProgressBar()
        self.network_progress.setObjectName("landscape.network_progress")
        self.network_progress.setRange(0, 1)
        self.network_progress.setValue(0)
        network_form.addRow(self.network_progress)
        network_buttons = QHBoxLayout()
        self.network_compute_button = QPushButton()
        self.network_compute_button.setObjectName("landscape.network_compute")
        self.network_compute_button.clicked.connect(self.compute_network)
        self.network_cancel_button = QPushButton()
        self.network_cancel_button.setObjectName("landscape.network_cancel")
        self.network_cancel_button.clicked.connect(self.cancel_network)
        network_buttons.addWidget(self.network_compute_button)
        network_buttons.addWidget(self.network_cancel_button)
        network_form.addRow(network_buttons)
        self.network_status = QLabel()
        self.network_status.setObjectName("landscape.network_status")
        self.network_status.setWordWrap(True)
        network_form.addRow(self.network_status)
        layout.addWidget(self.network_box)

        self.optimizer_box = QGroupBox()
        self.optimizer_box.setObjectName("landscape.optimizers")
        optimizer_layout = QVBoxLayout(self.optimizer_box)
        self.optimizer_group = QButtonGroup(self.optimizer_box)
        self.optimizer_group.setExclusive(False)
        self.optimizer_checks: dict[str, QCheckBox] = {}
        for method in DESCENT_METHODS:
            check = QCheckBox()
            check.setObjectName(f"landscape.optimizer.{method.key}")
            check.setProperty("value", method.key)
            check.setIcon(swatch(method.color))
            self.optimizer_group.addButton(check)
            self.optimizer_checks[method.key] = check
            optimizer_layout.addWidget(check)
        form = QFormLayout()
        self.lr_spin = QDoubleSpinBox()
        self.lr_spin.setObjectName("landscape.lr")
        self.lr_spin.setDecimals(4)
        self.lr_spin.setRange(MIN_LEARNING_RATE, MAX_LEARNING_RATE)
        self.lr_spin.setStepType(QAbstractSpinBox.AdaptiveDecimalStepType)
        self.momentum_spin = QDoubleSpinBox()
        self.momentum_spin.setObjectName("landscape.momentum")
        self.momentum_spin.setDecimals(3)
        self.momentum_spin.setRange(0.0, MAX_MOMENTUM)
        self.momentum_spin.setSingleStep(0.05)
        self.steps_spin = QSpinBox()
        self.steps_spin.setObjectName("landscape.steps")
        self.steps_spin.setRange(1, MAX_STEPS)
        self.steps_spin.setSingleStep(10)
        for spin in (self.lr_spin, self.momentum_spin, self.steps_spin):
            spin.setKeyboardTracking(False)
        self.lr_label, self.momentum_label, self.steps_label = QLabel(), QLabel(), QLabel()
        form.addRow(self.lr_label, self.lr_spin)
        form.addRow(self.momentum_label, self.momentum_spin)
        form.addRow(self.steps_label, self.steps_spin)
        optimizer_layout.addLayout(form)
        layout.addWidget(self.optimizer_box)

        self.start_box = QGroupBox()
        self.start_box.setObjectName("landscape.starts")
        start_layout = QVBoxLayout(self.start_box)
        self.start_hint = QLabel()
        self.start_hint.setWordWrap(True)
        start_row = QHBoxLayout()
        self.start_x, self.start_y = QDoubleSpinBox(), QDoubleSpinBox()
        for spin, name in ((self.start_x, "landscape.start_x"), (self.start_y, "landscape.start_y")):
            spin.setObjectName(name)
            spin.setDecimals(3)
            spin.setRange(-START_LIMIT, START_LIMIT)
            spin.setSingleStep(0.1)
            spin.setKeyboardTracking(False)
            start_row.addWidget(spin)
        self.keep_check = QCheckBox()
        self.keep_check.setObjectName("landscape.keep")
        buttons = QHBoxLayout()
        self.run_button = QPushButton()
        self.run_button.setObjectName("landscape.run")
        self.run_button.clicked.connect(self.run_animated)
        self.finish_button = QPushButton()
        self.finish_button.setObjectName("landscape.finish")
        self.finish_button.clicked.connect(self.finish_animation)
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.finish_button)
        start_layout.addWidget(self.start_hint)
        start_layout.addLayout(start_row)
        start_layout.addWidget(self.keep_check)
        start_layout.addLayout(buttons)
        layout.addWidget(self.start_box)

        self.status_label = QLabel()
        self.status_label.setObjectName("landscape.status")
        self.status_label.setTextFormat(Qt.RichText)
        self.status_label.setWordWrap(True)
        self.formula_label = QLabel()
        self.formula_label.setObjectName("landscape.formula")
        self.formula_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        layout.addWidget(self.formula_label)
        layout.addStretch(1)

        self.figure = LandscapeFigure(self.theme)
        self.figure.cache_background()
        self.network_figure = NetworkLandscapeFigure(self.theme)
        self.figures = {"landscape": self.figure, "network_landscape": self.network_figure}
        self.figure.widget.scene().sigMouseClicked.connect(self._map_clicked)
        self.plots = QStackedWidget()
        self.plots.setObjectName("landscape.plots")
        self.plots.addWidget(self.figure.widget)
        self.plots.addWidget(self.network_figure.widget)
        self.network_placeholder = QWidget()
        self.network_placeholder.setObjectName("landscape.network_placeholder")
        self.network_placeholder_label = QLabel()
        self.network_placeholder_label.setAlignment(Qt.AlignCenter)
        self.network_placeholder_label.setWordWrap(True)
        self.network_placeholder_label.setMargin(40)
        self.to_training_button = QPushButton()
        self.to_training_button.setObjectName("landscape.to_training")
        self.to_training_button.clicked.connect(lambda: self.show_panel.emit("training"))
        placeholder_layout = QVBoxLayout(self.network_placeholder)
        placeholder_layout.addStretch(1)
        placeholder_layout.addWidget(self.network_placeholder_label)
        placeholder_layout.addWidget(self.to_training_button, 0, Qt.AlignHCenter)
        placeholder_layout.addStretch(1)
        self.plots.addWidget(self.network_placeholder)
        self.fill(self.controls_beside(controls, self.plots, "landscape"))

    # -- texts ----------------------------------------------------------------------------------
    def title(self) -> str:
        return self.tr("Landscape")

    def retranslate(self) -> None:
        self.preset_label.setText(self.tr("Preset"))
        self.preset_combo.setItemText(0, self.tr("Choose a preset…"))
        for index, preset in enumerate(PRESETS, start=1):
            self.preset_combo.setItemText(index, display_name(preset))
        self.surface_box.setTitle(self.tr("Surface f(x, y)"))
        for index in range(self.surface_combo.count()):
            key = self.surface_combo.itemData(index)
            if key == NETWORK_SURFACE:
                text = self.tr("The network from the Training panel")
            else:
                text = self.tr("Custom expression") if key == CUSTOM_KEY else display_name(SURFACES.get(key))
            self.surface_combo.setItemText(index, text)
        self.network_box.setTitle(self.tr("The trained network's loss landscape"))
        self.network_directions_label.setText(self.tr("Plane"))
        self.network_directions_combo.setItemText(0, self.tr("Two filter-normalised random directions"))
        self.network_directions_combo.setItemText(1, self.tr("The trajectory's first two PCA directions"))
        self.network_resolution_label.setText(self.tr("Grid points a side"))
        self.network_compute_button.setText(self.tr("Compute"))
        self.network_cancel_button.setText(self.tr("Cancel"))
        self.network_figure.retranslate()
        self._show_network_availability()
        self.expression_edit.setPlaceholderText(self.tr("f(x, y), e.g. x**2 + 3*y**2"))
        self.field_check.setText(self.tr("Show the descent direction −∇f"))
        self.optimizer_box.setTitle(self.tr("Optimizers (torch.optim)"))
        for key, check in self.optimizer_checks.items():
            check.setText(display_name(DESCENT_METHODS.get(key)))
            check.setToolTip(formula_text(DESCENT_METHODS.get(key).formula))
        self.lr_label.setText(self.tr("Learning rate η"))
        self.momentum_label.setText(self.tr("Momentum μ"))
        self.momentum_spin.setToolTip(self.tr("Used by Momentum and Nesterov; Adam keeps β = (0.9, 0.999)."))
        self.steps_label.setText(self.tr("Steps"))
        self.start_box.setTitle(self.tr("Start"))
        self.start_hint.setText(self.tr("Click the map to start there, or type x and y."))
        self.keep_check.setText(self.tr("Keep earlier starts (drawn faded)"))
        self.run_button.setText(self.tr("Run (animated)"))
        self.finish_button.setText(self.tr("Show all steps"))
        for slider in self.sliders.values():
            slider.retranslate()
        self.figure.retranslate()
        self._show_texts()

    def _show_texts(self) -> None:
        rows = []
        for trajectory in self.figure.current_run():
            method = DESCENT_METHODS.get(trajectory.optimizer)
            rows.append(f"<b style='color:{method.color}'>{display_name(method)}</b>: "
                        f"{outcome(trajectory, self.figure.minima, self.figure.window)}")
        if self.runs:
            x, y = self.starts[-1]
            rows.insert(0, self.tr("From ({x}, {y}):").format(x=f"{x:.3g}", y=f"{y:.3g}"))
        self.status_label.setText("<br>".join(rows))
        lines = [formula_text(self.surface.formula)]
        lines += [f"{display_name(DESCENT_METHODS.get(key))}: {formula_text(DESCENT_METHODS.get(key).formula)}"
                  for key in self.selected_optimizers()]
        self.formula_label.setText("\n".join(lines))

    # -- settings -------------------------------------------------------------------------------
    @property
    def surface(self) -> Surface:
        return self.settings.current_surface()

    @property
    def starts(self) -> list[Point]:
        return list(self.settings.starts)

    def selected_optimizers(self) -> tuple[str, ...]:
        return tuple(self.settings.optimizers)

    def surface_params(self) -> dict[str, float]:
        return self.settings.surface_values()

    def starts_with(self, point: Point) -> list[Point]:
        """The starts once `point` is added (kept with the earlier ones when "keep" is ticked)."""
        return [*self.settings.starts, point][-MAX_STARTS:] if self.settings.keep else [point]

    def _edited(self, name: str) -> None:
        """What a user's choice implies: a new surface starts from its own start; "keep" off drops the rest."""
        if name == "surface" and not self.settings.network:
            self.settings.starts = [get_surface(self.settings.surface, self.settings.expression).start]
        elif name == "keep" and not self.settings.keep:
            self.settings.starts = self.settings.starts[-1:]

    def _refused(self, name: str, reason: str) -> None:
        if name == "expression":
            self._set_surface_error(self.tr("Not changed: {reason}").format(reason=reason))

    def _set_surface_error(self, text: str) -> None:
        self.surface_error.setText(text)
        self.surface_error.setVisible(bool(text))

    def _settings_changed(self, changed: set[str]) -> None:
        """Redraws the map if the surface changed, then reruns the descent (or, for the trained
        network, shows its landscape, computing it when there is none yet)."""
        self.preset_combo.setCurrentIndex(0)  # the settings no longer are the preset's
        if self.settings.network:
            self.timer.stop()
            self._show_surface_controls()
            if "surface" in changed and self.network_landscape is None:
                self.compute_network()
            return
        if changed & SURFACE_FIELDS:
            surface = self.surface
            self._show_surface_controls()
            try:
                self.figure.show_surface(surface, self.surface_params(), self.settings.field)
            except ValueError as error:
                self._set_surface_error(self.tr("Cannot draw this surface: {reason}").format(reason=error))
                return
            self._set_surface_error("")
        self.compute()

    def _show_surface_controls(self) -> None:
        """Only the chosen surface's sliders (and the expression for a custom one)."""
        key = self.settings.surface
        for (owner, _key), slider in self.sliders.items():
            slider.setVisible(owner == key)
        self.expression_edit.setVisible(key == CUSTOM_KEY)
        network = self.settings.network
        self.field_check.setVisible(not network)
        for widget in (self.optimizer_box, self.start_box, self.status_label, self.formula_label):
            widget.setVisible(not network)
        if network:
            self._set_surface_error("")
        self.network_box.setVisible(network)
        if not network:
            self.plots.setCurrentWidget(self.figure.widget)
        elif self.network_landscape is None:
            self.plots.setCurrentWidget(self.network_placeholder)
        else:
            self.plots.setCurrentWidget(self.network_figure.widget)

    def _map_clicked(self, event) -> None:
        if event.button() != Qt.LeftButton:
            return
        point = self.figure.map_point(event.scenePos())
        if point is not None:
            event.accept()
            self.set_start(point, animate=True)

    def set_start(self, point: Point, animate: bool = True) -> None:
        """Starts from `point` (added to the earlier starts when they are kept) and runs."""
        self.settings.starts = self.starts_with((float(point[0]), float(point[1])))
        if self.runs and animate:
            self.run_animated()

    def _preset_chosen(self, index: int) -> None:
        key = self.preset_combo.itemData(index)
        if key is not None:
            self.apply_preset(key)

    def apply_preset(self, key: str) -> None:
        """Loads a preset's surface, parameters, optimisers and starts, and runs it animated."""
        preset = PRESETS.get(key)
        settings = self.settings
        with settings.changes():
            settings.surface = preset.surface
            settings.params = {**settings.params, preset.surface: SURFACES.get(preset.surface).resolve(preset.params)}
            settings.optimizers = list(preset.settings.optimizers)
            settings.lr, settings.momentum, settings.steps = (preset.settings.lr, preset.settings.momentum,
                                                              preset.settings.steps)
            settings.keep = bool(preset.earlier_starts)
            settings.starts = [*preset.earlier_starts, preset.settings.start]
        self.preset_combo.setCurrentIndex(self.preset_combo.findData(key))
        self.run_animated()

    # -- running --------------------------------------------------------------------------------
    def compute(self) -> bool:
        """Runs every start with the current settings and draws the result in full.

        A bad setting (no optimiser, a start where f is not finite) is shown in the status line and
        nothing is drawn; returns whether the run succeeded.
        """
        self.timer.stop()
        settings = self.settings.descent()
        try:
            settings.check()
            runs = [run(self.surface, replace(settings, start=tuple(start)), self.surface_params())
                    for start in self.starts]
        except ValueError as error:
            self.runs = []
            self.figure.show_runs([])
            self.status_label.setText(f"<span style='{ERROR_STYLE}'>{error}</span>")
            return False
        self.runs = runs
        self.figure.show_runs(runs)
        self._show_texts()
        return True

    def run_animated(self) -> None:
        """Reveals the latest run step by step (about FRAMES frames), then stops the timer."""
        if not self.runs:
            return
        self.figure.reveal(0)
        self.timer.start()

    def _advance(self) -> None:
        total = self.figure.frames()
        frame = min(self.figure.frame + max(1, total // FRAMES), total)
        self.figure.reveal(frame)
        if frame >= total:
            self.timer.stop()
            self._show_texts()

    def finish_animation(self) -> None:
        """Stops the animation and shows every step."""
        self.timer.stop()
        self.figure.reveal(self.figure.frames())
        self._show_texts()

    def shutdown(self) -> None:
        self.timer.stop()
        self.cancel_network()

    # -- the trained network --------------------------------------------------------------------------
    def attach_trained_network(self, link: TrainedNetworkLink) -> None:
        """Shows the network `link` offers (the Training panel's) and computes its landscape through it."""
        self.trained_network = link
        link.changed.connect(self._network_offered)
        link.progressed.connect(self._network_progressed)
        link.computed.connect(self._network_computed)
        link.failed.connect(self._network_failed)
        self._show_network_availability()

    @property
    def network_available(self) -> bool:
        return self.trained_network is not None and self.trained_network.available

    @property
    def network_busy(self) -> bool:
        return self.trained_network is not None and self.trained_network.busy

    def compute_network(self) -> bool:
        """Asks for the trained network's landscape on the chosen plane; False when there is no
        network or one is being computed."""
        if not self.network_available or self.network_busy:
            return False
        if not self.trained_network.compute(self.settings.network_settings()):
            self._set_network_message(self.tr("Not computed: the training process is not running."), True)
            return False
        self.network_progress.setRange(0, 0)
        self._set_network_message(self.tr("Computing the loss in the training process…"))
        return True

    def cancel_network(self) -> None:
        if self.network_busy:
            self.trained_network.cancel()

    def _network_offered(self) -> None:
        """A new network (or none): the landscape shown belongs to the previous one."""
        self.network_landscape = None
        self._set_network_message("")
        self._show_surface_controls()
        if self.settings.network and self.isVisible():
            self.compute_network()

    def _network_progressed(self, done: int, total: int) -> None:
        self.network_progress.setRange(0, max(total, 1))
        self.network_progress.setValue(done)

    def _network_computed(self, landscape: NetworkLandscape) -> None:
        self.network_landscape = landscape
        self.network_figure.show(landscape)
        self.network_progress.setRange(0, 1)
        self.network_progress.setValue(1)
        self._set_network_message(self.tr("Loss at the trained weights {loss}; {points} points in {seconds} s.").format(
            loss=f"{landscape.centre_loss:.4g}", points=landscape.loss.size, seconds=f"{landscape.seconds:.2f}"))
        self._show_surface_controls()

    def _network_failed(self, reason: str) -> None:
        self.network_progress.setRange(0, 1)
        self.network_progress.setValue(0)
        if reason:
            self._set_network_message(self.tr("Not computed: {reason}").format(reason=reason), True)
        else:
            self._set_network_message(self.tr("Cancelled."))

    def _set_network_message(self, text: str, error: bool = False) -> None:
        self._network_message, self._network_error = text, error
        self._show_network_availability()

    def _show_network_availability(self) -> None:
        """The network choice is enabled only with a trained network; the box says what there is."""
        available, busy = self.network_available, self.network_busy
        index = self.surface_combo.findData(NETWORK_SURFACE)
        model = self.surface_combo.model()
        unavailable = self.tr("No network has been trained yet: train one in the Training panel (Start), "
                              "then its loss landscape can be shown here.")
        if isinstance(model, QStandardItemModel):
            model.item(index).setEnabled(available or self.settings.network)
        self.surface_combo.setItemData(index, "" if available else unavailable, Qt.ToolTipRole)
        if available:
            about = self.tr("The loss of {network} on its training data, on a plane through its trained "
                            "weights; right: from its initial to its trained weights.").format(
                network=self.trained_network.description)
        else:
            about = unavailable
        self.network_about.setText(about)
        self.network_compute_button.setEnabled(available and not busy)
        self.network_cancel_button.setEnabled(busy)
        self.network_status.setText(self._network_message)
        self.network_status.setStyleSheet(ERROR_STYLE if self._network_error else "")
        self.to_training_button.setText(self.tr("Go to the Training panel"))
        self.to_training_button.setVisible(not available)
        if not available:
            self.network_placeholder_label.setText(unavailable)
        elif busy:
            self.network_placeholder_label.setText(self.tr("Computing the loss in the training process…"))
        else:
            self.network_placeholder_label.setText(self.tr("Press Compute to show the loss landscape of {network}.")
                                                   .format(network=self.trained_network.description))

    # -- state and export -----------------------------------------------------------------------------
    def export_figure(self, name: str = "landscape") -> Figure:
        if name == "network_landscape":
            if self.network_landscape is None:
                raise ExportError(self.tr("no loss landscape of a trained network has been computed yet: choose "
                                          "the surface \"The network from the Training panel\" first"))
            figure = NetworkLandscapeFigure(self.theme)
            figure.show(self.network_landscape)
            return figure
        figure = LandscapeFigure(self.theme)
        figure.show_surface(self.surface, self.surface_params(), self.settings.field)
        figure.show_runs(self.runs)
        return figure
