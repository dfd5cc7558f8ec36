"""The Initialisation panel: sampled weights against theory for every scheme, and what a deep stack
does to activations and gradients for a chosen activation and initialisation."""

from __future__ import annotations

import math
from collections.abc import Mapping

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
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
from actgui.qt.base.binding import Adapter
from actgui.qt.base.figure import Figure
from actgui.qt.base.i18n import current_language, display_name, formula_text
from actgui.qt.base.panel import Panel
from actgui.qt.base.theme import Theme
from actgui.qt.base.warmup import torch_ready, when_torch_ready
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
from actgui.state.base import PanelState
from actgui.state.init import MAX_SEED, InitState

ERROR_STYLE = "color: #d62728;"
# Delay before the depth experiment reruns, so dragging a slider does not queue one run per step.
DEPTH_DELAY_MS = 120


def _spin(name: str, minimum: int, maximum: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setRange(minimum, maximum)
    return spin


def _number(value: float) -> str:
    return f"{value:.4g}" if math.isfinite(value) else "—"


class ParamEditor(QWidget):
    """Sliders for an entry's numeric parameters and combo boxes for its choices (mode, nonlinearity).

    Slider objectNames are `param.<owner>.<key>`, combo boxes `choice.<owner>.<key>`; the panel names
    the editor after the state field it is bound to.
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
        #: The registry key of the entry whose parameters are shown (None: none shown).
        self.entry_key: str | None = None

    def set_entry(self, key: str | None, params: tuple[Param, ...], choices: tuple[Choice, ...] = (),
                  values: Mapping[str, object] | None = None) -> None:
        """Replaces the controls by those of entry `key`'s `params` and `choices`, set to `values`."""
        self.entry_key = key
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

    def show_values(self, values: Mapping[str, object]) -> None:
        for key, slider in self.sliders.items():
            slider.setValue(float(values.get(key, slider.param.default)))
        for key, (choice, _, combo) in self.combos.items():
            combo.setCurrentText(str(values.get(key, choice.default)))

    def retranslate(self) -> None:
        for slider in self.sliders.values():
            slider.retranslate()
        for choice, label, _ in self.combos.values():
            label.setText(display_name(choice))


class EntryParams(Adapter):
    """A ParamEditor bound to per-entry parameters (`{entry: {key: value}}`) of the entry it shows."""

    def __init__(self, editor: ParamEditor, state: PanelState, field: str) -> None:
        super().__init__(editor)
        self.editor, self.state, self.field = editor, state, field

    def read(self) -> dict:
        values = {key: dict(entry) for key, entry in getattr(self.state, self.field).items()}
        if self.editor.entry_key is not None:
            values[self.editor.entry_key] = self.editor.values()
        return values

    def write(self, value: dict) -> None:
        if self.editor.entry_key is not None:
            self.editor.show_values(value.get(self.editor.entry_key, {}))

    def connect(self, edited) -> None:
        self.editor.changed.connect(edited)


#: A scheme choice box is this many characters wide; longer names are elided (shown whole when open).
SCHEME_CHARACTERS = 18


class InitPanel(Panel):
    """Weight initialisation: the sampled distribution of each scheme, and signal depth."""

    key = "init"
    state_type = InitState
    settings: InitState

    def __init__(self, theme: Theme, parent: QWidget | None = None, state: InitState | None = None) -> None:
        super().__init__(theme, parent, state)
        self.samples: list[WeightSample] = []
        self.depth_result: DepthResult | None = None
        self.depth_timer = QTimer(self)
        self.depth_timer.setSingleShot(True)
        self.depth_timer.setInterval(DEPTH_DELAY_MS)
        self.depth_timer.timeout.connect(self.refresh_depth)
        self._build()
        histogram, depth = self.settings.histogram, self.settings.depth
        self.bind({"histogram.params": EntryParams(self.scheme_params, histogram, "params"),
                   "histogram.compare_params": EntryParams(self.compare_params, histogram, "compare_params"),
                   "depth.activation_params": EntryParams(self.activation_params, depth, "activation_params"),
                   "depth.init_params": EntryParams(self.depth_scheme_params, depth, "init_params")})
        self.binder.invalid.connect(self._refused)
        self.binder.valid.connect(self._refused)
        self.binder.edited.connect(self._edited)
        self._show_entries()
        self.settings.subscribe(self._view_changed)
        histogram.subscribe(self._histogram_changed)
        depth.subscribe(self._depth_changed)
        self.retranslate()
        self._show_preset()
        when_torch_ready(self, self.refresh_histogram, self._show_recommendation)

    # -- building -------------------------------------------------------------------------------
    def _build(self) -> None:
        self.histogram_figure = InitHistogramFigure(self.theme)
        self.depth_figure = DepthFigure(self.theme)
        self.depth_histogram_figure = DepthHistogramFigure(self.theme)
        self.figures = {"init_histogram": self.histogram_figure, "depth": self.depth_figure,
                        "depth_histograms": self.depth_histogram_figure}
        self.views = QTabWidget()
        self.views.setObjectName("init.view")
        for page, value in ((self._build_histogram_page(), "histogram"), (self._build_depth_page(), "depth")):
            page.setProperty("value", value)
            self.views.addTab(page, "")
        self.fill(self.views)

    def _scheme_combo(self, name: str, with_none: bool = False) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)  # long names elided
        combo.setMinimumContentsLength(SCHEME_CHARACTERS)
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
        self.scheme_combo = self._scheme_combo("init.histogram.scheme")
        self.formula_label = QLabel()
        self.formula_label.setObjectName("init.formula")
        self.formula_label.setWordWrap(True)
        self.scheme_params = ParamEditor("init")
        self.scheme_params.setObjectName("init.histogram.params")
        scheme_layout.addWidget(self.scheme_combo)
        scheme_layout.addWidget(self.formula_label)
        scheme_layout.addWidget(self.scheme_params)
        layout.addWidget(self.scheme_box)

        self.matrix_box = QGroupBox()
        matrix_form = QFormLayout(self.matrix_box)
        self.fan_in_spin = _spin("init.histogram.fan_in", 1, MAX_FAN)
        self.fan_out_spin = _spin("init.histogram.fan_out", 1, MAX_FAN)
        self.seed_spin = _spin("init.histogram.seed", 0, MAX_SEED)
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
        self.compare_combo = self._scheme_combo("init.histogram.compare", with_none=True)
        self.compare_params = ParamEditor("init_compare")
        self.compare_params.setObjectName("init.histogram.compare_params")
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

        self.resample_button.clicked.connect(self.resample)
        plots = self.plot_over_text(self.histogram_figure.widget, self.stats_label, "init.histogram_plots")
        return self.controls_beside(controls, plots, "init.histogram_page")

    def _build_depth_page(self) -> QWidget:
        controls = QWidget()
        layout = QVBoxLayout(controls)

        self.preset_label = QLabel()
        self.preset_label.setWordWrap(True)
        self.preset_combo = QComboBox()
        self.preset_combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.preset_combo.setMinimumContentsLength(SCHEME_CHARACTERS)
        self.preset_combo.setObjectName("init.depth.preset")
        self.preset_combo.addItem("", None)
        for preset in DEPTH_PRESETS:
            self.preset_combo.addItem(display_name(preset), preset.key)
        layout.addWidget(self.preset_label)
        layout.addWidget(self.preset_combo)

        # Several activation × init cases on one plot, one button each (None: the single network below).
        self.depth_results: list[DepthResult] = []
        self.cases_label = QLabel()
        self.cases_label.setWordWrap(True)
        layout.addWidget(self.cases_label)
        self.cases_box = QWidget()
        self.cases_box.setObjectName("init.depth.cases")
        cases_layout = QVBoxLayout(self.cases_box)
        cases_layout.setContentsMargins(0, 0, 0, 0)
        self.cases_group = QButtonGroup(self.cases_box)
        self.case_buttons: dict[str | None, QPushButton] = {}
        for key in (None, *DEPTH_COMPARISONS.keys()):
            button = QPushButton()
            button.setObjectName(f"init.depth_cases.{key or 'single'}")
            button.setCheckable(True)
            button.setProperty("value", key)
            self.cases_group.addButton(button)
            cases_layout.addWidget(button)
            self.case_buttons[key] = button
        layout.addWidget(self.cases_box)
        self.cases_group.buttonClicked.connect(self.refresh_depth)  # a click runs at once, as a preset does

        self.network_box = QGroupBox()
        network_layout = QVBoxLayout(self.network_box)
        self.activation_label = QLabel()
        self.activation_combo = QComboBox()
        self.activation_combo.setObjectName("init.depth.activation")
        for activation in ACTIVATIONS:
            self.activation_combo.addItem(display_name(activation), activation.key)
        self.activation_params = ParamEditor("depth_activation")
        self.activation_params.setObjectName("init.depth.activation_params")
        self.depth_scheme_label = QLabel()
        self.depth_scheme_label.setWordWrap(True)
        self.depth_scheme_combo = self._scheme_combo("init.depth.init")
        self.depth_scheme_params = ParamEditor("depth_init")
        self.depth_scheme_params.setObjectName("init.depth.init_params")
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
        self.depth_spin = _spin("init.depth.depth", 1, MAX_DEPTH)
        self.width_spin = _spin("init.depth.width", 1, MAX_WIDTH)
        self.batch_spin = _spin("init.depth.batch", 1, MAX_BATCH)
        self.depth_seed_spin = _spin("init.depth.seed", 0, MAX_SEED)
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

        self.preset_combo.activated.connect(self._preset_chosen)
        self.recommended_button.clicked.connect(self.use_recommended)

        plots = QSplitter(Qt.Horizontal)
        plots.addWidget(self.depth_figure.widget)
        plots.addWidget(self.depth_histogram_figure.widget)
        plots.setStretchFactor(0, 4)  # the depth plot, its legend and note need the room; the histogram
        plots.setStretchFactor(1, 3)  # less, but room for its colour bar's labels beside its view
        plots.setSizes([570, 430])
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
            text = self.tr("One network (set below)") if key is None else display_name(DEPTH_COMPARISONS.get(key))
            button.setText(text)
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

    # -- reactions ------------------------------------------------------------------------------
    def _show_entries(self) -> None:
        """Each parameter editor shows the parameters of the entry its combo box names."""
        histogram, depth = self.settings.histogram, self.settings.depth
        for editor, registry, key, values in (
            (self.scheme_params, INITS, histogram.scheme, histogram.params),
            (self.compare_params, INITS, histogram.compare, histogram.compare_params),
            (self.activation_params, ACTIVATIONS, depth.activation, depth.activation_params),
            (self.depth_scheme_params, INITS, depth.init, depth.init_params),
        ):
            if editor.entry_key != key or (key is None and editor.rows):
                entry = None if key is None else registry.get(key)
                editor.set_entry(key, () if entry is None else entry.params, getattr(entry, "choices", ()),
                                 values.get(key))

    def _refused(self, name: str, reason: str = "") -> None:
        """Shows why an edit was not taken under its page (empty `reason`: valid again)."""
        if name.startswith("histogram."):
            text = self.tr("Not drawn: {reason}").format(reason=reason) if reason else ""
            self.error_label.setText(text)
        elif name.startswith("depth."):
            self.depth_error_label.setText(self.tr("Not run: {reason}").format(reason=reason) if reason else "")

    def _histogram_changed(self, changed: set[str]) -> None:
        self._show_entries()
        self.refresh_histogram()

    def _depth_changed(self, changed: set[str]) -> None:
        self._show_entries()
        self._show_preset()
        self._show_recommendation()
        self.depth_timer.start()

    def _view_changed(self, changed: set[str]) -> None:
        """The depth experiment first runs when its page is shown, so opening the app stays quick."""
        if self.settings.view == "depth" and self.depth_result is None:
            self.refresh_depth()

    def resample(self) -> None:
        """Draws new weights: the seed moves on by one, so every draw stays reproducible."""
        histogram = self.settings.histogram
        histogram.seed = (histogram.seed + 1) % (MAX_SEED + 1)

    def _histogram_samples(self) -> list[WeightSample]:
        h = self.settings.histogram
        samples = [sample_weights(h.scheme, h.fan_in, h.fan_out, h.scheme_values(), h.seed)]
        if h.compare is not None:
            samples.append(sample_weights(h.compare, h.fan_in, h.fan_out, h.compare_values(), h.seed + 1))
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
    def _preset_chosen(self, index: int) -> None:
        key = self.preset_combo.itemData(index)
        if key is not None:
            self.apply_preset(key)

    def apply_preset(self, key: str) -> None:
        """Switches the depth experiment to one of the notes' cases and reruns it."""
        preset = DEPTH_PRESETS.get(key)
        depth = self.settings.depth
        with depth.changes():
            depth.activation = preset.activation
            depth.activation_params = {k: v for k, v in depth.activation_params.items() if k != preset.activation}
            depth.init = preset.init
            depth.init_params = {**depth.init_params, preset.init: dict(preset.init_params)}
            depth.cases = None
        self.refresh_depth()

    def _show_preset(self) -> None:
        """The preset combo names the notes' case the network is, or '(custom)' (also while comparing)."""
        spec = self.settings.depth.spec()
        matching = [p.key for p in DEPTH_PRESETS if self.depth_cases is None
                    and p.activation == spec.activation and p.init == spec.init
                    and INITS.get(p.init).resolve(p.init_params) == spec.init_params
                    and ACTIVATIONS.get(p.activation).resolve() == spec.activation_params]
        self.preset_combo.setCurrentIndex(DEPTH_PRESETS.keys().index(matching[0]) + 1 if matching else 0)

    def _recommendation(self) -> Recommendation:
        spec = self.settings.depth.spec()
        return recommended_init(spec.activation, spec.activation_params)

    def use_recommended(self) -> None:
        """Sets the init the notes recommend for the chosen activation."""
        recommendation = self._recommendation()
        depth = self.settings.depth
        with depth.changes():
            depth.init = recommendation.scheme
            depth.init_params = {**depth.init_params, recommendation.scheme: dict(recommendation.params)}
            depth.cases = None
        self.refresh_depth()

    def show_comparison(self, key: str) -> None:
        """Draws one of the notes' comparisons (several activation × init cases) on one plot."""
        DEPTH_COMPARISONS.get(key)
        self.settings.depth.cases = key
        self.refresh_depth()

    @property
    def depth_cases(self) -> str | None:
        """The notes' comparison drawn (None: the single network)."""
        return self.settings.depth.cases

    def _edited(self, name: str) -> None:
        """What a user's choice implies: a hand edit of the network goes back to the single network."""
        if name in ("depth.activation", "depth.activation_params", "depth.init", "depth.init_params"):
            self.settings.depth.cases = None

    def _show_recommendation(self) -> None:
        if not torch_ready():  # the gains are computed (Gauss–Hermite, with torch); shown once it is here
            return
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

    def depth_spec(self) -> DepthSpec:
        return self.settings.depth.spec()

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

    def shutdown(self) -> None:
        self.depth_timer.stop()
