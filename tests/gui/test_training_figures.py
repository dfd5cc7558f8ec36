"""Every registered training figure, walked: it draws a run of each kind of data it applies to, its
export holds the drawn values, and the panel, the animations and the CLI's views offer it. A new
figure is one `register(...)` and no new test."""

import pytest

from actgui.cli.training import VIEWS
from actgui.core.training.config import TrainingConfig
from actgui.core.training.history import RunHistory
from actgui.core.training.trainer import Trainer
from actgui.qt.base.export import export
from actgui.qt.base.theme import LIGHT
from actgui.qt.figures.animations import TRAINING_FIGURES as ANIMATED
from actgui.qt.figures.animations import live_recording, training_figure_kind
from actgui.qt.figures.training_views import IMAGES, POINTS, TRAINING_FIGURES, TrainingScene

RUNS = {POINTS: TrainingConfig(dataset="moons", samples=200, hidden=(8, 8), steps=40, record_every=10),
        IMAGES: TrainingConfig(dataset="digits", model="cnn", optimizer="adam", lr=0.003, epochs=2,
                               train_samples=128, batch_size=64)}


@pytest.fixture(scope="module")
def histories() -> dict[str, RunHistory]:
    runs = {}
    for kind, config in RUNS.items():
        trainer = Trainer(config)
        history = RunHistory(trainer.info, label="run", color="#1f77b4")
        for record in trainer.records(detail_every=1):
            history.add(record)
        runs[kind] = history
    return runs


@pytest.mark.parametrize("key", list(TRAINING_FIGURES))
def test_every_training_figure_draws_and_exports_what_it_applies_to(key, histories, qtbot, tmp_path):
    kind = TRAINING_FIGURES[key]
    assert kind.title_en and kind.title_zh and set(kind.data) <= {POINTS, IMAGES}
    for data, run in histories.items():
        assert kind.applies_to(run) == (data in kind.data)
        if data not in kind.data:
            continue
        figure = kind.build(LIGHT, TrainingScene([run], run))
        assert figure.name == key
        rows = figure.table().rows()
        assert rows, f"{key} on {data}: no values"
        assert export(figure, tmp_path / f"{key}-{data}.png", 640, 400).stat().st_size > 3_000


def test_the_panel_animations_and_cli_views_use_the_registry(qtbot):
    from training_fake import FakeTrainingProcess

    from actgui.qt.panels.training.panel import TrainingPanel

    panel = TrainingPanel(LIGHT, process=FakeTrainingProcess())
    qtbot.addWidget(panel)
    assert set(panel.figures) == set(TRAINING_FIGURES)
    for key, kind in TRAINING_FIGURES.items():
        assert type(panel.figures[key]) is kind.figure
        assert type(panel.export_figure(key)) is kind.figure
    replayable = [key for key, kind in TRAINING_FIGURES.items() if kind.replayable]
    assert [training_figure_kind(name).key for name in ANIMATED] == replayable
    assert "update_ratio" in ANIMATED and training_figure_kind("update_ratio").title() == "update-to-data ratio"
    assert live_recording(LIGHT, lambda: None, ["update_ratio", "gradient"], 2).figures
    assert set(VIEWS) <= set(TRAINING_FIGURES) | {"loss"}


@pytest.fixture(scope="module")
def image_run_start() -> tuple[RunHistory, RunHistory]:
    """An image run's first moments: one run with its step-0 record only, one with no record yet."""
    trainer = Trainer(RUNS[IMAGES])
    started = RunHistory(trainer.info, label="started", color="#d62728")
    started.add(next(trainer.records()))
    return started, RunHistory(trainer.info, label="empty", color="#2ca02c")


@pytest.mark.parametrize("key", [key for key, kind in TRAINING_FIGURES.items() if IMAGES in kind.data])
def test_every_training_figure_draws_an_image_run_at_its_start_on_the_epoch_axis(key, image_run_start, qtbot):
    """No "array of sample points is empty" (np.interp on a run without records) at an image run's start."""
    started, empty = image_run_start
    for runs in ([empty], [started, empty], [started]):
        figure = TRAINING_FIGURES[key].build(LIGHT, TrainingScene(runs, runs[0], x_axis="epoch"))
        assert figure.name == key and len(runs[0]) == (1 if runs[0] is started else 0)
