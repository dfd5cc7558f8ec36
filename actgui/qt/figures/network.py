"""The network view: the input features, every hidden layer and the output layer as columns of
nodes, joined by links coloured by the weight's sign and drawn wider the larger |weight|.

For 2-D data each node shows its own output over the input plane as a small heat map (orange
negative, blue positive, scaled per node); for the 8×8 digits the first hidden layer's nodes show
their incoming weights as an 8×8 image, the other nodes their mean output. Dead units (zero output
on the whole validation set) are greyed and crossed. Columns wider than `units` show a window of
them and a "+k more" note. Hovering a node or link shows its values (`describe`). The values come
from the records' network detail (actgui.core.network_detail), measured in the training process.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF

from actgui.core.network_detail import MAP_UNITS, NetworkDetail
from actgui.core.table import Table
from actgui.core.training.history import RunHistory
from actgui.qt.base.figure import Figure
from actgui.qt.base.theme import Theme

POSITIVE, NEGATIVE, DEAD = "#0877bd", "#f59322", "#8c8c8c"
NODE, ROW_GAP, COLUMN_GAP = 1.0, 0.35, 2.6
#: The view's margin around the nodes and their texts, and a title's or note's distance from its nodes
#: (data units); the least gap between two texts (pixels).
EDGE, TEXT_OFFSET, TEXT_GAP = 0.15, 0.1, 6.0
#: Links are drawn in this many widths (one curve each per sign), widest for the largest |weight|.
WIDTH_STEPS = 4
DIGIT_SIDE = 8


def diverging(values: np.ndarray, background: str) -> np.ndarray:
    """(…, 3) uint8 colours for `values` in [-1, 1]: orange below 0, blue above, `background` at 0."""
    middle = np.array(pg.mkColor(background).getRgb()[:3], dtype=np.float64)
    positive = np.array(pg.mkColor(POSITIVE).getRgb()[:3], dtype=np.float64)
    negative = np.array(pg.mkColor(NEGATIVE).getRgb()[:3], dtype=np.float64)
    t = np.clip(values, -1.0, 1.0)[..., None]
    rgb = np.where(t >= 0, middle + t * (positive - middle), middle - t * (negative - middle))
    return np.clip(rgb, 0, 255).astype(np.uint8)


def _scaled(values: np.ndarray) -> np.ndarray:
    peak = float(np.max(np.abs(values))) if values.size else 0.0
    return values / peak if peak > 0 else np.zeros_like(values)


def window(width: int, units: int, first: int) -> range:
    """The units a column of `width` shows: `units` of them from `first` (kept inside the column)."""
    start = max(0, min(first, width - units))
    return range(start, min(width, start + units))


class NetworkFigure(Figure):
    """The network of one run as columns of nodes and weighted links; see the module docstring."""

    name = "network"

    def __init__(self, theme: Theme, live: bool = False) -> None:
        super().__init__(theme)
        self.live = live
        self.plot = self.add_plot(0, 0, legend=False)
        self.plot.hideAxis("left")
        self.plot.hideAxis("bottom")
        self.plot.showGrid(x=False, y=False)
        self.plot.setAspectLocked(True)
        self.plot.setMenuEnabled(False)
        self.plot.vb.setMouseEnabled(x=False, y=False)
        self.plot.vb.invertY(True)
        self.links = [[pg.PlotCurveItem(connect="pairs") for _ in range(WIDTH_STEPS)] for _ in (POSITIVE, NEGATIVE)]
        for pair in self.links:
            for curve in pair:
                curve.setZValue(-10)
                self.plot.addItem(curve)
        self.frames = pg.ScatterPlotItem(pxMode=False, symbol="s")
        self.frames.setZValue(5)
        self.plot.addItem(self.frames)
        self.dead_marks = pg.ScatterPlotItem(pxMode=False, symbol="x")
        self.dead_marks.setZValue(6)
        self.plot.addItem(self.dead_marks)
        self.images: list[pg.ImageItem] = []
        self.texts: list[pg.TextItem] = []
        self.hover = pg.TextItem(anchor=(0, 1))
        self.hover.setZValue(20)
        self.hover.setVisible(False)  # shown with a text only: empty, its filled box would blot out a title
        self.plot.addItem(self.hover)
        self.note = pg.TextItem(anchor=(0.5, 0.5))
        self.plot.addItem(self.note)
        self.run: RunHistory | None = None
        self.units, self.first = 8, 0
        #: Per column: the units shown and the top-left corner of each node.
        self.shown: list[list[int]] = []
        self.corners: list[list[tuple[float, float]]] = []
        self.dead: list[tuple[int, int]] = []
        self._fitted: list[int] = []
        self.plot.scene().sigMouseMoved.connect(self._hovered)
        self.plot.vb.sigResized.connect(self._fit)  # texts keep their size in pixels: margins follow the view
        self.retranslate()

    # -- drawing ---------------------------------------------------------------------------------
    def show(self, run: RunHistory | None, units: int | None = None, first: int | None = None) -> None:
        """Draws the latest network detail of `run`, `units` nodes per column from unit `first`."""
        self.run = run
        if units is not None:
            self.units = max(1, int(units))
        if first is not None:
            self.first = max(0, int(first))
        detail = None if run is None else run.network
        self.retranslate()
        if detail is None:
            self._clear()
            return
        self._layout(detail)
        self._draw_links(detail)
        self._draw_nodes(detail)
        self._draw_texts(detail)
        self._fitted = [len(units) for units in self.shown]
        self._fit()

    def _clear(self) -> None:
        self.shown, self.corners, self.dead = [], [], []
        for pair in self.links:
            for curve in pair:
                curve.setData([], [])
        self.frames.setData([], [])
        self.dead_marks.setData([], [])
        for item in [*self.images, *self.texts]:
            item.setVisible(False)
        self.hover.setText("")
        self.hover.setVisible(False)

    def _layout(self, detail: NetworkDetail) -> None:
        self.shown, self.corners = [], []
        tallest = max(len(window(width, self.units, self.first)) for width in detail.widths)
        for column, width in enumerate(detail.widths):
            units = list(window(width, self.units, self.first))
            top = (tallest - len(units)) * (NODE + ROW_GAP) / 2
            self.shown.append(units)
            self.corners.append([(column * COLUMN_GAP, top + row * (NODE + ROW_GAP)) for row in range(len(units))])

    def _fit(self) -> None:
        """Fits the view to the nodes and their texts: titles, input names and "+k more" notes are drawn
        at a fixed size in pixels, so the margins around the nodes are worked out in pixels; titles and
        notes of neighbouring columns that would touch go on two alternating lines."""
        if not self.corners or not self._fitted:
            return
        right = (len(self.corners) - 1) * COLUMN_GAP + NODE
        bottom = max(corners[-1][1] for corners in self.corners if corners) + NODE
        titles, names, notes = self._text_roles()
        size = self.plot.vb.size()
        width, height = max(size.width(), 40.0), max(size.height(), 40.0)
        line = max((item.textItem.boundingRect().height() for item in titles + notes), default=0.0)
        left_px = max([item.textItem.boundingRect().width() + TEXT_GAP for item in names]
                      + [self._text_width(titles[:1]) / 2], default=0.0)
        right_px = self._text_width(titles[-1:]) / 2
        pairs = [(a, b) for group in (titles, notes) for a, b in zip(group, group[1:], strict=False)]
        widest = max((self._text_width([a]) + self._text_width([b]) for a, b in pairs), default=0.0) / 2

        def scale_for(lines: int) -> float:
            return max((right + 2 * EDGE) / max(width - left_px - right_px, 20.0),
                       (bottom + 2 * EDGE) / max(height - 2 * (lines * line + TEXT_GAP), 20.0))

        scale = scale_for(1)
        lines = 2 if widest + TEXT_GAP > COLUMN_GAP / scale else 1
        if lines == 2:
            scale = scale_for(2)
        self._stagger(titles, notes, line * scale if lines == 2 else 0.0)
        margin = (lines * line + TEXT_GAP) * scale + EDGE
        self.plot.vb.setRange(xRange=(-EDGE - left_px * scale, right + EDGE + right_px * scale),
                              yRange=(-margin, bottom + margin), padding=0)

    @staticmethod
    def _text_width(items: list[pg.TextItem]) -> float:
        return max((item.textItem.boundingRect().width() for item in items), default=0.0)

    def _text_roles(self) -> tuple[list[pg.TextItem], list[pg.TextItem], list[pg.TextItem]]:
        """The shown column titles, input names and notes (the texts `_draw_texts` placed)."""
        shown = [item for item in self.texts if item.isVisible()]
        titles = [item for item in shown if item.role == "title"]
        return titles, [item for item in shown if item.role == "name"], [item for item in shown if item.role == "note"]

    def _stagger(self, titles: list[pg.TextItem], notes: list[pg.TextItem], shift: float) -> None:
        """Moves every second title up and every second note down by `shift` (0: back on one line)."""
        for group, sign in ((titles, -1), (notes, 1)):
            for index, item in enumerate(group):
                x, y = item.home
                item.setPos(x, y + sign * shift * (index % 2))

    def _draw_links(self, detail: NetworkDetail) -> None:
        segments: dict[tuple[int, int], tuple[list[float], list[float]]] = {
            (sign, step): ([], []) for sign in range(2) for step in range(WIDTH_STEPS)}
        if detail.weights is not None:
            for column, weights in enumerate(detail.weights):
                peak = float(np.max(np.abs(weights))) or 1.0
                for i, source in enumerate(self.shown[column]):
                    x0, y0 = self.corners[column][i]
                    for j, target in enumerate(self.shown[column + 1]):
                        x1, y1 = self.corners[column + 1][j]
                        w = float(weights[target, source])
                        step = min(WIDTH_STEPS - 1, int(abs(w) / peak * WIDTH_STEPS))
                        xs, ys = segments[(int(w < 0), step)]
                        xs += [x0 + NODE, x1]
                        ys += [y0 + NODE / 2, y1 + NODE / 2]
        for (sign, step), (xs, ys) in segments.items():
            color = pg.mkColor(POSITIVE if sign == 0 else NEGATIVE)
            color.setAlpha(90 + 40 * step)
            width = self.theme.line_width * (0.4 + 1.1 * step)
            self.links[sign][step].setData(np.array(xs), np.array(ys), pen=pg.mkPen(color, width=width))

    def _node_images(self, detail: NetworkDetail, column: int) -> list[np.ndarray | None]:
        """The image each shown node of `column` draws (rows × columns × 3, uint8), or None."""
        background = self.theme.background
        units = self.shown[column]
        if detail.maps is not None:
            maps = detail.maps[column]
            if column == len(detail.widths) - 1 and self.run is not None and self.run.info.output_kind == "sigmoid":
                return [diverging(2 * maps[u] - 1, background) for u in units]  # orange class 0, blue class 1
            return [diverging(_scaled(maps[u]), background) if u < MAP_UNITS else None for u in units]
        if column == 1 and detail.weights is not None and detail.widths[0] == DIGIT_SIDE ** 2:
            weights = detail.weights[0]
            return [diverging(_scaled(weights[u].reshape(DIGIT_SIDE, DIGIT_SIDE)), background) for u in units]
        return [None for _ in units]

    def _draw_nodes(self, detail: NetworkDetail) -> None:
        centres, brushes, pens, marks = [], [], [], []
        self.dead = []
        count = 0
        hidden = range(1, len(detail.widths) - 1)
        foreground = pg.mkColor(self.theme.foreground)
        for column, units in enumerate(self.shown):
            images = self._node_images(detail, column)
            means = _scaled(detail.mean[column])
            for row, unit in enumerate(units):
                x, y = self.corners[column][row]
                dead = column in hidden and detail.zero_share[column][unit] >= 1.0
                image = images[row]
                if image is not None:
                    if dead:
                        image = np.full_like(image, pg.mkColor(DEAD).getRgb()[:3])
                    item = self._image(count)
                    item.setImage(image, autoLevels=False, levels=(0, 255))
                    item.setRect(x, y, NODE, NODE)
                    count += 1
                    brushes.append(pg.mkBrush(0, 0, 0, 0))
                else:
                    shade = diverging(np.array(means[unit]), self.theme.background)
                    fill = pg.mkColor(DEAD) if dead else pg.mkColor(*shade)
                    brushes.append(pg.mkBrush(fill))
                pens.append(pg.mkPen(DEAD if dead else foreground, width=self.theme.line_width))
                centres.append((x + NODE / 2, y + NODE / 2))
                if dead:
                    self.dead.append((column, unit))
                    marks.append((x + NODE / 2, y + NODE / 2))
        for item in self.images[count:]:
            item.setVisible(False)
        points = np.array(centres, dtype=np.float64).reshape(-1, 2)
        self.frames.setData(points[:, 0], points[:, 1], size=NODE, brush=brushes, pen=pens)
        mark_points = np.array(marks, dtype=np.float64).reshape(-1, 2)
        self.dead_marks.setData(mark_points[:, 0], mark_points[:, 1], size=NODE * 0.6,
                                brush=pg.mkBrush("#d62728"), pen=pg.mkPen(None))

    def _image(self, index: int) -> pg.ImageItem:
        while len(self.images) <= index:
            item = pg.ImageItem(axisOrder="row-major")
            self.plot.addItem(item)
            self.images.append(item)
        item = self.images[index]
        item.setVisible(True)
        return item

    def _text(self, index: int, anchor: tuple[float, float], role: str) -> pg.TextItem:
        """The index-th text, anchored at `anchor`, as a column "title", an input "name" or a "note"."""
        while len(self.texts) <= index:
            item = pg.TextItem()
            self.plot.addItem(item)
            self.texts.append(item)
        item = self.texts[index]
        item.role = role
        item.setAnchor(anchor)
        item.setColor(self.theme.foreground)
        item.setVisible(True)
        return item

    def _draw_texts(self, detail: NetworkDetail) -> None:
        count = 0
        titles = self.column_titles()
        for column, units in enumerate(self.shown):
            x = column * COLUMN_GAP + NODE / 2
            title = self._text(count, (0.5, 1), "title")
            title.setText(titles[column])
            title.home = (x, -TEXT_OFFSET)
            title.setPos(*title.home)
            count += 1
            if column == 0 and self.run is not None:
                names = self.run.info.input_names
                for row, unit in enumerate(units):
                    if unit < len(names) and len(names) <= 8:
                        label = self._text(count, (1, 0.5), "name")
                        label.setText(names[unit])
                        cx, cy = self.corners[0][row]
                        label.setPos(cx - 0.05, cy + NODE / 2)
                        count += 1
            hidden = detail.widths[column] - len(units)
            if hidden > 0 and units:
                more = self._text(count, (0.5, 0), "note")
                more.setText(QCoreApplication.translate("NetworkFigure", "+{count} more").format(count=hidden))
                more.home = (x, self.corners[column][-1][1] + NODE + TEXT_OFFSET)
                more.setPos(*more.home)
                count += 1
        for item in self.texts[count:]:
            item.setVisible(False)

    # -- texts -----------------------------------------------------------------------------------
    def column_titles(self) -> list[str]:
        translate = QCoreApplication.translate
        if self.run is None or self.run.network is None:
            return []
        widths = self.run.network.widths
        titles = [translate("NetworkFigure", "Inputs")]
        titles += [translate("NetworkFigure", "Hidden {index}").format(index=i) for i in range(1, len(widths) - 1)]
        titles.append(translate("NetworkFigure", "Output"))
        return titles

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        self.plot.setTitle(translate("NetworkFigure", "Network"), color=self.theme.foreground,
                           size=f"{self.theme.font_pt + 2}pt")
        self.note.setColor(self.theme.foreground)
        if self.run is None or self.run.network is None:
            self.note.setText(translate("NetworkFigure", "Start a run to see its network"))
            self.note.setPos(0, 0)
            self.plot.vb.setRange(xRange=(-3, 3), yRange=(-1, 1), padding=0)
            self._fitted = []
        else:
            self.note.setText("")
        self.hover.setColor(self.theme.foreground)
        self.hover.fill = pg.mkBrush(self.theme.background)

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self.plot.showGrid(x=False, y=False)
        self.show(self.run)

    # -- hover -----------------------------------------------------------------------------------
    def node_at(self, x: float, y: float) -> tuple[int, int] | None:
        """(column, unit) of the node under the view point (x, y), or None."""
        for column, corners in enumerate(self.corners):
            for row, (cx, cy) in enumerate(corners):
                if cx <= x <= cx + NODE and cy <= y <= cy + NODE:
                    return column, self.shown[column][row]
        return None

    def link_at(self, x: float, y: float, tolerance: float = 0.08) -> tuple[int, int, int] | None:
        """(column, source unit, target unit) of the link nearest the view point (x, y) within
        `tolerance`, or None."""
        detail = None if self.run is None else self.run.network
        if detail is None or detail.weights is None:
            return None
        column = int(math.floor((x - NODE) / COLUMN_GAP))
        if not 0 <= column < len(self.corners) - 1:
            return None
        best, found = tolerance, None
        for i, (sx, sy) in enumerate(self.corners[column]):
            for j, (tx, ty) in enumerate(self.corners[column + 1]):
                a, b = np.array([sx + NODE, sy + NODE / 2]), np.array([tx, ty + NODE / 2])
                t = float(np.clip(np.dot([x, y] - a, b - a) / max(np.dot(b - a, b - a), 1e-12), 0, 1))
                distance = float(np.linalg.norm(a + t * (b - a) - [x, y]))
                if distance < best:
                    best, found = distance, (column, self.shown[column][i], self.shown[column + 1][j])
        return found

    def describe(self, x: float, y: float) -> str:
        """What hovering the view point (x, y) shows: a node's or a link's values, or ''."""
        translate = QCoreApplication.translate
        detail = None if self.run is None else self.run.network
        if detail is None:
            return ""
        titles = self.column_titles()
        node = self.node_at(x, y)
        if node is not None:
            column, unit = node
            name = f"{titles[column]} #{unit + 1}"
            if column == 0 and self.run is not None and unit < len(self.run.info.input_names):
                name = f"{titles[0]}: {self.run.info.input_names[unit]}"
            lines = [name, translate("NetworkFigure", "mean activation {value}").format(
                value=f"{detail.mean[column][unit]:.4g}")]
            if column > 0:
                bias = f"{detail.bias[column][unit]:.4g}"
                lines.append(translate("NetworkFigure", "bias {value}").format(value=bias))
                lines.append(translate("NetworkFigure", "gradient norm {value}").format(
                    value=f"{detail.grad_norm[column][unit]:.3g}"))
            if 0 < column < len(titles) - 1:
                lines.append(translate("NetworkFigure", "dead share {value}").format(
                    value=f"{detail.zero_share[column][unit]:.0%}"))
                if (column, unit) in self.dead:
                    lines.append(translate("NetworkFigure", "dead: zero on every validation sample"))
            return "\n".join(lines)
        link = self.link_at(x, y)
        if link is not None and detail.weights is not None:
            column, source, target = link
            weight = float(detail.weights[column][target, source])
            return translate("NetworkFigure", "weight {value}\nfrom {source} to {target}").format(
                value=f"{weight:.4g}", source=f"{titles[column]} #{source + 1}",
                target=f"{titles[column + 1]} #{target + 1}")
        return ""

    def _hovered(self, position: QPointF) -> None:
        if not self.plot.sceneBoundingRect().contains(position):
            return
        point = self.plot.vb.mapSceneToView(position)
        text = self.describe(point.x(), point.y())
        self.hover.setText(text)
        self.hover.setPos(point.x() + 0.1, point.y() - 0.1)
        self.hover.setVisible(bool(text))

    # -- export ----------------------------------------------------------------------------------
    def table(self) -> Table:
        """One row per node: column, unit, bias, mean activation, dead share, gradient norm, dead."""
        detail = None if self.run is None else self.run.network
        columns: dict[str, list] = {"column": [], "unit": [], "bias": [], "mean_activation": [],
                                    "dead_share": [], "grad_norm": []}
        if detail is not None:
            names = ["input", *[f"hidden{i}" for i in range(1, len(detail.widths) - 1)], "output"]
            for column, width in enumerate(detail.widths):
                for unit in range(width):
                    columns["column"].append(names[column])
                    columns["unit"].append(unit + 1)
                    columns["bias"].append(float(detail.bias[column][unit]))
                    columns["mean_activation"].append(float(detail.mean[column][unit]))
                    columns["dead_share"].append(float(detail.zero_share[column][unit]))
                    columns["grad_norm"].append(float(detail.grad_norm[column][unit]))
        return Table(columns)
