"""Every registered training figure, walked: it draws a run of each kind of data it applies to, its
export holds the drawn values, and the panel (in its tab), File → Export, the animations and their
dialog, and `actgui train --view` offer it and draw the run's values. A new figure is one
`register(...)` and no new test."""

import numpy as np
import pytest

from actgui.cli.training import LOSS_VIEW, VIEWS
from actgui.core.training.config import TrainingConfig
from actgui.core.training.history import RunHistory
from actgui.core.training.trainer import Trainer
from actgui.qt.base.export import export
from actgui.qt.base.theme import LIGHT
from actgui.qt.figures.animations import TRAINING_FIGURES as ANIMATED
from actgui.qt.figures.training_views import (
    IMAGE_VIEWS,
    IMAGES,
    LAYERS,
    OVERVIEW,
    POINTS,
    TRAINING_FIGURES,
    TrainingScene,
)

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


def finite_values(figure) -> np.ndarray:
    """Every finite number in the figure's exported table."""
    values = [np.asarray(column, dtype=float) for column in figure.table().columns.values()
              if np.asarray(column).dtype.kind in "biuf"]
    flat = np.concatenate([v.ravel() for v in values]) if values else np.array([])
    return flat[np.isfinite(flat)]


#: The stage's tab of each kind of tab a figure names (a figure with a tab of its own is that tab).
TAB_INDEX = {OVERVIEW: 0, LAYERS: 1, IMAGE_VIEWS: 2}
CLI_RUNS = {POINTS: ["--dataset", "moons", "--samples", "200", "--hidden", "8,8", "--steps", "40",
                     "--record-every", "10"],
            IMAGES: ["--dataset", "digits", "--model", "cnn", "--lr", "0.003", "--epochs", "1", "--train-samples",
                     "128", "--batch-size", "64"]}


@pytest.fixture(scope="module")
def panel():
    from training_fake import FakeTrainingProcess

    from actgui.qt.panels.training.panel import TrainingPanel

    panel = TrainingPanel(LIGHT, process=FakeTrainingProcess())
    yield panel
    panel.deleteLater()


@pytest.mark.parametrize("key", list(TRAINING_FIGURES))
def test_every_consumer_offers_every_training_figure_with_the_runs_values(key, histories, panel, qtbot, tmp_path):
    """The panel shows it in its tab and exports it, File → Export lists it, the animations replay or
    record it (when it is drawn from the records) and `actgui train --view` draws it."""
    from actgui.cli import main
    from actgui.core.training.history import records_from_history
    from actgui.qt.figures.animations import ANIMATION_NAMES, live_recording, training_replay
    from actgui.qt.shell.animation_dialog import plan_for, replay_figures
    from actgui.qt.shell.export_dialog import ExportDialog

    kind = TRAINING_FIGURES[key]
    data = kind.data[0]
    run = histories[data]
    live = panel.figures[key]
    assert type(live) is kind.figure
    stage = panel.stage
    page = stage.widget(TAB_INDEX[kind.tab]) if kind.tab in TAB_INDEX else live.widget
    assert stage.indexOf(page) >= 0 and (page is live.widget or page.isAncestorOf(live.widget))

    panel.session.runs, panel.current = [run], run
    exported = panel.export_figure(key)
    assert type(exported) is kind.figure and finite_values(exported).size > 0
    dialog = ExportDialog(panel)
    combo = dialog.figure_combo
    listed = {combo.itemData(i): combo.itemText(i) for i in range(combo.count())}
    assert listed[key] and listed[key] != key  # named in words
    dialog.deleteLater()

    plan = plan_for(panel)
    name = ANIMATION_NAMES.get(key, key)
    assert (name in plan.figures) == kind.replayable == (name in ANIMATED)
    if kind.replayable:
        assert (name in replay_figures(run)) == kind.replays(run)
        records = records_from_history(run)
        replay = training_replay(LIGHT, run.info, records, [name], 3)
        replay.draw(2)  # the last frame: every record, as the exported figure shows them
        assert np.allclose(finite_values(replay.figures[0]), finite_values(exported))
        recording = live_recording(LIGHT, lambda: run, [name], 2)
        recording.draw(0)
        assert np.allclose(finite_values(recording.figures[0]), finite_values(exported))

    assert key in VIEWS
    out = tmp_path / f"{key}.csv"
    assert main(["train", *CLI_RUNS[data], "--quiet", "--view", key, "--out", str(out)]) == 0
    header, *rows = out.read_text(encoding="utf-8").splitlines()
    assert rows
    if key == LOSS_VIEW:  # the default view's .csv holds the run's metrics, the loss among them
        assert "val_loss" in header.split(",")
    else:
        assert header.split(",") == exported.table().header


def test_a_figure_for_another_kind_of_data_is_refused_by_the_cli(tmp_path, capsys):
    from actgui.cli import main

    points_only = next(key for key, kind in TRAINING_FIGURES.items() if IMAGES not in kind.data)
    images_only = next(key for key, kind in TRAINING_FIGURES.items() if POINTS not in kind.data)
    assert main(["train", *CLI_RUNS[IMAGES], "--view", points_only, "--out", str(tmp_path / "a.png")]) == 2
    assert main(["train", *CLI_RUNS[POINTS], "--view", images_only, "--out", str(tmp_path / "b.png")]) == 2
    assert "has nothing to show for a run on points" in capsys.readouterr().err


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
