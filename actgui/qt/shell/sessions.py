"""Sessions and presets in the main window: saving, loading (all or nothing) and recent files
(texts in the MainWindow context)."""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog

from actgui.core.files import read_text_bounded
from actgui.core.session import SessionError, make_session, parse_session, read_session, write_session
from actgui.qt.base.i18n import current_language
from actgui.qt.base.theme import get_theme

if TYPE_CHECKING:
    from actgui.state.base import PanelState

translate = QCoreApplication.translate


class SessionActions:
    """MainWindow's sessions and presets."""

    MAX_RECENT = 8

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
            raise SessionError(translate("MainWindow", "unknown panel '{name}'").format(name=unknown[0]))
        view = session.get("view", {})
        for name, kind in (("theme", str), ("language", str), ("tab", str), ("lecture", bool)):
            if name in view and not isinstance(view[name], kind):
                raise SessionError(translate("MainWindow", "view.{name} has the wrong type").format(name=name))
        if view.get("theme", self.theme.name) not in ("light", "dark"):
            raise SessionError(translate("MainWindow", "unknown theme '{name}'").format(name=view["theme"]))
        if view.get("language", current_language()) not in self.language_actions:
            raise SessionError(translate("MainWindow", "unknown language '{name}'").format(name=view["language"]))
        if view.get("tab", self.current_key()) not in self.panels:
            raise SessionError(translate("MainWindow", "unknown panel '{name}'").format(name=view["tab"]))
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
        self.statusBar().showMessage(translate("MainWindow", "Session saved to {path}").format(path=path), 5000)
        return True

    def load_session(self, path: str | Path) -> bool:
        """Loads a session file; a bad file is refused with a message and nothing changes."""
        try:
            self.apply_session(read_session(path))
        except SessionError as error:
            self.show_error(translate("MainWindow", "Session not loaded: {reason}").format(reason=error))
            return False
        self._remember(str(path))
        self.statusBar().showMessage(translate("MainWindow", "Session loaded from {path}").format(path=path), 5000)
        return True

    def load_preset(self, name: str) -> bool:
        try:
            self.apply_session(read_preset(name))
        except (SessionError, FileNotFoundError) as error:
            self.show_error(translate("MainWindow", "Preset not loaded: {reason}").format(reason=error))
            return False
        self.statusBar().showMessage(translate("MainWindow", "Preset: {title}").format(title=preset_title(name)), 5000)
        return True

    def open_session_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, translate("MainWindow", "Open session"), "",
                                              translate("MainWindow", "ActGUI sessions (*.json)"))
        if path:
            self.load_session(path)

    def save_session_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, translate("MainWindow", "Save session"), "actgui-session.json",
                                              translate("MainWindow", "ActGUI sessions (*.json)"))
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
