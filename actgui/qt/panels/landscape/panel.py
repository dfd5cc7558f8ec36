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
from PySide6.QtWidgets import QDoubleSpinBox, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from actgui.core.descent import DESCENT_METHODS, PRESETS, Trajectory, run
from actgui.core.network_landscape import NetworkLandscape
from actgui.core.surfaces import CUSTOM_KEY, SURFACES, Point, Surface, get_surface
from actgui.qt.base.binding import Adapter, LineAdapter
from actgui.qt.base.export import ExportError
from actgui.qt.base.figure import Figure
from actgui.qt.base.i18n import display_name, formula_text
from actgui.qt.base.panel import Panel
from actgui.qt.base.theme import Theme
from actgui.qt.base.trained_network import TrainedNetworkLink
from actgui.qt.base.warmup import when_torch_ready
from actgui.qt.figures.landscape import LandscapeFigure, outcome, trajectory_name, trajectory_style
from actgui.qt.figures.network_landscape import NetworkLandscapeFigure
from actgui.qt.panels.landscape.controls import ERROR_STYLE, LandscapeControls, format_rates, parse_rates
from actgui.qt.panels.landscape.network import TrainedNetworkSurface
from actgui.state.landscape import MAX_STARTS, LandscapeState

#: The animation shows about this many frames, one every FRAME_MS milliseconds.
FRAMES, FRAME_MS = 60, 30
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


class LandscapePanel(LandscapeControls, TrainedNetworkSurface, Panel):
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
                   "starts": StartEditor(self.start_box, self.start_x, self.start_y, self),
                   "lrs": LineAdapter(self.lrs_edit, parse_rates, format_rates, live=False)})
        self.binder.invalid.connect(self._refused)
        self.binder.edited.connect(self._edited)
        self.settings.subscribe(self._settings_changed)
        self.retranslate()
        self._show_surface_controls()
        when_torch_ready(self, partial(self._settings_changed, SURFACE_FIELDS))

    # -- building -------------------------------------------------------------------------------
    def _build(self) -> None:
        controls = self._build_controls()

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
        self._retranslate_controls()
        self.network_figure.retranslate()
        self._show_network_availability()
        self.figure.retranslate()
        self._show_texts()

    def _show_texts(self) -> None:
        rows = []
        current = self.figure.current_run()
        for trajectory in current:
            color, _, _ = trajectory_style(trajectory, current)
            rows.append(f"<b style='color:{color}'>{trajectory_name(trajectory, current)}</b>: "
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
        elif name == "lrs":
            text = self.tr("Learning rates not changed: {reason}").format(reason=reason)
            self.status_label.setText(f"<span style='{ERROR_STYLE}'>{text}</span>")

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
            runs = [[trajectory for lr in self.settings.learning_rates()
                     for trajectory in run(self.surface, replace(settings, start=tuple(start), lr=lr),
                                           self.surface_params())]
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
