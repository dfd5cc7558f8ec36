"""Plugins: installed packages add registry entries through entry points.

A plugin package declares, in its pyproject.toml,

    [project.entry-points."actgui.activations"]
    squareplus = "my_package.activations"

The entry names a module, whose import calls the registry's `register(...)` as the built-in entries
do, or a function taking no arguments that does. A registry names its group
(`Registry("activation", plugin_group="actgui.activations")`) and loads it once, on its first
lookup. A plugin that fails (an import error, a bad entry, a key already taken, nothing registered)
is logged and listed in `PROBLEMS`; the entries it could register stay, and everything else goes on.
The window loads its plugins off the GUI thread instead (actgui.core.plugin_loading).
"""

from __future__ import annotations

import functools
import logging
import threading
from dataclasses import dataclass, replace
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
#: A thread loading plugins in the background holds their entries aside here (`held`: registry →
#: {key: entry}) until the GUI thread adds them (actgui.core.plugin_loading).
_holding = threading.local()


def held_entries(registry: object) -> dict | None:
    """The entries this thread holds aside for `registry`, or None where it registers directly."""
    held = getattr(_holding, "held", None)
    return held.get(registry) if held is not None else None


def entries_of(registry: PluginTarget) -> dict:
    """Where this thread's registrations into `registry` go: the entries held aside, else its own."""
    held = held_entries(registry)
    return registry._entries if held is None else held


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
        record(try_entry(group, entry, registry), registry)


def try_entry(group: str, entry: EntryPoint, registry: PluginTarget) -> Plugin | PluginProblem:
    """Probes the entry in a child process, then runs it here: what it added, or why it failed."""
    distribution = entry.dist.name if entry.dist is not None else entry.value
    from actgui.core.plugin_probe import probe_problem

    problem_text = probe_problem(group, entry)  # in a child process first: it may exit or hang
    try:
        if problem_text is not None:
            raise _Skipped(problem_text)
        keys = run_entry(entry, registry)
        for key in keys:
            guard_entry(group, registry, key)
    except (Exception, SystemExit) as error:  # a plugin may fail in any way; none stops ActGUI
        message = str(error) if isinstance(error, _Skipped) else (
            f"it called sys.exit({error.code!r}) while loading; it is skipped" if isinstance(error, SystemExit)
            else f"{type(error).__name__}: {error}")
        return PluginProblem(group, entry.name, distribution, message)
    return Plugin(group, entry.name, distribution, keys)


def record(outcome: Plugin | PluginProblem, registry: PluginTarget) -> None:
    """Lists a loaded plugin in PLUGINS or a failed one in PROBLEMS, and logs it."""
    if isinstance(outcome, PluginProblem):
        PROBLEMS.append(outcome)
        LOG.warning("plugin failed to load: %s", outcome)
    else:
        PLUGINS.append(outcome)
        LOG.info("plugin %s added %s %s", outcome.distribution, registry.kind, ", ".join(outcome.keys))


class _Skipped(Exception):
    """A plugin the probe judged unusable; the message says why."""


def group_registry(group: str) -> PluginTarget | None:
    """The registry of entry-point `group` (imported), or None where this version has none."""
    module_name, attribute = _registry_module(group)
    try:
        module = import_module(module_name)
    except ModuleNotFoundError:
        return None
    registry = getattr(module, attribute, None)
    return registry if getattr(registry, "plugin_group", None) == group else None


def run_entry(entry: EntryPoint, registry: PluginTarget) -> tuple[str, ...]:
    """Imports (and calls) the entry point; the keys it added to `registry`. Raises what the plugin
    raises, or TypeError/ValueError for an entry that is no module or function or registers nothing."""
    entries = entries_of(registry)
    before = set(entries)
    target = entry.load()
    if not isinstance(target, ModuleType):
        if not callable(target):
            raise TypeError(f"{entry.value} is neither a module nor a function")
        target()
    keys = tuple(key for key in entries if key not in before)
    if not keys:
        raise ValueError(f"{entry.value} registered no {registry.kind}")
    return keys


# -- what plugins return --------------------------------------------------------------------------
class PluginValueError(ValueError):
    """A plugin returned something unusable; the message names the plugin and what was wrong."""


def guard_entry(group: str, registry: PluginTarget, key: str) -> None:
    """Replaces a plugin's activation or data set in `registry` by one whose returned values are
    checked on every call (type, shape, dtype, no change to the input; data sets also finiteness and
    labels). The probe (actgui.core.plugin_probe) also calls it once: `check_entry`."""
    entries = entries_of(registry)
    entry = entries[key]
    if group == "actgui.activations":
        entries[key] = replace(entry, fn=_checked_activation(key, entry.fn))
    elif group == "actgui.datasets":
        entries[key] = replace(entry, generate=_checked_generator(entry))


def check_entry(group: str, entry: object) -> None:
    """Calls a plugin's activation or data set once on typical input; raises PluginValueError."""
    if group == "actgui.activations":
        import torch

        x = torch.linspace(-6.0, 6.0, 101)
        y = entry(x)  # type: ignore[operator]
        if not bool(torch.isfinite(y).all()):
            raise PluginValueError(f"activation '{entry.key}' returned NaN or infinite values on -6 … 6")  # type: ignore[attr-defined]
    elif group == "actgui.datasets":
        import numpy as np

        entry.generate(max(entry.default_samples // 10, 20), entry.default_noise, entry.classes,  # type: ignore[attr-defined]
                       np.random.default_rng(0))


def _checked_activation(key: str, fn):
    @functools.wraps(fn)  # still the plugin's function by name and module
    def checked(x, params):
        version = x._version
        y = fn(x, params)
        import torch

        if not isinstance(y, torch.Tensor):
            raise PluginValueError(f"activation '{key}' returned {type(y).__name__}, not a tensor")
        if y.shape != x.shape:
            raise PluginValueError(f"activation '{key}' returned shape {tuple(y.shape)} for input {tuple(x.shape)}")
        if y.dtype != x.dtype:
            raise PluginValueError(f"activation '{key}' returned {y.dtype} for {x.dtype} input")
        if x._version != version:
            raise PluginValueError(f"activation '{key}' changed its input in place")
        return y

    return checked


def _checked_generator(info):
    generate = info.generate

    @functools.wraps(generate)
    def checked(samples, noise, classes, rng):
        import numpy as np

        result = generate(samples, noise, classes, rng)
        if not (isinstance(result, tuple) and len(result) == 2):
            raise PluginValueError(f"data set '{info.key}' returned {type(result).__name__}, not (x, y)")
        x, y = (np.asarray(part) for part in result)
        if x.ndim != 2 or x.shape[1] != info.input_dim:
            raise PluginValueError(f"data set '{info.key}' returned inputs of shape {x.shape}, "
                                   f"not (n, {info.input_dim})")
        if len(y) != len(x):
            raise PluginValueError(f"data set '{info.key}' returned {len(y)} labels for {len(x)} inputs")
        if not np.issubdtype(x.dtype, np.number) or not np.isfinite(x).all():
            raise PluginValueError(f"data set '{info.key}' returned inputs that are not finite numbers")
        if not np.issubdtype(y.dtype, np.number) or not np.isfinite(y).all():
            raise PluginValueError(f"data set '{info.key}' returned labels that are not finite numbers")
        count = classes if info.variable_classes else info.classes
        if count > 0 and (y.min(initial=0) < 0 or y.max(initial=0) >= count):
            raise PluginValueError(f"data set '{info.key}' returned labels outside 0 … {count - 1}")
        return result

    return checked


def plugin_keys(group: str) -> set[str]:
    """The keys that plugins of `group` added to its registry."""
    return {key for plugin in PLUGINS if plugin.group == group for key in plugin.keys}
