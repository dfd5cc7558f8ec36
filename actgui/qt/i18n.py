"""The current interface language and the registry display names that follow it."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QCoreApplication

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
