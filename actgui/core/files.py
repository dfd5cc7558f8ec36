"""Safe file access: atomic writes, bounded reads and an early check that an output can be written.

A write goes to a temporary file beside the target, is flushed and fsynced, then renamed over the
target: a failed write (full disk, no permission) leaves the old file as it was and no stray file.
A read accepts regular files only, never blocks on a FIFO or a device, and refuses anything larger
than a cap before reading it.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

#: The largest file `read_bounded` reads unless told otherwise (sessions, presets, settings files).
MAX_READ_BYTES = 4 * 1024 * 1024


class FileAccessError(OSError):
    """A file that cannot be read or written; the message is meant for the user."""


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def describe(error: OSError, path: str | Path, verb: str = "write") -> str:
    """The user's message for `error`: a FileAccessError's own, else 'cannot write PATH: reason'."""
    if isinstance(error, FileAccessError):
        return str(error)
    return f"cannot {verb} {path}: {_reason(error)}"


def check_writable(path: str | Path) -> Path:
    """Raises FileAccessError when `path` cannot be created or replaced; touches nothing."""
    path = Path(path)
    if path.is_dir():
        raise FileAccessError(f"cannot write {path}: it is a folder")
    folder = path.parent
    if not folder.is_dir():
        raise FileAccessError(f"cannot write {path}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise FileAccessError(f"cannot write {path}: the folder {folder} is not writable")
    if path.exists() and not path.is_file():
        raise FileAccessError(f"cannot write {path}: it is not a regular file")
    return path


def same_file(first: str | Path, second: str | Path) -> bool:
    """Whether the two paths name one file (through links too); two missing files compare by path."""
    try:
        return os.path.samefile(first, second)
    except OSError:
        return os.path.abspath(first) == os.path.abspath(second)


def check_not_read(output: str | Path, inputs: Iterable[str | Path | None]) -> None:
    """Raises FileAccessError when `output` is one of the files `inputs` (read by the same
    operation): an operation never writes over what it reads."""
    for source in inputs:
        if source is not None and same_file(output, source):
            raise FileAccessError(f"cannot write {output}: it is the file read as input ({source}); "
                                  "it is kept (choose another output name)")


@contextlib.contextmanager
def atomic_writer(path: str | Path, mode: str = "wb", encoding: str | None = None,
                  newline: str | None = None) -> Iterator[IO]:
    """A file object writing to a temporary file beside `path`, renamed over it when the block ends
    without an error; on any error the temporary file is removed and the old file stays.
    Raises FileAccessError with the reason (e.g. 'No space left on device')."""
    path = check_writable(path)
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise FileAccessError(f"cannot write {path}: {_reason(error)}") from None
    try:
        with os.fdopen(descriptor, mode, encoding=encoding, newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        give_mode_of(temporary, path)
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError) and not isinstance(error, FileAccessError):
            raise FileAccessError(f"cannot write {path}: {_reason(error)}") from None
        raise


def give_mode_of(temporary: str | Path, path: str | Path) -> None:
    """Gives the temporary file that will replace `path` the old file's permissions (a new file's
    by the umask), not mkstemp's private 0600."""
    if os.path.exists(path):
        with contextlib.suppress(OSError):
            os.chmod(temporary, stat.S_IMODE(os.stat(path).st_mode))
    else:
        os.chmod(temporary, 0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: str | Path, data: bytes | str, encoding: str = "utf-8") -> Path:
    """Writes `data` (text as `encoding`) to `path` atomically; raises FileAccessError."""
    payload = data.encode(encoding) if isinstance(data, str) else data
    with atomic_writer(path) as handle:
        handle.write(payload)
    return Path(path)


def open_regular(path: str | Path, limit: int = MAX_READ_BYTES) -> IO[bytes]:
    """A binary file object reading the regular file `path`, opened without blocking (a FIFO,
    device, socket or folder is refused at once) and refused when larger than `limit` bytes;
    raises FileAccessError with the reason."""
    path = Path(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise FileAccessError(f"cannot read {path}: {_reason(error)}") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise FileAccessError(f"cannot read {path}: it is not a regular file")
        if info.st_size > limit:
            raise FileAccessError(f"cannot read {path}: it is {format_size(info.st_size)}, "
                                  f"more than the {format_size(limit)} allowed")
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_bounded(path: str | Path, limit: int = MAX_READ_BYTES) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them; raises FileAccessError for a
    folder, FIFO, device or socket (without blocking on it), a larger file or any OS error."""
    with open_regular(path, limit) as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as error:
            raise FileAccessError(f"cannot read {path}: {_reason(error)}") from None
    if len(data) > limit:  # the file grew after it was measured
        raise FileAccessError(f"cannot read {path}: it is more than the {format_size(limit)} allowed")
    return data


def read_text_bounded(path: str | Path, limit: int = MAX_READ_BYTES) -> str:
    """`read_bounded` decoded as UTF-8; raises FileAccessError for bytes that are not UTF-8."""
    data = read_bounded(path, limit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise FileAccessError(f"cannot read {path}: not UTF-8 text (byte {error.start})") from None


def format_size(count: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{count} bytes"


def parse_json(text: str, source: str, max_depth: int = 32, max_digits: int = 30,
               non_finite: str = "refuse") -> object:
    """JSON text parsed within bounds: nested at most `max_depth` deep (checked before parsing, so
    no RecursionError), whole numbers of at most `max_digits` digits, floats finite; NaN and
    Infinity are refused (`non_finite="refuse"`) or read as null (`"null"`). Raises ValueError
    naming the problem and `source`."""
    _check_depth(text, source, max_depth)

    def constant(name: str) -> None:
        if non_finite == "null":
            return None
        raise ValueError(f"{source}: '{name}' is not allowed; every number must be finite")

    def bounded_int(digits: str) -> int:
        if len(digits.lstrip("-")) > max_digits:
            raise ValueError(f"{source}: a whole number has more than {max_digits} digits")
        return int(digits)

    def finite_float(digits: str) -> float | None:
        value = float(digits)
        if not math.isfinite(value):
            if non_finite == "null":
                return None
            raise ValueError(f"{source}: the number {digits[:20]} is too large")
        return value

    try:
        return json.loads(text, parse_constant=constant, parse_int=bounded_int, parse_float=finite_float)
    except json.JSONDecodeError as error:
        raise ValueError(f"{source} is not valid JSON (line {error.lineno}: {error.msg}); "
                         "it may be truncated") from None
    except RecursionError:
        raise ValueError(f"{source} is nested more than {max_depth} levels deep") from None


def _check_depth(text: str, source: str, max_depth: int) -> None:
    """Refuses brackets nested deeper than `max_depth` (outside strings) before parsing."""
    depth, in_string, escaped = 0, False, False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > max_depth:
                raise ValueError(f"{source} is nested more than {max_depth} levels deep")
        elif char in "]}":
            depth -= 1
