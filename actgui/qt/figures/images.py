"""Figures for networks trained on images: a grid of validation images with their predicted and true
labels, the confusion matrix, the first layer's filters, the feature maps of one image, and the
activation shoot-out (validation accuracy and loss per epoch, one curve per activation).

Each figure creates its image, text and curve items once and afterwards only sets their data; the
same classes draw for the panel, the export dialog and the CLI. Class names are passed in by the
caller in the interface language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont

from actgui.core.table import Table
from actgui.core.training.experiment import PALETTE
from actgui.core.training.history import RunHistory
from actgui.qt.base.figure import Figure
from actgui.qt.base.theme import LIGHT, Theme

WRONG_COLOR = "#d62728"
#: Each compared activation's marker in the shoot-out: a second cue beside its colour (and in its legend).
SERIES_SYMBOLS = ("o", "s", "t", "d", "star", "x", "t1", "p")
RIGHT_COLOR = "#2ca02c"
GRID_COLUMNS = 8
GRID_IMAGES = 32
#: Pixels of gap between tiles of a mosaic, as a fraction of the tile side (at least one pixel).
GAP = 0.15
#: Class names longer than this go on two lines in the image grid and become numbers on the confusion
#: matrix's x axis (the rows keep the names).
SHORT_NAME = 3
#: Cells of a confusion matrix get their count written up to this many classes.
MAX_LABELLED_CLASSES = 20


def mosaic(tiles: np.ndarray, columns: int, gap: int) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Tiles (N, h, w) laid out `columns` wide with `gap` pixels between them, NaN in the gaps;
    also each tile's (row, column) pixel origin."""
    count, height, width = tiles.shape
    columns = max(1, min(columns, count))
    rows = -(-count // columns)
    out = np.full((rows * (height + gap) - gap, columns * (width + gap) - gap), np.nan, dtype=np.float32)
    origins = []
    for index in range(count):
        top, left = (index // columns) * (height + gap), (index % columns) * (width + gap)
        out[top:top + height, left:left + width] = tiles[index]
        origins.append((top, left))
    return out, origins


def _columns_for(count: int, aspect: float = 16 / 9) -> int:
    """Columns that make a mosaic of `count` square tiles about `aspect` wide per unit high."""
    return max(1, min(count, int(round(np.sqrt(count * aspect)))))


class _ImageFigure(Figure):
    """Plots without grid lines whose y axis runs downwards, as images are read."""

    def __init__(self, theme: Theme = LIGHT) -> None:
        super().__init__(theme)
        self._bare: list[pg.PlotItem] = []

    def set_labels(self, plot: pg.PlotItem, title: str, x_label: str, y_label: str) -> None:
        super().set_labels(plot, title, x_label, y_label)
        if plot in self._bare:  # setLabel shows an axis again
            plot.hideAxis("left")
            plot.hideAxis("bottom")

    def image_plot(self, row: int = 0, col: int = 0, axes: bool = False) -> pg.PlotItem:
        plot = self.add_plot(row, col, legend=False)
        plot.showGrid(x=False, y=False)
        plot.invertY(True)
        plot.setAspectLocked(True)
        plot.setMouseEnabled(x=False, y=False)
        plot.hideButtons()
        if not axes:
            self._bare.append(plot)
            plot.hideAxis("left")
            plot.hideAxis("bottom")
        return plot

    def _style_plot(self, plot: pg.PlotItem) -> None:
        super()._style_plot(plot)
        plot.showGrid(x=False, y=False)

    def _text_font(self, scale: float = 1.0) -> QFont:
        font = QFont()
        font.setPointSizeF(self.theme.font_pt * scale)
        return font

    def _colorbar(self, plot: pg.PlotItem, image: pg.ImageItem, colormap: str, values: tuple[float, float]):
        bar = plot.addColorBar(image, colorMap=pg.colormap.get(colormap), values=values, interactive=False)
        bar.axis.setPen(self.theme.foreground)
        bar.axis.setTextPen(self.theme.foreground)
        return bar


class ImageGridFigure(_ImageFigure):
    """Validation images in a grid, each titled 'predicted (true)'; wrong predictions in red, framed."""

    name = "image_grid"

    def __init__(self, theme: Theme = LIGHT, count: int = GRID_IMAGES, columns: int = GRID_COLUMNS) -> None:
        super().__init__(theme)
        self.count, self.columns = count, columns
        self.plot = self.image_plot()
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setColorMap(pg.colormap.get("CET-L1"))  # black to white
        self.plot.addItem(self.image)
        self.frames = pg.PlotCurveItem(pen=pg.mkPen(WRONG_COLOR, width=2), connect="pairs")
        self.plot.addItem(self.frames)
        self.labels: list[pg.TextItem] = []
        for _ in range(count):
            label = pg.TextItem(anchor=(0.5, 1.0))
            label.setFont(self._text_font(0.85))
            self.plot.addItem(label)
            self.labels.append(label)
        self.images = np.zeros((0, 1, 1), np.float32)
        self.true = np.zeros(0, np.int64)
        self.predicted = np.zeros(0, np.int64)
        self.class_names: list[str] = []
        self.retranslate()

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        wrong = int(np.sum(self.true != self.predicted))
        title = translate("ImageGridFigure", "Validation images: predicted (true)")
        if len(self.true):
            title += " · " + translate("ImageGridFigure", "{wrong} of {count} wrong").format(
                wrong=wrong, count=len(self.true))
        self.set_labels(self.plot, title, "", "")

    def restyle(self) -> None:
        for label, wrong in zip(self.labels, self._wrong_flags(), strict=False):
            label.setColor(WRONG_COLOR if wrong else self.theme.foreground)

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        for label in self.labels:
            label.setFont(self._text_font(0.85))
        self.restyle()
        self.retranslate()

    def _wrong_flags(self) -> np.ndarray:
        return self.true != self.predicted

    def show(self, images: np.ndarray, true: Sequence[int], predicted: Sequence[int],
             class_names: Sequence[str]) -> None:
        """Draws the first `count` of `images` ((N, H, W) or (N, 1, H, W), values in [0, 1])."""
        images = np.asarray(images, dtype=np.float32)
        if images.ndim == 4:
            images = images[:, 0]
        n = min(self.count, len(images))
        self.images, self.class_names = images[:n], list(class_names)
        self.true = np.asarray(true, dtype=np.int64)[:n]
        self.predicted = np.asarray(predicted, dtype=np.int64)[:n]
        if n == 0:
            self.image.clear()
            self.frames.setData([], [])
            for label in self.labels:
                label.setText("")
            self.retranslate()
            return
        height, width = images.shape[1:]
        gap = max(1, int(round(GAP * height)))
        # long class names (Fashion-MNIST's) go on two lines: predicted, then (true)
        two_lines = max((len(n) for n in self.class_names), default=0) > SHORT_NAME
        label_room = max(2, int(round((0.9 if two_lines else 0.45) * height)))  # pixels above a tile for its label
        tiles = np.full((n, height + label_room, width), np.nan, np.float32)
        tiles[:, label_room:] = self.images
        picture, origins = mosaic(tiles, self.columns, gap)
        self.image.setImage(picture, autoLevels=False, levels=(0.0, 1.0))
        xs, ys = [], []
        wrong = self._wrong_flags()
        for index, (top, left) in enumerate(origins):
            label = self.labels[index]
            name = self.class_names
            label.setText(f"{name[self.predicted[index]]}{chr(10) if two_lines else ' '}({name[self.true[index]]})")
            label.setPos(left + width / 2, top + label_room)
            if wrong[index]:
                y0, x0, y1, x1 = top + label_room - 0.5, left - 0.5, top + label_room + height + 0.5, left + width + 0.5
                for (ax, ay), (bx, by) in (((x0, y0), (x1, y0)), ((x1, y0), (x1, y1)), ((x1, y1), (x0, y1)),
                                           ((x0, y1), (x0, y0))):
                    xs += [ax, bx]
                    ys += [ay, by]
        for label in self.labels[n:]:
            label.setText("")
        self.frames.setData(np.array(xs, float), np.array(ys, float))
        self.plot.setRange(xRange=(0, picture.shape[1]), yRange=(0, picture.shape[0]), padding=0.01)
        self.restyle()
        self.retranslate()

    def table(self) -> Table:
        names = self.class_names
        return Table({"image": np.arange(len(self.true)), "true": [names[i] for i in self.true],
                      "predicted": [names[i] for i in self.predicted],
                      "correct": (self.true == self.predicted).astype(np.int64)})


def confusion_counts(true: Sequence[int], predicted: Sequence[int], classes: int) -> np.ndarray:
    """counts[t, p]: how many images of class t were predicted as p."""
    counts = np.zeros((classes, classes), np.int64)
    np.add.at(counts, (np.asarray(true, np.int64), np.asarray(predicted, np.int64)), 1)
    return counts


class ConfusionMatrixFigure(_ImageFigure):
    """Rows: true class, columns: predicted class; colour the share of the row, text the count."""

    name = "confusion"

    def __init__(self, theme: Theme = LIGHT) -> None:
        super().__init__(theme)
        self.plot = self.image_plot(axes=True)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.image)
        self.colorbar = self._colorbar(self.plot, self.image, "viridis", (0.0, 1.0))
        self.cells: list[pg.TextItem] = []
        self.counts = np.zeros((0, 0), np.int64)
        self.class_names: list[str] = []
        self.retranslate()

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        total = int(self.counts.sum())
        title = translate("ConfusionMatrixFigure", "Confusion matrix")
        if total:
            accuracy = np.trace(self.counts) / total
            title += " · " + translate("ConfusionMatrixFigure", "accuracy {accuracy:.1%}").format(accuracy=accuracy)
        self.set_labels(self.plot, title, translate("ConfusionMatrixFigure", "predicted class"),
                        translate("ConfusionMatrixFigure", "true class"))
        self.colorbar.setLabel("right", translate("ConfusionMatrixFigure", "share of the true class"),
                               color=self.theme.foreground)

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self.colorbar.axis.setPen(theme.foreground)
        self.colorbar.axis.setTextPen(theme.foreground)
        self._draw_cells()
        self.retranslate()

    def show(self, true: Sequence[int], predicted: Sequence[int], class_names: Sequence[str]) -> None:
        classes = len(class_names)
        self.class_names = list(class_names)
        self.counts = confusion_counts(true, predicted, classes)
        rows = self.counts.sum(axis=1, keepdims=True)
        share = self.counts / np.maximum(rows, 1)
        self.image.setImage(share.astype(np.float32), autoLevels=False, levels=(0.0, 1.0))
        self.image.setRect(-0.5, -0.5, classes, classes)
        long_names = max((len(n) for n in self.class_names), default=0) > SHORT_NAME
        rows = [[(i, f"{name} {i}" if long_names else name) for i, name in enumerate(self.class_names)]]
        columns = [[(i, str(i)) for i in range(classes)]] if long_names else rows
        self.plot.getAxis("left").setTicks(rows)
        self.plot.getAxis("bottom").setTicks(columns)
        self.plot.setRange(xRange=(-0.5, classes - 0.5), yRange=(-0.5, classes - 0.5), padding=0.01)
        labelled = classes if classes <= MAX_LABELLED_CLASSES else 0
        while len(self.cells) < labelled * labelled:
            cell = pg.TextItem(anchor=(0.5, 0.5))
            self.plot.addItem(cell)
            self.cells.append(cell)
        self._draw_cells()
        self.retranslate()

    def _draw_cells(self) -> None:
        classes = len(self.class_names)
        labelled = classes if classes <= MAX_LABELLED_CLASSES else 0
        rows = np.maximum(self.counts.sum(axis=1), 1) if classes else np.zeros(0)
        font = self._text_font(0.85 if classes <= 10 else 0.65)
        for index, cell in enumerate(self.cells):
            if index >= labelled * labelled:
                cell.setText("")
                continue
            t, p = divmod(index, labelled)
            count = int(self.counts[t, p])
            cell.setFont(font)
            cell.setText(str(count) if count else "")
            cell.setColor("#000000" if count / rows[t] > 0.6 else "#ffffff")  # readable on viridis
            cell.setPos(p, t)

    def table(self) -> Table:
        classes = len(self.class_names)
        t, p = np.divmod(np.arange(classes * classes), max(classes, 1))
        return Table({"true": [self.class_names[i] for i in t], "predicted": [self.class_names[i] for i in p],
                      "count": self.counts.ravel() if classes else np.zeros(0, np.int64)})


class FilterFigure(_ImageFigure):
    """The first convolution's kernels, one tile per output channel (input channels side by side),
    on a diverging scale symmetric about zero and shared by every tile."""

    name = "filters"

    def __init__(self, theme: Theme = LIGHT) -> None:
        super().__init__(theme)
        self.plot = self.image_plot()
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.image)
        self.colorbar = self._colorbar(self.plot, self.image, "CET-D1", (-1.0, 1.0))
        self.filters = np.zeros((0, 1, 3, 3), np.float32)
        self.retranslate()

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        count = len(self.filters)
        title = translate("FilterFigure", "First-layer filters")
        if count:
            size = "×".join(str(s) for s in self.filters.shape[2:])
            title += " · " + translate("FilterFigure", "{count} kernels of {size}").format(count=count, size=size)
        self.set_labels(self.plot, title, "", "")
        self.colorbar.setLabel("right", translate("FilterFigure", "weight"), color=self.theme.foreground)

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self.colorbar.axis.setPen(theme.foreground)
        self.colorbar.axis.setTextPen(theme.foreground)
        self.retranslate()

    def show(self, filters: np.ndarray) -> None:
        """`filters`: (out channels, in channels, k, k)."""
        self.filters = np.asarray(filters, dtype=np.float32)
        out, inputs, kh, kw = self.filters.shape
        tiles = self.filters.transpose(0, 2, 1, 3).reshape(out, kh, inputs * kw)
        picture, _ = mosaic(tiles, _columns_for(out), 1)
        bound = float(np.abs(self.filters).max()) or 1.0
        self.image.setImage(picture, autoLevels=False, levels=(-bound, bound))
        self.colorbar.setLevels((-bound, bound))
        self.plot.setRange(xRange=(0, picture.shape[1]), yRange=(0, picture.shape[0]), padding=0.01)
        self.retranslate()

    def table(self) -> Table:
        out, inputs, kh, kw = self.filters.shape
        index = np.indices(self.filters.shape).reshape(4, -1)
        return Table({"filter": index[0], "in_channel": index[1], "row": index[2], "col": index[3],
                      "weight": self.filters.ravel()})


class FeatureMapFigure(_ImageFigure):
    """One image and a layer's activation maps for it (one tile per channel, one shared scale)."""

    name = "feature_maps"

    def __init__(self, theme: Theme = LIGHT) -> None:
        super().__init__(theme)
        self.input_plot = self.image_plot(0, 0)
        self.input_image = pg.ImageItem(axisOrder="row-major")
        self.input_image.setColorMap(pg.colormap.get("CET-L1"))
        self.input_plot.addItem(self.input_image)
        self.maps_plot = self.image_plot(0, 1)
        self.maps_image = pg.ImageItem(axisOrder="row-major")
        self.maps_plot.addItem(self.maps_image)
        self.colorbar = self._colorbar(self.maps_plot, self.maps_image, "viridis", (0.0, 1.0))
        self.widget.ci.layout.setColumnStretchFactor(0, 1)
        self.widget.ci.layout.setColumnStretchFactor(1, 4)
        self.picture = np.zeros((1, 1), np.float32)
        self.maps = np.zeros((0, 1, 1), np.float32)
        self.layer, self.caption = "", ""
        self.retranslate()

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        self.set_labels(self.input_plot, self.caption or translate("FeatureMapFigure", "Input image"), "", "")
        title = translate("FeatureMapFigure", "Feature maps")
        if len(self.maps):
            title += " · " + translate("FeatureMapFigure", "{layer}: {count} channels").format(
                layer=self.layer, count=len(self.maps))
        self.set_labels(self.maps_plot, title, "", "")
        self.colorbar.setLabel("right", translate("FeatureMapFigure", "activation"), color=self.theme.foreground)

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self.colorbar.axis.setPen(theme.foreground)
        self.colorbar.axis.setTextPen(theme.foreground)
        self.retranslate()

    def show(self, image: np.ndarray, maps: np.ndarray, layer: str, caption: str = "") -> None:
        """`image` (H, W) or (1, H, W) in [0, 1]; `maps` (channels, h, w) of layer `layer`;
        `caption` titles the input (e.g. its true and predicted class)."""
        self.picture = np.asarray(image, dtype=np.float32).reshape(np.shape(image)[-2:])
        self.maps = np.asarray(maps, dtype=np.float32)
        self.layer, self.caption = layer, caption
        self.input_image.setImage(self.picture, autoLevels=False, levels=(0.0, 1.0))
        self.input_plot.setRange(xRange=(0, self.picture.shape[1]), yRange=(0, self.picture.shape[0]),
                                 padding=0.02)
        side = self.maps.shape[1]
        tiles, _ = mosaic(self.maps, _columns_for(len(self.maps), 2.2), max(1, int(round(GAP * side))))
        finite = self.maps[np.isfinite(self.maps)]
        low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        if high <= low:
            high = low + 1.0
        self.maps_image.setImage(tiles, autoLevels=False, levels=(low, high))
        self.colorbar.setLevels((low, high))
        self.maps_plot.setRange(xRange=(0, tiles.shape[1]), yRange=(0, tiles.shape[0]), padding=0.01)
        self.retranslate()

    def table(self) -> Table:
        index = np.indices(self.maps.shape).reshape(3, -1)
        return Table({"channel": index[0], "row": index[1], "col": index[2], "activation": self.maps.ravel()})


@dataclass
class ShootoutSeries:
    """One activation's run in the shoot-out: per-epoch validation accuracy and loss."""

    label: str
    color: str
    epochs: np.ndarray
    val_accuracy: np.ndarray
    val_loss: np.ndarray


def shootout_series(runs: Sequence[RunHistory]) -> list[ShootoutSeries]:
    """The validation accuracy and loss per (fractional) epoch of the runs that have records after step
    0: the fixed probe between epoch ends, the whole validation set at each epoch's end."""
    series = []
    for index, run in enumerate(runs):
        if len(run) < 2:
            continue
        epochs, loss, accuracy = (run.column(name).astype(float) for name in ("epoch", "val_loss", "val_accuracy"))
        series.append(ShootoutSeries(run.label, run.color or PALETTE[index % len(PALETTE)], epochs, accuracy, loss))
    return series


class ShootoutFigure(Figure):
    """The notes' two plots: validation accuracy and validation loss per epoch, one curve per activation."""

    name = "shootout"

    def __init__(self, theme: Theme = LIGHT) -> None:
        super().__init__(theme)
        self.accuracy_plot = self.add_plot(0, 0)
        self.loss_plot = self.add_plot(0, 1)
        self.accuracy_plot.setYRange(0.0, 1.0, padding=0.02)
        self._curves: list[tuple[pg.PlotDataItem, pg.PlotDataItem]] = []
        self.series: list[ShootoutSeries] = []
        self.retranslate()

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        epoch = translate("ShootoutFigure", "epoch")
        self.set_labels(self.accuracy_plot, translate("ShootoutFigure", "Validation accuracy per activation"),
                        epoch, translate("ShootoutFigure", "accuracy"))
        self.set_labels(self.loss_plot, translate("ShootoutFigure", "Validation loss per activation"),
                        epoch, translate("ShootoutFigure", "loss (cross-entropy)"))

    def _slot(self, index: int, series: ShootoutSeries) -> tuple[pg.PlotDataItem, pg.PlotDataItem]:
        while len(self._curves) <= index:
            symbol = SERIES_SYMBOLS[len(self._curves) % len(SERIES_SYMBOLS)]
            pair = tuple(self.add_curve(plot, series.color, None, symbol=symbol, symbolSize=8)
                         for plot in (self.accuracy_plot, self.loss_plot))
            self._curves.append(pair)  # type: ignore[arg-type]
        pair = self._curves[index]
        for curve in pair:
            for position, (item, _color, style, width) in enumerate(self._styled):
                if item is curve:
                    self._styled[position] = (curve, series.color, style, width)
            curve.setPen(self._pen(series.color, Qt.SolidLine, 1.0))
            curve.setSymbolBrush(QColor(self.theme.readable(series.color)))
            curve.setSymbolPen(QColor(self.theme.readable(series.color)))
        return pair

    def show(self, series: Sequence[ShootoutSeries]) -> None:
        self.series = list(series)
        entries = [(self._slot(index, run), run.label) for index, run in enumerate(self.series)]
        # the legends are rebuilt only when their runs change (rebuilding 18 entries each redraw froze the GUI)
        if [label.text for _, label in self.accuracy_plot.legend.items] != [label for _, label in entries]:
            for plot in (self.accuracy_plot, self.loss_plot):
                plot.legend.clear()
            for (accuracy, loss), label in entries:
                self.accuracy_plot.legend.addItem(accuracy, label)
                self.loss_plot.legend.addItem(loss, label)
        for run, ((accuracy, loss), _) in zip(self.series, entries, strict=True):
            accuracy.setData(run.epochs, run.val_accuracy)
            loss.setData(run.epochs, run.val_loss)
            accuracy.setVisible(True)
            loss.setVisible(True)
        for pair in self._curves[len(self.series):]:
            for curve in pair:
                curve.setData([], [])
                curve.setVisible(False)
        last = max((int(np.max(run.epochs)) for run in self.series if len(run.epochs)), default=1)
        spacing = max(1, -(-last // 10))  # whole epochs on the axis, about ten ticks at most
        for plot in (self.accuracy_plot, self.loss_plot):
            plot.getAxis("bottom").setTickSpacing(spacing, spacing)
        self.loss_plot.enableAutoRange()
        self.accuracy_plot.enableAutoRange(axis="x")

    def table(self) -> Table:
        columns: dict[str, list] = {"run": [], "epoch": [], "val_accuracy": [], "val_loss": []}
        for run in self.series:
            columns["run"] += [run.label] * len(run.epochs)
            columns["epoch"] += np.asarray(run.epochs, np.int64).tolist()
            columns["val_accuracy"] += np.asarray(run.val_accuracy, float).tolist()
            columns["val_loss"] += np.asarray(run.val_loss, float).tolist()
        return Table(columns)
