"""The child side of a plugin's probe (actgui.core.plugin_probe): `python -m actgui.core.plugin_child GROUP
NAME` loads that one entry point into its registry, checks what it returns and prints the verdict as JSON."""

from __future__ import annotations

import json
import os
import sys
from importlib.metadata import entry_points


def probe(group: str, name: str) -> str | None:
    from actgui.core import plugins

    matches = [entry for entry in entry_points(group=group) if entry.name == name]
    if not matches:
        return f"no entry point {group} '{name}'"
    registry = plugins.group_registry(group)
    if registry is None:
        return None
    registry._plugins_pending = False  # only this entry: another plugin's trouble is not this one's
    try:
        keys = plugins.run_entry(matches[0], registry)
        for key in keys:
            plugins.guard_entry(group, registry, key)
            plugins.check_entry(group, registry.get(key))
    except SystemExit as end:
        return f"it called sys.exit({end.code!r}) while loading; it is skipped"
    except plugins.PluginValueError as error:
        return str(error)
    except Exception as error:  # noqa: BLE001 (a plugin may fail in any way)
        return f"{type(error).__name__}: {error}"
    return None


if __name__ == "__main__":
    problem = probe(sys.argv[1], sys.argv[2])
    sys.stdout.write("\n" + json.dumps({"problem": problem}) + "\n")
    sys.stdout.flush()
    os._exit(0)
