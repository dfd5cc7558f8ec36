"""The main window: one tab per panel, File/View/Help menus, export and theme switching."""

from __future__ import annotations

import platform

import pyqtgraph as pg
import PySide6
import torch
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QTabWidget

from actgui import __version__
from actgui.core.device import describe_device
from actgui.qt.export_dialog import ExportDialog
from actgui.qt.functions_panel import FunctionsPanel
from actgui.qt.panel import Panel
from actgui.qt.softmax_panel import SoftmaxPanel
from actgui.qt.theme import Theme, apply_to_application, get_theme

#: The tabs, in order. A new panel is one more entry here.
PANELS: list[type[Panel]] = [FunctionsPanel, SoftmaxPanel]


class MainWindow(QMainWindow):
    """ActGUI's window. `panels` maps each panel's key to the panel."""

    def __init__(self, theme: Theme | None = None) -> None:
        super().__init__()
        self.setObjectName("main_window")
        self.setWindowTitle("ActGUI")
        self.theme = theme or get_theme("light")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.panels: dict[str, Panel] = {}
        for panel_class in PANELS:
            panel = panel_class(self.theme)
            self.panels[panel.key] = panel
            self.tabs.addTab(panel, panel.title())
        self._build_menus()
        self.resize(1400, 860)
        self.set_theme(self.theme)

    # -- menus ---------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.export_action = self._action("action.export", self.open_export_dialog, QKeySequence("Ctrl+E"))
        self.quit_action = self._action("action.quit", self.close, QKeySequence.Quit)
        self.file_menu.addAction(self.export_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.view_menu = bar.addMenu("")
        self.theme_group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for name in ("light", "dark"):
            action = self._action(f"action.theme.{name}", lambda _=False, n=name: self.set_theme_name(n))
            action.setCheckable(True)
            self.theme_group.addAction(action)
            self.theme_actions[name] = action
            self.view_menu.addAction(action)

        self.help_menu = bar.addMenu("")
        self.about_action = self._action("action.about", self.show_about)
        self.help_menu.addAction(self.about_action)
        self.retranslate()

    def _action(self, name: str, slot, shortcut: QKeySequence | None = None) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(shortcut)
        return action

    def retranslate(self) -> None:
        self.file_menu.setTitle(self.tr("&File"))
        self.export_action.setText(self.tr("&Export…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.view_menu.setTitle(self.tr("&View"))
        self.theme_actions["light"].setText(self.tr("Light theme"))
        self.theme_actions["dark"].setText(self.tr("Dark theme"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.about_action.setText(self.tr("&About ActGUI"))
        for index in range(self.tabs.count()):
            self.tabs.setTabText(index, self.tabs.widget(index).title())

    # -- actions ---------------------------------------------------------------------------------
    def current_panel(self) -> Panel:
        return self.tabs.currentWidget()

    def set_theme_name(self, name: str) -> None:
        self.set_theme(get_theme(name, self.theme.lecture))

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        apply_to_application(QApplication.instance(), theme)
        self.theme_actions[theme.name].setChecked(True)
        for panel in self.panels.values():
            panel.set_theme(theme)

    def open_export_dialog(self) -> None:
        ExportDialog(self.current_panel(), self).exec()

    def about_text(self) -> str:
        return self.tr(
            "<h3>ActGUI {version}</h3><p>Activation functions, initialisation and training dynamics, made visible.</p>"
            "<p>torch {torch}<br>Qt {qt} (PySide6 {pyside})<br>pyqtgraph {pg}<br>Python {python}<br>"
            "Compute device: {device}</p>"
        ).format(version=__version__, torch=torch.__version__, qt=PySide6.QtCore.qVersion(),
                 pyside=PySide6.__version__, pg=pg.__version__, python=platform.python_version(),
                 device=describe_device())

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About ActGUI"), self.about_text())

    def show_error(self, message: str) -> None:
        """A clear message in the status bar and a dialog; nothing else changes."""
        self.statusBar().showMessage(message, 10000)
        QMessageBox.warning(self, QCoreApplication.translate("MainWindow", "ActGUI"), message)

    def closeEvent(self, event: QCloseEvent) -> None:
        for panel in self.panels.values():
            panel.shutdown()
        super().closeEvent(event)

