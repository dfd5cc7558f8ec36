"""Starting the application: QApplication, translations, theme and the main window."""

from __future__ import annotations

import sys
from importlib import resources

from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from actgui.qt.base.i18n import LANGUAGES, install_language, system_language
from actgui.qt.base.theme import THEMES


def application_icon() -> QIcon:
    return QIcon(str(resources.files("actgui") / "resources" / "actgui.svg"))


def initial_view(settings: QSettings, theme: str | None = None, language: str | None = None) -> tuple[str, str]:
    """(theme, language) to start with: the command line's, else those chosen before quitting, else
    light and the system's language."""
    saved_theme, saved_language = str(settings.value("view/theme", "")), str(settings.value("view/language", ""))
    return (theme or (saved_theme if saved_theme in THEMES else "light"),
            language or (saved_language if saved_language in LANGUAGES else system_language()))


def run(theme: str | None = None, language: str | None = None) -> int:
    """Opens the main window and runs the event loop until it closes."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("ActGUI")
    app.setOrganizationName("ActGUI")
    app.setApplicationDisplayName("ActGUI")
    app.setWindowIcon(application_icon())
    theme, language = initial_view(QSettings(), theme, language)
    install_language(language)
    from actgui.qt.base.theme import get_theme
    from actgui.qt.shell.main_window import MainWindow

    window = MainWindow(get_theme(theme))
    window.show()
    return app.exec()
