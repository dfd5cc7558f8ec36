"""The base every tab derives from: live figures, export, theme and retranslation hooks."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QWidget

from actgui.qt.figure import Figure
from actgui.qt.theme import LIGHT, Theme


class Panel(QWidget):
    """A tab of the main window.

    Subclasses set `key`, build their controls and live figures, and implement `title`,
    `export_figure` (a fresh figure with the current data), `retranslate`, `state` and `set_state`.
    """

    key = "panel"

    def __init__(self, theme: Theme = LIGHT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"panel.{self.key}")
        self.theme = theme
        self.figures: dict[str, Figure] = {}
        #: The widgets holding the controls; View → Hide controls hides them so only plots show.
        self.control_panes: list[QWidget] = []

    def title(self) -> str:
        raise NotImplementedError

    def export_figure(self, name: str) -> Figure:
        """A new figure named `name` showing exactly what the live one shows, for export."""
        raise NotImplementedError

    def retranslate(self) -> None:
        """Sets every visible text in the current language."""

    def state(self) -> dict:
        """The panel's settings as JSON-compatible data."""
        return {}

    def set_state(self, state: dict) -> None:
        """Restores settings written by `state`; raises ValueError for invalid data."""

    def stamp_settings(self) -> dict:
        """What exported figures are stamped with: the panel and its settings (seed, step, ...)."""
        return {"panel": self.key, **self.state()}

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        for figure in self.figures.values():
            figure.set_theme(theme)

    def shutdown(self) -> None:
        """Stops any background work; called before the window closes."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
