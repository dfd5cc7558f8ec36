"""Plugins: installed packages add registry entries through entry points.

A plugin package declares, in its pyproject.toml,

    [project.entry-points."actgui.activations"]
    squareplus = "my_package.activations"

The entry names a module, whose import calls the registry's `register(...)` as the built-in entries
do, or a function taking no arguments that does. A registry names its group
(`Registry("activation", plugin_group="actgui.activations")`) and loads it once, on its first
lookup. A plugin that fails (an import error, a bad entry, a key already taken, nothing registered)
is logged and listed in `PROBLEMS`; the entries it could register stay, and everything else goes on.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from importlib import import_module
from importlib.metadata import EntryPoint, entry_points
from types import ModuleType
from typing import Protocol

LOG = logging.getLogger(__name__)

#: Entry-point group → the registry it adds to, as "module:ATTRIBUTE" (that registry names the group
#: as its `plugin_group`). A group whose module is not part of this version of ActGUI is skipped.
PLUGIN_GROUPS: dict[str, str] = {
    "actgui.activations": "actgui.core.activations:ACTIVATIONS",
    "actgui.inits": "actgui.core.inits:INITS",
    "actgui.datasets": "actgui.core.datasets:DATASETS",
    "actgui.surfaces": "actgui.core.surfaces:SURFACES",
    "actgui.models": "actgui.core.models:MODELS",
}


class PluginTarget(Protocol):
    """What a plugin group adds to: a registry (actgui.core.registry.Registry)."""

    kind: str

    def keys(self) -> list[str]: ...


@dataclass(frozen=True)
class Plugin:
    """One entry point that was loaded, and the keys it registered."""

    group: str
    name: str
    distribution: str
    keys: tuple[str, ...]


@dataclass(frozen=True)
class PluginProblem:
    """One entry point that failed, and why."""

    group: str
    name: str
    distribution: str
    message: str

    def __str__(self) -> str:
        return f"{self.distribution}: {self.group} '{self.name}': {self.message}"


PLUGINS: list[Plugin] = []
PROBLEMS: list[PluginProblem] = []
_loaded_groups: set[str] = set()


def _registry_module(group: str) -> tuple[str, str]:
    module, _, attribute = PLUGIN_GROUPS[group].partition(":")
    return module, attribute


def load_plugins() -> list[PluginProblem]:
    """Loads every group whose registry exists in this version; returns all problems so far."""
    for group in PLUGIN_GROUPS:
        module_name, attribute = _registry_module(group)
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        registry = getattr(module, attribute, None)
        if getattr(registry, "plugin_group", None) == group:
            load_group(group, registry)
    return list(PROBLEMS)


def load_group(group: str, registry: PluginTarget) -> None:
    """Runs each entry point of `group` once, recording what it added to `registry` or why it failed."""
    if group in _loaded_groups:
        return
    _loaded_groups.add(group)
    for entry in entry_points(group=group):
        _load_entry(group, entry, registry)


def _load_entry(group: str, entry: EntryPoint, registry: PluginTarget) -> None:
    distribution = entry.dist.name if entry.dist is not None else entry.value
    before = set(registry.keys())
    try:
        target = entry.load()
        if not isinstance(target, ModuleType):
            if not callable(target):
                raise TypeError(f"{entry.value} is neither a module nor a function")
            target()
        after = registry.keys()
        keys = tuple(key for key in after if key not in before)
        if not keys:
            raise ValueError(f"{entry.value} registered no {registry.kind}")
    except Exception as error:  # a plugin may fail in any way; none stops ActGUI
        problem = PluginProblem(group, entry.name, distribution, f"{type(error).__name__}: {error}")
        PROBLEMS.append(problem)
        LOG.warning("plugin failed to load: %s", problem)
        return
    PLUGINS.append(Plugin(group, entry.name, distribution, keys))
    LOG.info("plugin %s added %s %s", distribution, registry.kind, ", ".join(keys))


def plugin_keys(group: str) -> set[str]:
    """The keys that plugins of `group` added to its registry."""
    return {key for plugin in PLUGINS if plugin.group == group for key in plugin.keys}
