"""Plugins tried in a child process before the app imports them: an import that exits, hangs or
raises cannot end or hang the app there. The verdict is remembered per plugin version and file
dates, so only new or changed plugins are tried.

`python -m actgui.core.plugin_child GROUP NAME` loads that one entry point into its registry, calls
what it registered once (see actgui.core.plugins.check_entry) and prints one JSON line.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from importlib.metadata import EntryPoint
from importlib.util import find_spec
from pathlib import Path

from actgui.core.files import atomic_write, read_text_bounded

#: Seconds a plugin's import (and first call) may take in the probe before it is judged hung.
PROBE_TIMEOUT_S = 10.0
#: Set in the probe's environment: the child loads the one entry it is given, unprobed.
PROBING = "ACTGUI_PLUGIN_PROBE"


def cache_path() -> Path:
    """Where verdicts are kept: $ACTGUI_CACHE_DIR, else the user's cache folder."""
    folder = os.environ.get("ACTGUI_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "actgui")
    return Path(folder) / "plugin-verdicts.json"


def _mtime(path: str | os.PathLike | None) -> float:
    try:
        return os.stat(path).st_mtime if path else 0.0
    except OSError:
        return 0.0


def entry_key(group: str, entry: EntryPoint) -> str:
    """The plugin's identity for the cache: distribution name and version, the dates of its
    metadata and of its top-level module (found without importing it), the entry itself."""
    dist = entry.dist
    name = dist.name if dist is not None else "?"
    version = dist.version if dist is not None else "?"
    metadata = getattr(dist, "_path", None)
    top = entry.value.split(":")[0].split(".")[0]
    try:
        spec = find_spec(top)
    except (ImportError, ValueError):
        spec = None
    origin = spec.origin if spec is not None else None
    return f"{name}=={version}|{_mtime(metadata)}|{_mtime(origin)}|{group}|{entry.name}={entry.value}"


def _read_cache() -> dict[str, str]:
    try:
        data = json.loads(read_text_bounded(cache_path(), 1 << 20))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _write_cache(verdicts: dict[str, str]) -> None:
    with contextlib.suppress(OSError):
        cache_path().parent.mkdir(parents=True, exist_ok=True)
        atomic_write(cache_path(), json.dumps(verdicts, indent=1, ensure_ascii=False) + "\n")


def probe_problem(group: str, entry: EntryPoint) -> str | None:
    """None when the entry loads and behaves in a child process (or did before, unchanged), else
    why not: it exited, hung past PROBE_TIMEOUT_S, raised, or returned bad values."""
    if os.environ.get(PROBING) or entry.dist is None:  # a child finds installed distributions only
        return None
    key = entry_key(group, entry)
    verdicts = _read_cache()
    if key in verdicts:
        return verdicts[key] or None
    verdict = _run_probe(group, entry.name)
    verdicts[key] = verdict or ""
    _write_cache(verdicts)
    return verdict


def _run_probe(group: str, name: str) -> str | None:
    environment = {**os.environ, PROBING: "1"}
    try:
        result = subprocess.run([sys.executable, "-m", "actgui.core.plugin_child", group, name],
                                capture_output=True, timeout=PROBE_TIMEOUT_S, env=environment,
                                stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return f"it did not finish loading within {PROBE_TIMEOUT_S:g} s (it hangs); it is skipped"
    except OSError as error:
        return f"it could not be tried ({error.strerror or error})"
    lines = result.stdout.decode("utf-8", "replace").strip().splitlines()
    try:
        report = json.loads(lines[-1]) if lines else None
    except ValueError:
        report = None
    if isinstance(report, dict) and "problem" in report:
        return report["problem"] or None
    return f"it ended the process while loading (exit status {result.returncode}); it is skipped"
