"""The Landscape panel's controls column: preset, surface, the trained network's plane, optimisers
and their settings, and the start (texts in the LandscapePanel context)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
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
    QVBoxLayout,
    QWidget,
)

from actgui.core.descent import DESCENT_METHODS, MAX_LEARNING_RATE, MAX_MOMENTUM, MAX_STEPS, PRESETS
from actgui.core.network_landscape import MAX_RESOLUTION, NETWORK_SURFACE, PCA, RANDOM
from actgui.core.surfaces import CUSTOM_KEY, SURFACES
from actgui.qt.base.binding import ParamSliders
from actgui.qt.base.i18n import display_name, formula_text
from actgui.qt.base.widgets import ParamSlider, WrappingCheckBox, swatch
from actgui.state.landscape import MAX_COMPARED_RATES, MIN_LEARNING_RATE, START_LIMIT, surface_choices

ERROR_STYLE = "color: #d62728;"
translate = QCoreApplication.translate


def parse_rates(text: str) -> list[float]:
    """'0.1, 0.01, 0.001' → [0.1, 0.01, 0.001]; raises ValueError naming a bad entry."""
    rates = []
    for part in text.replace("，", ",").split(","):
        if part.strip():
            try:
                rates.append(float(part))
            except ValueError:
                raise ValueError(f"'{part.strip()}' is not a number") from None
    if not rates:
        raise ValueError("give at least one learning rate")
    return rates


def format_rates(rates: list[float]) -> str:
    return ", ".join(f"{rate:g}" for rate in rates)


class LandscapeControls:
    """Builds and retranslates the Landscape panel's controls column."""

    def _build_controls(self) -> QWidget:
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
        self.compare_lrs_check = WrappingCheckBox()
        self.compare_lrs_check.setObjectName("landscape.compare_lrs")
        self.lrs_edit = QLineEdit()
        self.lrs_edit.setObjectName("landscape.lrs")
        self.compare_lrs_check.toggled.connect(self.lrs_edit.setEnabled)
        self.compare_lrs_check.toggled.connect(lambda on: self.lr_spin.setEnabled(not on))
        self.lrs_edit.setEnabled(False)
        form.addRow(self.compare_lrs_check)
        form.addRow(self.lrs_edit)
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
        return controls

    def _retranslate_controls(self) -> None:
        self.preset_label.setText(translate("LandscapePanel", "Preset"))
        self.preset_combo.setItemText(0, translate("LandscapePanel", "Choose a preset…"))
        for index, preset in enumerate(PRESETS, start=1):
            self.preset_combo.setItemText(index, display_name(preset))
        self.surface_box.setTitle(translate("LandscapePanel", "Surface f(x, y)"))
        for index in range(self.surface_combo.count()):
            key = self.surface_combo.itemData(index)
            if key == NETWORK_SURFACE:
                text = translate("LandscapePanel", "The network from the Training panel")
            else:
                text = translate("LandscapePanel",
                                 "Custom expression") if key == CUSTOM_KEY else display_name(SURFACES.get(key))
            self.surface_combo.setItemText(index, text)
        self.network_box.setTitle(translate("LandscapePanel", "The trained network's loss landscape"))
        self.network_directions_label.setText(translate("LandscapePanel", "Plane"))
        self.network_directions_combo.setItemText(0, translate("LandscapePanel",
                                                               "Two filter-normalised random directions"))
        self.network_directions_combo.setItemText(1, translate("LandscapePanel",
                                                               "The trajectory's first two PCA directions"))
        self.network_resolution_label.setText(translate("LandscapePanel", "Grid points a side"))
        self.network_compute_button.setText(translate("LandscapePanel", "Compute"))
        self.network_cancel_button.setText(translate("LandscapePanel", "Cancel"))
        self.expression_edit.setPlaceholderText(translate("LandscapePanel", "f(x, y), e.g. x**2 + 3*y**2"))
        self.field_check.setText(translate("LandscapePanel", "Show the descent direction −∇f"))
        self.optimizer_box.setTitle(translate("LandscapePanel", "Optimizers (torch.optim)"))
        for key, check in self.optimizer_checks.items():
            check.setText(display_name(DESCENT_METHODS.get(key)))
            check.setToolTip(formula_text(DESCENT_METHODS.get(key).formula))
        self.lr_label.setText(translate("LandscapePanel", "Learning rate η"))
        self.compare_lrs_check.setText(translate("LandscapePanel", "Compare learning rates (each optimizer at each):"))
        self.lrs_edit.setToolTip(translate("LandscapePanel", "Up to {count} learning rates, comma-separated")
                                 .format(count=MAX_COMPARED_RATES))
        self.lrs_edit.setPlaceholderText("0.1, 0.01, 0.001")
        self.momentum_label.setText(translate("LandscapePanel", "Momentum μ"))
        self.momentum_spin.setToolTip(translate("LandscapePanel",
                                                "Used by Momentum and Nesterov; Adam keeps β = (0.9, 0.999)."))
        self.steps_label.setText(translate("LandscapePanel", "Steps"))
        self.start_box.setTitle(translate("LandscapePanel", "Start"))
        self.start_hint.setText(translate("LandscapePanel", "Click the map to start there, or type x and y."))
        self.keep_check.setText(translate("LandscapePanel", "Keep earlier starts (drawn faded)"))
        self.run_button.setText(translate("LandscapePanel", "Run (animated)"))
        self.finish_button.setText(translate("LandscapePanel", "Show all steps"))
        for slider in self.sliders.values():
            slider.retranslate()
