"""Reading MNIST-format IDX files (MNIST, Fashion-MNIST, KMNIST, EMNIST …), gzip-compressed or not.

An IDX file is a 4-byte magic number (two zero bytes, a type code, the number of dimensions), one
big-endian 32-bit size per dimension, then the values in row-major order, big-endian. Every read is
bounded by the size the header declares (and by MAX_BYTES); a file whose header is malformed, whose
data is shorter or longer than declared, or whose images and labels disagree is refused with an
IdxError naming the file and the problem.
"""

from __future__ import annotations

import errno
import gzip
import math
import os
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import numpy as np

from actgui.core import files
from actgui.core.registry import format_number

#: IDX type codes and the numpy dtypes they stand for (big-endian).
DTYPES = {0x08: np.dtype("u1"), 0x09: np.dtype("i1"), 0x0B: np.dtype(">i2"), 0x0C: np.dtype(">i4"),
          0x0D: np.dtype(">f4"), 0x0E: np.dtype(">f8")}
#: The most data one file may declare (Fashion-MNIST's training images are 47 MB, EMNIST's largest 560 MB).
MAX_BYTES = 1 << 30
MAX_DIMS = 4
GZIP_MAGIC = b"\x1f\x8b"


class ReadCancelled(Exception):
    """The user cancelled a read; nothing was changed."""


#: `progress(done, total)` after each chunk read (bytes of data); returning False cancels the read.
Progress = Callable[[int, int], bool]


class IdxError(ValueError):
    """An IDX file that cannot be used; the message names the file and the problem."""

    def __init__(self, path: str | Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = Path(path)
        self.problem = problem


#: The largest IDX file on disk (compressed or not; what it declares is bounded by MAX_BYTES).
MAX_FILE_BYTES = MAX_BYTES + 4 + 4 * MAX_DIMS


def _open(path: Path) -> BinaryIO:
    """The file's data stream (gunzipped when compressed); regular files only, never blocking."""
    raw = files.open_regular(path, MAX_FILE_BYTES)
    try:
        compressed = raw.read(2) == GZIP_MAGIC
        raw.seek(0)
    except OSError:
        raw.close()
        raise
    return gzip.GzipFile(fileobj=raw, mode="rb") if compressed else raw  # type: ignore[return-value]


#: Bytes read in one piece: each piece holds the GIL for well under a millisecond.
READ_PIECE = 1 << 20


def _read_exactly(handle: BinaryIO, count: int, progress: Progress | None = None) -> bytearray | np.ndarray:
    """Up to `count` bytes, read in place in READ_PIECE pieces (short GIL holds while a GUI waits, no
    final copy); fewer when the stream ends first. A large read fills an uninitialised numpy buffer
    (bytearray(count) zeroes its memory with the GIL held: 0.2 s for 150 MiB)."""
    buffer = bytearray(count) if count <= READ_PIECE else np.empty(count, np.uint8)
    view, done = memoryview(buffer), 0
    while done < count:
        read = handle.readinto(view[done:done + READ_PIECE])
        if not read:
            break
        done += read
        if progress is not None and progress(read, count) is False:
            raise ReadCancelled
    view.release()
    return buffer if done == count else buffer[:done]


def read_idx(path: str | Path, progress: Progress | None = None,
             check_dims: Callable[[tuple[int, ...]], str | None] | None = None) -> np.ndarray:
    """The array stored in IDX file `path` (gz or not), in native byte order.

    Raises IdxError for a missing or unreadable file, a wrong magic number, an unknown type code,
    zero or too many dimensions, a declared size over MAX_BYTES, and data shorter or longer than
    the header declares (a truncated or corrupted file).
    """
    path = Path(path)
    try:
        with _open(path) as handle:
            magic = _read_exactly(handle, 4)
            if len(magic) < 4:
                raise IdxError(path, f"too short for an IDX header ({len(magic)} bytes)")
            zero, code, ndims = magic[:2], magic[2], magic[3]
            if zero != b"\0\0":
                raise IdxError(path, f"wrong magic number 0x{magic.hex()} (not an IDX file)")
            if code not in DTYPES:
                raise IdxError(path, f"unknown IDX type code 0x{code:02x}")
            if not 1 <= ndims <= MAX_DIMS:
                raise IdxError(path, f"{ndims} dimensions (an IDX data file has 1 to {MAX_DIMS})")
            raw_dims = _read_exactly(handle, 4 * ndims)
            if len(raw_dims) < 4 * ndims:
                raise IdxError(path, "truncated header: the dimension sizes are cut off")
            dims = struct.unpack(f">{ndims}I", raw_dims)
            dtype = DTYPES[code]
            problem = check_dims(dims) if check_dims is not None else None
            if problem:
                raise IdxError(path, problem)
            size = math.prod(dims) * dtype.itemsize  # exact: dimensions may multiply past 2⁶⁴
            if size > MAX_BYTES:
                raise IdxError(path, f"declares {format_number(size)} bytes of data ({'×'.join(map(str, dims))}), "
                                     f"over the {MAX_BYTES >> 20} MiB limit")
            data = _read_exactly(handle, size, progress)
            if len(data) < size:
                raise IdxError(path, f"truncated: the header declares {'×'.join(map(str, dims))} values "
                                     f"({size} bytes) but only {len(data)} bytes follow")
            if handle.read(1):
                raise IdxError(path, f"longer than its header declares ({'×'.join(map(str, dims))}): "
                                     "extra bytes after the data")
    except FileNotFoundError:
        raise IdxError(path, "no such file") from None
    except files.FileAccessError as error:
        reason = str(error).removeprefix(f"cannot read {path}: ")
        raise IdxError(path, "no such file" if reason == os.strerror(errno.ENOENT) else reason) from None
    except EOFError:
        raise IdxError(path, "truncated: the compressed data ends before its end marker") from None
    except (OSError, zlib.error) as error:  # gzip raises these for a damaged stream
        raise IdxError(path, f"cannot be read ({error})") from None
    return np.frombuffer(data, dtype=dtype).reshape(dims).astype(dtype.newbyteorder("="), copy=False)


def read_images_and_labels(images_path: str | Path, labels_path: str | Path, progress: Progress | None = None,
                           max_side: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(images (N, H, W) uint8, labels (N,) int64) from an IDX image file and its label file.

    Raises IdxError when the images are not N × H × W unsigned bytes, the labels not N unsigned
    bytes, or the two files hold different numbers of items.
    """
    def side_problem(dims: tuple[int, ...]) -> str | None:
        if max_side is not None and len(dims) == 3 and max(dims[1:]) > max_side:
            return f"images are {dims[1]}×{dims[2]}; at most {max_side}×{max_side} pixels are supported"
        return None

    images = read_idx(images_path, progress, side_problem)
    if images.ndim != 3 or images.dtype != np.uint8:
        raise IdxError(images_path, f"expected images as N × height × width unsigned bytes, found "
                                    f"{'×'.join(map(str, images.shape))} of {images.dtype}")
    if 0 in images.shape:
        raise IdxError(images_path, "holds no images")
    labels = read_idx(labels_path, progress)
    if labels.ndim != 1 or labels.dtype != np.uint8:
        raise IdxError(labels_path, f"expected labels as N unsigned bytes, found "
                                    f"{'×'.join(map(str, labels.shape))} of {labels.dtype}")
    if len(labels) != len(images):
        raise IdxError(labels_path, f"holds {len(labels)} labels but {Path(images_path).name} holds "
                                    f"{len(images)} images")
    return images, labels.astype(np.int64)


def write_idx(path: str | Path, array: np.ndarray, compress: bool | None = None) -> Path:
    """Writes `array` as an IDX file (gzip-compressed when `compress`, or when the name ends in .gz),
    atomically: a temporary file beside the target, flushed, synced and renamed."""
    path = Path(path)
    array = np.asarray(array)
    codes = {dtype.newbyteorder("="): code for code, dtype in DTYPES.items()}
    native = array.dtype.newbyteorder("=")
    if native not in codes:
        raise ValueError(f"IDX cannot store {array.dtype} (types: uint8, int8, int16, int32, float32, float64)")
    if not 1 <= array.ndim <= MAX_DIMS:
        raise ValueError(f"IDX stores 1 to {MAX_DIMS} dimensions (got {array.ndim})")
    code = codes[native]
    payload = (bytes([0, 0, code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
               + np.ascontiguousarray(array, dtype=DTYPES[code]).tobytes())
    if compress if compress is not None else path.suffix == ".gz":
        payload = gzip.compress(payload, mtime=0)
    files.atomic_write(path, payload)
    return path
