"""The network view and the user's own data in the Training panel: clicked points train, a bad CSV
is refused with its line, feature toggles change the input layer, dead units are drawn as dead."""

from __future__ import annotations

import pytest
import torch
from PySide6.QtCore import QPointF, Qt

from actgui.core.training.config import TrainingConfig
from actgui.core.training.experiment import train_history
from actgui.core.training.trainer import Trainer
from actgui.qt.base.theme import LIGHT
from actgui.qt.figures.network import DEAD, NetworkFigure
from actgui.qt.panels.training.panel import TrainingPanel

WAIT_MS = 40_000


@pytest.fixture
def panel(qtbot):
    panel = TrainingPanel(LIGHT)
    qtbot.addWidget(panel)
    panel.resize(1400, 860)
    panel.settings.set_config(TrainingConfig(samples=300, hidden=(8, 8), steps=200, record_every=10))
    panel.show()
    yield panel
    panel.shutdown()


def click(panel: TrainingPanel, qtbot, x: float, y: float, button=Qt.LeftButton, modifier=Qt.NoModifier) -> None:
    figure = panel.boundary_figure
    figure.plot.setXRange(-1, 1, padding=0)
    figure.plot.setYRange(-1, 1, padding=0)
    scene_point = figure.plot.vb.mapViewToScene(QPointF(x, y))
    position = figure.widget.mapFromScene(scene_point)
    qtbot.mouseClick(figure.widget.viewport(), button, modifier, position)


def test_clicked_points_have_the_chosen_class_and_a_run_trains_on_them(panel, qtbot):
    settings = panel.settings
    settings.points, settings.dataset, settings.point_class = [], "custom", 2
    spots = [(-0.6, -0.5), (-0.5, -0.6), (-0.4, -0.5), (0.5, 0.5), (0.6, 0.4), (0.4, 0.6), (0.5, -0.5)]
    for x, y in spots[:3]:
        click(panel, qtbot, x, y)
    for x, y in spots[3:6]:
        click(panel, qtbot, x, y, Qt.RightButton)
    click(panel, qtbot, *spots[6], modifier=Qt.ShiftModifier)
    assert [int(row[2]) for row in settings.points] == [0, 0, 0, 1, 1, 1, 2]
    for row, (x, y) in zip(settings.points, spots, strict=True):
        assert row[0] == pytest.approx(x, abs=0.03) and row[1] == pytest.approx(y, abs=0.03)
    click(panel, qtbot, 0.5, -0.5, modifier=Qt.ControlModifier)  # erases the class-2 point
    assert len(settings.points) == 6
    panel.points_editor.undo()
    assert len(settings.points) == 7
    assert panel.start()
    qtbot.waitUntil(lambda: panel.current is not None and panel.current.result is not None, timeout=WAIT_MS)
    info = panel.current.info
    assert info.train_size + info.val_size == 7 and info.classes == 3 and info.task == "multiclass"
    assert panel.current.result.status == "finished"


def test_a_csv_with_a_bad_line_is_refused_and_the_points_kept(panel, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("x1;x2;label\n0;0;0\n1;1;1\n0;1;0\n1;0;1\n", encoding="utf-8")
    assert panel.open_points(good)
    settings = panel.settings
    assert settings.dataset == "custom" and settings.points == [[0, 0, 0], [1, 1, 1], [0, 1, 0], [1, 0, 1]]
    kept = [list(row) for row in settings.points]
    bad = tmp_path / "bad.csv"
    bad.write_text("x1,x2,label\n0,0,0\n1,1,1\n0.5,oops,1\n", encoding="utf-8")
    assert not panel.open_points(bad)
    assert "line 4, column 2" in panel.status_label.text()
    assert settings.points == kept
    out = tmp_path / "saved.csv"
    panel.save_points(out)
    assert out.read_text(encoding="utf-8").splitlines()[0] == "x1,x2,label"


def test_toggling_x1_squared_changes_the_input_layer(panel, qtbot):
    panel.views.setCurrentWidget(panel.network_page)
    settings = panel.settings
    settings.dataset = "circles"
    assert panel.start()
    qtbot.waitUntil(lambda: panel.current is not None and panel.current.result is not None, timeout=WAIT_MS)
    assert len(panel.network_figure.shown[0]) == 2
    box = panel.findChild(type(panel.features_toggles.boxes["x1_squared"]), "training.features.x1_squared")
    box.click()
    assert settings.features == ["x1", "x2", "x1_squared"]
    assert panel.start()
    qtbot.waitUntil(lambda: panel.current is not None and panel.current.result is not None, timeout=WAIT_MS)
    assert panel.current.info.input_names == ["x₁", "x₂", "x₁²"]
    assert len(panel.network_figure.shown[0]) == 3
    assert panel.network_figure.describe(*(c + 0.5 for c in panel.network_figure.corners[0][2])).startswith(
        "Inputs: x₁²")


def test_a_dead_unit_is_drawn_as_dead(qtbot):
    trainer = Trainer(TrainingConfig(samples=200, hidden=(6,), steps=20, lr=1e-4))
    with torch.no_grad():
        trainer.model.hidden[0].bias[3] = -100.0  # ReLU: zero on every sample
    history = train_history(trainer)
    figure = NetworkFigure(LIGHT)
    qtbot.addWidget(figure.widget)
    figure.show(history)
    assert figure.dead == [(1, 3)]
    assert history.network.zero_share[1][3] == 1.0
    x, y = figure.corners[1][3]
    assert "dead" in figure.describe(x + 0.5, y + 0.5)
    pens = figure.frames.data["pen"]
    assert pens[2 + 3].color().name() == DEAD
    alive = figure.describe(*(c + 0.5 for c in figure.corners[1][0]))
    assert "dead share 0%" in alive or "dead share" in alive and "dead:" not in alive
