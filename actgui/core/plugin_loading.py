"""Plugins loaded in the background, so that a window's first frame never waits for a plugin's probe
(up to actgui.core.plugin_probe.PROBE_TIMEOUT_S in a child process) or import.

`BackgroundPlugins()` takes over every plugin group not loaded yet: from then on the registries hold
their built-in entries only. `run()`, on a worker thread, probes each entry point in a child process
and imports those that passed; what they register is held aside, out of sight of other threads.
`commit()`, on the thread that owns the registries, adds the held entries to their registries and
lists the plugins and the problems (actgui.core.plugins.PLUGINS and PROBLEMS) as a direct load would.
"""

from __future__ import annotations

from importlib.metadata import entry_points

from actgui.core import plugins
from actgui.core.plugins import Plugin, PluginProblem, PluginTarget


class BackgroundPlugins:
    """The plugins of every group not loaded yet, loaded by `run()` and added by `commit()`."""

    def __init__(self) -> None:
        self.groups = [group for group in plugins.PLUGIN_GROUPS if group not in plugins._loaded_groups]
        plugins._loaded_groups.update(self.groups)  # a registry's first lookup loads nothing now
        self._outcomes: list[tuple[PluginTarget, Plugin | PluginProblem]] = []
        self._held: dict[PluginTarget, dict] = {}
        self.done = False

    def run(self) -> None:
        """Probes and imports every entry point of the groups (on a worker thread)."""
        registries = {group: plugins.group_registry(group) for group in self.groups}  # built-ins first
        self._held = {registry: {} for registry in registries.values() if registry is not None}
        plugins._holding.held = self._held
        try:
            for group, registry in registries.items():
                if registry is not None:
                    for entry in entry_points(group=group):
                        self._outcomes.append((registry, plugins.try_entry(group, entry, registry)))
        finally:
            plugins._holding.held = None
            self.done = True

    def commit(self) -> dict[str, tuple[str, ...]]:
        """Adds what the plugins that passed registered (call once `run()` is done, on the thread
        that owns the registries); the keys added, by group."""
        added: dict[str, tuple[str, ...]] = {}
        for registry, outcome in self._outcomes:
            if isinstance(outcome, Plugin):
                taken = [key for key in outcome.keys if key in registry._entries]
                if taken:  # registered meanwhile by another way
                    outcome = PluginProblem(outcome.group, outcome.name, outcome.distribution,
                                            f"ValueError: {registry.kind} '{taken[0]}' is already registered")
                else:
                    registry._entries.update({key: self._held[registry][key] for key in outcome.keys})
                    added[outcome.group] = added.get(outcome.group, ()) + outcome.keys
            plugins.record(outcome, registry)
        self._outcomes = []
        return added
