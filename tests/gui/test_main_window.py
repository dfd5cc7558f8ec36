"""The main window: tabs, theme switching, About, and the export dialog's messages."""

import pytest
import torch
from PySide6.QtGui import QColor

from actgui.qt.shell.export_dialog import ExportDialog
from actgui.qt.shell.main_window import MainWindow


@pytest.fixture
def window(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    return window


def test_title_and_tabs(window):
    assert window.windowTitle() == "ActGUI"
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles[:2] == ["Functions", "Softmax"]


def test_dark_theme_restyles_figures(window):
    window.theme_actions["dark"].trigger()
    figure = window.panels["functions"].figure
    assert window.theme.name == "dark"
    assert figure.widget.backgroundBrush().color() == QColor("#1e1f22")
    window.theme_actions["light"].trigger()
    assert figure.widget.backgroundBrush().color() == QColor("#ffffff")


def test_about_names_versions_and_device(window):
    text = window.about_text()
    assert torch.__version__ in text and "Qt 6." in text and "cpu" in text


def test_export_dialog_reports_unwritable_paths(window, tmp_path, qtbot):
    dialog = ExportDialog(window.panels["functions"], window)
    qtbot.addWidget(dialog)
    dialog.path_edit.setText("/nonexistent-folder/figure.png")
    assert not dialog.run_export()
    assert "does not exist" in dialog.message.text()
    dialog.path_edit.setText(str(tmp_path / "figure.png"))
    dialog.width_spin.setValue(640)
    dialog.height_spin.setValue(360)
    assert dialog.run_export()
    assert (tmp_path / "figure.png").stat().st_size > 1000
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("panel"))
    assert dialog.path_edit.text().endswith(".png")
    assert dialog.run_export()
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("clipboard"))
    assert dialog.run_export()


def test_export_dialog_writes_a_vector_pdf(window, tmp_path, qtbot):
    dialog = ExportDialog(window.panels["softmax"], window)
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(tmp_path / "softmax.png"))
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("pdf"))
    assert dialog.path_edit.text().endswith("softmax.pdf")
    assert dialog.run_export(), dialog.message.text()
    data = (tmp_path / "softmax.pdf").read_bytes()
    assert data.startswith(b"%PDF-")
    assert b"/Type /Page" in data or b"/Type/Page" in data


def test_the_window_never_opens_larger_than_the_screen(qtbot, tmp_path):
    from PySide6.QtCore import QByteArray, QSettings

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)
    big = MainWindow(settings=settings)
    qtbot.addWidget(big)
    big.resize(4000, 3000)
    settings.setValue("window/geometry", big.saveGeometry())  # as saved on a larger screen
    assert isinstance(settings.value("window/geometry"), QByteArray)
    for window in (MainWindow(settings=QSettings(str(tmp_path / "fresh.ini"), QSettings.IniFormat)),
                   MainWindow(settings=settings)):
        qtbot.addWidget(window)
        free = window.screen().availableGeometry()
        assert window.width() <= free.width() and window.height() <= free.height()
        assert free.contains(window.geometry().topLeft())
