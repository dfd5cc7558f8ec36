"""Reading MNIST-format IDX files (MNIST, Fashion-MNIST, KMNIST, EMNIST …), gzip-compressed or not.

An IDX file is a 4-byte magic number (two zero bytes, a type code, the number of dimensions), one
big-endian 32-bit size per dimension, then the values in row-major order, big-endian. Every read is
bounded by the size the header declares (and by MAX_BYTES); a file whose header is malformed, whose
data is shorter or longer than declared, or whose images and labels disagree is refused with an
IdxError naming the file and the problem.
"""

from __future__ import annotations

import gzip
import os
import struct
import zlib
from pathlib import Path
from typing import BinaryIO

import numpy as np

#: IDX type codes and the numpy dtypes they stand for (big-endian).
DTYPES = {0x08: np.dtype("u1"), 0x09: np.dtype("i1"), 0x0B: np.dtype(">i2"), 0x0C: np.dtype(">i4"),
          0x0D: np.dtype(">f4"), 0x0E: np.dtype(">f8")}
#: The most data one file may declare (Fashion-MNIST's training images are 47 MB, EMNIST's largest 560 MB).
MAX_BYTES = 1 << 30
MAX_DIMS = 4
GZIP_MAGIC = b"\x1f\x8b"


class IdxError(ValueError):
    """An IDX file that cannot be used; the message names the file and the problem."""

    def __init__(self, path: str | Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = Path(path)
        self.problem = problem


def _open(path: Path) -> BinaryIO:
    with open(path, "rb") as probe:
        compressed = probe.read(2) == GZIP_MAGIC
    return gzip.open(path, "rb") if compressed else open(path, "rb")  # type: ignore[return-value]


def _read_exactly(handle: BinaryIO, count: int) -> bytes:
    chunks, left = [], count
    while left > 0:
        chunk = handle.read(min(left, 1 << 24))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_idx(path: str | Path) -> np.ndarray:
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
            size = int(np.prod(dims, dtype=np.int64)) * dtype.itemsize
            if size > MAX_BYTES:
                raise IdxError(path, f"declares {size} bytes of data ({'×'.join(map(str, dims))}), "
                                     f"over the {MAX_BYTES >> 20} MiB limit")
            data = _read_exactly(handle, size)
            if len(data) < size:
                raise IdxError(path, f"truncated: the header declares {'×'.join(map(str, dims))} values "
                                     f"({size} bytes) but only {len(data)} bytes follow")
            if handle.read(1):
                raise IdxError(path, f"longer than its header declares ({'×'.join(map(str, dims))}): "
                                     "extra bytes after the data")
    except FileNotFoundError:
        raise IdxError(path, "no such file") from None
    except EOFError:
        raise IdxError(path, "truncated: the compressed data ends before its end marker") from None
    except (OSError, zlib.error) as error:  # gzip raises these for a damaged stream
        raise IdxError(path, f"cannot be read ({error})") from None
    return np.frombuffer(data, dtype=dtype).reshape(dims).astype(dtype.newbyteorder("="))


def read_images_and_labels(images_path: str | Path, labels_path: str | Path) -> tuple[np.ndarray, np.ndarray]:
    """(images (N, H, W) uint8, labels (N,) int64) from an IDX image file and its label file.

    Raises IdxError when the images are not N × H × W unsigned bytes, the labels not N unsigned
    bytes, or the two files hold different numbers of items.
    """
    images = read_idx(images_path)
    if images.ndim != 3 or images.dtype != np.uint8:
        raise IdxError(images_path, f"expected images as N × height × width unsigned bytes, found "
                                    f"{'×'.join(map(str, images.shape))} of {images.dtype}")
    if 0 in images.shape:
        raise IdxError(images_path, "holds no images")
    labels = read_idx(labels_path)
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
    temporary = path.with_name(f".{path.name}.tmp")
    with open(temporary, "wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)
    return path
