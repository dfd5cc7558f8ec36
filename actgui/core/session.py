"""Session files: the whole app state as readable, versioned JSON.

A session holds the view settings and each panel's state. Presets are sessions that name only the
panels they set. Reading checks everything before anything is applied, so a broken, truncated or
wrong-version file is refused with a message and changes nothing.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

FORMAT = "actgui-session"
VERSION = 1
#: Larger files are refused unread: a session is a few kilobytes.
MAX_SESSION_BYTES = 4 * 1024 * 1024


class SessionError(ValueError):
    """A session file that cannot be used; the message says why."""


def make_session(panels: dict[str, dict], view: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, "view": dict(view or {}), "panels": panels}


def write_session(path: str | Path, session: dict[str, Any]) -> None:
    """Writes indented UTF-8 JSON atomically (a temporary file beside it, flushed, then renamed over
    the target); raises SessionError when the file cannot be written, leaving any old file as it was."""
    path = Path(path)
    text = json.dumps(session, indent=2, ensure_ascii=False, sort_keys=False, allow_nan=False)
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text + "\n")
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as error:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
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
        with path.open("rb") as stream:
            data = stream.read(MAX_SESSION_BYTES + 1)
        if len(data) > MAX_SESSION_BYTES:
            raise SessionError(f"{path.name} is larger than {MAX_SESSION_BYTES // (1024 * 1024)} MB; "
                               "it is not an ActGUI session")
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SessionError(f"cannot read {path}: {getattr(error, 'strerror', None) or error}") from None
    return parse_session(text, path.name)
