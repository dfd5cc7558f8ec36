"""Session files: the whole app state as readable, versioned JSON.

A session holds the view settings and each panel's state. Presets are sessions that name only the
panels they set. Reading checks everything before anything is applied, so a broken, truncated or
wrong-version file is refused with a message and changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from actgui.core.files import FileAccessError, atomic_write, parse_json, read_text_bounded
from actgui.core.registry import shorten

FORMAT = "actgui-session"
VERSION = 1
#: Bounds on the text of a session file: its size, nesting and digits of a number (each panel's
#: state checks its own settings, list lengths included).
MAX_BYTES = 1024 * 1024
MAX_DEPTH = 32
MAX_DIGITS = 30


class SessionError(ValueError):
    """A session file that cannot be used; the message says why."""


def make_session(panels: dict[str, dict], view: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, "view": dict(view or {}), "panels": panels}


def write_session(path: str | Path, session: dict[str, Any]) -> None:
    """Writes indented UTF-8 JSON atomically (a temporary file beside it, flushed, then renamed over
    the target); raises SessionError when the file cannot be written, leaving any old file as it was."""
    path = Path(path)
    text = json.dumps(session, indent=2, ensure_ascii=False, sort_keys=False, allow_nan=False)
    try:
        atomic_write(path, text + "\n")
    except UnicodeEncodeError as error:
        bad = shorten(ascii(error.object[error.start:error.end]))
        raise SessionError(f"cannot write {path}: a setting holds {bad}, which is not text") from None
    except OSError as error:
        raise SessionError(str(error) if isinstance(error, FileAccessError)
                           else f"cannot write {path}: {error.strerror or error}") from None


def parse_session(text: str, source: str = "session") -> dict[str, Any]:
    """Checks the JSON text and returns the session; raises SessionError naming the problem."""
    data = load_json(text, source)
    _check_text(data, source)
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


def _check_text(value: Any, source: str) -> None:
    """Refuses strings holding lone surrogates (e.g. "\\ud800"): they cannot be saved again."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise SessionError(f"{source}: the text {shorten(ascii(item))} holds a lone surrogate "
                                   "(an escape such as \\ud800 that is no character)") from None


def read_session(path: str | Path) -> dict[str, Any]:
    """Reads and checks a session file; raises SessionError for any problem."""
    path = Path(path)
    try:
        text = read_text_bounded(path, MAX_BYTES)
    except OSError as error:
        raise SessionError(str(error)) from None
    return parse_session(text, path.name)


def load_json(text: str, source: str = "session") -> Any:
    """Bounded JSON: at most MAX_BYTES of text nested MAX_DEPTH deep, integers of MAX_DIGITS digits,
    no NaN or Infinity; raises SessionError naming the problem."""
    if len(text) > MAX_BYTES:
        raise SessionError(f"{source} is larger than {MAX_BYTES // 1024} kB")
    try:
        return parse_json(text, source, MAX_DEPTH, MAX_DIGITS)
    except ValueError as error:
        raise SessionError(str(error)) from None
