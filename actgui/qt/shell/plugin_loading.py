"""The window's plugins, loaded after its first frame and its import of torch: the window opens with
the built-in entries, a worker thread probes (in child processes) and imports the plugins
(actgui.core.plugin_loading), and once it is done the GUI thread adds those that passed to their
registries and tells the window, whose panels offer the new entries; Help → About lists the plugins
and the problems."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal

from actgui.core import plugins
from actgui.core.plugin_loading import BackgroundPlugins


class PluginLoader(QObject):
    """Create it before the window (the registries then hold their built-in entries), `start()` it
    once the window is up; `loaded` carries the keys added by group, on the GUI thread."""

    loaded = Signal(object)  # dict[str, tuple[str, ...]]
    _ran = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.background = BackgroundPlugins()
        self._ran.connect(self._commit, Qt.QueuedConnection)
        self.thread: threading.Thread | None = None

    @property
    def pending(self) -> bool:
        """Whether the plugins are still being tried."""
        return self.thread is None or self.thread.is_alive() or not self.background.done

    def start(self) -> None:
        if self.thread is None:
            self.thread = threading.Thread(target=self._run, name="actgui-plugins", daemon=True)
            self.thread.start()

    def _run(self) -> None:
        try:
            self.background.run()
        finally:
            self._ran.emit()

    def _commit(self) -> None:
        added = self.background.commit()
        self.loaded.emit({group: keys for group, keys in added.items()})


def group_registries() -> dict[str, plugins.PluginTarget]:
    """Every plugin group's registry in this version, by group."""
    found = {group: plugins.group_registry(group) for group in plugins.PLUGIN_GROUPS}
    return {group: registry for group, registry in found.items() if registry is not None}
