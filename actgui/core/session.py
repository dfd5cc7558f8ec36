"""Session files: the whole app state as readable, versioned JSON.

A session holds the view settings and each panel's state. Presets are sessions that name only the
panels they set. Reading checks everything before anything is applied, so a broken, truncated or
wrong-version file is refused with a message and changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FORMAT = "actgui-session"
VERSION = 1


class SessionError(ValueError):
    """A session file that cannot be used; the message says why."""


def make_session(panels: dict[str, dict], view: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, "view": dict(view or {}), "panels": panels}


def write_session(path: str | Path, session: dict[str, Any]) -> None:
    """Writes indented UTF-8 JSON; raises SessionError when the file cannot be written."""
    text = json.dumps(session, indent=2, ensure_ascii=False, sort_keys=False)
    try:
        Path(path).write_text(text + "\n", encoding="utf-8")
    except OSError as error:
        raise SessionError(f"cannot write {path}: {error.strerror or error}") from None


def parse_session(text: str, source: str = "session") -> dict[str, Any]:
    """Checks the JSON text and returns the session; raises SessionError naming the problem."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SessionError(f"{source} is not valid JSON (line {error.lineno}: {error.msg}); "
                           "it may be truncated") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SessionError(f"{source} is not an ActGUI session file")
    version = data.get("version")
    if version != VERSION:
        raise SessionError(f"{source} has version {version!r}; this ActGUI reads version {VERSION}")
    if not isinstance(data.get("panels"), dict) or not all(isinstance(v, dict) for v in data["panels"].values()):
        raise SessionError(f"{source}: 'panels' must map panel names to settings")
    if not isinstance(data.get("view", {}), dict):
        raise SessionError(f"{source}: 'view' must be an object")
    return data


def read_session(path: str | Path) -> dict[str, Any]:
    """Reads and checks a session file; raises SessionError for any problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SessionError(f"cannot read {path}: {getattr(error, 'strerror', None) or error}") from None
    return parse_session(text, path.name)
