"""Run files: a run (or a comparison, or a seed sweep) written while it trains, opened later.

The format is append-only: a 16-byte header (MAGIC and the format version), then frames, each a
length, a kind, a CRC-32 of kind and payload, and the payload. The settings come first (the plan:
every run's config, compared value, label and colour), then each run's description, its records (every
field, with the histograms, grid predictions and image payloads that replays draw), its optional weight
snapshots and how it ended, interleaved as they happen. Payloads are JSON with the numeric arrays
appended as raw little-endian bytes (no pickle: a file from anywhere opens safely).

Why this format and not SQLite: the file is one self-contained file at every moment (a WAL database
keeps its newest transactions in a `-wal` file beside it until a checkpoint, so a file copied after a
crash could miss them), it is only ever appended to, and a torn last frame (SIGKILL, power cut, full
disk) is recognised by its length or checksum and left out: everything up to the last flush reads.

A writer creates the file under a temporary name, writes the header and the plan, then links it to
its name (which fails when a file of that name exists: nothing is ever written over) and from then on
only appends: a background thread flushes (writes and fsyncs) what is pending every `flush_seconds`,
and `close` flushes the rest. Qt-free: the CLI
writes run files on a machine that has torch alone.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import struct
import tempfile
import threading
import time
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path

import numpy as np

from actgui.core.files import _umask
from actgui.core.network_detail import NetworkDetail
from actgui.core.training.history import RunHistory
from actgui.core.training.records import Record, RunInfo, RunResult

MAGIC = b"\x89ActGUIrun\r\n\x1a\n"
FORMAT_VERSION = 1
HEADER = struct.Struct("<14sH")
FRAME = struct.Struct("<IBI")  # payload length, kind, CRC-32 of kind and payload
PLAN, INFO, RECORD, RESULT, WEIGHTS, CHANGE = 1, 2, 3, 4, 5, 6
#: The suffix run files get (any name opens).
SUFFIX = ".actrun"
#: Largest frame and file a reader accepts.
MAX_FRAME_BYTES = 256 * 1024 * 1024
MAX_FILE_BYTES = 8 * 1024 * 1024 * 1024
FLUSH_SECONDS = 1.0
_DTYPES = {"f2", "f4", "f8", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "b1"}


class RunFileError(ValueError):
    """A file that cannot be opened as a run file; the message says why, in one sentence."""


# -- payloads ------------------------------------------------------------------------------------
def pack(data: object) -> bytes:
    """`data` (dicts, lists, numbers, strings, None and numpy arrays) as JSON followed by the arrays' bytes."""
    arrays: list[np.ndarray] = []

    def encode(value: object) -> object:
        if isinstance(value, np.ndarray):
            array = np.ascontiguousarray(value)
            array = array.astype(array.dtype.newbyteorder("<"), copy=False)
            if array.dtype.str[1:] not in _DTYPES:
                raise TypeError(f"cannot store arrays of {array.dtype}")
            arrays.append(array)
            return {"$array": len(arrays) - 1, "dtype": array.dtype.str, "shape": list(array.shape)}
        if isinstance(value, Mapping):
            return {str(k): encode(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [encode(v) for v in value]
        if isinstance(value, np.generic):
            return value.item()
        return value

    text = json.dumps(encode(data), ensure_ascii=False).encode("utf-8")
    return b"".join([struct.pack("<I", len(text)), text, *(a.tobytes() for a in arrays)])


def unpack(payload: bytes) -> object:
    """What `pack` packed; raises ValueError for a malformed payload."""
    (length,) = struct.unpack_from("<I", payload)
    tree = json.loads(payload[4:4 + length].decode("utf-8"))
    offset = 4 + length

    def decode(value: object) -> object:
        nonlocal offset
        if isinstance(value, dict) and "$array" in value:
            dtype = np.dtype(str(value["dtype"]))
            if dtype.str[1:] not in _DTYPES:
                raise ValueError(f"unknown array type {dtype}")
            shape = tuple(int(n) for n in value["shape"])
            size = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
            if offset + size > len(payload):
                raise ValueError("an array runs past its frame")
            array = np.frombuffer(payload, dtype, int(np.prod(shape, dtype=np.int64)), offset).reshape(shape)
            offset += size
            return array.astype(dtype.newbyteorder("="))
        if isinstance(value, dict):
            return {k: decode(v) for k, v in value.items()}
        if isinstance(value, list):
            return [decode(v) for v in value]
        return value

    return decode(tree)


def _as_dict(instance: object) -> dict:
    return {f.name: getattr(instance, f.name) for f in fields(instance)}  # type: ignore[arg-type]


def record_data(record: Record) -> dict:
    data = _as_dict(record)
    if record.network is not None:
        data["network"] = _as_dict(record.network)
    return data


def record_from(data: Mapping[str, object]) -> Record:
    values = dict(data)
    if values.get("network") is not None:
        values["network"] = NetworkDetail(**values["network"])  # type: ignore[arg-type]
    return Record(**values)  # type: ignore[arg-type]


def info_from(data: Mapping[str, object]) -> RunInfo:
    values = dict(data)
    for name in ("image_shape", "class_names_en", "class_names_zh", "grid_extent"):
        if name in values:
            values[name] = tuple(values[name])  # type: ignore[arg-type]
    return RunInfo(**values)  # type: ignore[arg-type]


# -- writing -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PlannedEntry:
    """One run of a run file's plan: what sets it apart, its label and colour, its config."""

    value: str
    label: str
    color: str
    config: dict


class RunWriter:
    """Appends a run file while its runs train. `path` must not exist (FileExistsError otherwise).
    What is added is flushed within `flush_seconds` by a background thread (at once with 0). A write
    that fails (e.g. a full disk) takes the file back to its last complete frame and stops writing:
    `error` says why; training goes on."""

    def __init__(self, path: str | Path, plan: Sequence[PlannedEntry], compare_by: str = "",
                 flush_seconds: float = FLUSH_SECONDS) -> None:
        self.path = Path(path)
        self.flush_seconds = float(flush_seconds)
        self.error: str | None = None
        self._pending: list[bytes] = []
        self._lock = threading.Lock()
        self._closing = threading.Event()
        header = {"app": "actgui", "compare_by": compare_by, "created": time.time(),
                  "runs": [_as_dict(entry) for entry in plan]}
        first = HEADER.pack(MAGIC, FORMAT_VERSION) + _frame(PLAN, json.dumps(header).encode("utf-8"))
        folder = self.path.parent if str(self.path.parent) else Path(".")
        handle, temporary = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".part", dir=folder)
        try:
            os.chmod(temporary, 0o666 & ~_umask())
            os.write(handle, first)
            os.fsync(handle)
            os.link(temporary, self.path)  # fails when the name is taken: nothing is written over
        except BaseException:
            os.close(handle)
            os.unlink(temporary)
            raise
        os.unlink(temporary)
        os.close(handle)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
        self._size = len(first)
        _sync_folder(folder)
        self._flusher = None
        if self.flush_seconds > 0:
            self._flusher = threading.Thread(target=self._flush_every, name="run file flusher", daemon=True)
            self._flusher.start()

    def _flush_every(self) -> None:
        while not self._closing.wait(self.flush_seconds):
            self.flush()

    def info(self, run: int, info: RunInfo) -> None:
        self._add(INFO, pack({"run": run, "info": _as_dict(info)}))

    def record(self, run: int, record: Record) -> None:
        self._add(RECORD, pack({"run": run, "record": record_data(record)}))

    def change(self, run: int, step: int, changes: Mapping[str, float]) -> None:
        """Live settings applied to the run after `step` optimiser steps (`Trainer.adjust`)."""
        self._add(CHANGE, pack({"run": run, "step": int(step), "changes": {k: float(v) for k, v in changes.items()}}))

    def result(self, run: int, result: RunResult) -> None:
        self._add(RESULT, pack({"run": run, "result": _as_dict(result)}))
        self.flush()

    def weights(self, run: int, step: int, names: Sequence[str], shapes: Sequence[Sequence[int]],
                vector: np.ndarray, buffers: Mapping[str, np.ndarray] | None = None) -> None:
        """The run's parameters (a flat float32 vector) at `step`; the last snapshot's buffers count."""
        self._add(WEIGHTS, pack({"run": run, "step": int(step), "names": list(names),
                                 "shapes": [list(s) for s in shapes], "vector": np.asarray(vector, np.float32),
                                 "buffers": dict(buffers or {})}))

    def _add(self, kind: int, payload: bytes) -> None:
        if self.error is None:
            frame = _frame(kind, payload)
            with self._lock:
                self._pending.append(frame)
            if self._flusher is None:
                self.flush()

    def flush(self) -> None:
        """Writes what is pending and makes it durable (fsync)."""
        with self._lock:
            if self.error is not None or not self._pending or self._fd < 0:
                return
            data = b"".join(self._pending)
            self._pending.clear()
            self._write(data)

    def _write(self, data: bytes) -> None:
        try:
            written = 0
            while written < len(data):
                written += os.write(self._fd, data[written:])
            os.fsync(self._fd)
            self._size += len(data)
        except OSError as error:
            self.error = f"{self.path}: {error.strerror or error}; the run file holds the records up to here"
            with contextlib.suppress(OSError):  # the reader leaves a torn last frame out anyway
                os.ftruncate(self._fd, self._size)

    def close(self) -> None:
        if self._fd < 0:
            return
        self._closing.set()
        if self._flusher is not None:
            self._flusher.join()
        self.flush()
        with self._lock:
            os.close(self._fd)
            self._fd = -1


def _frame(kind: int, payload: bytes) -> bytes:
    return FRAME.pack(len(payload), kind, zlib.crc32(payload, zlib.crc32(bytes([kind])))) + payload


def _sync_folder(folder: Path) -> None:
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass  # not every file system syncs folders
    finally:
        os.close(handle)


# -- reading -------------------------------------------------------------------------------------
@dataclass
class RunWeights:
    """A run's recorded parameters: names, shapes, steps, flat float32 vectors, the last buffers."""

    names: list[str]
    shapes: list[tuple[int, ...]]
    steps: list[int] = field(default_factory=list)
    snapshots: list[np.ndarray] = field(default_factory=list)
    buffers: dict[str, np.ndarray] = field(default_factory=dict)


@dataclass
class RunDocument:
    """A run file read back: its plan, every run's history (every record), weights and notes; with
    `keep_records`, every run's records too (for a timeline that replays them)."""

    path: Path
    version: int
    compare_by: str
    plan: list[PlannedEntry]
    histories: list[RunHistory | None]
    weights: dict[int, RunWeights]
    notes: list[str]
    records: list[list[Record]] = field(default_factory=list)

    @property
    def values(self) -> list[str]:
        return [entry.value for entry in self.plan]


def is_run_file(path: str | Path) -> bool:
    """Whether the file starts as a run file does (for telling run files from run.json files)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def read_run(path: str | Path, keep_records: bool = False) -> RunDocument:
    """Reads a run file (one still being written too); raises RunFileError with one clear message for
    a missing, foreign, truncated, older or newer file. A torn or damaged tail is left out, with a note."""
    path = Path(path)
    try:
        info = os.stat(path)
    except OSError as error:
        raise RunFileError(f"cannot open {path}: {error.strerror or error}") from None
    if not stat.S_ISREG(info.st_mode):
        raise RunFileError(f"{path} is not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise RunFileError(f"{path} is larger than a run file can be ({MAX_FILE_BYTES // 2**30} GiB)")
    try:
        with open(path, "rb") as handle:
            return _read(path, handle, keep_records)
    except OSError as error:
        raise RunFileError(f"cannot read {path}: {error.strerror or error}") from None


def _read(path: Path, handle, keep_records: bool = False) -> RunDocument:
    start = handle.read(HEADER.size)
    if len(start) < HEADER.size:
        if MAGIC.startswith(start[:len(MAGIC)]) and start:
            raise RunFileError(f"{path} is a truncated run file (it ends inside its header)")
        raise RunFileError(f"{path} is not an ActGUI run file")
    magic, version = HEADER.unpack(start)
    if magic != MAGIC:
        raise RunFileError(f"{path} is not an ActGUI run file")
    if version > FORMAT_VERSION:
        raise RunFileError(f"{path} was written by a newer ActGUI (run file format {version}; this version "
                           f"reads format {FORMAT_VERSION}): update ActGUI to open it")
    if version < FORMAT_VERSION:
        raise RunFileError(f"{path} is in run file format {version}, which this version no longer reads "
                           f"(it reads format {FORMAT_VERSION})")
    frames = _frames(handle)
    notes: list[str] = []
    try:
        kind, payload = next(frames)
    except StopIteration as end:
        raise RunFileError(f"{path} is a truncated run file (it ends before its settings)"
                           if end.value is None else f"{path}: {end.value} before its settings") from None
    if kind != PLAN:
        raise RunFileError(f"{path} is a damaged run file (its settings are missing)")
    try:
        header = json.loads(payload.decode("utf-8"))
        plan = [PlannedEntry(str(r["value"]), str(r["label"]), str(r["color"]), dict(r["config"]))
                for r in header["runs"]]
        compare_by = str(header.get("compare_by", ""))
    except (ValueError, KeyError, TypeError) as error:
        raise RunFileError(f"{path} is a damaged run file (its settings do not read: {error})") from None
    histories: list[RunHistory | None] = [None] * len(plan)
    weights: dict[int, RunWeights] = {}
    records: list[list[Record]] | None = [[] for _ in plan] if keep_records else None
    while True:
        try:
            kind, payload = next(frames)
        except StopIteration as end:
            if end.value:
                notes.append(f"{path}: {end.value}; the records before it are read")
            break
        try:
            _apply(kind, payload, plan, histories, weights, records)
        except (ValueError, KeyError, TypeError, IndexError, struct.error) as error:
            notes.append(f"{path}: a record does not read ({error}); the records before it are read")
            break
    return RunDocument(path, FORMAT_VERSION, compare_by, plan, histories, weights, notes, records or [])


def _frames(handle):
    """(kind, payload) of each complete frame; returns why it stopped early (None at a clean end)."""
    while True:
        head = handle.read(FRAME.size)
        if not head:
            return None
        if len(head) < FRAME.size:
            return "the file ends inside a record (the run was cut off)"
        length, kind, checksum = FRAME.unpack(head)
        if length > MAX_FRAME_BYTES:
            return "a record is damaged (impossible length)"
        payload = handle.read(length)
        if len(payload) < length:
            return "the file ends inside a record (the run was cut off)"
        if zlib.crc32(payload, zlib.crc32(bytes([kind]))) != checksum:
            return "a record is damaged (its checksum does not match)"
        yield kind, payload


def _apply(kind: int, payload: bytes, plan: list[PlannedEntry], histories: list[RunHistory | None],
           weights: dict[int, RunWeights], records: list[list[Record]] | None = None) -> None:
    if kind not in (INFO, RECORD, RESULT, WEIGHTS, CHANGE):
        return  # a later minor addition this version does not draw
    data = unpack(payload)
    run = int(data["run"])  # type: ignore[index]
    if not 0 <= run < len(plan):
        raise ValueError(f"run {run} is not in the plan")
    if kind == INFO:
        entry = plan[run]
        histories[run] = RunHistory(info_from(data["info"]), None, entry.label, entry.color)  # type: ignore[index]
        return
    if kind == WEIGHTS:
        kept = weights.setdefault(run, RunWeights([str(n) for n in data["names"]],  # type: ignore[index]
                                                  [tuple(int(v) for v in s) for s in data["shapes"]]))  # type: ignore[index]
        step, vector = int(data["step"]), np.asarray(data["vector"], np.float32)  # type: ignore[index]
        if kept.steps and kept.steps[-1] == step:  # the final snapshot taken again at the last step
            kept.snapshots[-1] = vector
        else:
            kept.steps.append(step)
            kept.snapshots.append(vector)
        kept.buffers = dict(data["buffers"])  # type: ignore[index]
        return
    history = histories[run]
    if history is None:
        raise ValueError(f"run {run} has records before its description")
    if kind == CHANGE:
        history.changes.append((int(data["step"]), {str(k): float(v) for k, v in data["changes"].items()}))  # type: ignore[index]
        return
    if kind == RECORD:
        record = record_from(data["record"])  # type: ignore[index]
        history.add(record)
        if records is not None:
            records[run].append(record)
    else:
        history.result = RunResult(**data["result"])  # type: ignore[index]


def copy_run(source: str | Path, target: str | Path) -> Path:
    """A copy of the run file `source` (one still being written too: what is flushed) under the new
    name `target`, written whole beside it and then linked to its name; raises FileExistsError when
    `target` exists (nothing is written over) and RunFileError when `source` is no run file."""
    source, target = Path(source), Path(target)
    read_run(source)  # refuses a foreign, truncated or unreadable file with one message
    folder = target.parent if str(target.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    try:
        os.chmod(temporary, 0o666 & ~_umask())
        with open(source, "rb") as reader:
            while chunk := reader.read(1 << 20):
                os.write(handle, chunk)
        os.fsync(handle)
        os.link(temporary, target)  # fails when the name is taken
    finally:
        os.close(handle)
        os.unlink(temporary)
    _sync_folder(folder)
    return target
