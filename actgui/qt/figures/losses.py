"""Loss figures: losses and their autograd gradients against the prediction (regression and
classification), and two distributions P and Q as bars with H(P), H(P, Q) and KL(P‖Q)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt

from actgui.core.losses import (
    CLASSIFICATION,
    LOGIT,
    LOSSES,
    PROBABILITY,
    REGRESSION,
    SIGMOID_OUTPUT,
    VALUE,
    Information,
    LossCurve,
    convert,
    information,
    normalise,
)
from actgui.core.table import Table
from actgui.qt.base.figure import Figure
from actgui.qt.base.i18n import display_name
from actgui.qt.base.theme import Theme

#: On a probability axis the y range follows the curves inside this share of the window, so that
#: the blow-up of −log p at the very ends of (0, 1) does not squash everything else.
RANGE_SHARE = 0.96
P_COLOR, Q_COLOR = "#2ca02c", "#ff7f0e"


class LossCurvesFigure(Figure):
    """Top: the losses L(prediction); bottom: their gradients ∂L/∂prediction by autograd.

    One loss and one gradient curve per registered loss of `kind` are created once; `show` fills
    the chosen ones and hides the rest. Dotted lines mark where a gradient switches (Huber's ±δ).
    """

    kind = REGRESSION

    def __init__(self, theme: Theme) -> None:
        super().__init__(theme)
        self.loss_plot = self.add_plot(0, 0)
        self.gradient_plot = self.add_plot(1, 0, legend=False)
        self.gradient_plot.setXLink(self.loss_plot)
        self.losses = [loss for loss in LOSSES if self.kind in (loss.kind, SIGMOID_OUTPUT)]
        self.loss_curves = {loss.key: self.add_curve(self.loss_plot, loss.color) for loss in self.losses}
        self.gradient_curves = {loss.key: self.add_curve(self.gradient_plot, loss.color) for loss in self.losses}
        self.target_lines = [pg.InfiniteLine(angle=90, movable=False) for _ in range(2)]
        self.zero_line = pg.InfiniteLine(pos=0.0, angle=0, movable=False)
        self.loss_plot.addItem(self.target_lines[0])
        self.gradient_plot.addItem(self.target_lines[1])
        self.gradient_plot.addItem(self.zero_line)
        self.kink_lines: dict[str, list[pg.InfiniteLine]] = {loss.key: [] for loss in self.losses}
        self.curves: list[LossCurve] = []
        self.target = 0.0
        self.axis = VALUE if self.kind == REGRESSION else PROBABILITY
        self._style_lines()
        self.retranslate()

    def _style_lines(self) -> None:
        guide = pg.mkPen(self.theme.foreground, width=1, style=Qt.DashLine)
        for line in self.target_lines:
            line.setPen(guide)
        self.zero_line.setPen(pg.mkPen(self.theme.foreground, width=1, style=Qt.DotLine))

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self._style_lines()
        self.retranslate()  # rebuilds the legend, whose labels take the new text colour only then

    def axis_labels(self) -> tuple[str, str]:
        """The x label and the gradient's y label for the current axis."""
        translate = QCoreApplication.translate
        if self.axis == VALUE:
            return translate("LossCurvesFigure", "prediction ŷ"), translate("LossCurvesFigure", "∂L/∂ŷ (autograd)")
        if self.axis == PROBABILITY:
            return (translate("LossCurvesFigure", "predicted probability p of the class"),
                    translate("LossCurvesFigure", "∂L/∂p (autograd)"))
        return translate("LossCurvesFigure", "logit (score) z"), translate("LossCurvesFigure", "∂L/∂z (autograd)")

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        x_label, gradient_label = self.axis_labels()
        gradient_title = translate("LossCurvesFigure", "Gradient of the loss")
        if self.kind == REGRESSION:
            title = translate("LossCurvesFigure", "Loss against the prediction, target y = {target}")
        elif self.kind == SIGMOID_OUTPUT:
            title = translate("LossCurvesFigure", "Losses on a sigmoid output ŷ = p = σ(z), target t = {target}")
            gradient_title = self._confident_mistake_text() or gradient_title
        else:
            title = translate("LossCurvesFigure",
                              "Loss against the prediction, target t = {target} (1: the true class)")
        self.set_labels(self.loss_plot, title.format(target=f"{self.target:g}"), x_label,
                        translate("LossCurvesFigure", "loss L"))
        self.set_labels(self.gradient_plot, gradient_title, x_label, gradient_label)
        legend = self.loss_plot.legend
        legend.clear()
        for c in self.curves:
            legend.addItem(self.loss_curves[c.loss.key], display_name(c.loss))

    def show(self, curves: Sequence[LossCurve], target: float, axis: str) -> None:
        """Draws `curves` (all of this figure's kind, on one grid) for `target` along `axis`."""
        self.curves, self.target, self.axis = list(curves), float(target), axis
        shown = {c.loss.key: c for c in self.curves}
        for key, curve in self.loss_curves.items():
            c = shown.get(key)
            gradient = self.gradient_curves[key]
            if c is None:
                curve.setData([], [])
                gradient.setData([], [])
            else:
                curve.setData(c.x, c.y)
                gradient.setData(c.x, c.dy)
            curve.setVisible(c is not None)
            gradient.setVisible(c is not None)
        target_x = self._target_position()
        for line in self.target_lines:
            line.setVisible(target_x is not None)
            if target_x is not None:
                line.setValue(target_x)
        self._show_kinks()
        self.retranslate()
        self._set_ranges()

    def _confident_mistake_text(self) -> str:
        """'At z = −6 (confidently wrong): MSE ∂L/∂z = −0.005, BCE −1' for the window's worst end."""
        if self.axis != LOGIT or not self.curves or self.target == 0.5:
            return ""
        end = 0 if self.target > 0.5 else -1
        values = ", ".join(f"{display_name(c.loss)} {c.dy[end]:.2g}" for c in self.curves)
        text = QCoreApplication.translate("LossCurvesFigure", "Gradient; at z = {z} (confidently wrong): {values}")
        return text.format(z=f"{self.curves[0].x[end]:g}", values=values)

    def _target_position(self) -> float | None:
        if self.kind == REGRESSION:
            return self.target
        return convert(self.target, PROBABILITY, self.axis)

    def _show_kinks(self) -> None:
        for lines in self.kink_lines.values():
            for line in lines:
                self.gradient_plot.removeItem(line)
            lines.clear()
        for c in self.curves:
            source = VALUE if c.loss.kind == REGRESSION else c.loss.prediction
            for kink in c.loss.kinks(self.target, c.params):
                position = convert(kink, source, self.axis)
                if position is None or not c.x[0] < position < c.x[-1]:
                    continue
                line = pg.InfiniteLine(pos=position, angle=90, movable=False,
                                       pen=pg.mkPen(c.loss.color, width=1.5, style=Qt.DotLine))
                self.gradient_plot.addItem(line)
                self.kink_lines[c.loss.key].append(line)

    def _set_ranges(self) -> None:
        if not self.curves:
            return
        x = self.curves[0].x
        cut = int(len(x) * (1 - RANGE_SHARE) / 2) if self.axis == PROBABILITY else 0
        inner = slice(cut, len(x) - cut)
        for plot, values in ((self.loss_plot, [c.y[inner] for c in self.curves]),
                             (self.gradient_plot, [c.dy[inner] for c in self.curves])):
            data = np.concatenate(values)
            data = data[np.isfinite(data)]
            low, high = (float(data.min()), float(data.max())) if data.size else (0.0, 1.0)
            if plot is self.gradient_plot:
                low, high = min(low, 0.0), max(high, 0.0)
            if high - low < 1e-9:
                low, high = low - 1.0, high + 1.0
            plot.setYRange(low, high, padding=0.08)
        self.loss_plot.setXRange(float(x[0]), float(x[-1]), padding=0.01)

    def table(self) -> Table:
        """CSV columns: prediction, then NAME and NAME_grad for every plotted loss."""
        columns: dict[str, np.ndarray] = {"prediction": self.curves[0].x if self.curves else np.zeros(0)}
        for c in self.curves:
            columns[c.loss.key] = c.y
            columns[f"{c.loss.key}_grad"] = c.dy
        return Table(columns)


class RegressionLossFigure(LossCurvesFigure):
    """MAE, MSE, Huber and Smooth L1 against the prediction ŷ for one target y."""

    name = "loss_regression"
    kind = REGRESSION


class ClassificationLossFigure(LossCurvesFigure):
    """BCE, cross-entropy, KL and hinge against the predicted probability (or the logit) of the class."""

    name = "loss_classification"
    kind = CLASSIFICATION


class SigmoidOutputLossFigure(LossCurvesFigure):
    """Regression and classification losses on one sigmoid output, against the logit z (or p = σ(z)):
    MSE's gradient vanishes for a confidently wrong prediction, BCE's stays near ±1."""

    name = "loss_sigmoid_output"
    kind = SIGMOID_OUTPUT


def format_nats(value: float) -> str:
    return "∞" if math.isinf(value) else f"{value:.4f}"


class DistributionFigure(Figure):
    """The distributions P (true) and Q (predicted) side by side per class; the title gives
    H(P), H(P, Q) and KL(P‖Q) and checks H(P, Q) = H(P) + KL(P‖Q)."""

    name = "loss_distributions"

    def __init__(self, theme: Theme) -> None:
        super().__init__(theme)
        self.plot = self.add_plot(0, 0)
        self.p_bars = pg.BarGraphItem(x=[], height=[], width=0.38, brush=P_COLOR)
        self.q_bars = pg.BarGraphItem(x=[], height=[], width=0.38, brush=Q_COLOR)
        self.plot.addItem(self.p_bars)
        self.plot.addItem(self.q_bars)
        self.plot.setYRange(0, 1, padding=0.02)
        self.plot.setMouseEnabled(x=False, y=False)
        self.p = np.zeros(0)
        self.q = np.zeros(0)
        self.measures = Information(0.0, 0.0, 0.0)
        self.retranslate()

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self.retranslate()  # rebuilds the legend, whose labels take the new text colour only then

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        title = translate("DistributionFigure", "H(P) = {h},  KL(P‖Q) = {kl},  H(P, Q) = {ce} = H(P) + KL(P‖Q)  (nats)")
        title = title.format(h=format_nats(self.measures.entropy), ce=format_nats(self.measures.cross_entropy),
                             kl=format_nats(self.measures.kl)).replace("  ", "&nbsp; ")
        self.set_labels(self.plot, title, translate("DistributionFigure", "class"),
                        translate("DistributionFigure", "probability"))
        legend = self.plot.legend
        legend.clear()
        legend.addItem(self.p_bars, translate("DistributionFigure", "P (true)"))
        legend.addItem(self.q_bars, translate("DistributionFigure", "Q (predicted)"))

    def show(self, p: Sequence[float], q: Sequence[float]) -> None:
        """Normalises and draws P and Q; raises ValueError for weights that are no distribution."""
        self.measures = information(p, q)
        self.p, self.q = normalise(p), normalise(q)
        classes = np.arange(1, len(self.p) + 1)
        self.p_bars.setOpts(x=classes - 0.2, height=self.p, width=0.38)
        self.q_bars.setOpts(x=classes + 0.2, height=self.q, width=0.38)
        self.plot.getAxis("bottom").setTicks([[(int(c), str(int(c))) for c in classes]])
        self.plot.setXRange(0.4, len(classes) + 0.6, padding=0)
        self.plot.setYRange(0, max(1.0, float(self.p.max()), float(self.q.max())) * 1.05, padding=0)
        self.retranslate()

    def table(self) -> Table:
        return Table({"class": np.arange(1, len(self.p) + 1), "P": self.p, "Q": self.q})
