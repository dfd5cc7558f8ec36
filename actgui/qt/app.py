"""Starting the application: QApplication, translations, theme and the main window."""

from __future__ import annotations

import sys
from importlib import resources

from PySide6.QtCore import QEvent, QLocale, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from actgui.qt.i18n import LANGUAGES, set_current_language

_translators: list[QTranslator] = []


def system_language() -> str:
    """zh_CN when the system locale is Chinese, else en."""
    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


def install_language(language: str) -> None:
    """Loads the compiled translation for `language` (en needs none) and retranslates open widgets."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language '{language}' (choose from: {', '.join(LANGUAGES)})")
    app = QApplication.instance()
    for translator in _translators:
        app.removeTranslator(translator)
    _translators.clear()
    set_current_language(language)
    if language != "en":
        qm = resources.files("actgui") / "resources" / "i18n" / f"actgui_{language}.qm"
        translator = QTranslator(app)
        if qm.is_file() and translator.load(str(qm)):
            app.installTranslator(translator)
            _translators.append(translator)
    QLocale.setDefault(QLocale(language))
    # Deliver the LanguageChange events now, so every widget has retranslated when this returns.
    QApplication.sendPostedEvents(None, QEvent.LanguageChange)


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
    from actgui.qt.main_window import MainWindow
    from actgui.qt.theme import get_theme

    window = MainWindow(get_theme(theme or "light"))
    window.show()
    return app.exec()
