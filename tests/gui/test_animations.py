"""The animation builders: axes held still across a sweep, a run's history replayed, the writer's
frame rendering, captions and the missing-encoder message."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from actgui.core.function_plot import FunctionPlotSpec
from actgui.core.training.config import TrainingConfig
from actgui.core.training.history import RunHistory, records_from_history
from actgui.core.training.trainer import Trainer
from actgui.qt.base.animation import encoder_problem, image_to_rgb, render_frame
from actgui.qt.base.theme import LIGHT
from actgui.qt.figures import animations


def test_a_sweep_keeps_its_axes_still(qtbot):
    spec = FunctionPlotSpec(names=["leaky_relu"], derivative=True)
    animation = animations.function_sweep(LIGHT, spec, "leaky_relu.negative_slope", 0.0, 1.0, 6)
    figure = animation.figures[0]
    qtbot.addWidget(figure.widget)
    ranges = []
    for index in range(animation.frames):
        animation.draw(index)
        ranges.append([plot.vb.viewRange() for plot in figure.plots])
    assert all(np.allclose(r, ranges[0]) for r in ranges)
    (_, _), (low, high) = ranges[0][0]
    assert low < -5.5 and high > 5.5  # f over [-6, 6] at slope 1 reaches -6; at slope 0 it stays at 0
    assert animation.caption(0) == "leaky_relu.negative_slope = 0" and animation.caption(5).endswith("= 1")


@pytest.mark.parametrize("derivative", [False, True], ids=["f", "f-and-derivative"])
def test_a_sweeps_first_and_last_frames_share_their_axes_as_written(qtbot, derivative):
    """The README's first animation, drawn as the writer draws it (events processed, rendered at
    1280×720): frame 0 and the last frame show the same view ranges, x the plotted [-6, 6]."""
    from PySide6.QtWidgets import QApplication

    spec = FunctionPlotSpec(names=["leaky_relu"], xmin=-6.0, xmax=6.0, points=1000, derivative=derivative)
    animation = animations.function_sweep(LIGHT, spec, "leaky_relu.negative_slope", 0.0, 1.0, 60)
    figure = animation.figures[0]
    qtbot.addWidget(figure.widget)
    shown = [plot for plot in figure.plots if plot.scene() is not None]
    assert len(shown) == (2 if derivative else 1)
    ranges = []
    for index in (0, animation.frames - 1):
        animation.draw(index)
        QApplication.processEvents()
        render_frame(animation.figures, 1280, 720)
        ranges.append([plot.vb.viewRange() for plot in shown])
    np.testing.assert_allclose(ranges[0], ranges[1])
    (x_low, x_high), (y_low, y_high) = ranges[0][0]
    assert -7.0 < x_low < -6.0 and 6.0 < x_high < 7.0
    assert y_low < -5.5 and y_high > 5.5  # slope 1 reaches -6 at x = -6, slope 0 stays at 0


def test_sweep_values_are_linear_or_geometric():
    np.testing.assert_allclose(animations.sweep_values(0, 1, 3), [0, 0.5, 1])
    np.testing.assert_allclose(animations.sweep_values(0.1, 10, 3, log=True), [0.1, 1, 10])
    with pytest.raises(ValueError, match="positive"):
        animations.sweep_values(0, 1, 3, log=True)


def test_a_history_replays_as_its_records():
    trainer = Trainer(TrainingConfig(dataset="moons", samples=200, hidden=(4,), steps=30, record_every=10,
                                     device="cpu"))
    history = RunHistory(trainer.info, capacity=None)
    trained = list(trainer.records())
    for record in trained:
        history.add(record)
    records = records_from_history(history)
    assert [r.step for r in records] == [0, 10, 20, 30]
    again = RunHistory(trainer.info, capacity=None)
    for record in records:
        again.add(record)
    np.testing.assert_array_equal(again.data, history.data)
    assert records[-1].grid is history.grid
    # the grid of step 0 (kept in float16) goes with steps 0 to 20: the next one came at step 30
    assert trained[0].grid is not None and trained[1].grid is None
    np.testing.assert_allclose(records[0].grid, trained[0].grid, atol=1e-3)
    assert all(records[i].grid is records[0].grid for i in (1, 2))  # one array, shared
    np.testing.assert_allclose(records[1].histograms, trained[0].histograms)


def test_a_replay_shows_the_boundary_bending(qtbot):
    trainer = Trainer(TrainingConfig(dataset="moons", samples=200, hidden=(16,), steps=300, record_every=10,
                                     lr=0.05, device="cpu"))
    history = RunHistory(trainer.info)
    records = trainer.records(detail_every=1)
    for record in records:
        history.add(record)
    assert len(history.grids) == 31
    animation = animations.training_replay(LIGHT, history.info, records_from_history(history),
                                           ["boundary"], 4)
    figure = animation.figures[0]
    qtbot.addWidget(figure.widget)
    shown = []
    for index in range(animation.frames):
        animation.draw(index)
        shown.append(figure.image.image.copy())
    assert not np.allclose(shown[0], shown[-1], atol=0.05)  # the boundary moved


def test_several_figures_share_a_frame_with_the_stamp(qtbot):
    from actgui.qt.figures.softmax import JacobianFigure, SoftmaxFigure

    bars, jacobian = SoftmaxFigure(LIGHT), JacobianFigure(LIGHT)
    bars.show([1.0, 2.0, 3.0], 1.0, False)
    jacobian.show([1.0, 2.0, 3.0], 1.0)
    for figure in (bars, jacobian):
        qtbot.addWidget(figure.widget)
    pixels = image_to_rgb(render_frame([bars, jacobian], 400, 200, stamp="T = 1"))
    assert pixels.shape == (200, 400, 3)
    assert (pixels[:180, :200] != 255).any() and (pixels[:180, 200:] != 255).any()
    assert (pixels[185:, :100] != 255).any()  # the footer line


def test_a_missing_encoder_is_named(monkeypatch):
    monkeypatch.setitem(sys.modules, "imageio_ffmpeg", None)
    monkeypatch.setitem(sys.modules, "PIL.Image", None)
    assert "imageio-ffmpeg" in encoder_problem("mp4")
    assert "Pillow" in encoder_problem("gif")
