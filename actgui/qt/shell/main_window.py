"""The main window: one tab per panel; sessions, presets, export, language, theme and lecture mode."""

from __future__ import annotations

import html
import logging
import platform
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

import PySide6
from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from actgui import __version__
from actgui.core.files import read_text_bounded
from actgui.core.lazy import load_object
from actgui.core.session import SessionError, make_session, parse_session, read_session, write_session
from actgui.qt.base import warmup
from actgui.qt.base.i18n import current_language, install_language
from actgui.qt.base.theme import Theme, apply_to_application, get_theme
from actgui.qt.base.trained_network import TrainedNetworkLink
from actgui.qt.base.warmup import when_torch_ready
from actgui.qt.shell import code_view

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


#: The share of the window's width the code view takes when it opens.
CODE_SHARE = 0.36


class MainWindow(QMainWindow):
    """ActGUI's window. `panels` maps each panel's key to the panel (built when first shown or read);
    `states` holds every panel's settings (each built when first read), so sessions and presets apply
    to panels not built yet. The window first paints its tabs and menus; the visible panel is built
    just after that first frame."""

    MAX_RECENT = 8

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
        self.resize(1400, 860)
        geometry = self.settings.value("window/geometry")
        if geometry is not None and not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            logging.getLogger("actgui").warning("ignoring the saved window geometry: it is not valid")
        self.tabs.setCurrentIndex(self._setting("window/tab", 0, int))
        visible = PANELS[self.tabs.currentIndex()]
        warmup.prefetch(visible.key, visible.state, visible.first_numbers)
        self.set_theme(self.theme)
        FirstPaint(self.tabs.tabBar(), self._show_visible_panel)  # the others when first shown

    def _setting(self, key: str, default, convert):
        """A saved setting passed through `convert`; a corrupt one is ignored with a warning."""
        value = self.settings.value(key, default)
        try:
            return convert(value)
        except (TypeError, ValueError) as error:
            logging.getLogger("actgui").warning("ignoring the saved setting %s=%r: %s", key, value, error)
            return convert(default)

    # -- menus ---------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.open_action = self._action("action.open_session", self.open_session_dialog, QKeySequence.Open)
        self.save_action = self._action("action.save_session", self.save_session_dialog, QKeySequence.Save)
        self.recent_menu = self.file_menu.addMenu("")
        self.recent_menu.setObjectName("menu.recent")
        self.export_action = self._action("action.export", self.open_export_dialog, QKeySequence("Ctrl+E"))
        self.animation_action = self._action("action.export_animation", self.open_animation_dialog)
        self.network_action = self._action("action.network_landscape", self.open_network_landscape_dialog)
        self.open_data_action = self._action("action.open_data", lambda: self._panel_call("training", "ask_open_data"))
        self.quit_action = self._action("action.quit", self.close, QKeySequence.Quit)
        self.file_menu.insertAction(self.recent_menu.menuAction(), self.open_action)
        self.file_menu.insertAction(self.recent_menu.menuAction(), self.save_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.export_action)
        self.file_menu.addAction(self.animation_action)
        self.file_menu.addAction(self.network_action)
        self.file_menu.addAction(self.open_data_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self._fill_recent_menu()

        self.presets_menu = bar.addMenu("")
        self.presets_menu.setObjectName("menu.presets")
        self.preset_actions: dict[str, QAction] = {}
        for name in preset_names():
            action = self._action(f"preset.{name}", lambda _=False, n=name: self.load_preset(n))
            self.preset_actions[name] = action
            self.presets_menu.addAction(action)

        self.view_menu = bar.addMenu("")
        self.language_menu = self.view_menu.addMenu("")
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for language, label in (("en", "English"), ("zh_CN", "简体中文")):
            action = self._action(f"action.language.{language}", lambda _=False, lang=language: self.set_language(lang))
            action.setText(label)
            action.setCheckable(True)
            action.setChecked(language == current_language())
            self.language_group.addAction(action)
            self.language_actions[language] = action
            self.language_menu.addAction(action)
        self.theme_group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for name in ("light", "dark"):
            action = self._action(f"action.theme.{name}", lambda _=False, n=name: self.set_theme_name(n))
            action.setCheckable(True)
            self.theme_group.addAction(action)
            self.theme_actions[name] = action
            self.view_menu.addAction(action)
        self.view_menu.addSeparator()
        self.lecture_action = self._action("action.lecture", self.set_lecture_mode, QKeySequence("F11"))
        self.lecture_action.setCheckable(True)
        self.controls_action = self._action("action.hide_controls", self.set_controls_hidden, QKeySequence("Ctrl+H"))
        self.controls_action.setCheckable(True)
        self.view_menu.addAction(self.lecture_action)
        self.view_menu.addAction(self.controls_action)
        self.view_menu.addSeparator()
        self.panel_actions = {
            "next": self._action("action.next_activation", lambda: self._panel_call("functions", "next_activation", 1),
                                 QKeySequence("Ctrl+Right")),
            "previous": self._action("action.previous_activation",
                                     lambda: self._panel_call("functions", "next_activation", -1),
                                     QKeySequence("Ctrl+Left")),
            "derivative": self._action("action.toggle_derivative",
                                       lambda: self._panel_call("functions", "toggle_derivative"),
                                       QKeySequence("Ctrl+D")),
            "training": self._action("action.toggle_training", lambda: self._panel_call("training", "toggle_running"),
                                     QKeySequence("Ctrl+T")),
        }
        for action in self.panel_actions.values():
            self.view_menu.addAction(action)
        for index in range(min(self.tabs.count(), 9)):
            tab_action = self._action(f"action.tab.{index + 1}", lambda _=False, i=index: self.tabs.setCurrentIndex(i),
                                      QKeySequence(f"Ctrl+{index + 1}"))
            self.addAction(tab_action)

        self.help_menu = bar.addMenu("")
        self.guide_action = self._action("action.guide", self.toggle_guide, QKeySequence("F1"))
        self.guide_action.setCheckable(True)
        self.code_action = self._action("action.code", self.toggle_code, QKeySequence("F2"))
        self.code_action.setCheckable(True)
        self.code_dock.visibilityChanged.connect(self.code_action.setChecked)
        self.view_menu.addAction(self.code_action)
        self.shortcuts_action = self._action("action.shortcuts", self.show_shortcuts)
        self.about_action = self._action("action.about", self.show_about)
        for action in (self.guide_action, self.shortcuts_action, self.about_action):
            self.help_menu.addAction(action)
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
        self.open_action.setText(self.tr("&Open session…"))
        self.save_action.setText(self.tr("&Save session…"))
        self.recent_menu.setTitle(self.tr("Recent sessions"))
        self.export_action.setText(self.tr("&Export…"))
        self.animation_action.setText(self.tr("Export &animation…"))
        self.network_action.setText(self.tr("&Network loss landscape…"))
        self.open_data_action.setText(self.tr("Open &data set… (IDX folder)"))
        self.quit_action.setText(self.tr("&Quit"))
        self.presets_menu.setTitle(self.tr("&Presets"))
        for name, action in self.preset_actions.items():
            action.setText(preset_title(name))
        self.view_menu.setTitle(self.tr("&View"))
        self.language_menu.setTitle(self.tr("Language"))
        self.theme_actions["light"].setText(self.tr("Light theme (projector)"))
        self.theme_actions["dark"].setText(self.tr("Dark theme"))
        self.lecture_action.setText(self.tr("Lecture mode (full screen, large)"))
        self.code_action.setText(self.tr("Code for this figure"))
        self.code_dock.retranslate()
        self.controls_action.setText(self.tr("Hide controls (plots only)"))
        self.panel_actions["next"].setText(self.tr("Next activation"))
        self.panel_actions["previous"].setText(self.tr("Previous activation"))
        self.panel_actions["derivative"].setText(self.tr("Show or hide the derivative"))
        self.panel_actions["training"].setText(self.tr("Start or stop training"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.guide_action.setText(self.tr("Guide for this panel"))
        self.shortcuts_action.setText(self.tr("Keyboard shortcuts"))
        self.about_action.setText(self.tr("&About ActGUI"))
        self.guide_dock.setWindowTitle(self.tr("Guide"))
        for index in range(self.tabs.count()):
            self.tabs.setTabText(index, self.tabs.widget(index).title())
        self._show_guide()

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

    # -- sessions and presets --------------------------------------------------------------------
    def session(self) -> dict:
        """The whole app state: view settings and every panel's settings."""
        view = {"theme": self.theme.name, "language": current_language(), "lecture": self.theme.lecture,
                "tab": self.current_key()}
        built = self.panels.built()
        panels = {key: built[key].state() if key in built else state.to_dict() for key, state in self.states.items()}
        return make_session(panels, view)

    def apply_session(self, session: dict) -> None:
        """Applies a session: every panel's settings are checked first, and if any is refused, nothing
        is applied (the SessionError names the panel and field)."""
        unknown = [key for key in session["panels"] if key not in self.panels]
        if unknown:
            raise SessionError(self.tr("unknown panel '{name}'").format(name=unknown[0]))
        view = session.get("view", {})
        for name, kind in (("theme", str), ("language", str), ("tab", str), ("lecture", bool)):
            if name in view and not isinstance(view[name], kind):
                raise SessionError(self.tr("view.{name} has the wrong type").format(name=name))
        if view.get("theme", self.theme.name) not in ("light", "dark"):
            raise SessionError(self.tr("unknown theme '{name}'").format(name=view["theme"]))
        if view.get("language", current_language()) not in self.language_actions:
            raise SessionError(self.tr("unknown language '{name}'").format(name=view["language"]))
        if view.get("tab", self.current_key()) not in self.panels:
            raise SessionError(self.tr("unknown panel '{name}'").format(name=view["tab"]))
        built = self.panels.built()
        try:
            parsed = {key: self._parse_state(key, data) for key, data in session["panels"].items()}
        except (ValueError, KeyError, TypeError) as error:
            raise SessionError(str(error)) from None
        saved = {key: state.copy() for key, state in self.states.items()}
        try:
            for key, state in parsed.items():
                if key in built:
                    built[key].apply_state(state)
                else:
                    self.states[key].assign(state)
        except Exception as error:  # whatever a panel raises, every panel is restored
            self._restore_panels(saved)
            raise SessionError(str(error) or type(error).__name__) from None
        if "language" in view:
            self.set_language(view["language"])
        if "theme" in view or "lecture" in view:
            self.set_theme(get_theme(view.get("theme", self.theme.name), bool(view.get("lecture", False)),
                                     self.screen().size().height()))
        if view.get("tab") in self.panels:
            self.tabs.setCurrentIndex(list(self.panels).index(view["tab"]))

    def _parse_state(self, key: str, data: object) -> PanelState:
        """Checked settings for the panel `key`, built or not (Panel.parse_state where it is built)."""
        panel = self.panels.built().get(key)
        return panel.parse_state(data) if panel is not None else self.entries[key].state_class().from_dict(data)

    def _restore_panels(self, saved: dict[str, PanelState]) -> None:
        built = self.panels.built()
        for key, state in saved.items():
            try:
                if key in built:
                    built[key].apply_state(state)
                else:
                    self.states[key].assign(state)
            except Exception:  # restore the others even if one cannot be
                logging.getLogger("actgui").exception("could not restore the %s panel", key)

    def save_session(self, path: str | Path) -> bool:
        try:
            write_session(path, self.session())
        except SessionError as error:
            self.show_error(str(error))
            return False
        self._remember(str(path))
        self.statusBar().showMessage(self.tr("Session saved to {path}").format(path=path), 5000)
        return True

    def load_session(self, path: str | Path) -> bool:
        """Loads a session file; a bad file is refused with a message and nothing changes."""
        try:
            self.apply_session(read_session(path))
        except SessionError as error:
            self.show_error(self.tr("Session not loaded: {reason}").format(reason=error))
            return False
        self._remember(str(path))
        self.statusBar().showMessage(self.tr("Session loaded from {path}").format(path=path), 5000)
        return True

    def load_preset(self, name: str) -> bool:
        try:
            self.apply_session(read_preset(name))
        except (SessionError, FileNotFoundError) as error:
            self.show_error(self.tr("Preset not loaded: {reason}").format(reason=error))
            return False
        self.statusBar().showMessage(self.tr("Preset: {title}").format(title=preset_title(name)), 5000)
        return True

    def open_session_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open session"), "", self.tr("ActGUI sessions (*.json)"))
        if path:
            self.load_session(path)

    def save_session_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save session"), "actgui-session.json",
                                              self.tr("ActGUI sessions (*.json)"))
        if path:
            self.save_session(path)

    def recent_files(self) -> list[str]:
        value = self.settings.value("sessions/recent", [])
        return [value] if isinstance(value, str) else list(value or [])

    def _remember(self, path: str) -> None:
        recent = [path] + [p for p in self.recent_files() if p != path]
        self.settings.setValue("sessions/recent", recent[: self.MAX_RECENT])
        self._fill_recent_menu()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.recent_files():
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.load_session(p))
        self.recent_menu.setEnabled(bool(self.recent_files()))

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

        problems = plugins.load_plugins()
        text = ""
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


def _presets_folder():
    return resources.files("actgui") / "resources" / "presets"


def preset_names() -> list[str]:
    """The shipped presets, by file name without .json, in the order of their 'order' field."""
    folder = _presets_folder()
    if not folder.is_dir():
        return []
    names = [entry.name[:-5] for entry in folder.iterdir() if entry.name.endswith(".json")]
    return sorted(names, key=lambda n: (read_preset(n).get("order", 99), n))


def read_preset(name: str) -> dict:
    entry = _presets_folder() / f"{name}.json"
    if not entry.is_file():
        raise FileNotFoundError(f"no preset '{name}'")
    try:
        text = read_text_bounded(Path(str(entry)))
    except OSError as error:
        raise SessionError(str(error)) from None
    return parse_session(text, f"preset {name}")


def preset_title(name: str) -> str:
    titles = read_preset(name).get("title", {})
    return titles.get(current_language()) or titles.get("en") or name
