"""The main window: one tab per panel; sessions, presets, export, language, theme and lecture mode."""

from __future__ import annotations

import html
import logging
import platform
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

import PySide6
from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from actgui import __version__
from actgui.core.lazy import load_object
from actgui.qt.base import warmup
from actgui.qt.base.i18n import current_language, install_language
from actgui.qt.base.theme import Theme, apply_to_application, get_theme
from actgui.qt.base.trained_network import TrainedNetworkLink
from actgui.qt.base.warmup import when_torch_ready
from actgui.qt.base.widgets import ElidedComboTips
from actgui.qt.shell import code_view
from actgui.qt.shell.menus import WindowMenus, WindowShortcuts
from actgui.qt.shell.plugin_loading import PluginLoader, group_registries
from actgui.qt.shell.run_files import RunFileActions
from actgui.qt.shell.sessions import SessionActions

if TYPE_CHECKING:
    from actgui.qt.base.panel import Panel
    from actgui.state.base import PanelState

@dataclass(frozen=True)
class PanelEntry:
    """One tab: its key and title, and where its panel class and its settings class live. Both are
    imported when first needed, so the window paints before plotting or tensor code is loaded."""

    key: str
    title_text: str  #: the panel's own `title()` text, translated in the panel class's context
    panel: str  #: "module:Class" of the Panel
    state: str  #: "module:Class" of its PanelState
    #: "module:function" of the state computing the panel's first numbers, which the start-up helper
    #: computes (actgui.core.prefetch) when the panel is the visible one; the panel takes them with
    #: warmup.when_prefetched
    first_numbers: str | None = None

    @property
    def context(self) -> str:
        return self.panel.rpartition(":")[2]

    def title(self) -> str:
        return QCoreApplication.translate(self.context, self.title_text)

    def panel_class(self) -> type[Panel]:
        return load_object(self.panel)

    def state_class(self) -> type[PanelState]:
        return load_object(self.state)


#: The tabs, in order. A new panel is one more entry here.
PANELS: list[PanelEntry] = [
    PanelEntry("functions", "Functions", "actgui.qt.panels.functions.panel:FunctionsPanel",
               "actgui.state.functions:FunctionsState", "actgui.state.functions:first_numbers"),
    PanelEntry("softmax", "Softmax", "actgui.qt.panels.softmax.panel:SoftmaxPanel",
               "actgui.state.softmax:SoftmaxState"),
    PanelEntry("init", "Initialisation", "actgui.qt.panels.init.panel:InitPanel", "actgui.state.init:InitState"),
    PanelEntry("training", "Training", "actgui.qt.panels.training.panel:TrainingPanel",
               "actgui.state.training:TrainingState"),
    PanelEntry("losses", "Losses", "actgui.qt.panels.losses.panel:LossesPanel", "actgui.state.losses:LossesState"),
    PanelEntry("landscape", "Landscape", "actgui.qt.panels.landscape.panel:LandscapePanel",
               "actgui.state.landscape:LandscapeState"),
    PanelEntry("backprop", "Backprop", "actgui.qt.panels.backprop.panel:BackpropPanel",
               "actgui.state.backprop:BackpropState"),
]


class PanelPlaceholder(QWidget):
    """What a tab shows until its panel is built: the panel's title on the window's background."""

    def __init__(self, entry: PanelEntry) -> None:
        super().__init__()
        self.entry = entry
        self.setObjectName(f"placeholder.{entry.key}")
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignCenter)
        self.label.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        self.retranslate()

    def title(self) -> str:
        return self.entry.title()

    def retranslate(self) -> None:
        self.label.setText(self.title())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


Value = TypeVar("Value")


class BuiltOnRead(Mapping[str, Value], Generic[Value]):
    """A mapping whose values are built the first time they are read, in the order of `keys`.

    Iterating over the keys builds nothing; `built()` holds the values that exist.
    """

    def __init__(self, keys: list[str], build: Callable[[str], Value]) -> None:
        self._keys = keys
        self._build = build
        self._built: dict[str, Value] = {}

    def __getitem__(self, key: str) -> Value:
        if key not in self._built:
            if key not in self._keys:
                raise KeyError(key)
            self._built[key] = self._build(key)
        return self._built[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def built(self) -> dict[str, Value]:
        return dict(self._built)


class FirstPaint(QObject):
    """Calls `then` once, just after `widget` has first been painted."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self.widget, self.then = widget, then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget and event.type() == QEvent.Paint:
            self.widget.removeEventFilter(self)
            QTimer.singleShot(0, self.then)
        return False


#: Room left around the window for the window manager's frame and title bar (pixels, width and height).
FRAME_ROOM = (8, 40)
#: The share of the window's width the code view takes when it opens.
CODE_SHARE = 0.30


class MainWindow(WindowMenus, SessionActions, RunFileActions, QMainWindow):
    """ActGUI's window. `panels` maps each panel's key to the panel (built when first shown or read);
    `states` holds every panel's settings (each built when first read), so sessions and presets apply
    to panels not built yet. The window first paints its tabs and menus; the visible panel is built
    just after that first frame."""


    def __init__(self, theme: Theme | None = None, settings: QSettings | None = None) -> None:
        super().__init__()
        self.setObjectName("main_window")
        self.setWindowTitle("ActGUI")
        self.settings = settings or QSettings()
        self.theme = theme or get_theme(self._setting("view/theme", "light", lambda v: get_theme(str(v)).name))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.entries: dict[str, PanelEntry] = {entry.key: entry for entry in PANELS}
        self.states: BuiltOnRead[PanelState] = BuiltOnRead(list(self.entries),
                                                           lambda key: self.entries[key].state_class()())
        self.panels: BuiltOnRead[Panel] = BuiltOnRead(list(self.entries), self._build_panel)
        self.trained_network = TrainedNetworkLink(self)  # the Training panel's network, for the Landscape panel
        for entry in PANELS:
            placeholder = PanelPlaceholder(entry)
            self.tabs.addTab(placeholder, placeholder.title())
        self.guide = QTextBrowser()
        self.guide.setObjectName("guide")
        self.guide.setOpenLinks(False)
        self.guide.anchorClicked.connect(lambda url: self.load_preset(url.path() or url.toString()))
        self.guide_dock = QDockWidget()
        self.guide_dock.setObjectName("guide_dock")
        self.guide_dock.setWidget(self.guide)
        self.addDockWidget(Qt.RightDockWidgetArea, self.guide_dock)
        self.guide_dock.hide()
        self.tabs.currentChanged.connect(self._show_guide)
        self.tabs.currentChanged.connect(self._tab_shown)
        self.code_dock = code_view.attach(self)
        self.tabs.currentChanged.connect(self._follow_code)
        self._build_menus()
        QApplication.instance().installEventFilter(WindowShortcuts(self))
        QApplication.instance().installEventFilter(ElidedComboTips(self))
        self.resize(1400, 860)
        geometry = self.settings.value("window/geometry")
        if geometry is not None and not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            logging.getLogger("actgui").warning("ignoring the saved window geometry: it is not valid")
        self.fit_to_screen()
        self.tabs.setCurrentIndex(self._setting("window/tab", 0, int))
        visible = PANELS[self.tabs.currentIndex()]
        warmup.prefetch(visible.key, visible.state, visible.first_numbers)
        self.set_theme(self.theme)
        FirstPaint(self.tabs.tabBar(), self._show_visible_panel)  # the others when first shown

    def fit_to_screen(self) -> None:
        """Shrinks and moves the window into the screen's free area (a projector's 1280 × 720 included),
        leaving room for the window manager's title bar and borders."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None or self.isFullScreen():
            return
        free = screen.availableGeometry()
        width = min(self.width(), free.width() - FRAME_ROOM[0])
        height = min(self.height(), free.height() - FRAME_ROOM[1])
        self.resize(width, height)
        x = min(max(self.x(), free.left()), free.right() - width - FRAME_ROOM[0] + 1)
        y = min(max(self.y(), free.top()), free.bottom() - height - FRAME_ROOM[1] + 1)
        self.move(max(x, free.left()), max(y, free.top()))

    def _setting(self, key: str, default, convert):
        """A saved setting passed through `convert`; a corrupt one is ignored with a warning."""
        value = self.settings.value(key, default)
        try:
            return convert(value)
        except (TypeError, ValueError) as error:
            logging.getLogger("actgui").warning("ignoring the saved setting %s=%r: %s", key, value, error)
            return convert(default)

    # -- menus ---------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self._retranslate_menus()
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- panels ----------------------------------------------------------------------------------
    def current_key(self) -> str:
        return PANELS[self.tabs.currentIndex()].key

    def _show_visible_panel(self) -> None:
        """After the first frame: builds the visible panel, and once its controls are painted, starts
        importing torch for its plots."""
        FirstPaint(self.current_panel(), warmup.import_now)

    def load_plugins(self, loader: PluginLoader) -> None:
        """Tries the plugins once the window has first been painted and has imported torch (`loader` was
        created before the window, so its panels hold the built-in entries); those that pass join the
        built panels."""
        self.plugin_loader = loader
        loader.loaded.connect(self._plugins_loaded)
        # after the first frame and the window's own import of torch: a probe (a child process importing
        # actgui and the plugin) and a plugin's import would otherwise slow the window's start on a small machine
        FirstPaint(self.tabs.tabBar(), lambda: when_torch_ready(self, loader.start))

    def _plugins_loaded(self, added: dict[str, tuple[str, ...]]) -> None:
        from actgui.core import plugins

        if added:
            registries = group_registries()
            for panel in self.panels.built().values():
                panel.registries_changed(added, registries)
        if plugins.PROBLEMS:
            self.statusBar().showMessage(self.tr("{count} plugin(s) could not be loaded: see Help → About.").format(
                count=len(plugins.PROBLEMS)), 15000)

    def current_panel(self) -> Panel:
        """The visible tab's panel (built now if it is not yet)."""
        return self.panels[self.current_key()]

    def _build_panel(self, key: str) -> Panel:
        """Builds the panel `key` on its settings in `states` and puts it in its tab, in place of the
        placeholder (the current tab stays current)."""
        index = list(self.entries).index(key)
        panel = self.entries[key].panel_class()(self.theme, state=self.states[key])
        if hasattr(panel, "attach_trained_network"):
            panel.attach_trained_network(self.trained_network)
        panel.show_panel.connect(lambda key: self.tabs.setCurrentWidget(self.panels[key]))
        for pane in panel.control_panes:
            pane.setVisible(not self.controls_action.isChecked())
        current = self.tabs.currentIndex()
        placeholder = self.tabs.widget(index)
        blocked = self.tabs.blockSignals(True)
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, panel, panel.title())
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(blocked)
        placeholder.deleteLater()
        panel.set_theme(self.theme)  # every figure styled, the controls fitted to the window's fonts
        return panel

    def _tab_shown(self, index: int) -> None:
        """A tab shown for the first time shows its placeholder, and its panel once torch is there."""
        key = PANELS[index].key
        if key not in self.panels.built():
            when_torch_ready(self, lambda: self.panels[key])

    def _panel_call(self, key: str, method: str, *args: object) -> None:
        """Runs a panel's shortcut action and brings its tab to the front."""
        panel = self.panels.get(key)
        if panel is not None and hasattr(panel, method):
            self.tabs.setCurrentWidget(panel)
            getattr(panel, method)(*args)

    # -- view ------------------------------------------------------------------------------------

    def set_language(self, language: str) -> None:
        """Switches every visible string (menus, panels, plots) without a restart."""
        install_language(language)
        self.language_actions[language].setChecked(True)
        self.settings.setValue("view/language", language)

    def set_theme_name(self, name: str) -> None:
        self.set_theme(get_theme(name, self.theme.lecture, self.theme.screen_height))

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        apply_to_application(QApplication.instance(), theme)
        self.code_dock.set_theme(theme)
        self.theme_actions[theme.name].setChecked(True)
        self.lecture_action.setChecked(theme.lecture)
        for panel in self.panels.built().values():
            panel.set_theme(theme)
        self.settings.setValue("view/theme", theme.name)

    def set_lecture_mode(self, on: bool) -> None:
        """Full screen with large fonts and thick lines, or back to normal."""
        self.set_theme(get_theme(self.theme.name, bool(on), self.screen().size().height()))
        if on:
            self.showFullScreen()
        else:
            self.showNormal()

    def set_controls_hidden(self, hidden: bool) -> None:
        """Hides every panel's control pane so only the plots show."""
        self.controls_action.setChecked(bool(hidden))
        for panel in self.panels.built().values():
            for pane in panel.control_panes:
                pane.setVisible(not hidden)

    def toggle_code(self, on: bool) -> None:
        """Shows the visible panel's code beside it, or hides it."""
        self.code_dock.setVisible(bool(on))
        if on:  # room for lines of code beside the figure
            self.resizeDocks([self.code_dock], [int(self.width() * CODE_SHARE)], Qt.Horizontal)
        self._follow_code()

    def _follow_code(self, *_: object) -> None:
        if not self.code_dock.isHidden():
            key = self.current_key()
            self.code_dock.show_panel(key, self.states[key])

    def toggle_guide(self, on: bool) -> None:
        self.guide_dock.setVisible(bool(on))
        self._show_guide()

    def _show_guide(self, *_: object) -> None:
        """Fills the guide with the visible panel's text (when the guide is open)."""
        if hasattr(self, "guide_action") and not self.guide_dock.isHidden():
            from actgui.qt.shell.guide import guide_html

            self.guide.setHtml(guide_html(self.current_key(), current_language()))

    def show_shortcuts(self) -> None:
        from actgui.qt.shell.guide import shortcuts_html

        QMessageBox.information(self, self.tr("Keyboard shortcuts"), shortcuts_html(current_language()))

    # -- export and dialogs ----------------------------------------------------------------------
    def open_export_dialog(self) -> None:
        from actgui.qt.shell.export_dialog import ExportDialog

        ExportDialog(self.current_panel(), self).exec()

    def open_animation_dialog(self) -> None:
        from actgui.qt.shell.animation_dialog import AnimationDialog

        AnimationDialog(self.current_panel(), self).exec()

    def open_network_landscape_dialog(self) -> None:
        from actgui.qt.shell.network_landscape_dialog import NetworkLandscapeDialog

        NetworkLandscapeDialog(self.theme, self).exec()

    def about_text(self) -> str:
        import pyqtgraph as pg
        import torch

        from actgui.core.device import describe_device

        return self.tr(
            "<h3>ActGUI {version}</h3><p>Activation functions, initialisation and training dynamics, made visible.</p>"
            "<p>torch {torch}<br>Qt {qt} (PySide6 {pyside})<br>pyqtgraph {pg}<br>Python {python}<br>"
            "Compute device: {device}</p>"
        ).format(version=__version__, torch=torch.__version__, qt=PySide6.QtCore.qVersion(),
                 pyside=PySide6.__version__, pg=pg.__version__, python=platform.python_version(),
                 device=describe_device()) + self._plugins_text()

    def _plugins_text(self) -> str:
        """The plugins loaded and those that failed (each failure is also in the log)."""
        from actgui.core import plugins

        loader = getattr(self, "plugin_loader", None)
        problems = plugins.load_plugins()
        text = self.tr("<p>Plugins are being tried…</p>") if loader is not None and loader.pending else ""
        if plugins.PLUGINS:
            names = ", ".join(f"{plugin.name} ({plugin.distribution})" for plugin in plugins.PLUGINS)
            text += self.tr("<p>Plugins: {names}</p>").format(names=html.escape(names))
        if problems:
            items = "".join(f"<li>{html.escape(str(problem))}</li>" for problem in problems)
            text += self.tr("<p>Plugins that failed to load:</p>") + f"<ul>{items}</ul>"
        return text

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About ActGUI"), self.about_text())

    def show_error(self, message: str) -> None:
        """A clear message in the status bar and a dialog; nothing else changes."""
        self.statusBar().showMessage(message, 10000)
        box = QMessageBox(QMessageBox.Warning, "ActGUI", message, QMessageBox.Ok, self)
        box.setObjectName("error_box")
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        for panel in self.panels.built().values():
            panel.shutdown()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/tab", self.tabs.currentIndex())
        super().closeEvent(event)
