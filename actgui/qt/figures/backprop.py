"""The backprop microscope: one SGD step drawn on the network, phase by phase.

The network is drawn as columns of units joined by links (blue positive, orange negative; those into
the layer being computed drawn stronger). Each unit shows the numbers of the phase the step-through
has reached (forward: z and a; backward: δ; update: the bias before and after), the layer being
computed is ringed, and the links into it carry their weight, gradient or update when there are few
enough to label. Under the network the phase's equations are written out with their numbers
(actgui.qt.figures.backprop_text); hovering a unit or a link shows its own. A second, small figure
shows the data set with the batch ringed, and picks the batch's first example with a click.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF
from PySide6.QtGui import QFont, QFontMetricsF

from actgui.core.backprop import BackpropStep, PathSum, weight_paths
from actgui.core.table import Table
from actgui.qt.base.figure import Figure
from actgui.qt.base.theme import Theme
from actgui.qt.figures import backprop_text as text
from actgui.qt.figures.network import NEGATIVE, POSITIVE

COLUMN_GAP, ROW_GAP = 3.0, 1.0
HIGHLIGHT = "#d62728"
# Columns up to which every unit is labelled with its numbers.
LABELLED_COLUMNS = 4
# Links of a layer labelled with their numbers when the layer has at most this many.
LABELLED_LINKS = 6
# Where along its link (from the source) a link's label sits: near the target, the labels of the links
# into one unit stack apart.
LINK_LABEL_AT = 0.7
CLASS_COLORS = ("#f59322", "#0877bd", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22")


class BackpropFigure(Figure):
    """One SGD step on the network; see the module docstring."""

    name = "backprop"

    def __init__(self, theme: Theme) -> None:
        super().__init__(theme)
        self.plot = self.add_plot(0, 0, legend=False)
        for side in ("left", "bottom"):
            self.plot.hideAxis(side)
        self.plot.showGrid(x=False, y=False)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.vb.setMouseEnabled(x=False, y=False)
        self.plot.vb.invertY(True)
        self.links = {sign: pg.PlotCurveItem(connect="pairs") for sign in (POSITIVE, NEGATIVE)}
        self.focus_links = {sign: pg.PlotCurveItem(connect="pairs") for sign in (POSITIVE, NEGATIVE)}
        for curve in [*self.links.values(), *self.focus_links.values()]:
            curve.setZValue(-10)
            self.plot.addItem(curve)
        self.nodes = pg.ScatterPlotItem(pxMode=True, useCache=False)  # drawn as paths: vector in SVG and PDF
        self.nodes.setZValue(15)  # above the labels' backgrounds
        self.plot.addItem(self.nodes)
        self.texts: list[pg.TextItem] = []
        self.hover = pg.TextItem(anchor=(0, 1))
        self.hover.setZValue(30)
        self.plot.addItem(self.hover)
        self.equations = pg.LabelItem(justify="left")
        self.widget.addItem(self.equations, row=1, col=0)
        self.wrapped.append(self.equations)
        self.step: BackpropStep | None = None
        self.phase, self.layer, self.example = "forward", 0, 0
        self.weight = (0, 0)
        self.paths: PathSum | None = None
        self.error = ""
        self.centres: list[list[tuple[float, float]]] = []
        self.plot.scene().sigMouseMoved.connect(self._hovered)
        self.plot.vb.sigResized.connect(lambda *_: self._draw())  # the labels' offsets are in pixels
        self.retranslate()

    # -- drawing ---------------------------------------------------------------------------------
    def show(self, step: BackpropStep | None, phase: str = "forward", layer: int = 0, weight: tuple[int, int] = (0, 0),
             error: str = "") -> None:
        """Draws `step` at `phase`, which has reached `layer` (−1: every layer); the chain rule lists the
        paths of first-layer weight (unit, input) `weight`; without a step, `error` says why."""
        self.step, self.phase, self.error = step, phase, error
        self.layer = -1 if step is None or layer < 0 else min(layer, len(step.layers) - 1)
        if step is not None:
            unit, source = weight
            self.weight = (min(unit, step.layers[0].units - 1), min(source, step.x.shape[1] - 1))
            self.paths = weight_paths(step, *self.weight)
        self.retranslate()

    def revealed(self, index: int) -> bool:
        """Whether layer `index`'s numbers of the current phase are shown yet."""
        if self.phase == "forward":
            return index <= self.layer
        if self.phase == "backward":
            return index >= self.layer
        return True

    def _draw(self) -> None:
        step = self.step
        count = 0
        if step is None:
            self.centres = []
            for curve in [*self.links.values(), *self.focus_links.values()]:
                curve.setData([], [])
            self.nodes.setData([], [])
            note = self._text(0, (0.5, 0.5))
            note.setText(self.error or QCoreApplication.translate("BackpropFigure", "No step to show"))
            note.setPos(0, 0)
            self._hide_texts_from(1)
            self.plot.vb.setRange(xRange=(-3, 3), yRange=(-1, 1), padding=0)
            return
        widths = step.widths
        tallest = max(widths)
        self.centres = [[(column * COLUMN_GAP, (row + (tallest - width) / 2) * ROW_GAP) for row in range(width)]
                        for column, width in enumerate(widths)]
        right = (len(widths) - 1) * COLUMN_GAP
        left, extra = self._label_margins(right)
        self.plot.vb.setRange(xRange=(-left, right + extra), yRange=(-1.0, (tallest - 1) * ROW_GAP + 0.4), padding=0)
        self._draw_links(step)
        brushes, pens, points = [], [], []
        foreground = pg.mkColor(self.theme.foreground)
        size = round(self.theme.font_pt * 2.2)  # units are drawn in pixels: the labels keep clear of them
        width_px, height_px = self.plot.vb.viewPixelSize()
        dx, dy = (0.6 * size + 2) * (width_px or 0.01), 0.4 * size * (height_px or 0.01)
        for column, centres in enumerate(self.centres):
            focus = column > 0 and self._focus(column - 1)
            # a deep network labels the inputs, the layer being computed and the outputs (hover: the rest)
            labelled = len(widths) <= LABELLED_COLUMNS or column in (0, len(widths) - 1) or focus
            for unit, (x, y) in enumerate(centres):
                points.append((x, y))
                value = self._node_value(column, unit)
                brushes.append(pg.mkBrush(self._shade(value)))
                pens.append(pg.mkPen(HIGHLIGHT if focus else foreground, width=3 if focus else 1.2))
                # inputs: left of the unit; the others above its right, clear of the links coming in
                label = self._text(count, (1, 0.5) if column == 0 else (0, 1))
                label.setText(self._node_text(column, unit) if labelled else "")
                label.setPos(*((x - dx, y) if column == 0 else (x + dx / 2, y - dy)))
                count += 1
        xy = np.array(points, dtype=float).reshape(-1, 2)
        self.nodes.setData(xy[:, 0], xy[:, 1], size=size, brush=brushes, pen=pens)
        count = self._link_labels(step, count)
        self._hide_texts_from(count)


    def _label_margins(self, right: float) -> tuple[float, float]:
        """Room (view units) left of the inputs and right of the outputs for their labels, which keep their
        size in pixels: a narrow view (the guide open beside it) clipped fixed margins."""
        metrics = QFontMetricsF(self._font())
        size = self.theme.font_pt * 2.2

        def widest(column: int) -> float:
            lines = [line for unit in range(len(self.centres[column]))
                     for line in self._node_text(column, unit).splitlines()]
            return max((metrics.horizontalAdvance(line) for line in lines), default=0.0)

        need_left, need_right = widest(0) + 1.1 * size + 8, widest(len(self.centres) - 1) + 0.8 * size + 8
        left, extra = max(2.0, 0.22 * right), max(2.6, 0.3 * right)
        view = self.plot.vb.width()
        if view > need_left + need_right + 2 * size:  # else the view is not laid out yet, or hopeless
            for _ in range(4):
                per_pixel = (left + right + extra) / view
                left, extra = max(left, need_left * per_pixel), max(extra, need_right * per_pixel)
        return left, extra

    def _font(self) -> QFont:
        font = QFont()
        font.setPointSize(self.theme.font_pt)
        return font

    def _focus(self, index: int) -> bool:
        return self.layer == -1 or index == self.layer

    def _node_value(self, column: int, unit: int) -> float:
        """What a unit's fill shows: its activation (forward) or its δ (backward), scaled to [−1, 1]."""
        step = self.step
        if column == 0:
            values = step.x[self.example]
            return float(values[unit] / (np.abs(values).max() or 1.0))
        layer = step.layers[column - 1]
        if not self.revealed(column - 1):
            return 0.0
        values = layer.dz[self.example] if self.phase in ("backward", "update") else layer.a[self.example]
        return float(values[unit] / (np.abs(values).max() or 1.0))

    def _shade(self, value: float):
        background = np.array(pg.mkColor(self.theme.background).getRgb()[:3], float)
        end = np.array(pg.mkColor(POSITIVE if value >= 0 else NEGATIVE).getRgb()[:3], float)
        return pg.mkColor(*np.clip(background + min(1.0, abs(value)) * 0.8 * (end - background), 0, 255).astype(int))

    def _node_text(self, column: int, unit: int) -> str:
        step, n = self.step, self.example
        if column == 0:
            return f"x{text._sub(unit)}={text.number(step.x[n, unit])}"
        index = column - 1
        layer = step.layers[index]
        if not self.revealed(index):
            return "" if self.phase == "forward" else f"a={text.number(layer.a[n, unit])}"
        if self.phase == "update":
            return f"b: {text.precise(layer.b[unit])}→{text.precise(layer.b_after[unit])}"
        if self.phase == "backward":
            return f"δ={text.number(layer.dz[n, unit])}"
        if layer.activation == "identity":
            return f"z={text.number(layer.z[n, unit])}"
        return f"z={text.number(layer.z[n, unit])}\na={text.number(layer.a[n, unit])}"

    def _draw_links(self, step: BackpropStep) -> None:
        plain = {sign: ([], []) for sign in self.links}
        focused = {sign: ([], []) for sign in self.links}
        for index, layer in enumerate(step.layers):
            into = focused if self._focus(index) else plain
            for target, (tx, ty) in enumerate(self.centres[index + 1]):
                for source, (sx, sy) in enumerate(self.centres[index]):
                    sign = NEGATIVE if layer.W[target, source] < 0 else POSITIVE
                    into[sign][0].extend((sx, tx))
                    into[sign][1].extend((sy, ty))
        for sign in self.links:
            for curves, segments, alpha, width in ((self.links, plain, 90, 1.5), (self.focus_links, focused, 230, 2.5)):
                color = pg.mkColor(sign)
                color.setAlpha(alpha)
                xs, ys = segments[sign]
                curves[sign].setData(np.array(xs, float), np.array(ys, float),
                                     pen=pg.mkPen(color, width=self.theme.line_width * width))

    def _link_labels(self, step: BackpropStep, count: int) -> int:
        """Labels the focused layer's links with their numbers when it has few of them."""
        for index, layer in enumerate(step.layers):
            if not self._focus(index) or layer.W.size > LABELLED_LINKS or self.layer == -1 and index > 0:
                continue
            for target, (tx, ty) in enumerate(self.centres[index + 1]):
                for source, (sx, sy) in enumerate(self.centres[index]):
                    label = self._text(count, (0.5, 0.5))
                    label.setText(self._link_text(layer, target, source))
                    label.setPos(sx + LINK_LABEL_AT * (tx - sx), sy + LINK_LABEL_AT * (ty - sy))
                    count += 1
        return count

    def _link_text(self, layer, target: int, source: int) -> str:
        if self.phase == "backward":
            return f"∂L/∂w={text.number(layer.dW[target, source])}"
        if self.phase == "update":
            return f"w′={text.precise(layer.W_after[target, source])}"
        return f"w={text.number(layer.W[target, source])}"

    def _text(self, index: int, anchor: tuple[float, float]) -> pg.TextItem:
        while len(self.texts) <= index:
            item = pg.TextItem()
            item.setZValue(10)
            self.plot.addItem(item)
            self.texts.append(item)
        item = self.texts[index]
        item.setAnchor(anchor)
        item.setColor(self.theme.foreground)
        item.setFont(self._font())
        background = pg.mkColor(self.theme.background)
        background.setAlpha(200)
        item.fill = pg.mkBrush(background)
        item.setVisible(True)
        return item

    def _hide_texts_from(self, index: int) -> None:
        for item in self.texts[index:]:
            item.setVisible(False)

    # -- texts -----------------------------------------------------------------------------------
    def equation_lines(self) -> list[str]:
        if self.step is None:
            return []
        return text.phase_lines(self.step, self.phase, self.layer, self.example, self.paths)

    def retranslate(self) -> None:
        layers = 0 if self.step is None else len(self.step.layers)
        title = "" if self.step is None else text.phase_title(self.phase, self.layer, layers)
        self.plot.setTitle(title, color=self.theme.foreground, size=f"{self.theme.font_pt + 2}pt")
        lines = self.equation_lines()
        self.equations.setText("<br>".join(_escape(line) for line in lines), color=self.theme.foreground,
                               size=f"{self.theme.font_pt}pt")
        self.equations.setVisible(bool(lines))
        self.hover.setColor(self.theme.foreground)
        self.hover.fill = pg.mkBrush(self.theme.background)
        self.hover.border = pg.mkPen(self.theme.foreground)
        font = QFont()
        font.setPointSize(self.theme.font_pt)
        self.hover.setFont(font)
        self.hover.setText("")
        self.hover.setVisible(False)
        self._draw()
        self.wrap_to_view()

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self.plot.showGrid(x=False, y=False)
        self.retranslate()

    # -- hover -----------------------------------------------------------------------------------
    def node_at(self, x: float, y: float, radius: float = 0.3) -> tuple[int, int] | None:
        for column, centres in enumerate(self.centres):
            for unit, (cx, cy) in enumerate(centres):
                if math.hypot(x - cx, y - cy) <= radius:
                    return column, unit
        return None

    def link_at(self, x: float, y: float, tolerance: float = 0.15) -> tuple[int, int, int] | None:
        """(layer, target, source) of the link nearest (x, y) within `tolerance`."""
        column = int(math.floor(x / COLUMN_GAP))
        if not 0 <= column < len(self.centres) - 1:
            return None
        best, found = tolerance, None
        for source, (sx, sy) in enumerate(self.centres[column]):
            for target, (tx, ty) in enumerate(self.centres[column + 1]):
                a, b = np.array([sx, sy]), np.array([tx, ty])
                t = float(np.clip(np.dot([x, y] - a, b - a) / max(np.dot(b - a, b - a), 1e-12), 0, 1))
                distance = float(np.linalg.norm(a + t * (b - a) - [x, y]))
                if distance < best:
                    best, found = distance, (column, target, source)
        return found

    def describe(self, x: float, y: float) -> str:
        """The equation of the unit or link at view point (x, y) with its live numbers, or ''."""
        if self.step is None:
            return ""
        node = self.node_at(x, y)
        if node is not None:
            return text.unit_equation(self.step, *node, self.phase, self.example)
        link = self.link_at(x, y)
        if link is not None:
            return text.link_equation(self.step, *link, self.phase, self.example)
        return ""

    def _hovered(self, position: QPointF) -> None:
        if not self.plot.sceneBoundingRect().contains(position):
            return
        point = self.plot.vb.mapSceneToView(position)
        description = self.describe(point.x(), point.y())
        self.hover.setText(description)
        # anchored in proportion to where the cursor is in the view, so a text narrower than the view stays inside
        view = self.plot.vb.viewRect()
        self.hover.setAnchor((min(1.0, max(0.0, (point.x() - view.left()) / view.width())),
                              min(1.0, max(0.0, (point.y() - view.top()) / view.height()))))
        self.hover.setPos(point.x(), point.y())
        self.hover.setVisible(bool(description))

    # -- export ----------------------------------------------------------------------------------
    def table(self) -> Table:
        """One row per weight: layer, target and source unit, w, ∂L/∂w and w after the update."""
        columns: dict[str, list] = {"layer": [], "target": [], "source": [], "w": [], "dL_dw": [], "w_after": []}
        for index, layer in enumerate(self.step.layers if self.step is not None else ()):
            for target in range(layer.W.shape[0]):
                for source in range(layer.W.shape[1]):
                    for key, value in (("layer", index + 1), ("target", target + 1), ("source", source + 1),
                                       ("w", layer.W[target, source]), ("dL_dw", layer.dW[target, source]),
                                       ("w_after", layer.W_after[target, source])):
                        columns[key].append(value)
        return Table(columns)


def _escape(line: str) -> str:
    return line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("  ", "&nbsp;&nbsp;")


class BackpropDataFigure(Figure):
    """The training set (by class, or x against y for regression) with the step's batch ringed;
    `picked(index)` is called with the example nearest a click."""

    name = "backprop_data"

    def __init__(self, theme: Theme, picked: Callable[[int], None] | None = None) -> None:
        super().__init__(theme)
        self.plot = self.add_plot(0, 0, legend=False)
        self.plot.setMenuEnabled(False)
        self.points = pg.ScatterPlotItem(size=7, pen=pg.mkPen(None), useCache=False)
        self.batch = pg.ScatterPlotItem(size=16, brush=pg.mkBrush(None), pen=pg.mkPen(HIGHLIGHT, width=3),
                                        useCache=False)
        self.plot.addItem(self.points)
        self.plot.addItem(self.batch)
        self.picked = picked
        self.xy = np.zeros((0, 2))
        self.plot.scene().sigMouseClicked.connect(self._clicked)
        self.retranslate()

    def show(self, step: BackpropStep | None) -> None:
        if step is None or not len(step.data_x):
            self.xy = np.zeros((0, 2))
            self.points.setData([], [])
            self.batch.setData([], [])
            return
        if step.data_x.shape[1] >= 2:
            self.xy = step.data_x[:, :2].astype(float)
            labels = step.data_y.astype(int)
            brushes = [pg.mkBrush(CLASS_COLORS[label % len(CLASS_COLORS)]) for label in labels]
        else:
            self.xy = np.column_stack([step.data_x[:, 0], np.asarray(step.data_y, float).reshape(len(step.data_x))])
            brushes = [pg.mkBrush(CLASS_COLORS[1])] * len(self.xy)
        self.points.setData(self.xy[:, 0], self.xy[:, 1], brush=brushes)
        chosen = self.xy[list(step.batch)]
        self.batch.setData(chosen[:, 0], chosen[:, 1])

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        self.set_labels(self.plot, translate("BackpropFigure", "Click an example for the batch"), "", "")

    def nearest(self, x: float, y: float) -> int | None:
        if not len(self.xy):
            return None
        return int(np.argmin(np.hypot(self.xy[:, 0] - x, self.xy[:, 1] - y)))

    def _clicked(self, event) -> None:
        if self.picked is None or not self.plot.sceneBoundingRect().contains(event.scenePos()):
            return
        point = self.plot.vb.mapSceneToView(event.scenePos())
        index = self.nearest(point.x(), point.y())
        if index is not None:
            self.picked(index)

    def table(self) -> Table:
        return Table({"x": self.xy[:, 0], "y": self.xy[:, 1]})
