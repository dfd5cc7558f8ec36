"""The main window's menus and actions, and its shortcuts, which work whatever widget has the focus
(texts in the MainWindow context)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QAction, QActionGroup, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from actgui.qt.base.i18n import current_language
from actgui.qt.shell.sessions import preset_names, preset_title

translate = QCoreApplication.translate


class WindowShortcuts(QObject):
    """Gives the window's shortcuts precedence over the focused widget's own keys: a spin box or a
    text field takes Ctrl+E (end of line) and others for itself unless told otherwise."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window

    def keys(self) -> set[QKeySequence]:
        return {shortcut for action in self.window.findChildren(QAction) if action.isEnabled()
                for shortcut in action.shortcuts() if not shortcut.isEmpty()}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.ShortcutOverride and isinstance(watched, QWidget)
                and watched.window() is self.window and isinstance(event, QKeyEvent)
                and QKeySequence(event.keyCombination()) in self.keys()):
            event.ignore()  # not taken by the widget: the shortcut map triggers the window's action
            return True
        return False


class WindowMenus:
    """Builds and retranslates MainWindow's menus and actions."""

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
        self.open_run_action = self._action("action.open_run", self.open_run_dialog)
        self.save_run_action = self._action("action.save_run", self.save_run_dialog)
        self.recent_runs_menu = QMenu(self)
        self.recent_runs_menu.setObjectName("menu.recent_runs")
        self.open_data_action = self._action("action.open_data", lambda: self._panel_call("training", "ask_open_data"))
        self.quit_action = self._action("action.quit", self.close, QKeySequence.Quit)
        self.file_menu.insertAction(self.recent_menu.menuAction(), self.open_action)
        self.file_menu.insertAction(self.recent_menu.menuAction(), self.save_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.export_action)
        self.file_menu.addAction(self.animation_action)
        self.file_menu.addAction(self.network_action)
        self.file_menu.addAction(self.open_run_action)
        self.file_menu.addMenu(self.recent_runs_menu)
        self.file_menu.addAction(self.save_run_action)
        self.file_menu.addAction(self.open_data_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self._fill_recent_menu()
        self._fill_recent_runs_menu()

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

    def _retranslate_menus(self) -> None:
        self.file_menu.setTitle(translate("MainWindow", "&File"))
        self.open_action.setText(translate("MainWindow", "&Open session…"))
        self.save_action.setText(translate("MainWindow", "&Save session…"))
        self.recent_menu.setTitle(translate("MainWindow", "Recent sessions"))
        self.export_action.setText(translate("MainWindow", "&Export…"))
        self.animation_action.setText(translate("MainWindow", "Export &animation…"))
        self.network_action.setText(translate("MainWindow", "&Network loss landscape…"))
        self.open_run_action.setText(translate("MainWindow", "Open &run…"))
        self.recent_runs_menu.setTitle(translate("MainWindow", "Recent runs"))
        self.save_run_action.setText(translate("MainWindow", "Save r&un…"))
        self.open_data_action.setText(translate("MainWindow", "Open &data set… (IDX folder)"))
        self.quit_action.setText(translate("MainWindow", "&Quit"))
        self.presets_menu.setTitle(translate("MainWindow", "&Presets"))
        for name, action in self.preset_actions.items():
            action.setText(preset_title(name))
        self.view_menu.setTitle(translate("MainWindow", "&View"))
        self.language_menu.setTitle(translate("MainWindow", "Language"))
        self.theme_actions["light"].setText(translate("MainWindow", "Light theme (projector)"))
        self.theme_actions["dark"].setText(translate("MainWindow", "Dark theme"))
        self.lecture_action.setText(translate("MainWindow", "Lecture mode (full screen, large)"))
        self.code_action.setText(translate("MainWindow", "Code for this figure"))
        self.code_dock.retranslate()
        self.controls_action.setText(translate("MainWindow", "Hide controls (plots only)"))
        self.panel_actions["next"].setText(translate("MainWindow", "Next activation"))
        self.panel_actions["previous"].setText(translate("MainWindow", "Previous activation"))
        self.panel_actions["derivative"].setText(translate("MainWindow", "Show or hide the derivative"))
        self.panel_actions["training"].setText(translate("MainWindow", "Start or stop training"))
        self.help_menu.setTitle(translate("MainWindow", "&Help"))
        self.guide_action.setText(translate("MainWindow", "Guide for this panel"))
        self.shortcuts_action.setText(translate("MainWindow", "Keyboard shortcuts"))
        self.about_action.setText(translate("MainWindow", "&About ActGUI"))
        self.guide_dock.setWindowTitle(translate("MainWindow", "Guide"))
        for index in range(self.tabs.count()):
            self.tabs.setTabText(index, self.tabs.widget(index).title())
        self._show_guide()
