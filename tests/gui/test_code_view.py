"""The code view (View → Code for this figure, F2): every panel's settings as plain torch code that
runs on its own, following the settings and the language."""

from __future__ import annotations

import nbformat
import pytest

from actgui.qt.shell.main_window import PANELS, MainWindow
from tests.cli.plotted import run_script


@pytest.fixture
def window(qtbot, english_afterwards):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.mark.parametrize("key", [entry.key for entry in PANELS])
def test_every_panel_shows_code_that_runs(window, qtbot, tmp_path, key):
    window.tabs.setCurrentIndex([entry.key for entry in PANELS].index(key))
    window.code_action.trigger()
    dock = window.code_dock
    assert dock.isVisible() and window.code_action.isChecked()
    qtbot.waitUntil(lambda: "import torch" in dock.text.toPlainText(), timeout=5000)
    source = dock.text.toPlainText()
    assert "actgui" not in source
    assert dock.save(tmp_path / "panel.py")
    series = run_script(tmp_path / "panel.py")
    assert series and all(len(s["y"]) > 0 for s in series)


def test_code_follows_the_settings_and_the_language(window, qtbot, tmp_path):
    window.tabs.setCurrentIndex(0)
    window.code_action.trigger()
    dock = window.code_dock
    qtbot.waitUntil(lambda: "torch.sigmoid(x)" in dock.text.toPlainText(), timeout=5000)
    window.states["functions"].names = ["leaky_relu"]
    window.states["functions"].params = {"leaky_relu": {"negative_slope": 0.2}}
    qtbot.waitUntil(lambda: "F.leaky_relu(x, negative_slope=0.2)" in dock.text.toPlainText(), timeout=5000)
    assert "torch.sigmoid(x)" not in dock.text.toPlainText()
    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: "自动求导" in dock.text.toPlainText(), timeout=5000)
    assert dock.copy_button.text() == "复制"
    assert dock.save(tmp_path / "leaky.ipynb")
    book = nbformat.read(tmp_path / "leaky.ipynb", as_version=4)
    assert any("F.leaky_relu" in cell.source for cell in book.cells)


def test_settings_without_code_say_why(window, qtbot):
    window.tabs.setCurrentIndex([entry.key for entry in PANELS].index("training"))
    window.code_action.trigger()
    window.states["training"].dropout = 0.3
    dock = window.code_dock
    qtbot.waitUntil(lambda: "dropout" in dock.message.text(), timeout=5000)
    assert dock.text.toPlainText() == "" and not dock.copy_button.isEnabled()


def test_hidden_code_view_follows_nothing(window):
    assert window.code_dock.isHidden() and window.code_dock.watched == []


def test_export_dialog_writes_the_code(window, tmp_path):
    from actgui.qt.shell.export_dialog import ExportDialog

    window.tabs.setCurrentIndex([entry.key for entry in PANELS].index("softmax"))
    dialog = ExportDialog(window.current_panel(), window)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("ipynb"))
    dialog.path_edit.setText(str(tmp_path / "softmax"))
    assert dialog.run_export(), dialog.message.text()
    book = nbformat.read(tmp_path / "softmax.ipynb", as_version=4)
    assert any("torch.softmax(z / T, dim=0)" in cell.source for cell in book.cells)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("py"))
    assert dialog.path_edit.text().endswith("softmax.py")
    assert dialog.run_export()
    assert run_script(tmp_path / "softmax.py")[0]["kind"] == "bars"
    dialog.deleteLater()


def test_training_export_writes_the_run_with_its_live_change(qtbot, tmp_path):
    """After a run, File → Export… as code writes the run as it trained: the learning rate changed
    mid-run at its step. (The window's process trains on as many threads as the code sets.)"""
    import numpy as np

    from actgui.core.training.config import TrainingConfig
    from actgui.qt.shell.export_dialog import ExportDialog
    from tests.gui.test_training_panel import make_panel
    from tests.gui.training_fake import FakeTrainingProcess

    fake = FakeTrainingProcess()
    panel = make_panel(qtbot, fake)
    panel.settings.set_config(TrainingConfig(dataset="moons", samples=300, hidden=(16, 16), optimizer="sgd",
                                             lr=0.001, momentum=0.0, steps=400, record_every=5))
    panel.start()
    fake.advance(12)
    panel.bar.lr_spin.setValue(0.3)
    fake.advance(40)
    history = panel.current
    assert history.changes and history.changes[0][1] == {"lr": 0.3}
    dialog = ExportDialog(panel, None)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("py"))
    dialog.path_edit.setText(str(tmp_path / "run"))
    assert dialog.run_export(), dialog.message.text()
    source = (tmp_path / "run.py").read_text()
    assert f"changes = {{{history.changes[0][0]}: {{'lr': 0.3}}}}" in source
    series = {s["label"]: s for s in run_script(tmp_path / "run.py")}
    label = panel.session.trained_runs()[0][0].label
    np.testing.assert_array_equal(series[label]["x"], history.column("step"))
    np.testing.assert_allclose(series[f"{label}: train"]["y"], history.column("train_loss"), rtol=1e-6)
    np.testing.assert_allclose(series[label]["y"], history.column("val_accuracy"), rtol=1e-6)
    dialog.deleteLater()
    panel.shutdown()
