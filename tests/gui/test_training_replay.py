"""A run file opened into the Training panel: read-only, every view a live run has, a timeline that
scrubs and plays; "Run a live run beside it" and "Continue training"; the window's runs written as
they train, saved under a new name and opened again; File → Open run… and Recent runs; a truncated or
foreign file refused with one message, the panel as it was."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from training_fake import FakeTrainingProcess

import actgui.qt.panels.training.panel as panel_module
from actgui.cli import main
from actgui.core.training.config import TrainingConfig
from actgui.core.training.runfile import read_run
from actgui.qt.base.theme import LIGHT
from actgui.qt.panels.training.panel import TrainingPanel
from actgui.qt.shell.main_window import MainWindow

FAST = ["--dataset", "spiral", "--samples", "300", "--hidden", "8,8", "--steps", "60", "--record-every", "10",
        "--quiet"]


@pytest.fixture(scope="module")
def comparison(tmp_path_factory):
    folder = tmp_path_factory.mktemp("runs")
    assert main(["train", *FAST, "--compare", "relu,tanh", "--weights", "--save-run", str(folder / "c.actrun"),
                 "--out", str(folder / "c.csv")]) == 0
    return folder / "c.actrun"


@pytest.fixture
def fake():
    return FakeTrainingProcess()


@pytest.fixture
def panel(qtbot, fake):
    panel = TrainingPanel(LIGHT, process=fake)
    qtbot.addWidget(panel)
    panel.resize(1280, 720)
    panel.show()
    yield panel
    panel.shutdown()


def test_an_opened_comparison_scrubs_and_plays_in_the_panel(panel, comparison, qtbot):
    panel.open_run(comparison)
    bar, session = panel.replay_bar, panel.session
    assert bar.isVisible() and bar.slider.maximum() == 6 and not session.running
    assert [len(run) for run in session.runs] == [7, 7] and [run.label for run in session.runs] == ["relu", "tanh"]
    assert session.results is not None and [row[0] for row in session.results.rows()] == ["relu", "tanh"]
    assert session.status.kind == "replay" and "c.actrun" in panel.status_label.text()
    drawn = panel.stage.loss_figure.runs
    assert [len(run) for run in drawn] == [7, 7]  # the live loss view draws the opened runs
    bar.slider.setValue(2)
    assert [len(run) for run in session.runs] == [3, 3] and "step 20 of 60" in bar.step_label.text()
    assert [len(run) for run in panel.stage.loss_figure.runs] == [3, 3]
    assert "20" in panel.status_label.text() and all(run.result is None for run in session.runs)
    bar.speed_combo.setCurrentIndex(bar.speed_combo.count() - 1)
    bar.toggle_play()
    assert bar.timer.isActive() and bar.play_button.text() == "Pause"
    qtbot.waitUntil(lambda: not bar.timer.isActive(), timeout=5000)
    assert bar.slider.value() == 6 and all(run.result.status == "finished" for run in session.runs)
    assert bar.continue_button.isEnabled()  # the file holds weights


def test_a_live_run_beside_the_opened_one_keeps_it_faded(panel, fake, comparison):
    panel.open_run(comparison)
    panel.replay_bar.slider.setValue(3)
    assert panel.replay_bar.run_beside()
    assert fake.commands[-1][:2] == ("start", 2) and panel.settings.compare_values == "relu,tanh"
    assert not panel.replay_bar.isVisible() and panel.replay_bar.replay is None
    assert [len(run) for run in panel.session.before] == [4, 4]  # the opened runs where they were scrubbed to
    fake.advance_until(lambda: panel.run_id is None)
    assert [run.latest.step for run in panel.session.runs] == [60, 60]


def test_training_continues_from_the_files_last_weights(panel, fake, comparison):
    panel.open_run(comparison)
    finished = read_run(comparison).histories[0].latest
    assert panel.replay_bar.continue_training()
    assert ("weights", fake.commands[-1][1]) == fake.commands[-1] and fake.commands[-2][0] == "start"
    fake.deliver()
    first = panel.session.runs[0].latest
    assert first.step == 0 and first.val_loss == pytest.approx(finished.val_loss, rel=1e-5)


def test_a_run_trained_in_the_panel_is_written_saved_and_opens_again(panel, fake, qtbot, tmp_path):
    panel.settings.set_config(TrainingConfig(samples=300, hidden=(8,), steps=40, record_every=10))
    assert panel.start()
    fake.advance_until(lambda: panel.run_id is None)
    written = panel.session.recording.path
    assert written is not None and written.suffix == ".actrun"
    trained = panel.session.runs[0].column("step").tolist()  # watch mode: the first steps one by one
    assert trained[-1] == 40
    saved = panel.session.recording.save_as(tmp_path / "mine.actrun")
    assert [len(run) for run in read_run(saved).histories] == [len(trained)]
    panel.open_run(saved)
    assert [run.column("step").tolist() for run in panel.session.runs] == [trained]
    panel.replay_bar.slider.setValue(3)
    assert panel.session.current.column("step").tolist() == trained[:4]
    assert [len(run) for run in panel.stage.loss_figure.runs] == [4]
    panel.replay_bar.close_run()
    assert not panel.replay_bar.isVisible()


def test_an_image_run_opens_with_its_image_views(panel, tmp_path, qtbot):
    run = tmp_path / "cnn.actrun"
    assert main(["train", "--model", "cnn", "--dataset", "digits", "--epochs", "2", "--compare", "relu,gelu",
                 "--quiet", "--save-run", str(run), "--out", str(tmp_path / "cnn.csv")]) == 0
    panel.open_run(run)
    assert panel.stage.currentWidget() is panel.stage.shootout_figure.widget
    figure = panel.stage.shootout_figure
    qtbot.waitUntil(lambda: [s.epochs[-1] for s in figure.series] == [2.0, 2.0], timeout=5000)
    panel.replay_bar.slider.setValue(1)  # the views are drawn a moment later, as for a live run
    qtbot.waitUntil(lambda: len(figure.series) == 2 and all(s.epochs[-1] < 1.0 for s in figure.series), timeout=5000)


@pytest.fixture
def window(qtbot, monkeypatch):
    monkeypatch.setattr(panel_module, "TrainingWorker", lambda parent: FakeTrainingProcess())
    monkeypatch.setattr(TrainingPanel, "attach_trained_network", lambda panel, link: None)  # no landscapes here
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: messages.append(text))
    window = MainWindow()
    window.messages = messages
    qtbot.addWidget(window)
    yield window
    window.panels["training"].shutdown()


def test_the_window_opens_a_run_into_the_training_panel_and_remembers_it(window, comparison, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(comparison), ""))
    window.open_run_action.trigger()  # File → Open run…
    panel = window.panels["training"]
    assert window.tabs.currentWidget() is panel and [len(run) for run in panel.session.runs] == [7, 7]
    assert window.recent_runs() == [str(comparison.resolve())]
    assert window.recent_runs_menu.actions()[0].text() == str(comparison.resolve())
    assert not window.messages


@pytest.mark.parametrize("content", [b"\x89ActGUIrun\r\n", b"not a run file at all"], ids=["truncated", "foreign"])
def test_the_window_refuses_a_truncated_or_foreign_file_with_one_message(window, comparison, tmp_path, content):
    window.open_run(comparison)
    panel = window.panels["training"]
    bad = tmp_path / "bad.actrun"
    bad.write_bytes(content)
    assert not window.open_run(bad)
    assert len(window.messages) == 1 and window.messages[0] == window.last_run_error
    assert ("truncated" if content.startswith(b"\x89") else "not an ActGUI run file") in window.messages[0]
    assert panel.replay_bar.replay.path == comparison and [len(run) for run in panel.session.runs] == [7, 7]
    assert window.recent_runs() == [str(comparison.resolve())]


def test_the_window_saves_the_run_so_far_under_a_new_name_only(window, tmp_path):
    assert not window.save_run(tmp_path / "none.actrun")  # nothing trained yet
    assert window.messages == ["no run has been recorded yet"]
    panel = window.panels["training"]
    panel.settings.set_config(TrainingConfig(samples=300, hidden=(8,), steps=20, record_every=10))
    panel.start()
    panel.worker.advance_until(lambda: panel.run_id is None)
    target = tmp_path / "lecture.actrun"
    assert window.save_run(target) and read_run(target).histories[0].latest.step == 20
    assert not window.save_run(target) and "exists" in window.messages[-1]
