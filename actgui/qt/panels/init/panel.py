"""The Initialisation panel: sampled weights against theory for every scheme, and what a deep stack
does to activations and gradients for a chosen activation and initialisation."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from actgui.core.activations import ACTIVATIONS
from actgui.core.depth import DepthResult
from actgui.core.inits import INITS, MAX_FAN, WeightSample, sample_weights
from actgui.qt.base.figure import Figure
from actgui.qt.base.i18n import display_name, formula_text
from actgui.qt.base.panel import Panel
from actgui.qt.base.theme import Theme
from actgui.qt.base.warmup import when_torch_ready
from actgui.qt.base.widgets import SideBySideWhenWide
from actgui.qt.figures.init import COMPARE_COLOR, SAMPLE_COLOR, DepthFigure, DepthHistogramFigure, InitHistogramFigure
from actgui.qt.figures.weight_matrix import WeightMatrixFigure
from actgui.qt.panels.init.depth import DepthPage
from actgui.qt.panels.init.params import ERROR_STYLE, SCHEME_CHARACTERS, EntryParams, ParamEditor, number, spin
from actgui.state.init import MAX_LAYER_FEATURES, MAX_SEED, InitState

# Delay before the depth experiment reruns, so dragging a slider does not queue one run per step.
DEPTH_DELAY_MS = 120


#: The least width (pixels) the histogram and the weights each keep side by side, and the histogram's
#: least height, in lines of text, with the weights under it.
PLOT_WIDTH, STACKED_PLOT_LINES = 460, 11


class InitPanel(DepthPage, Panel):
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
        self.matrix_figure = WeightMatrixFigure(self.theme)
        self.depth_figure = DepthFigure(self.theme)
        self.depth_histogram_figure = DepthHistogramFigure(self.theme)
        self.figures = {"init_histogram": self.histogram_figure,
                        "weight_matrix": self.matrix_figure, "depth": self.depth_figure,
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
        self.fan_in_spin = spin("init.histogram.fan_in", 1, MAX_FAN)
        self.fan_out_spin = spin("init.histogram.fan_out", 1, MAX_FAN)
        self.seed_spin = spin("init.histogram.seed", 0, MAX_SEED)
        self.resample_button = QPushButton()
        self.resample_button.setObjectName("init.resample")
        self.fan_in_label, self.fan_out_label, self.seed_label = QLabel(), QLabel(), QLabel()
        matrix_form.addRow(self.fan_in_label, self.fan_in_spin)
        matrix_form.addRow(self.fan_out_label, self.fan_out_spin)
        matrix_form.addRow(self.seed_label, self.seed_spin)
        self.layer_in_spin = spin("init.histogram.layer_in", 1, MAX_LAYER_FEATURES)
        self.layer_out_spin = spin("init.histogram.layer_out", 1, MAX_LAYER_FEATURES)
        self.layer_in_label, self.layer_out_label = QLabel(), QLabel()
        matrix_form.addRow(self.layer_in_label, self.layer_in_spin)
        matrix_form.addRow(self.layer_out_label, self.layer_out_spin)
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
        figures = SideBySideWhenWide((PLOT_WIDTH, PLOT_WIDTH), STACKED_PLOT_LINES, (3000, 1000))
        figures.setObjectName("init.histogram_figures")
        figures.addWidget(self.histogram_figure.widget)
        figures.addWidget(self.matrix_figure.widget)
        figures.setStretchFactor(0, 3)  # the matrix keeps the width its numbers need, the histogram the rest
        figures.setStretchFactor(1, 1)
        plots = self.plot_over_text(figures, self.stats_label, "init.histogram_plots")
        return self.controls_beside(controls, plots, "init.histogram_page")

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
        self.layer_in_label.setText(self.tr("Demo layer nn.Linear: in_features"))
        self.layer_out_label.setText(self.tr("Demo layer nn.Linear: out_features"))
        self.resample_button.setText(self.tr("Re-sample (next seed)"))
        self.compare_box.setTitle(self.tr("Compare with a second scheme"))
        self.compare_combo.setItemText(0, self.tr("(none)"))
        for combo in (self.scheme_combo, self.compare_combo, self.depth_scheme_combo):
            for index in range(combo.count()):
                if combo.itemData(index) is not None:
                    combo.setItemText(index, display_name(INITS.get(combo.itemData(index))))
        self._retranslate_depth()
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

    def resample(self) -> None:
        """Draws new weights: the seed moves on by one, so every draw stays reproducible."""
        histogram = self.settings.histogram
        histogram.seed = (histogram.seed + 1) % (MAX_SEED + 1)

    def _layer_sample(self) -> WeightSample:
        """The demo layer's weights, nn.Linear(layer_in, layer_out).weight, drawn as the scheme does."""
        h = self.settings.histogram
        return sample_weights(h.scheme, h.layer_in, h.layer_out, h.scheme_values(), h.seed)

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
            layer = self._layer_sample()
        except ValueError as error:
            self.error_label.setText(self.tr("Not drawn: {reason}").format(reason=error))
            return
        self.error_label.setText("")
        self.samples = samples
        self.histogram_figure.show(samples)
        self.matrix_figure.show(layer)
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
            cells = "".join(f"<td align='right'>{number(getattr(s, sampled))}</td>"
                            f"<td align='right'>{number(getattr(s.theory, theory))}</td>" for s in self.samples)
            rows.append(f"<tr><td>{label}</td>{cells}</tr>")
        self.stats_label.setText(f"<table cellspacing='4'><tr><th></th>{head}</tr><tr><th></th>{sub}</tr>"
                                 f"{''.join(rows)}</table>")

    # -- panel API ------------------------------------------------------------------------------
    def export_figure(self, name: str = "init_histogram") -> Figure:
        if name == "weight_matrix":
            figure = WeightMatrixFigure(self.theme)
            figure.show(self._layer_sample())
            return figure
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
