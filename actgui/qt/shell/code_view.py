"""The code view: the visible panel's figure as the plain torch + matplotlib code that computes it,
updated as its settings change, in the window's language, with Copy and Save as… (.py or .ipynb)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from actgui.core.codegen.recipe import Recipe, render, write
from actgui.core.files import FileAccessError
from actgui.qt.base.i18n import current_language
from actgui.qt.base.theme import Theme
from actgui.state.base import PanelState
from actgui.state.code import panel_recipe, watched_states

# Settings that change in bursts (a dragged slider) are shown this long after the last change.
SETTLE_MS = 150


class CodeDock(QDockWidget):
    """A dock showing the code of one panel's state; `show_panel` follows the visible panel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("code_dock")
        body = QWidget()
        self.text = QPlainTextEdit()
        self.text.setObjectName("code.text")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.WidgetWidth)  # no sideways scrolling in front of a class
        self.message = QLabel()
        self.message.setObjectName("code.message")
        self.message.setWordWrap(True)
        self.copy_button = QPushButton()
        self.copy_button.setObjectName("code.copy")
        self.copy_button.clicked.connect(self.copy)
        self.save_button = QPushButton()
        self.save_button.setObjectName("code.save")
        self.save_button.clicked.connect(self.ask_save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(body)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.text, 1)
        self.setWidget(body)
        self.key: str | None = None
        self.watched: list[PanelState] = []
        self.recipe: Recipe | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SETTLE_MS)
        self.timer.timeout.connect(self.refresh)
        self.visibilityChanged.connect(lambda visible: visible and self.refresh())
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Code"))
        self.copy_button.setText(self.tr("Copy"))
        self.save_button.setText(self.tr("Save as…"))
        self.refresh()

    def set_theme(self, theme: Theme) -> None:
        font = QFontDatabase.systemFont(QFontDatabase.FixedFont)
        font.setPointSize(theme.font_pt)
        self.text.setFont(font)

    def show_panel(self, key: str, state: PanelState) -> None:
        """Follows the settings of panel `key` from now on."""
        for watched in self.watched:
            watched.unsubscribe(self._changed)
        self.key, self.watched = key, watched_states(state)
        for watched in self.watched:
            watched.subscribe(self._changed)
        self.refresh()

    def _changed(self, _names: set[str]) -> None:
        if self.isVisible():
            self.timer.start()

    def refresh(self) -> None:
        """Writes the code of the followed panel's current settings (when the dock is shown)."""
        if self.key is None or not self.watched or self.isHidden():
            return
        try:
            self.recipe = panel_recipe(self.key, self.watched[0])
        except (KeyError, ValueError) as error:
            self.recipe = None
            reason = str(error) if isinstance(error, ValueError) else self.tr("this panel has no code view")
            self.message.setText(self.tr("No code for these settings: {reason}").format(reason=reason))
            self.message.show()
            self.text.clear()
        else:
            self.message.hide()
            scroll = self.text.verticalScrollBar().value()
            self.text.setPlainText(render(self.recipe, ".py", current_language()))
            self.text.verticalScrollBar().setValue(scroll)
        self.copy_button.setEnabled(self.recipe is not None)
        self.save_button.setEnabled(self.recipe is not None)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())

    def ask_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the code"), f"{self.key or 'figure'}.py",
                                              self.tr("Python script (*.py);;Jupyter notebook (*.ipynb)"))
        if path:
            self.save(Path(path))

    def save(self, path: Path) -> bool:
        """Writes the code as a script or a notebook (by the suffix; .py when there is none)."""
        if self.recipe is None:
            return False
        if path.suffix.lower() not in (".py", ".ipynb"):
            path = path.with_suffix(".py")
        try:
            write(self.recipe, path, current_language())
        except FileAccessError as error:
            self.message.setText(str(error))
            self.message.show()
            return False
        return True


def attach(window, area: Qt.DockWidgetArea = Qt.RightDockWidgetArea) -> CodeDock:
    """Adds a hidden code dock to `window` (a QMainWindow with `current_key()` and `states`)."""
    dock = CodeDock(window)
    window.addDockWidget(area, dock)
    dock.hide()
    return dock
