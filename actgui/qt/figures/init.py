"""Initialisation figures: sampled weights against the theoretical density, and what a deep stack
does to activations and gradients layer by layer (a std plot and a histogram heat map)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor

from actgui.core.activations import ACTIVATIONS
from actgui.core.depth import DepthResult
from actgui.core.inits import INITS, Theory, WeightSample, histogram_density, histogram_edges
from actgui.core.table import Table
from actgui.qt.base.figure import LEGEND_MARGIN, Figure, fit_legend, wrap_label
from actgui.qt.base.i18n import display_name
from actgui.qt.base.theme import Theme

SAMPLE_COLOR, COMPARE_COLOR = "#1f77b4", "#ff7f0e"
PDF_POINTS = 600


def _with_alpha(color: str, alpha: int) -> QColor:
    result = QColor(color)
    result.setAlpha(alpha)
    return result


def pdf_curve(theory: Theory, edges: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The theoretical density on the histogram's range, with sharp steps at a bounded support."""
    x = np.linspace(edges[0], edges[-1], PDF_POINTS)
    if theory.density is None:
        return np.zeros(0), np.zeros(0)
    if theory.bounded:
        step = 1e-9 * (edges[-1] - edges[0])
        x = np.sort(np.concatenate([x, [theory.low - step, theory.low, theory.high, theory.high + step]]))
        x = x[(x >= edges[0]) & (x <= edges[-1])]
    return x, theory.pdf(x)


def atom_stems(theory: Theory, edges: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Point masses as stems, mass / bin width above the density: the histogram bar they should match."""
    width = float(edges[1] - edges[0])
    values = np.array([value for value, _ in theory.atoms], dtype=np.float64)
    tops = theory.pdf(values) + np.array([mass / width for _, mass in theory.atoms])
    x = np.repeat(values, 2)
    y = np.ravel([(0.0, top) for top in tops])
    return x, y


class InitHistogramFigure(Figure):
    """A histogram of sampled weights (density scale) with the theoretical density over it, and
    optionally a second scheme on the same bins."""

    name = "init_histogram"

    def __init__(self, theme: Theme) -> None:
        super().__init__(theme)
        self.plot = self.add_plot(0, 0)
        self.samples: list[WeightSample] = []
        self.layers = []
        for color in (SAMPLE_COLOR, COMPARE_COLOR):
            # A PlotCurveItem: PlotDataItem crops x to the view, which breaks stepMode's len(x) = len(y) + 1.
            histogram = pg.PlotCurveItem([0.0, 1.0], [0.0], stepMode="center", fillLevel=0,
                                         brush=_with_alpha(color, 70))
            histogram.setPen(self._pen(color, Qt.SolidLine, 0.6))
            self._styled.append((histogram, color, Qt.SolidLine, 0.6))
            self.plot.addItem(histogram)
            pdf = self.add_curve(self.plot, color, width=1.2)
            stems = self.add_curve(self.plot, color, width=1.5, connect="pairs")
            tops = self.plot.plot([], [], pen=None, symbol="o", symbolSize=10, symbolBrush=color, symbolPen=color)
            self.layers.append((histogram, pdf, stems, tops))
        self.retranslate()

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        if self.samples:
            first = self.samples[0]
            # one line at lecture size on a 1280 × 720 projector: the value count is the shape's product
            title = translate("InitHistogramFigure", "Sampled weights vs theory, W: {fan_out} × {fan_in} "
                              "(fan_out × fan_in)").format(fan_out=first.fan_out, fan_in=first.fan_in)
        else:
            title = translate("InitHistogramFigure", "Sampled weights vs theory")
        self.set_labels(self.plot, title, translate("InitHistogramFigure", "weight value w"),
                        translate("InitHistogramFigure", "density"))
        entries = []
        for sample, (histogram, pdf, stems, _tops) in zip(self.samples, self.layers, strict=False):
            name = display_name(sample.scheme)
            # the numbers are in the summary table: a legend holding them grew wider than the plot
            entries.append((histogram, translate("InitHistogramFigure", "{name}: sampled").format(name=name)))
            theory = sample.theory
            if theory.density is not None:
                entries.append((pdf, translate("InitHistogramFigure", "{name}: theoretical density")
                                .format(name=name)))
            if theory.atoms:
                entries.append((stems, translate("InitHistogramFigure", "{name}: theoretical point mass")
                                .format(name=name)))
        legend = self.plot.legend
        if [sample.item for sample, _ in legend.items] == [item for item, _ in entries]:
            for (_, label), (_, text) in zip(legend.items, entries, strict=True):
                label.setText(text)  # same entries: new numbers only (re-sampling stays cheap)
            return
        legend.clear()
        for item, text in entries:
            legend.addItem(item, text)

    def show(self, samples: list[WeightSample]) -> None:
        """Draws one or two samples (the second is the comparison) on shared bins."""
        self.samples = list(samples)
        edges = histogram_edges(self.samples)
        highest = 0.0
        for index, (histogram, pdf, stems, tops) in enumerate(self.layers):
            shown = index < len(self.samples)
            for item in (histogram, pdf, stems, tops):
                item.setVisible(shown)
            if not shown:
                continue
            sample = self.samples[index]
            density = histogram_density(sample, edges)
            histogram.setData(edges, density, stepMode="center", fillLevel=0)
            pdf_x, pdf_y = pdf_curve(sample.theory, edges)
            pdf.setData(pdf_x, pdf_y)
            stem_x, stem_y = atom_stems(sample.theory, edges)
            stems.setData(stem_x, stem_y)
            tops.setData(stem_x[1::2], stem_y[1::2])
            highest = max(highest, float(density.max()), float(np.max(stem_y, initial=0.0)),
                          float(np.max(pdf_y, initial=0.0)))
        self.retranslate()
        self.plot.setXRange(float(edges[0]), float(edges[-1]), padding=0)
        self.plot.setYRange(0.0, max(highest, 1e-12) * 1.05, padding=0)

    def table(self) -> Table:
        """One row per sampled weight: `weight`, and `weight_compare` when a second scheme is shown."""
        columns = {"weight": self.samples[0].weights.numpy()} if self.samples else {"weight": []}
        if len(self.samples) > 1:
            columns["weight_compare"] = self.samples[1].weights.numpy()
        return Table(columns)


#: Colours of the cases compared on one depth plot (a single case uses its activation's colour).
CASE_COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf")
#: (field of DepthResult, line style, symbol) of the three std curves per case.
_STD_CURVES = (("act_std", Qt.SolidLine, "o"), ("grad_std", Qt.DashLine, "t"), ("signal_grad_std", Qt.DotLine, "s"))


#: The least height, in font sizes, the two depth plots keep with the legend and note under them; with
#: less the legend and note go beside the plots, in this share of the figure's width.
STACKED_PLOTS_FONTS = 32
BESIDE_SHARE = 0.36


def case_label(result: DepthResult) -> str:
    """'ReLU + Kaiming/He normal' in the current language."""
    spec = result.spec
    return QCoreApplication.translate("DepthFigure", "{activation} + {init}").format(
        activation=display_name(ACTIVATIONS.get(spec.activation)), init=display_name(INITS.get(spec.init)))


class DepthFigure(Figure):
    """Per layer, for one or several activation × init cases: the standard deviation of the
    activations, of ∂L/∂W and of ∂L/∂h on a log scale, and the activations' mean below."""

    name = "depth"

    def __init__(self, theme: Theme) -> None:
        super().__init__(theme)
        self.plot = self.add_plot(0, 0, legend=False)
        self.plot.setLogMode(y=True)
        self.plot.getAxis("left").setStyle(textFillLimits=[(0, 0.8), (2, 0.3)])
        self.mean_plot = self.add_plot(1, 0, legend=False)
        self.mean_plot.setXLink(self.plot)
        self._align_axes()
        self.widget.ci.layout.setRowStretchFactor(0, 2)
        self.widget.ci.layout.setRowStretchFactor(1, 1)
        # The legend and note sit under the plots (inside, the legend would hide curves that span the
        # whole height), or beside them where the view is too short for both (see `wrap_to_view`).
        self.legend = pg.LegendItem()
        self.note = pg.LabelItem("", justify="left")
        self.text_column = pg.GraphicsLayout()
        self.text_column.setContentsMargins(0, 0, 0, 0)
        self.beside = False
        self._case_texts: list[tuple[str, str]] = []
        self._place_text(beside=False)
        self.wrapped += [self.legend, self.note]
        self.results: list[DepthResult] = []
        #: Per case: the curves of act std, ∂L/∂W std, ∂L/∂h std and act mean.
        self.case_curves: list[tuple[pg.PlotDataItem, ...]] = []
        self._keys = [pg.PlotDataItem([], [], symbol=symbol) for _, _, symbol in _STD_CURVES]
        self.retranslate()

    @property
    def result(self) -> DepthResult | None:
        """The first case (the only one outside a comparison)."""
        return self.results[0] if self.results else None

    def _colors(self) -> list[str]:
        if len(self.results) == 1:
            return [ACTIVATIONS.get(self.results[0].spec.activation).color]
        return [CASE_COLORS[index % len(CASE_COLORS)] for index in range(len(self.results))]

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        if not self.results:
            title = translate("DepthFigure", "Activations and gradients through the layers")
            x_label = translate("DepthFigure", "layer")
        else:
            spec = self.results[0].spec
            title = case_label(self.results[0]) if len(self.results) == 1 else translate(
                "DepthFigure", "{count} cases compared").format(count=len(self.results))
            x_label = translate("DepthFigure", "layer ({width} units each, batch {batch})").format(
                width=spec.width, batch=spec.batch)
        self.set_labels(self.plot, title, "", translate("DepthFigure", "standard deviation (log scale)"))
        self.set_labels(self.mean_plot, "", x_label, translate("DepthFigure", "activation mean"))
        self.legend.clear()
        self.legend.setLabelTextColor(self.theme.foreground)
        self.legend.setLabelTextSize(f"{self.theme.font_pt}pt")
        names = (translate("DepthFigure", "std of the layer's activations"),
                 translate("DepthFigure", "std of the gradient ∂L/∂W_l (L = mean of output²)"),
                 translate("DepthFigure", "std of the back-propagated signal ∂L/∂h_l"))
        # per compared case its legend text with the activation std first → last and without (beside
        # the plots, where the room is short; the numbers are also in the panel's summary)
        self._case_texts = []
        if len(self.results) > 1:
            for result, curves in zip(self.results, self.case_curves, strict=True):
                label = translate("DepthFigure", "{case}: activation std {first} → {last}").format(
                    case=case_label(result), first=f"{result.act_std[0]:.3g}", last=f"{result.act_std[-1]:.3g}")
                self._case_texts.append((label, case_label(result)))
                self.legend.addItem(curves[0], label)
            # the line-style key: short names, the y axis says they are standard deviations
            keys = (translate("DepthFigure", "activations"), translate("DepthFigure", "gradient ∂L/∂W_l"),
                    translate("DepthFigure", "signal ∂L/∂h_l"))
            for key, (_, style, _), name in zip(self._keys, _STD_CURVES, keys, strict=True):
                key.setPen(self._pen(self.theme.foreground, style, 1.0))
                key.setSymbolBrush(self.theme.foreground)
                key.setSymbolPen(self.theme.foreground)
                self.legend.addItem(key, name)
        elif self.case_curves:
            for curve, name in zip(self.case_curves[0], names, strict=False):
                self.legend.addItem(curve, name)
        self.note.setText(self._note_text(), color=self.theme.foreground, size=f"{self.theme.font_pt}pt")
        self.wrap_to_view()

    def _place_text(self, beside: bool) -> None:
        """Puts the legend and note under the plots (rows 2 and 3) or in a column right of them."""
        layout = self.widget.ci
        for item in (self.legend, self.note, self.text_column):
            for owner in (layout, self.text_column):
                if item in owner.items:
                    owner.removeItem(item)
        self.beside = beside
        if beside:
            layout.addItem(self.text_column, row=0, col=1, rowspan=2)
            self.text_column.addItem(self.legend, row=0, col=0)
            self.text_column.addItem(self.note, row=1, col=0)
            self.text_column.layout.setRowStretchFactor(2, 1)  # both at the top, the rest left empty
        else:
            layout.addItem(self.legend, row=2, col=0)
            layout.addItem(self.note, row=3, col=0)

    def wrap_to_view(self) -> None:
        """Legend and note under the plots while that leaves the plots STACKED_PLOTS_FONTS font sizes
        of height, else beside them in BESIDE_SHARE of the width (a wide, short view: lecture mode on a
        projector's 720 lines)."""
        viewport = self.widget.viewport()
        width, height = viewport.width() - 2 * LEGEND_MARGIN, viewport.height()
        if width <= 0 or height <= 0:
            return
        # under the plots a comparison's legend takes two columns, half the rows; beside them one
        self._show_case_texts(short=False)
        self.legend.setColumnCount(2 if len(self.results) > 1 else 1)
        fit_legend(self.legend, width)
        wrap_label(self.note, width)
        under = self.legend.boundingRect().height() + (self.note.itemRect().height() if self.note.text else 0)
        beside = height - under < STACKED_PLOTS_FONTS * self.theme.font_pt
        if beside != self.beside:
            self._place_text(beside)
        if beside:
            column = BESIDE_SHARE * width
            self.legend.setColumnCount(1)
            self._show_case_texts(short=True)
            fit_legend(self.legend, column)
            wrap_label(self.note, column)
            self.text_column.setMaximumWidth(column)
            self.text_column.setMinimumWidth(column)
        self.widget.ci.layout.activate()
        self.refit_layout()

    def _show_case_texts(self, short: bool) -> None:
        for (_, label), texts in zip(self.legend.items, self._case_texts, strict=False):
            if label.text != texts[short]:
                label.setText(texts[short])

    def _note_text(self) -> str:
        translate = QCoreApplication.translate
        if len(self.results) > 1:
            return ""  # each case's activation std first → last is in its legend entry
        result = self.result
        if result is None:
            return ""
        if result.overflow_layer is not None:
            return translate("DepthFigure", "Activations overflow (inf/NaN) from layer {layer}:<br>the weights "
                             "are far too large, the signal explodes.").format(layer=result.overflow_layer)
        if result.gradient_overflow:
            return translate("DepthFigure", "Gradients overflow (inf/NaN) in the backward pass:<br>the weights "
                             "are far too large, the gradient explodes.")
        if result.collapsed:
            if np.nanmax(result.act_std) == 0:
                return translate("DepthFigure",
                                 "Every activation is 0 and so is every gradient:<br>nothing can be learnt.")
            return translate("DepthFigure",
                             "Constant weights: 1 distinct unit of {width} in every layer,<br>one gradient shared "
                             "by all its weights (std 0, not drawn):<br>symmetry is never broken.").format(
                width=result.spec.width)
        return distinct_text(result)

    def show(self, result: DepthResult) -> None:
        """One case, in its activation's colour."""
        self.show_cases([result])

    def show_cases(self, results: list[DepthResult]) -> None:
        """Several cases on one plot, each in its own colour (solid: activations, dashed: ∂L/∂W,
        dotted: ∂L/∂h; the means below)."""
        if not results:
            raise ValueError("no depth result to show")
        for curves in self.case_curves:
            for curve in curves:
                curve.getViewBox().removeItem(curve)
        owned = {id(curve) for curves in self.case_curves for curve in curves}
        self._styled = [entry for entry in self._styled if id(entry[0]) not in owned]
        self.results = list(results)
        self.case_curves = []
        for result, color in zip(self.results, self._colors(), strict=True):
            curves = []
            for field, style, symbol in _STD_CURVES:
                curve = self.add_curve(self.plot, color, style=style, symbol=symbol, symbolSize=6)
                curve.setSymbolBrush(color)
                curve.setSymbolPen(color)
                curve.setData(*_positive(result.layers, getattr(result, field)))
                curves.append(curve)
            mean = self.add_curve(self.mean_plot, color, symbol="o", symbolSize=5)
            mean.setSymbolBrush(color)
            mean.setSymbolPen(color)
            finite = np.isfinite(result.act_mean)
            mean.setData(result.layers[finite], result.act_mean[finite])
            curves.append(mean)
            self.case_curves.append(tuple(curves))
        depth = max(result.spec.depth for result in self.results)
        self.plot.setXRange(0.5, depth + 0.5, padding=0.02)
        self.plot.enableAutoRange(axis="y")
        self.mean_plot.enableAutoRange(axis="y")
        self.retranslate()

    def _align_axes(self) -> None:
        """One left-axis width for both plots, so their layers line up; their labels wrap rather than
        reach into each other."""
        for plot in (self.plot, self.mean_plot):
            plot.getAxis("left").setWidth(int(self.theme.font_pt * 8.2))  # ticks and a two-line label
            plot.getAxis("left").wraps_label = True

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self._align_axes()
        self.retranslate()

    def table(self) -> Table:
        columns = ("layer", "act_mean", "act_std", "grad_std", "signal_grad_std")
        if not self.results:
            return Table({name: [] for name in columns})
        if len(self.results) == 1:
            return self.results[0].table()
        tables = [result.table().columns for result in self.results]
        data: dict[str, list] = {"case": [f"{r.spec.activation}:{r.spec.init}" for r in self.results
                                          for _ in range(r.spec.depth)]}
        for name in columns:
            data[name] = [value for table in tables for value in table[name]]
        return Table(data)


def distinct_text(result: DepthResult) -> str:
    """'Distinct units per layer: 194 to 256 of 256' (or '256 of 256' when every layer agrees)."""
    translate = QCoreApplication.translate
    low, high = int(result.distinct_units.min()), int(result.distinct_units.max())
    if low == high:
        return translate("DepthFigure", "Distinct units per layer: {count} of {width}").format(
            count=low, width=result.spec.width)
    return translate("DepthFigure", "Distinct units per layer: {low} to {high} of {width}").format(
        low=low, high=high, width=result.spec.width)


def _positive(layers: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The points a log axis can show: NaN (a gap) where a value is 0, nothing at all if none is left."""
    shown = np.where(values > 0, values, np.nan)
    if np.isnan(shown).all():
        return np.zeros(0), np.zeros(0)
    return layers, shown


class DepthHistogramFigure(Figure):
    """A heat map, layers × activation value: the share of a layer's activations in each bin."""

    name = "depth_histograms"

    def __init__(self, theme: Theme) -> None:
        super().__init__(theme)
        self.plot = self.add_plot(0, 0, legend=False)
        self.image = pg.ImageItem(axisOrder="col-major")
        self.plot.addItem(self.image)
        # Colour is log₁₀ of the share of a layer's activations in the bin; ticks read as percentages.
        self.colorbar = self.add_color_bar(self.plot, self.image, colorMap=pg.colormap.get("viridis"), values=(-4, 0),
                                            interactive=False)
        self.colorbar.getAxis("right").setTicks([[(-4, "≤0.01%"), (-3, "0.1%"), (-2, "1%"), (-1, "10%"),
                                                  (0, "100%")]])
        self.result: DepthResult | None = None
        self._style_colorbar()
        self.retranslate()

    def _style_colorbar(self) -> None:
        axis = self.colorbar.getAxis("right")
        axis.setPen(self.theme.foreground)
        axis.setTextPen(self.theme.foreground)

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        self.set_labels(self.plot, translate("DepthHistogramFigure", "Activation histogram per layer"),
                        translate("DepthHistogramFigure", "layer"),
                        translate("DepthHistogramFigure", "activation value"))

    def show(self, result: DepthResult) -> None:
        self.result = result
        with np.errstate(divide="ignore"):
            shares = np.log10(result.histograms)
        self.image.setImage(np.maximum(shares, -4.0), autoLevels=False)
        low, high = float(result.edges[0]), float(result.edges[-1])
        self.image.setRect(QRectF(0.5, low, result.spec.depth, high - low))
        self.colorbar.setLevels((-4.0, 0.0))
        self.plot.setXRange(0.5, result.spec.depth + 0.5, padding=0)
        self.plot.setYRange(low, high, padding=0)

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self._style_colorbar()

    def table(self) -> Table:
        if self.result is None:
            return Table({"layer": [], "bin_low": [], "bin_high": [], "share": []})
        depth, bins = self.result.histograms.shape
        edges = self.result.edges
        return Table({"layer": np.repeat(np.arange(1, depth + 1), bins), "bin_low": np.tile(edges[:-1], depth),
                      "bin_high": np.tile(edges[1:], depth), "share": self.result.histograms.ravel()})
