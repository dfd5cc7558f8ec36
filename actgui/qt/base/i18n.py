"""The current interface language and the registry display names that follow it."""

from __future__ import annotations

from importlib import resources
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

LANGUAGES = ("en", "zh_CN")
_current = {"language": "en"}


class Named(Protocol):
    name_en: str
    name_zh: str


def current_language() -> str:
    return _current["language"]


def set_current_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language '{language}' (choose from: {', '.join(LANGUAGES)})")
    _current["language"] = language


def display_name(entry: Named) -> str:
    """The entry's name in the current language."""
    return entry.name_zh if current_language() == "zh_CN" else entry.name_en


def formula_text(text: str) -> str:
    """A registry formula or note (marked with QT_TRANSLATE_NOOP("Formula", ...)) in the current language."""
    return QCoreApplication.translate("Formula", text)


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
        qt_own = QTranslator(app)  # Qt's own texts: standard buttons (Close, OK), context menus
        if qt_own.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
            app.installTranslator(qt_own)
            _translators.append(qt_own)
    QLocale.setDefault(QLocale(language))
    # Deliver the LanguageChange events now, so every widget has retranslated when this returns.
    QApplication.sendPostedEvents(None, QEvent.LanguageChange)
