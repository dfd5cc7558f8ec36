"""The window's first frame never waits for a plugin: it opens with the built-in entries, the plugins
are tried after it (a probe in a child process, then the import, on a worker thread), and those that
passed join the panels' lists and combo boxes; those that failed are listed under Help → About."""

from __future__ import annotations

import os
import textwrap
from importlib.metadata import distributions

import pytest
from PySide6.QtCore import QEvent, QObject, Qt

from actgui.core import plugin_loading, plugins
from actgui.core.activations import ACTIVATIONS
from actgui.qt.shell.main_window import MainWindow
from actgui.qt.shell.plugin_loading import PluginLoader

SLEEPY = textwrap.dedent('''
    import time
    time.sleep(1.5)  # a slow import: in the probe's child process, then on the worker thread
    import torch
    from actgui.core.activations import ACTIVATIONS, Activation
    ACTIVATIONS.register(Activation("sleepy", "Sleepy", "慢", lambda x, p: torch.tanh(x), "f(x)", "f'(x)",
                                    "#123456"))
''')


@pytest.fixture
def installed(tmp_path, monkeypatch):
    """A distribution `sleepy-plugin` whose entry points are a slow activation and a broken one; the
    plugin records fresh, and the registry restored afterwards."""
    (tmp_path / "sleepy_plugin.py").write_text(SLEEPY)
    (tmp_path / "broken_plugin.py").write_text("raise RuntimeError('broken at import')\n")
    info = tmp_path / "sleepy_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: sleepy-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[actgui.activations]\nsleepy = sleepy_plugin\nbroken = broken_plugin\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(tmp_path), *filter(None, os.environ.get(
        "PYTHONPATH", "").split(os.pathsep))]))
    monkeypatch.setenv("ACTGUI_CACHE_DIR", str(tmp_path / "cache"))
    (dist,) = distributions(path=[str(tmp_path)])
    entries = list(dist.entry_points.select(group="actgui.activations"))
    monkeypatch.setattr(plugin_loading, "entry_points",
                        lambda group: entries if group == "actgui.activations" else [])
    for name in ("PLUGINS", "PROBLEMS"):
        monkeypatch.setattr(plugins, name, [])
    monkeypatch.setattr(plugins, "_loaded_groups", set())
    monkeypatch.setattr(ACTIVATIONS, "_entries", dict(ACTIVATIONS._entries))
    tried = plugins.try_entry

    def logged_try(group, entry, registry):
        events.append(f"tried {entry.name}")
        return tried(group, entry, registry)

    events: list[str] = []
    monkeypatch.setattr(plugins, "try_entry", logged_try)
    return events


class FirstPaintLog(QObject):
    """Logs the tab bar's first paint, and whether the slow plugin's activation was there then."""

    def __init__(self, widget, events: list[str]) -> None:
        super().__init__(widget)
        self.events = events
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Paint and "first frame" not in self.events:
            self.events.append("first frame")
            self.events.append(f"sleepy registered: {'sleepy' in ACTIVATIONS}")
        return False


def test_the_first_frame_comes_before_the_plugins_are_tried(qtbot, installed):
    events = installed
    loader = PluginLoader()
    window = MainWindow()
    qtbot.addWidget(window)
    FirstPaintLog(window.tabs.tabBar(), events)  # installed before the loader's own first-paint filter
    window.load_plugins(loader)
    functions = window.panels["functions"]
    keys = [functions.activation_list.item(row).data(Qt.UserRole) for row in range(functions.activation_list.count())]
    assert "sleepy" not in keys and keys[-1] == "custom"
    backprop = window.panels["backprop"]
    builtin = [backprop.activation_combo.itemData(index) for index in range(backprop.activation_combo.count())]
    assert "sleepy" not in builtin
    assert "Plugins are being tried…" in window.about_text()
    loader.loaded.connect(lambda added: events.append(f"loaded {added}"))
    window.show()
    qtbot.waitUntil(lambda: any(event.startswith("loaded") for event in events), timeout=120_000)
    loader.thread.join(10)
    assert events == ["first frame", "sleepy registered: False", "tried sleepy", "tried broken",
                      "loaded {'actgui.activations': ('sleepy',)}"]
    keys = [functions.activation_list.item(row).data(Qt.UserRole) for row in range(functions.activation_list.count())]
    assert keys[-2:] == ["sleepy", "custom"]
    assert functions.activation_list.item(len(keys) - 2).text() == "Sleepy"
    assert [plugin.keys for plugin in plugins.PLUGINS] == [("sleepy",)]
    about = window.about_text().replace("&#x27;", "'")
    assert "Plugins are being tried" not in about and "sleepy (sleepy-plugin)" in about
    assert "<li>sleepy-plugin: actgui.activations 'broken': RuntimeError: broken at import</li>" in about
    assert window.statusBar().currentMessage() == "1 plugin(s) could not be loaded: see Help → About."
    combo = backprop.activation_combo  # built before: the new entry joined after the built-in ones
    items = [(combo.itemData(index), combo.itemText(index)) for index in range(combo.count())]
    assert items[-1] == ("sleepy", "Sleepy") and len(items) == len(builtin) + 1
