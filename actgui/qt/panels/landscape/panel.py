"""The Landscape panel: gradient descent with several torch.optim optimisers on a 2-D surface.

Click the map to start there (with "keep earlier starts" ticked, earlier runs stay drawn faded).
The trajectories are computed in core at once; a QTimer then reveals them step by step.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from actgui.core.descent import (
    DESCENT_METHODS,
    MAX_LEARNING_RATE,
    MAX_MOMENTUM,
    MAX_STEPS,
    PRESETS,
    DescentSettings,
    Trajectory,
    run,
)
from actgui.core.safe_expr import ExpressionError
from actgui.core.surfaces import (
    CUSTOM_KEY,
    DEFAULT_CUSTOM_EXPRESSION,
    SURFACES,
    Point,
    Surface,
    get_surface,
    surface_keys,
)
from actgui.qt.base.figure import Figure
from actgui.qt.base.i18n import display_name, formula_text
from actgui.qt.base.panel import Panel
from actgui.qt.base.theme import Theme
from actgui.qt.base.widgets import ParamSlider, swatch
from actgui.qt.figures.landscape import LandscapeFigure, outcome

#: The animation shows about this many frames, one every FRAME_MS milliseconds.
FRAMES, FRAME_MS = 60, 30
MAX_STARTS = 12
START_LIMIT = 1000.0
ERROR_STYLE = "color: #d62728;"


class LandscapePanel(Panel):
    """Optimisers side by side on a loss surface, animated, with their loss curves."""

    key = "landscape"

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        self.surface: Surface = SURFACES.get("bowl")
        self.expression = DEFAULT_CUSTOM_EXPRESSION
        self.starts: list[Point] = [self.surface.start]
        self.runs: list[list[Trajectory]] = []
        self.sliders: dict[tuple[str, str], ParamSlider] = {}
        self.timer = QTimer(self)
        self.timer.setObjectName("landscape.timer")
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self._advance)
        self._build()
        self.retranslate()
        self._surface_changed()

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
        for key in surface_keys():
            self.surface_combo.addItem("", key)
        self.surface_combo.currentIndexChanged.connect(self._surface_chosen)
        surface_layout.addWidget(self.surface_combo)
        for surface in SURFACES:
            for param in surface.params:
                slider = ParamSlider(param, surface.key)
                slider.valueChanged.connect(self._surface_changed)
                self.sliders[(surface.key, param.key)] = slider
                surface_layout.addWidget(slider)
        self.expression_edit = QLineEdit(self.expression)
        self.expression_edit.setObjectName("landscape.expression")
        self.expression_edit.editingFinished.connect(self._expression_edited)
        surface_layout.addWidget(self.expression_edit)
        self.surface_error = QLabel()
        self.surface_error.setObjectName("landscape.surface_error")
        self.surface_error.setStyleSheet(ERROR_STYLE)
        self.surface_error.setWordWrap(True)
        surface_layout.addWidget(self.surface_error)
        self.field_check = QCheckBox()
        self.field_check.setObjectName("landscape.field")
        self.field_check.toggled.connect(self._surface_changed)
        surface_layout.addWidget(self.field_check)
        layout.addWidget(self.surface_box)

        self.optimizer_box = QGroupBox()
        optimizer_layout = QVBoxLayout(self.optimizer_box)
        self.optimizer_checks: dict[str, QCheckBox] = {}
        for method in DESCENT_METHODS:
            check = QCheckBox()
            check.setObjectName(f"landscape.optimizer.{method.key}")
            check.setIcon(swatch(method.color))
            check.setChecked(method.key in DescentSettings().optimizers)
            check.toggled.connect(self._settings_changed)
            self.optimizer_checks[method.key] = check
            optimizer_layout.addWidget(check)
        form = QFormLayout()
        self.lr_spin = QDoubleSpinBox()
        self.lr_spin.setObjectName("landscape.lr")
        self.lr_spin.setDecimals(4)
        self.lr_spin.setRange(0.0001, MAX_LEARNING_RATE)
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
        defaults = DescentSettings()
        self.lr_spin.setValue(defaults.lr)
        self.momentum_spin.setValue(defaults.momentum)
        self.steps_spin.setValue(defaults.steps)
        for spin in (self.lr_spin, self.momentum_spin, self.steps_spin):
            spin.setKeyboardTracking(False)
            spin.valueChanged.connect(self._settings_changed)
        self.lr_label, self.momentum_label, self.steps_label = QLabel(), QLabel(), QLabel()
        form.addRow(self.lr_label, self.lr_spin)
        form.addRow(self.momentum_label, self.momentum_spin)
        form.addRow(self.steps_label, self.steps_spin)
        optimizer_layout.addLayout(form)
        layout.addWidget(self.optimizer_box)

        self.start_box = QGroupBox()
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
            spin.valueChanged.connect(self._start_edited)
            start_row.addWidget(spin)
        self.keep_check = QCheckBox()
        self.keep_check.setObjectName("landscape.keep")
        self.keep_check.toggled.connect(self._keep_toggled)
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
        self.figures = {"landscape": self.figure}
        self.figure.widget.scene().sigMouseClicked.connect(self._map_clicked)
        self.fill(self.controls_beside(controls, self.figure.widget, "landscape"))

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
            text = self.tr("Custom expression") if key == CUSTOM_KEY else display_name(SURFACES.get(key))
            self.surface_combo.setItemText(index, text)
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
    def selected_optimizers(self) -> tuple[str, ...]:
        return tuple(key for key, check in self.optimizer_checks.items() if check.isChecked())

    def surface_params(self) -> dict[str, float]:
        return {key: slider.value() for (owner, key), slider in self.sliders.items() if owner == self.surface.key}

    def settings(self) -> DescentSettings:
        return DescentSettings(start=self.starts[-1], optimizers=self.selected_optimizers(),
                               lr=self.lr_spin.value(), momentum=self.momentum_spin.value(),
                               steps=self.steps_spin.value())

    def _surface_chosen(self) -> None:
        # self.expression is only ever set to an accepted expression, so this cannot fail.
        self.surface = get_surface(self.surface_combo.currentData(), self.expression)
        self.starts = [self.surface.start]
        self._surface_changed()

    def _expression_edited(self) -> None:
        text = self.expression_edit.text()
        try:
            surface = get_surface(CUSTOM_KEY, text)
        except ExpressionError as error:
            self._set_surface_error(self.tr("Not changed: {reason}").format(reason=error))
            return
        self.expression = text
        if self.surface.key == CUSTOM_KEY:
            self.surface = surface
            self._surface_changed()

    def _set_surface_error(self, text: str) -> None:
        self.surface_error.setText(text)
        self.surface_error.setVisible(bool(text))

    def _surface_changed(self, *_: object) -> None:
        """Redraws the map for the current surface and its parameters, then reruns the descent."""
        for (owner, _key), slider in self.sliders.items():
            slider.setVisible(owner == self.surface.key)
        self.expression_edit.setVisible(self.surface.key == CUSTOM_KEY)
        try:
            self.figure.show_surface(self.surface, self.surface_params(), self.field_check.isChecked())
        except ValueError as error:
            self._set_surface_error(self.tr("Cannot draw this surface: {reason}").format(reason=error))
            return
        self._set_surface_error("")
        self._settings_changed()

    def _settings_changed(self, *_: object) -> None:
        self.preset_combo.setCurrentIndex(0)  # the settings no longer are the preset's
        self.compute()

    def _keep_toggled(self, keep: bool) -> None:
        if not keep and len(self.starts) > 1:
            self.starts = self.starts[-1:]
            self.compute()

    def _start_edited(self) -> None:
        self.set_start((self.start_x.value(), self.start_y.value()), animate=False)

    def _map_clicked(self, event) -> None:
        if event.button() != Qt.LeftButton:
            return
        point = self.figure.map_point(event.scenePos())
        if point is not None:
            event.accept()
            self.set_start(point, animate=True)

    def set_start(self, point: Point, animate: bool = True) -> None:
        """Starts from `point` (added to the earlier starts when they are kept) and runs."""
        if self.keep_check.isChecked():
            self.starts = (self.starts + [point])[-MAX_STARTS:]
        else:
            self.starts = [point]
        self.preset_combo.setCurrentIndex(0)
        if self.compute() and animate:
            self.run_animated()

    def _preset_chosen(self, index: int) -> None:
        key = self.preset_combo.itemData(index)
        if key is not None:
            self.apply_preset(key)

    def apply_preset(self, key: str) -> None:
        """Loads a preset's surface, parameters, optimisers and starts, and runs it animated."""
        preset = PRESETS.get(key)
        widgets = [self.surface_combo, self.lr_spin, self.momentum_spin, self.steps_spin, self.keep_check,
                   *self.optimizer_checks.values(), *self.sliders.values()]
        for widget in widgets:
            widget.blockSignals(True)
        self.surface_combo.setCurrentIndex(self.surface_combo.findData(preset.surface))
        self.surface = SURFACES.get(preset.surface)
        for param in self.surface.params:
            self.sliders[(self.surface.key, param.key)].setValue(preset.params.get(param.key, param.default))
        for optimizer, check in self.optimizer_checks.items():
            check.setChecked(optimizer in preset.settings.optimizers)
        self.lr_spin.setValue(preset.settings.lr)
        self.momentum_spin.setValue(preset.settings.momentum)
        self.steps_spin.setValue(preset.settings.steps)
        self.keep_check.setChecked(bool(preset.earlier_starts))
        for widget in widgets:
            widget.blockSignals(False)
        self.starts = [*preset.earlier_starts, preset.settings.start]
        self._surface_changed()
        self.preset_combo.setCurrentIndex(self.preset_combo.findData(key))
        self.run_animated()

    # -- running --------------------------------------------------------------------------------
    def compute(self) -> bool:
        """Runs every start with the current settings and draws the result in full.

        A bad setting (no optimiser, a start where f is not finite) is shown in the status line and
        nothing is drawn; returns whether the run succeeded.
        """
        self.timer.stop()
        self._show_start()
        settings = self.settings()
        try:
            runs = [run(self.surface, replace(settings, start=start), self.surface_params())
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

    def _show_start(self) -> None:
        x, y = self.starts[-1]
        for spin, value in ((self.start_x, x), (self.start_y, y)):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)

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

    # -- state and export -----------------------------------------------------------------------------
    def state(self) -> dict:
        return {
            "surface": self.surface.key,
            "params": self.surface_params(),
            "expression": self.expression,
            "optimizers": list(self.selected_optimizers()),
            "lr": self.lr_spin.value(),
            "momentum": self.momentum_spin.value(),
            "steps": self.steps_spin.value(),
            "starts": [list(start) for start in self.starts],
            "keep": self.keep_check.isChecked(),
            "field": self.field_check.isChecked(),
        }

    def set_state(self, state: dict) -> None:
        try:
            key = str(state["surface"])
            expression = str(state["expression"])
            surface = get_surface(key, expression)
            get_surface(CUSTOM_KEY, expression)
            params = surface.resolve({k: float(v) for k, v in state["params"].items()})
            starts = [(float(x), float(y)) for x, y in state["starts"]]
            if not 1 <= len(starts) <= MAX_STARTS:
                raise ValueError(f"between 1 and {MAX_STARTS} starts")
            settings = DescentSettings(start=starts[-1], optimizers=tuple(str(k) for k in state["optimizers"]),
                                       lr=float(state["lr"]), momentum=float(state["momentum"]),
                                       steps=int(state["steps"]))
            settings.check()
            keep, field = bool(state["keep"]), bool(state["field"])
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"landscape panel: {error}") from None
        widgets = [self.surface_combo, self.lr_spin, self.momentum_spin, self.steps_spin, self.keep_check,
                   self.field_check, *self.optimizer_checks.values(), *self.sliders.values()]
        for widget in widgets:
            widget.blockSignals(True)
        self.expression = expression
        self.expression_edit.setText(expression)
        self.surface_combo.setCurrentIndex(self.surface_combo.findData(key))
        self.surface = surface
        for name, value in params.items():
            self.sliders[(key, name)].setValue(value)
        for optimizer, check in self.optimizer_checks.items():
            check.setChecked(optimizer in settings.optimizers)
        self.lr_spin.setValue(settings.lr)
        self.momentum_spin.setValue(settings.momentum)
        self.steps_spin.setValue(settings.steps)
        self.keep_check.setChecked(keep)
        self.field_check.setChecked(field)
        for widget in widgets:
            widget.blockSignals(False)
        self.starts = starts
        self._surface_changed()

    def export_figure(self, name: str = "landscape") -> Figure:
        figure = LandscapeFigure(self.theme)
        figure.show_surface(self.surface, self.surface_params(), self.field_check.isChecked())
        figure.show_runs(self.runs)
        return figure
