"""The Initialisation panel: sampled weights against theory for every scheme, and what a deep stack
does to activations and gradients for a chosen activation and initialisation."""

from __future__ import annotations

import math
from collections.abc import Mapping

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from actgui.core.activations import ACTIVATIONS
from actgui.core.depth import (
    DEPTH_COMPARISONS,
    DEPTH_PRESETS,
    MAX_BATCH,
    MAX_DEPTH,
    MAX_WIDTH,
    DepthResult,
    DepthSpec,
    run_depth,
    signal_drift,
)
from actgui.core.inits import (
    INITS,
    MAX_FAN,
    Choice,
    Recommendation,
    WeightSample,
    recommended_init,
    sample_weights,
)
from actgui.core.registry import Param
from actgui.qt.base.figure import Figure
from actgui.qt.base.i18n import current_language, display_name, formula_text
from actgui.qt.base.panel import Panel
from actgui.qt.base.theme import Theme
from actgui.qt.base.widgets import ParamSlider
from actgui.qt.figures.init import (
    COMPARE_COLOR,
    SAMPLE_COLOR,
    DepthFigure,
    DepthHistogramFigure,
    InitHistogramFigure,
    case_label,
    distinct_text,
)

MAX_SEED = 2**31 - 1
ERROR_STYLE = "color: #d62728;"
# Delay before the depth experiment reruns, so dragging a slider does not queue one run per step.
DEPTH_DELAY_MS = 120


def _spin(name: str, minimum: int, maximum: int, value: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setRange(minimum, maximum)
    spin.setValue(value)
    return spin


def _number(value: float) -> str:
    return f"{value:.4g}" if math.isfinite(value) else "—"


class ParamEditor(QWidget):
    """Sliders for an entry's numeric parameters and combo boxes for its choices (mode, nonlinearity).

    Slider objectNames are `param.<owner>.<key>`, combo boxes `choice.<owner>.<key>`.
    """

    changed = Signal()

    def __init__(self, owner: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.owner = owner
        self.setObjectName(f"params.{owner}")
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.rows: list[QWidget] = []
        self.sliders: dict[str, ParamSlider] = {}
        self.combos: dict[str, tuple[Choice, QLabel, QComboBox]] = {}

    def set_entry(self, params: tuple[Param, ...], choices: tuple[Choice, ...] = (),
                  values: Mapping[str, object] | None = None) -> None:
        """Replaces the controls by those of `params` and `choices`, set to `values` (or defaults)."""
        for widget in self.rows:
            self.layout_.removeWidget(widget)
            widget.setParent(None)  # out of the widget tree now, so findChild never finds a stale control
            widget.deleteLater()
        self.rows, self.sliders, self.combos = [], {}, {}
        values = values or {}
        for param in params:
            slider = ParamSlider(param, self.owner, float(values.get(param.key, param.default)))
            slider.valueChanged.connect(lambda *_: self.changed.emit())
            self.sliders[param.key] = slider
            self.rows.append(slider)
            self.layout_.addWidget(slider)
        for choice in choices:
            label = QLabel(display_name(choice))
            combo = QComboBox()
            combo.setObjectName(f"choice.{self.owner}.{choice.key}")
            combo.addItems(list(choice.options))
            combo.setCurrentText(str(values.get(choice.key, choice.default)))
            combo.currentIndexChanged.connect(lambda *_: self.changed.emit())
            row = QWidget()
            row_layout = QHBoxLayout(row)
            row_layout.setContentsMargins(0, 0, 0, 0)
            row_layout.addWidget(label)
            row_layout.addWidget(combo, 1)
            self.rows.append(row)
            self.layout_.addWidget(row)
            self.combos[choice.key] = (choice, label, combo)

    def values(self) -> dict[str, object]:
        result: dict[str, object] = {key: slider.value() for key, slider in self.sliders.items()}
        result.update({key: combo.currentText() for key, (_, _, combo) in self.combos.items()})
        return result

    def retranslate(self) -> None:
        for slider in self.sliders.values():
            slider.retranslate()
        for choice, label, _ in self.combos.values():
            label.setText(display_name(choice))


class InitPanel(Panel):
    """Weight initialisation: the sampled distribution of each scheme, and signal depth."""

    key = "init"

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        self.samples: list[WeightSample] = []
        self.depth_result: DepthResult | None = None
        self.depth_timer = QTimer(self)
        self.depth_timer.setSingleShot(True)
        self.depth_timer.setInterval(DEPTH_DELAY_MS)
        self.depth_timer.timeout.connect(self.refresh_depth)
        self._build()
        self.retranslate()
        self.refresh_histogram()

    # -- building -------------------------------------------------------------------------------
    def _build(self) -> None:
        self.histogram_figure = InitHistogramFigure(self.theme)
        self.depth_figure = DepthFigure(self.theme)
        self.depth_histogram_figure = DepthHistogramFigure(self.theme)
        self.figures = {"init_histogram": self.histogram_figure, "depth": self.depth_figure,
                        "depth_histograms": self.depth_histogram_figure}
        self.views = QTabWidget()
        self.views.setObjectName("init.views")
        self.views.addTab(self._build_histogram_page(), "")
        self.views.addTab(self._build_depth_page(), "")
        self.views.currentChanged.connect(self._view_changed)
        self.fill(self.views)

    def _scheme_combo(self, name: str, with_none: bool = False) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        if with_none:
            combo.addItem("", None)
        for scheme in INITS:
            combo.addItem(display_name(scheme), scheme.key)
        return combo

    def _build_histogram_page(self) -> QWidget:
        controls = QWidget()
        layout = QVBoxLayout(controls)

        self.scheme_box = QGroupBox()
        scheme_layout = QVBoxLayout(self.scheme_box)
        self.scheme_combo = self._scheme_combo("init.scheme")
        self.scheme_combo.setCurrentIndex(INITS.keys().index("kaiming_normal"))
        self.formula_label = QLabel()
        self.formula_label.setObjectName("init.formula")
        self.formula_label.setWordWrap(True)
        self.scheme_params = ParamEditor("init")
        scheme_layout.addWidget(self.scheme_combo)
        scheme_layout.addWidget(self.formula_label)
        scheme_layout.addWidget(self.scheme_params)
        layout.addWidget(self.scheme_box)

        self.matrix_box = QGroupBox()
        matrix_form = QFormLayout(self.matrix_box)
        self.fan_in_spin = _spin("init.fan_in", 1, MAX_FAN, 256)
        self.fan_out_spin = _spin("init.fan_out", 1, MAX_FAN, 256)
        self.seed_spin = _spin("init.seed", 0, MAX_SEED, 0)
        self.resample_button = QPushButton()
        self.resample_button.setObjectName("init.resample")
        self.fan_in_label, self.fan_out_label, self.seed_label = QLabel(), QLabel(), QLabel()
        matrix_form.addRow(self.fan_in_label, self.fan_in_spin)
        matrix_form.addRow(self.fan_out_label, self.fan_out_spin)
        matrix_form.addRow(self.seed_label, self.seed_spin)
        matrix_form.addRow(self.resample_button)
        layout.addWidget(self.matrix_box)

        self.compare_box = QGroupBox()
        compare_layout = QVBoxLayout(self.compare_box)
        self.compare_combo = self._scheme_combo("init.compare_scheme", with_none=True)
        self.compare_params = ParamEditor("init_compare")
        compare_layout.addWidget(self.compare_combo)
        compare_layout.addWidget(self.compare_params)
        layout.addWidget(self.compare_box)

        self.stats_label = QLabel()
        self.stats_label.setObjectName("init.stats")
        self.stats_label.setTextFormat(Qt.RichText)
        self.stats_label.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.stats_label.setContentsMargins(8, 4, 8, 4)
        self.error_label = QLabel()
        self.error_label.setObjectName("init.error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.error_label)
        layout.addStretch(1)

        self._set_scheme_params(self.scheme_params, self.scheme_combo)
        self.scheme_combo.currentIndexChanged.connect(self._scheme_changed)
        self.compare_combo.currentIndexChanged.connect(self._compare_changed)
        self.scheme_params.changed.connect(self.refresh_histogram)
        self.compare_params.changed.connect(self.refresh_histogram)
        for spin in (self.fan_in_spin, self.fan_out_spin, self.seed_spin):
            spin.valueChanged.connect(self.refresh_histogram)
        self.resample_button.clicked.connect(self.resample)
        plots = QSplitter(Qt.Vertical)
        plots.addWidget(self.histogram_figure.widget)
        plots.addWidget(self.stats_label)
        plots.setStretchFactor(0, 1)
        plots.setSizes([700, 150])
        return self.controls_beside(controls, plots, "init.histogram_page")

    def _build_depth_page(self) -> QWidget:
        controls = QWidget()
        layout = QVBoxLayout(controls)

        self.preset_label = QLabel()
        self.preset_combo = QComboBox()
        self.preset_combo.setObjectName("init.depth.preset")
        self.preset_combo.addItem("", None)
        for preset in DEPTH_PRESETS:
            self.preset_combo.addItem(display_name(preset), preset.key)
        layout.addWidget(self.preset_label)
        layout.addWidget(self.preset_combo)

        # Several activation × init cases on one plot, one button each (None: the single network below).
        self.depth_cases: str | None = None
        self.depth_results: list[DepthResult] = []
        self.cases_label = QLabel()
        layout.addWidget(self.cases_label)
        self.case_buttons: dict[str, QPushButton] = {}
        for comparison in DEPTH_COMPARISONS:
            button = QPushButton()
            button.setObjectName(f"init.depth_cases.{comparison.key}")
            button.clicked.connect(lambda _=False, key=comparison.key: self.show_comparison(key))
            layout.addWidget(button)
            self.case_buttons[comparison.key] = button

        self.network_box = QGroupBox()
        network_layout = QVBoxLayout(self.network_box)
        self.activation_label = QLabel()
        self.activation_combo = QComboBox()
        self.activation_combo.setObjectName("init.depth.activation")
        for activation in ACTIVATIONS:
            self.activation_combo.addItem(display_name(activation), activation.key)
        self.activation_combo.setCurrentIndex(ACTIVATIONS.keys().index("relu"))
        self.activation_params = ParamEditor("depth_activation")
        self.depth_scheme_label = QLabel()
        self.depth_scheme_combo = self._scheme_combo("init.depth.scheme")
        self.depth_scheme_combo.setCurrentIndex(INITS.keys().index("kaiming_normal"))
        self.depth_scheme_params = ParamEditor("depth_init")
        for widget in (self.activation_label, self.activation_combo, self.activation_params,
                       self.depth_scheme_label, self.depth_scheme_combo, self.depth_scheme_params):
            network_layout.addWidget(widget)
        layout.addWidget(self.network_box)

        self.recommended_label = QLabel()
        self.recommended_label.setObjectName("init.depth.recommended")
        self.recommended_label.setWordWrap(True)
        self.recommended_label.setTextFormat(Qt.RichText)
        self.recommended_button = QPushButton()
        self.recommended_button.setObjectName("init.depth.use_recommended")
        layout.addWidget(self.recommended_label)
        layout.addWidget(self.recommended_button)

        self.size_box = QGroupBox()
        size_form = QFormLayout(self.size_box)
        self.depth_spin = _spin("init.depth.depth", 1, MAX_DEPTH, 20)
        self.width_spin = _spin("init.depth.width", 1, MAX_WIDTH, 256)
        self.batch_spin = _spin("init.depth.batch", 1, MAX_BATCH, 256)
        self.depth_seed_spin = _spin("init.depth.seed", 0, MAX_SEED, 0)
        self.depth_label, self.width_label, self.batch_label, self.depth_seed_label = (QLabel() for _ in range(4))
        size_form.addRow(self.depth_label, self.depth_spin)
        size_form.addRow(self.width_label, self.width_spin)
        size_form.addRow(self.batch_label, self.batch_spin)
        size_form.addRow(self.depth_seed_label, self.depth_seed_spin)
        layout.addWidget(self.size_box)

        self.summary_label = QLabel()
        self.summary_label.setObjectName("init.depth.summary")
        self.summary_label.setWordWrap(True)
        self.depth_error_label = QLabel()
        self.depth_error_label.setObjectName("init.depth.error")
        self.depth_error_label.setWordWrap(True)
        self.depth_error_label.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.depth_error_label)
        layout.addStretch(1)

        self._set_activation_params()
        self._set_scheme_params(self.depth_scheme_params, self.depth_scheme_combo)
        self.preset_combo.setCurrentIndex(DEPTH_PRESETS.keys().index("relu_kaiming") + 1)
        self.preset_combo.activated.connect(self._preset_chosen)
        self.activation_combo.currentIndexChanged.connect(self._activation_changed)
        self.depth_scheme_combo.currentIndexChanged.connect(self._depth_scheme_changed)
        self.activation_params.changed.connect(self._network_edited)
        self.depth_scheme_params.changed.connect(self._network_edited)
        self.recommended_button.clicked.connect(self.use_recommended)
        for spin in (self.depth_spin, self.width_spin, self.batch_spin, self.depth_seed_spin):
            spin.valueChanged.connect(self.depth_timer.start)

        plots = QSplitter(Qt.Horizontal)
        plots.addWidget(self.depth_figure.widget)
        plots.addWidget(self.depth_histogram_figure.widget)
        plots.setSizes([540, 500])
        return self.controls_beside(controls, plots, "init.depth_page")

    # -- texts ----------------------------------------------------------------------------------
    def title(self) -> str:
        return self.tr("Initialisation")

    def retranslate(self) -> None:
        self.views.setTabText(0, self.tr("Weight distribution"))
        self.views.setTabText(1, self.tr("Depth: signal and gradient"))
        self.scheme_box.setTitle(self.tr("Initialisation scheme"))
        self.matrix_box.setTitle(self.tr("Weight matrix W: fan_out × fan_in"))
        self.fan_in_label.setText(self.tr("fan_in (inputs)"))
        self.fan_out_label.setText(self.tr("fan_out (outputs)"))
        self.seed_label.setText(self.tr("Random seed"))
        self.resample_button.setText(self.tr("Re-sample (next seed)"))
        self.compare_box.setTitle(self.tr("Compare with a second scheme"))
        self.compare_combo.setItemText(0, self.tr("(none)"))
        for combo in (self.scheme_combo, self.compare_combo, self.depth_scheme_combo):
            for index in range(combo.count()):
                if combo.itemData(index) is not None:
                    combo.setItemText(index, display_name(INITS.get(combo.itemData(index))))
        for index in range(self.activation_combo.count()):
            activation = ACTIVATIONS.get(self.activation_combo.itemData(index))
            self.activation_combo.setItemText(index, display_name(activation))
        self.preset_label.setText(self.tr("Cases from the notes (one click):"))
        self.cases_label.setText(self.tr("Compare cases on one plot (one click):"))
        for key, button in self.case_buttons.items():
            button.setText(display_name(DEPTH_COMPARISONS.get(key)))
        self.preset_combo.setItemText(0, self.tr("(custom)"))
        for index in range(1, self.preset_combo.count()):
            self.preset_combo.setItemText(index, display_name(DEPTH_PRESETS.get(self.preset_combo.itemData(index))))
        self.network_box.setTitle(self.tr("Network"))
        self.activation_label.setText(self.tr("Activation"))
        self.depth_scheme_label.setText(self.tr("Weight initialisation (biases zero)"))
        self.recommended_button.setText(self.tr("Use the recommended initialisation"))
        self.size_box.setTitle(self.tr("Sizes and batch"))
        self.depth_label.setText(self.tr("Layers (depth)"))
        self.width_label.setText(self.tr("Units per layer (width)"))
        self.batch_label.setText(self.tr("Batch size"))
        self.depth_seed_label.setText(self.tr("Random seed"))
        for editor in (self.scheme_params, self.compare_params, self.activation_params, self.depth_scheme_params):
            editor.retranslate()
        for figure in self.figures.values():
            figure.retranslate()
        self._show_stats()
        self._show_recommendation()
        self._show_summary()

    # -- histogram ------------------------------------------------------------------------------
    def _set_scheme_params(self, editor: ParamEditor, combo: QComboBox,
                           values: Mapping[str, object] | None = None) -> None:
        key = combo.currentData()
        if key is None:
            editor.set_entry(())
            return
        scheme = INITS.get(key)
        editor.set_entry(scheme.params, scheme.choices, values)

    def _scheme_changed(self) -> None:
        self._set_scheme_params(self.scheme_params, self.scheme_combo)
        self.refresh_histogram()

    def _compare_changed(self) -> None:
        self._set_scheme_params(self.compare_params, self.compare_combo)
        self.refresh_histogram()

    def resample(self) -> None:
        """Draws new weights: the seed moves on by one, so every draw stays reproducible."""
        self.seed_spin.setValue((self.seed_spin.value() + 1) % (MAX_SEED + 1))

    def _histogram_samples(self) -> list[WeightSample]:
        fan_in, fan_out, seed = self.fan_in_spin.value(), self.fan_out_spin.value(), self.seed_spin.value()
        samples = [sample_weights(self.scheme_combo.currentData(), fan_in, fan_out, self.scheme_params.values(), seed)]
        if self.compare_combo.currentData() is not None:
            samples.append(sample_weights(self.compare_combo.currentData(), fan_in, fan_out,
                                          self.compare_params.values(), seed + 1))
        return samples

    def refresh_histogram(self, *_: object) -> None:
        """Samples the weights and redraws; a bad parameter combination shows a message instead."""
        try:
            samples = self._histogram_samples()
        except ValueError as error:
            self.error_label.setText(self.tr("Not drawn: {reason}").format(reason=error))
            return
        self.error_label.setText("")
        self.samples = samples
        self.histogram_figure.show(samples)
        self.formula_label.setText(formula_text(samples[0].scheme.formula))
        self._show_stats()

    def _show_stats(self) -> None:
        if not self.samples:
            return
        head = "".join(f"<th colspan='2' style='color: {color}'>{display_name(s.scheme)}</th>"
                       for s, color in zip(self.samples, (SAMPLE_COLOR, COMPARE_COLOR), strict=False))
        sampled_text, theory_text = self.tr("sampled"), self.tr("theory")
        sub = "".join(f"<th>{sampled_text}</th><th>{theory_text}</th>" for _ in self.samples)
        rows = []
        for label, sampled, theory in ((self.tr("mean"), "mean", "mean"), (self.tr("std"), "std", "std"),
                                       (self.tr("min"), "min", "low"), (self.tr("max"), "max", "high")):
            cells = "".join(f"<td align='right'>{_number(getattr(s, sampled))}</td>"
                            f"<td align='right'>{_number(getattr(s.theory, theory))}</td>" for s in self.samples)
            rows.append(f"<tr><td>{label}</td>{cells}</tr>")
        self.stats_label.setText(f"<table cellspacing='4'><tr><th></th>{head}</tr><tr><th></th>{sub}</tr>"
                                 f"{''.join(rows)}</table>")

    # -- depth ----------------------------------------------------------------------------------
    def _set_activation_params(self, values: Mapping[str, float] | None = None) -> None:
        self.activation_params.set_entry(ACTIVATIONS.get(self.activation_combo.currentData()).params, (), values)

    def _activation_changed(self) -> None:
        self._set_activation_params()
        self._network_edited()

    def _depth_scheme_changed(self) -> None:
        self._set_scheme_params(self.depth_scheme_params, self.depth_scheme_combo)
        self._network_edited()

    def _network_edited(self) -> None:
        """A hand edit of activation or init: the preset combo no longer describes the network."""
        self.preset_combo.setCurrentIndex(0)
        self.depth_cases = None
        self._show_recommendation()
        self.depth_timer.start()

    def _set_network(self, activation: str, scheme: str, init_params: Mapping[str, object],
                     activation_params: Mapping[str, float] | None = None) -> None:
        for combo in (self.activation_combo, self.depth_scheme_combo):
            combo.blockSignals(True)
        try:
            self.activation_combo.setCurrentIndex(ACTIVATIONS.keys().index(activation))
            self.depth_scheme_combo.setCurrentIndex(INITS.keys().index(scheme))
        finally:
            for combo in (self.activation_combo, self.depth_scheme_combo):
                combo.blockSignals(False)
        self._set_activation_params(activation_params)
        self._set_scheme_params(self.depth_scheme_params, self.depth_scheme_combo, init_params)
        self._show_recommendation()

    def _preset_chosen(self, index: int) -> None:
        key = self.preset_combo.itemData(index)
        if key is not None:
            self.apply_preset(key)

    def apply_preset(self, key: str) -> None:
        """Switches the depth experiment to one of the notes' cases and reruns it."""
        preset = DEPTH_PRESETS.get(key)
        self.depth_cases = None
        self._set_network(preset.activation, preset.init, preset.init_params)
        self.preset_combo.setCurrentIndex(DEPTH_PRESETS.keys().index(key) + 1)
        self.refresh_depth()

    def _recommendation(self) -> Recommendation:
        return recommended_init(self.activation_combo.currentData(), self.activation_params.values())

    def use_recommended(self) -> None:
        """Sets the init the notes recommend for the chosen activation."""
        recommendation = self._recommendation()
        self._set_network(self.activation_combo.currentData(), recommendation.scheme, recommendation.params,
                          self.activation_params.values())
        self.preset_combo.setCurrentIndex(0)
        self.depth_cases = None
        self.refresh_depth()

    def show_comparison(self, key: str) -> None:
        """Draws one of the notes' comparisons (several activation × init cases) on one plot."""
        DEPTH_COMPARISONS.get(key)
        self.depth_cases = key
        self.preset_combo.setCurrentIndex(0)
        self.refresh_depth()

    def _show_recommendation(self) -> None:
        try:
            recommendation = self._recommendation()
        except ValueError:
            self.recommended_label.setText("")
            return
        reason = recommendation.reason_zh if current_language() == "zh_CN" else recommendation.reason_en
        params = ", ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}"
                           for k, v in recommendation.params.items())
        self.recommended_label.setText(self.tr("<b>Notes recommend:</b> {scheme}{params}<br>{reason}").format(
            scheme=display_name(INITS.get(recommendation.scheme)), params=f" ({params})" if params else "",
            reason=reason))

    def _view_changed(self, index: int) -> None:
        """The depth experiment first runs when its page is shown, so opening the app stays quick."""
        if index == 1 and self.depth_result is None:
            self.refresh_depth()

    def depth_spec(self) -> DepthSpec:
        return DepthSpec(activation=self.activation_combo.currentData(), init=self.depth_scheme_combo.currentData(),
                         activation_params=self.activation_params.values(),
                         init_params=self.depth_scheme_params.values(), depth=self.depth_spin.value(),
                         width=self.width_spin.value(), batch=self.batch_spin.value(),
                         seed=self.depth_seed_spin.value())

    def refresh_depth(self, *_: object) -> None:
        """Runs the forward and backward pass now and redraws both depth figures."""
        self.depth_timer.stop()
        spec = self.depth_spec()
        try:
            specs = [spec] if self.depth_cases is None else DEPTH_COMPARISONS.get(self.depth_cases).specs(spec)
            results = [run_depth(case) for case in specs]
        except ValueError as error:
            self.depth_error_label.setText(self.tr("Not run: {reason}").format(reason=error))
            return
        self.depth_error_label.setText("")
        self.depth_results = results
        self.depth_result = results[0]
        self.depth_figure.show_cases(results)
        self.depth_histogram_figure.show(results[0])
        self._show_summary()

    def _show_summary(self) -> None:
        result = self.depth_result
        if result is None:
            return
        if self.depth_cases is not None:
            self.summary_label.setText("\n".join(
                self.tr("{case}: activation std {first} → {last}, ∂L/∂h std {grad_first} → {grad_last}").format(
                    case=case_label(case), first=_number(case.act_std[0]), last=_number(case.act_std[-1]),
                    grad_first=_number(case.signal_grad_std[0]), grad_last=_number(case.signal_grad_std[-1]))
                for case in self.depth_results))
            return
        act, grad = result.act_std, result.grad_std
        lines = [self.tr("Loss L = mean(output²) = {loss}").format(loss=_number(result.loss)),
                 self.tr("Activation std, first → last layer: {first} → {last}").format(
                     first=_number(act[0]), last=_number(act[-1])),
                 self.tr("Gradient std, first → last layer: {first} → {last}").format(
                     first=_number(grad[0]), last=_number(grad[-1])),
                 distinct_text(result)]
        recommendation = self._recommendation()
        if (result.spec.init, dict(result.spec.init_params)) == (recommendation.scheme, recommendation.params):
            drift = signal_drift(result.spec.activation, result.spec.activation_params)
            lines.append(drift.text_zh if current_language() == "zh_CN" else drift.text_en)
        if result.overflow_layer is not None:
            lines.append(self.tr("The activations overflow from layer {layer}.").format(layer=result.overflow_layer))
        elif result.gradient_overflow:
            lines.append(self.tr("The gradients overflow in the backward pass."))
        elif result.collapsed:
            lines.append(self.tr("Constant weights: every unit of a layer is identical, symmetry is never broken."))
        self.summary_label.setText("\n".join(lines))

    # -- panel API ------------------------------------------------------------------------------
    def export_figure(self, name: str = "init_histogram") -> Figure:
        if name == "init_histogram":
            figure = InitHistogramFigure(self.theme)
            figure.show(self.samples)
            return figure
        if name in ("depth", "depth_histograms"):
            if self.depth_result is None:
                self.refresh_depth()
            if name == "depth":
                figure = DepthFigure(self.theme)
                figure.show_cases(self.depth_results)
                return figure
            figure = DepthHistogramFigure(self.theme)
            figure.show(self.depth_result)
            return figure
        raise ValueError(f"the init panel has no figure '{name}' (figures: {', '.join(self.figures)})")

    def state(self) -> dict:
        spec = self.depth_spec()
        return {
            "view": "depth" if self.views.currentIndex() == 1 else "histogram",
            "histogram": {
                "scheme": self.scheme_combo.currentData(), "params": self.scheme_params.values(),
                "fan_in": self.fan_in_spin.value(), "fan_out": self.fan_out_spin.value(),
                "seed": self.seed_spin.value(), "compare": self.compare_combo.currentData(),
                "compare_params": self.compare_params.values(),
            },
            "depth": {
                "activation": spec.activation, "activation_params": dict(spec.activation_params),
                "init": spec.init, "init_params": dict(spec.init_params), "depth": spec.depth,
                "width": spec.width, "batch": spec.batch, "seed": spec.seed, "cases": self.depth_cases,
            },
        }

    def set_state(self, state: dict) -> None:
        try:
            view = state["view"]
            if view not in ("histogram", "depth"):
                raise ValueError(f"view must be 'histogram' or 'depth' (got {view!r})")
            hist, depth = state["histogram"], state["depth"]
            scheme = INITS.get(hist["scheme"])
            scheme_params = scheme.resolve(hist["params"])
            fans = [int(hist[k]) for k in ("fan_in", "fan_out")]
            seed = int(hist["seed"])
            if not all(1 <= fan <= MAX_FAN for fan in fans) or not 0 <= seed <= MAX_SEED:
                raise ValueError(f"fan_in/fan_out must be 1 to {MAX_FAN} and the seed 0 to {MAX_SEED}")
            compare = None if hist["compare"] is None else INITS.get(hist["compare"])
            compare_params = {} if compare is None else compare.resolve(hist["compare_params"])
            spec = DepthSpec(activation=depth["activation"], init=depth["init"],
                             activation_params=dict(depth["activation_params"]),
                             init_params=dict(depth["init_params"]), depth=int(depth["depth"]),
                             width=int(depth["width"]), batch=int(depth["batch"]), seed=int(depth["seed"]))
            spec.check()
            cases = depth.get("cases")
            if cases is not None:
                DEPTH_COMPARISONS.get(cases)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise ValueError(f"init panel: {error}") from None
        for widget in (self.scheme_combo, self.compare_combo, self.fan_in_spin, self.fan_out_spin, self.seed_spin,
                       self.depth_spin, self.width_spin, self.batch_spin, self.depth_seed_spin):
            widget.blockSignals(True)
        try:
            self.scheme_combo.setCurrentIndex(INITS.keys().index(scheme.key))
            self.compare_combo.setCurrentIndex(0 if compare is None else INITS.keys().index(compare.key) + 1)
            self.fan_in_spin.setValue(fans[0])
            self.fan_out_spin.setValue(fans[1])
            self.seed_spin.setValue(seed)
            self.depth_spin.setValue(spec.depth)
            self.width_spin.setValue(spec.width)
            self.batch_spin.setValue(spec.batch)
            self.depth_seed_spin.setValue(spec.seed)
        finally:
            for widget in (self.scheme_combo, self.compare_combo, self.fan_in_spin, self.fan_out_spin,
                           self.seed_spin, self.depth_spin, self.width_spin, self.batch_spin, self.depth_seed_spin):
                widget.blockSignals(False)
        self._set_scheme_params(self.scheme_params, self.scheme_combo, scheme_params)
        self._set_scheme_params(self.compare_params, self.compare_combo, compare_params)
        self._set_network(spec.activation, spec.init, spec.init_params, spec.activation_params)
        self.preset_combo.setCurrentIndex(0)
        self.depth_cases = cases
        self.views.setCurrentIndex(1 if view == "depth" else 0)
        self.refresh_histogram()
        self.refresh_depth()

    def shutdown(self) -> None:
        self.depth_timer.stop()
