"""Starting the application: QApplication, translations, theme and the main window."""

from __future__ import annotations

import sys
from importlib import resources

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from actgui.qt.base.i18n import install_language, system_language


def application_icon() -> QIcon:
    return QIcon(str(resources.files("actgui") / "resources" / "actgui.svg"))


def run(theme: str | None = None, language: str | None = None) -> int:
    """Opens the main window and runs the event loop until it closes."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("ActGUI")
    app.setOrganizationName("ActGUI")
    app.setApplicationDisplayName("ActGUI")
    app.setWindowIcon(application_icon())
    install_language(language or system_language())
    from actgui.qt.base.theme import get_theme
    from actgui.qt.shell.main_window import MainWindow

    window = MainWindow(get_theme(theme or "light"))
    window.show()
    return app.exec()
