"""The update-to-data ratio figure: one curve per layer from a real run, the 10⁻³ guide line, CSV."""

import math

import numpy as np
import torch

from actgui.core.training.config import TrainingConfig
from actgui.core.training.history import RunHistory
from actgui.core.training.trainer import Trainer, run_to_end
from actgui.qt.base.theme import DARK, LIGHT
from actgui.qt.figures.training import UPDATE_RATIO_GUIDE, UpdateRatioFigure


def test_update_ratio_figure_draws_every_layer_against_the_guide(qtbot):
    torch.set_num_threads(1)
    trainer = Trainer(TrainingConfig(dataset="spiral", samples=200, hidden=(16, 16), steps=40, record_every=10))
    run = RunHistory(trainer.info, capacity=None)
    run.result = run_to_end(trainer.records(), run.add)
    figure = UpdateRatioFigure(LIGHT)
    figure.show(run)
    ratios = run.metric("update_ratio")
    assert len(figure.curves) == len(run.info.layer_names) == ratios.shape[1] == 3
    for index, curve in enumerate(figure.curves):
        np.testing.assert_allclose(curve.yData, np.maximum(ratios[:, index], 1e-12))
    assert np.all(ratios[1:] > 0) and np.all(np.isfinite(ratios))
    assert figure.guide.value() == math.log10(UPDATE_RATIO_GUIDE)
    assert figure.table().header == ["step", *[f"update_ratio/{name}" for name in run.info.layer_names]]
    figure.set_theme(DARK)
    assert figure.guide.pen.color().name() == DARK.foreground.lower()
