"""The base every tab derives from: live figures, export, theme and retranslation hooks."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QComboBox, QFormLayout, QFrame, QScrollArea, QSplitter, QVBoxLayout, QWidget

from actgui.qt.base.binding import Adapter, Binder
from actgui.qt.base.figure import Figure
from actgui.qt.base.theme import LIGHT, Theme
from actgui.qt.base.widgets import WheelScrollsColumn
from actgui.state.base import PanelState

#: The controls column grows to its content's preferred width, up to this many pixels
MAX_CONTROLS_WIDTH = 640
#: and up to this share of the screen's width, so the plots keep the rest on a projector's 1280 × 720;
#: wider content scrolls sideways.
MAX_CONTROLS_SHARE = 0.4
#: Lecture mode's share: its larger fonts need the room for the plots (the controls scroll).
LECTURE_CONTROLS_SHARE = 0.4
#: The text under a plot starts with this height, the plot with three times as much.
PLOT_OVER_TEXT_HEIGHT = 200


class Panel(QWidget):
    """A tab of the main window.

    Subclasses set `key` and `state_type`, build their controls (named `<key>.<field>`) and live
    figures, call `bind()`, and implement `title`, `export_figure` (a fresh figure with the current
    data) and `retranslate`. Their settings live in `settings`, an instance of `state_type`; sessions,
    presets and stamps read and write that object, never the widgets.
    """

    key = "panel"
    state_type: ClassVar[type[PanelState]] = PanelState
    #: Asks the window to bring the panel with this key to the front (e.g. "training").
    show_panel = Signal(str)

    def __init__(self, theme: Theme = LIGHT, parent: QWidget | None = None, state: PanelState | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"panel.{self.key}")
        self.theme = theme
        self.settings: PanelState = state if state is not None else self.state_type()
        self.binder: Binder | None = None
        self.figures: dict[str, Figure] = {}
        #: The scroll areas holding the controls; View → Hide controls hides them so only plots show.
        self.control_panes: list[QScrollArea] = []
        self._wheel_filters: list[WheelScrollsColumn] = []

    def title(self) -> str:
        raise NotImplementedError

    def export_figure(self, name: str) -> Figure:
        """A new figure named `name` showing exactly what the live one shows, for export."""
        raise NotImplementedError

    def registries_changed(self, added: dict[str, tuple[str, ...]], registries: dict[str, Any]) -> None:
        """Plugins added `added` (keys by entry-point group) to `registries` (by group): every combo box
        that lists at least two keys of one of them offers the new keys after its last one, with
        their texts from `retranslate`."""
        for box in self.findChildren(QComboBox):
            items = [box.itemData(index) for index in range(box.count())]
            for group, keys in added.items():
                known = set(registries[group].keys())
                rows = [row for row, data in enumerate(items) if isinstance(data, str) and data in known]
                new = [key for key in keys if key not in items]
                if len(rows) >= 2 and new:
                    for offset, key in enumerate(new, start=1):
                        box.insertItem(rows[-1] + offset, "", key)
                    items = [box.itemData(index) for index in range(box.count())]
        self.retranslate()

    def retranslate(self) -> None:
        """Sets every visible text in the current language."""

    def bind(self, adapters: dict[str, Adapter] | None = None) -> Binder:
        """Ties `settings` to the widgets named `<key>.<field>` (see actgui.qt.base.binding)."""
        self.binder = Binder(self.settings, self, adapters)
        return self.binder

    def state(self) -> dict:
        """The panel's settings as JSON-compatible data."""
        return self.settings.to_dict()

    def parse_state(self, data: Any) -> PanelState:
        """Checked settings from session data, without applying them; raises ValueError naming the field."""
        return self.state_type.from_dict(data)

    def apply_state(self, state: PanelState) -> None:
        """Applies settings returned by `parse_state`."""
        self.settings.assign(state)

    def set_state(self, state: dict) -> None:
        """Restores settings written by `state`; raises ValueError for invalid data (nothing changes)."""
        self.apply_state(self.parse_state(state))

    def controls_beside(self, controls: QWidget, plots: QWidget, name: str) -> QSplitter:
        """`controls` in a scroll area left of `plots`, in a splitter; the column fits its widest row."""
        for form in controls.findChildren(QFormLayout):  # a field goes under its label when both do not fit
            form.setRowWrapPolicy(QFormLayout.WrapLongRows)
        scroll = QScrollArea()
        scroll.setObjectName(f"{name}.controls")
        scroll.setWidget(controls)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAsNeeded)
        self.control_panes.append(scroll)
        self._wheel_filters.append(WheelScrollsColumn(scroll))
        splitter = QSplitter(Qt.Horizontal)
        splitter.setObjectName(name)
        splitter.addWidget(scroll)
        splitter.addWidget(plots)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([360, 1040])
        self.fit_controls()
        return splitter

    def plot_over_text(self, plot: QWidget, text: QWidget, name: str) -> QSplitter:
        """`plot` above `text` in a vertical splitter; the text scrolls in an area of its own, so a tall
        text (large lecture fonts) never takes the plot's height."""
        scroll = QScrollArea()
        scroll.setObjectName(f"{name}.text")
        scroll.setWidget(text)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        splitter = QSplitter(Qt.Vertical)
        splitter.setObjectName(name)
        splitter.addWidget(plot)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([3 * PLOT_OVER_TEXT_HEIGHT, PLOT_OVER_TEXT_HEIGHT])
        return splitter

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit_controls()  # a dock may have opened beside the panel while it was hidden

    def fill(self, widget: QWidget) -> None:
        """Makes `widget` the panel's only content."""
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(widget)

    def fit_controls(self) -> None:
        """Widens each controls column to its widest row (fonts change with theme, texts with language),
        within MAX_CONTROLS_WIDTH and MAX_CONTROLS_SHARE (LECTURE_CONTROLS_SHARE in lecture mode) of the
        screen's (or a larger window's) width, less what a dock beside the panel (the code, the guide) takes."""
        share = LECTURE_CONTROLS_SHARE if self.theme.lecture else MAX_CONTROLS_SHARE
        width = max(self.screen().availableGeometry().width(), self.window().width())
        if self.isVisible():
            width -= max(0, self.window().width() - self.width())
        share = round(share * width)
        for wheel in self._wheel_filters:  # controls come and go (parameter sliders): watch the new ones
            wheel.watch()
        for scroll in self.control_panes:
            content = scroll.widget()
            width = content.minimumSizeHint().width()
            if not self.theme.lecture:  # lecture mode gives the plots all it can
                width = max(width, min(content.sizeHint().width(), MAX_CONTROLS_WIDTH))
            width += scroll.verticalScrollBar().sizeHint().width() + 4
            scroll.setMinimumWidth(min(width, max(share, 200)))

    def stamp_settings(self) -> dict:
        """What exported figures are stamped with: the panel and its settings (seed, step, ...)."""
        return {"panel": self.key, **self.state()}

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        for figure in self.figures.values():
            figure.set_theme(theme)
        self.fit_controls()

    def shutdown(self) -> None:
        """Stops any background work; called before the window closes."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():  # a window wider than the screen (offscreen)
            self.fit_controls()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
            self.fit_controls()
        elif event.type() == QEvent.FontChange:  # lecture mode: refit once the children have the new font
            QTimer.singleShot(0, self.fit_controls)
        super().changeEvent(event)
