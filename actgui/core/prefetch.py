"""A head start for the window: a helper process imports torch and computes the visible panel's first
numbers while the window builds its widgets on the other core.

The window starts the helper before it imports Qt (`start()`); the helper imports torch at once, then
reads one request line from stdin: the panel's state class and a function of that state, each as
"module:name". It writes the function's result as one message (`decode`) and exits. An empty stdin
(the visible panel has nothing to prefetch) ends it. With fewer than two usable CPUs nothing is
started: two processes on one core would only slow each other; nor with ACTGUI_PREFETCH=0 in the
environment, nor off POSIX systems (the window watches the helper's pipe with a QSocketNotifier).

    python -m actgui.core.prefetch
"""

from __future__ import annotations

import json
import os
import pickle
import struct
import subprocess
import sys
from pathlib import Path
from typing import IO

from actgui.core.lazy import load_object

SWITCH_VARIABLE = "ACTGUI_PREFETCH"
#: A message is its length as 8 bytes (little-endian), then the pickled result.
HEADER = struct.Struct("<Q")
#: A longer message is refused (the first numbers of a panel are well under a megabyte).
MAX_MESSAGE_BYTES = 64 * 2**20


class PrefetchError(Exception):
    """The helper's message is not a prefetch result."""


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def start() -> subprocess.Popen | None:
    """Starts the helper (None with fewer than two CPUs, with ACTGUI_PREFETCH=0, off POSIX systems, where
    the window cannot watch a pipe, or if it cannot be started)."""
    if os.name != "posix" or usable_cpus() < 2 or os.environ.get(SWITCH_VARIABLE) == "0":
        return None
    package_parent = str(Path(__file__).resolve().parents[2])
    path = os.pathsep.join(p for p in (package_parent, os.environ.get("PYTHONPATH", "")) if p)
    try:
        return subprocess.Popen([sys.executable, "-m", "actgui.core.prefetch"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                env=dict(os.environ, PYTHONPATH=path))
    except OSError:
        return None


def request(helper: subprocess.Popen, state: str, function: str) -> None:
    """Asks the helper for `function(state class())`; both are "module:name"."""
    helper.stdin.write(json.dumps({"state": state, "function": function}).encode() + b"\n")
    helper.stdin.close()


def encode(result: object) -> bytes:
    """The message carrying `result`."""
    data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(data)) + data


def decode(data: bytes) -> tuple[bool, object]:
    """(complete, result) from the bytes read so far: (False, None) until the whole message is there.
    Raises PrefetchError for a message that is too long or does not unpickle."""
    if len(data) < HEADER.size:
        return False, None
    (length,) = HEADER.unpack_from(data)
    if length > MAX_MESSAGE_BYTES:
        raise PrefetchError(f"the message is {length} bytes (at most {MAX_MESSAGE_BYTES})")
    if len(data) < HEADER.size + length:
        return False, None
    try:
        return True, pickle.loads(data[HEADER.size:HEADER.size + length])
    except Exception as error:  # a truncated or foreign message: any unpickling error means the same
        raise PrefetchError(f"the message does not unpickle: {error}") from error


def serve(requests: IO[bytes], out: IO[bytes]) -> bool:
    """Answers one request read from `requests` on `out`; False when there was none."""
    import torch  # noqa: F401 (the head start: imported before the window knows what it needs)

    line = requests.readline()
    if not line.strip():
        return False
    wanted = json.loads(line)
    out.write(encode(load_object(wanted["function"])(load_object(wanted["state"])())))
    out.flush()
    return True


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
    sys.stdout.flush()
    os._exit(0)  # the window has its answer: tearing torch down would only take CPU from it
