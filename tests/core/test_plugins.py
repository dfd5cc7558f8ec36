"""Plugins through entry points: each registers with `register(...)`; a broken one is reported, never fatal."""

import logging
import subprocess
import sys
import types
from dataclasses import dataclass
from importlib import import_module
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from actgui.core import plugins
from actgui.core.registry import Registry

ROOT = Path(__file__).resolve().parents[2]
GROUP = "actgui.tests"


@dataclass(frozen=True)
class Entry:
    key: str


@pytest.fixture
def registry(monkeypatch):
    """A registry holding 'relu', and fresh plugin records."""
    for name in ("PLUGINS", "PROBLEMS"):
        monkeypatch.setattr(plugins, name, [])
    monkeypatch.setattr(plugins, "_loaded_groups", set())
    registry = Registry("thing")
    registry.register(Entry("relu"))
    return registry


@pytest.fixture
def plugin_module(monkeypatch, registry):
    """An importable module 'fake_plugin' whose functions register into `registry`."""
    module = types.ModuleType("fake_plugin")
    module.add_two = lambda: [registry.register(Entry("one")), registry.register(Entry("two"))]
    module.add_relu = lambda: registry.register(Entry("relu"))
    module.add_nothing = lambda: None
    module.fail = lambda: 1 / 0
    module.NOT_A_FUNCTION = 3
    monkeypatch.setitem(sys.modules, "fake_plugin", module)
    return module


def load(monkeypatch, registry, values):
    entries = [EntryPoint(name, value, GROUP) for name, value in values.items()]
    monkeypatch.setattr(plugins, "entry_points", lambda group: entries if group == GROUP else [])
    plugins.load_group(GROUP, registry)


def test_a_function_entry_registers_its_entries(monkeypatch, registry, plugin_module):
    load(monkeypatch, registry, {"pair": "fake_plugin:add_two"})
    assert registry.keys() == ["relu", "one", "two"]
    loaded = plugins.PLUGINS
    assert loaded == [plugins.Plugin(GROUP, "pair", "fake_plugin:add_two", ("one", "two"))]
    assert plugins.PROBLEMS == [] and plugins.plugin_keys(GROUP) == {"one", "two"}


def test_a_module_entry_registers_on_import(monkeypatch, registry, tmp_path):
    holder = types.ModuleType("plugin_test_registry")
    holder.register = registry.register
    monkeypatch.setitem(sys.modules, "plugin_test_registry", holder)
    (tmp_path / "module_plugin.py").write_text(
        "from types import SimpleNamespace\n"
        "from plugin_test_registry import register\n"
        "register(SimpleNamespace(key='three'))\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    load(monkeypatch, registry, {"three": "module_plugin"})
    assert registry.keys() == ["relu", "three"] and plugins.PROBLEMS == []


@pytest.mark.parametrize(("value", "message"), [
    ("no_such_plugin_module", "ModuleNotFoundError: No module named 'no_such_plugin_module'"),
    ("fake_plugin:missing", "AttributeError: module 'fake_plugin' has no attribute 'missing'"),
    ("fake_plugin:NOT_A_FUNCTION", "TypeError: fake_plugin:NOT_A_FUNCTION is neither a module nor a function"),
    ("fake_plugin:add_relu", "ValueError: thing 'relu' is already registered"),
    ("fake_plugin:add_nothing", "ValueError: fake_plugin:add_nothing registered no thing"),
    ("fake_plugin:fail", "ZeroDivisionError: division by zero"),
])
def test_a_broken_plugin_is_reported_and_the_others_load(monkeypatch, registry, plugin_module, caplog, value,
                                                          message):
    with caplog.at_level(logging.WARNING, logger="actgui.core.plugins"):
        load(monkeypatch, registry, {"broken": value, "pair": "fake_plugin:add_two"})
    problems = plugins.PROBLEMS
    assert problems == [plugins.PluginProblem(GROUP, "broken", value, message)]
    assert str(plugins.PROBLEMS[0]) == f"{value}: {GROUP} 'broken': {message}"
    assert [record.getMessage() for record in caplog.records] == [f"plugin failed to load: {plugins.PROBLEMS[0]}"]
    assert registry.keys() == ["relu", "one", "two"]


def test_each_group_loads_once(monkeypatch, registry, plugin_module):
    load(monkeypatch, registry, {"pair": "fake_plugin:add_two"})
    plugins.load_group(GROUP, registry)
    assert len(plugins.PLUGINS) == 1 and plugins.PROBLEMS == []


def test_every_registry_in_the_table_exists_or_is_skipped():
    plugins.load_plugins()
    for group, target in plugins.PLUGIN_GROUPS.items():
        module_name, _, attribute = target.partition(":")
        assert group.startswith("actgui.")
        if module_name in sys.modules:
            assert isinstance(getattr(sys.modules[module_name], attribute), Registry)


def test_the_cli_runs_with_a_broken_plugin_installed(tmp_path):
    """A distribution whose entry point cannot be imported: `actgui list` still lists, and says why."""
    info = tmp_path / "broken_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[actgui.activations]\nbroken = broken_plugin_missing.module\n")
    env = {"PYTHONPATH": f"{ROOT}:{tmp_path}", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-m", "actgui", "list", "activations"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert result.stdout.split()[:3] == ["step", "identity", "sigmoid"]
    assert ("actgui: warning: plugin skipped: broken-plugin: actgui.activations 'broken': ModuleNotFoundError: "
            "No module named 'broken_plugin_missing'") in result.stderr


def test_every_group_is_named_by_its_registry():
    for group, target in plugins.PLUGIN_GROUPS.items():
        module_name, _, attribute = target.partition(":")
        assert getattr(import_module(module_name), attribute).plugin_group == group


def test_plugins_loaded_in_the_background_are_held_aside_until_committed(monkeypatch):
    """A worker thread runs the entries; their registrations reach the registry only on commit, where
    a key taken meanwhile makes that plugin a problem."""
    import threading

    from actgui.core import plugin_loading

    for name in ("PLUGINS", "PROBLEMS"):
        monkeypatch.setattr(plugins, name, [])
    monkeypatch.setattr(plugins, "_loaded_groups", set())
    registry = Registry("thing", plugin_group=GROUP)
    registry.register(Entry("relu"))
    holder = types.ModuleType("background_plugin")
    holder.REGISTRY = registry
    holder.add_two = lambda: [registry.register(Entry("one")), registry.register(Entry("two"))]
    holder.add_three = lambda: registry.register(Entry("three"))
    monkeypatch.setitem(sys.modules, "background_plugin", holder)
    monkeypatch.setattr(plugins, "PLUGIN_GROUPS", {GROUP: "background_plugin:REGISTRY"})
    entries = [EntryPoint("pair", "background_plugin:add_two", GROUP),
               EntryPoint("three", "background_plugin:add_three", GROUP)]
    monkeypatch.setattr(plugin_loading, "entry_points", lambda group: entries if group == GROUP else [])

    background = plugin_loading.BackgroundPlugins()
    assert registry.keys() == ["relu"]  # the group is the background's: a lookup loads nothing
    worker = threading.Thread(target=background.run)
    worker.start()
    worker.join(60)
    assert background.done and registry.keys() == ["relu"]  # held aside
    registry.register(Entry("three"))  # meanwhile, on this thread
    assert background.commit() == {GROUP: ("one", "two")}
    assert registry.keys() == ["relu", "three", "one", "two"]
    loaded, problems = plugins.PLUGINS, plugins.PROBLEMS
    assert loaded == [plugins.Plugin(GROUP, "pair", "background_plugin:add_two", ("one", "two"))]
    assert problems == [plugins.PluginProblem(GROUP, "three", "background_plugin:add_three",
                                              "ValueError: thing 'three' is already registered")]
