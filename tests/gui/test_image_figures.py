"""The image figures: built headless, given data, exported as PNG and CSV with the values shown."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QImage

from actgui.qt.base.export import export
from actgui.qt.base.theme import DARK, LIGHT
from actgui.qt.figures.images import (
    WRONG_COLOR,
    ConfusionMatrixFigure,
    FeatureMapFigure,
    FilterFigure,
    ImageGridFigure,
    ShootoutFigure,
    ShootoutSeries,
    confusion_counts,
    mosaic,
)

NAMES = [f"class {i}" for i in range(10)]


def _png(figure, tmp_path, name):
    path = export(figure, tmp_path / f"{name}.png", 800, 450)
    image = QImage(str(path))
    assert (image.width(), image.height()) == (800, 450)
    colors = {image.pixelColor(x, y).name() for x in range(0, 800, 7) for y in range(0, 450, 7)}
    assert len(colors) > 8  # more than the background and text were drawn
    return image


def test_mosaic_places_tiles_with_nan_gaps():
    tiles = np.arange(5 * 2 * 3, dtype=np.float32).reshape(5, 2, 3)
    picture, origins = mosaic(tiles, 3, 1)
    assert picture.shape == (2 * 2 + 1, 3 * 3 + 2)
    assert origins == [(0, 0), (0, 4), (0, 8), (3, 0), (3, 4)]
    np.testing.assert_array_equal(picture[3:5, 4:7], tiles[4])
    assert np.isnan(picture[2]).all() and np.isnan(picture[3:, 8:]).all()


@pytest.mark.parametrize("theme", [LIGHT, DARK])
def test_image_grid_marks_wrong_predictions(qtbot, tmp_path, theme):
    figure = ImageGridFigure(theme, count=12, columns=6)
    qtbot.addWidget(figure.widget)
    images = np.random.default_rng(0).random((20, 1, 28, 28)).astype(np.float32)
    true = np.arange(20) % 10
    predicted = true.copy()
    predicted[[1, 5]] = [7, 0]
    figure.show(images, true, predicted, NAMES)
    assert figure.labels[1].toPlainText() == "class 7\n(class 1)"  # long names: two lines
    assert figure.labels[0].toPlainText() == "class 0\n(class 0)"
    assert figure.labels[1].color.name() == WRONG_COLOR and figure.labels[0].color.name() != WRONG_COLOR
    assert len(figure.frames.xData) == 2 * 8  # two framed tiles, four edges each
    assert "2 of 12 wrong" in figure.plot.titleLabel.text
    _png(figure, tmp_path, "grid")
    table = figure.table()
    assert table.header == ["image", "true", "predicted", "correct"] and len(table.rows()) == 12
    assert table.rows()[5] == [5, "class 5", "class 0", 0]
    figure.show(images[:3], true[:3], true[:3], NAMES)  # fewer images: the other labels empty
    assert figure.labels[3].toPlainText() == "" and len(figure.frames.xData) == 0


def test_confusion_matrix_counts_and_shares(qtbot, tmp_path):
    true = [0, 0, 0, 1, 1, 2]
    predicted = [0, 0, 1, 1, 1, 0]
    assert confusion_counts(true, predicted, 3).tolist() == [[2, 1, 0], [0, 2, 0], [1, 0, 0]]
    figure = ConfusionMatrixFigure(DARK)
    qtbot.addWidget(figure.widget)
    figure.show(true, predicted, ["a", "b", "c"])
    np.testing.assert_allclose(figure.image.image, [[2 / 3, 1 / 3, 0], [0, 1, 0], [1, 0, 0]], rtol=1e-6)
    assert [cell.toPlainText() for cell in figure.cells] == ["2", "1", "", "", "2", "", "1", "", ""]
    assert "accuracy 66.7%" in figure.plot.titleLabel.text
    _png(figure, tmp_path, "confusion")
    rows = figure.table().rows()
    assert rows[0] == ["a", "a", 2] and rows[6] == ["c", "a", 1] and len(rows) == 9


def test_filters_share_one_symmetric_scale(qtbot, tmp_path):
    filters = np.random.default_rng(1).standard_normal((32, 1, 3, 3)).astype(np.float32)
    figure = FilterFigure(LIGHT)
    qtbot.addWidget(figure.widget)
    figure.show(filters)
    bound = float(np.abs(filters).max())
    assert figure.image.levels.tolist() == pytest.approx([-bound, bound])
    assert "32 kernels of 3×3" in figure.plot.titleLabel.text
    _png(figure, tmp_path, "filters")
    table = figure.table()
    assert len(table.rows()) == 32 * 9 and table.rows()[10] == [1, 0, 0, 1, pytest.approx(float(filters[1, 0, 0, 1]))]


def test_feature_maps_of_one_image(qtbot, tmp_path):
    maps = np.random.default_rng(2).random((16, 8, 8)).astype(np.float32) * 3
    figure = FeatureMapFigure(DARK)
    qtbot.addWidget(figure.widget)
    figure.show(np.random.default_rng(3).random((1, 8, 8)), maps, "conv1", "7 (7)")
    assert "conv1: 16 channels" in figure.maps_plot.titleLabel.text and figure.input_plot.titleLabel.text == "7 (7)"
    assert figure.maps_image.levels.tolist() == pytest.approx([maps.min(), maps.max()])
    _png(figure, tmp_path, "maps")
    assert len(figure.table().rows()) == 16 * 64


def test_shootout_overlays_one_curve_per_activation(qtbot, tmp_path):
    figure = ShootoutFigure(LIGHT)
    qtbot.addWidget(figure.widget)
    epochs = np.arange(1, 4)
    series = [ShootoutSeries(name, color, epochs, np.array([0.5, 0.7, 0.8]) + shift, np.array([1.0, 0.6, 0.4]) - shift)
              for shift, (name, color) in zip((0.0, 0.05, 0.1), (("ReLU", "#d62728"), ("ELU", "#e377c2"),
                                                                ("SELU", "#bcbd22")), strict=True)]
    figure.show(series)
    assert len(figure.accuracy_plot.legend.items) == 3 and len(figure.loss_plot.legend.items) == 3
    accuracy, loss = figure._curves[2]
    np.testing.assert_allclose(accuracy.yData, [0.6, 0.8, 0.9])
    np.testing.assert_allclose(loss.yData, [0.9, 0.5, 0.3])
    # a marker of its own per activation, the same in both plots (a second cue beside the colour)
    assert [pair[0].opts["symbol"] for pair in figure._curves] == ["o", "s", "t"]
    assert all(a.opts["symbol"] == b.opts["symbol"] for a, b in figure._curves)
    image = _png(figure, tmp_path, "shootout")
    assert image.pixelColor(2, 2).name() == LIGHT.background
    table = figure.table()
    assert table.header == ["run", "epoch", "val_accuracy", "val_loss"] and len(table.rows()) == 9
    assert table.rows()[3] == ["ELU", 1, pytest.approx(0.55), pytest.approx(0.95)]
    figure.show(series[:1])  # fewer runs: the other curves hidden, legend shrinks
    assert len(figure.loss_plot.legend.items) == 1 and not figure._curves[1][0].isVisible()
