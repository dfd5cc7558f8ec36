"""The IDX reader: round-trips of files the test writes, and refusals of bad ones."""

from __future__ import annotations

import gzip
import struct

import numpy as np
import pytest

from actgui.core.idx import IdxError, read_idx, read_images_and_labels, write_idx


def _header(code: int, dims: tuple[int, ...]) -> bytes:
    return bytes([0, 0, code, len(dims)]) + struct.pack(f">{len(dims)}I", *dims)


@pytest.mark.parametrize("dtype", ["u1", "i1", ">i2", ">i4", ">f4", ">f8"])
@pytest.mark.parametrize("name", ["data-idx3-ubyte", "data-idx3-ubyte.gz"])
def test_round_trip_of_every_type_plain_and_gzipped(tmp_path, dtype, name):
    rng = np.random.default_rng(0)
    array = (rng.standard_normal((5, 4, 3)) * 50).astype(dtype)
    path = write_idx(tmp_path / name, array)
    assert (path.read_bytes()[:2] == b"\x1f\x8b") == name.endswith(".gz")
    back = read_idx(path)
    assert back.shape == (5, 4, 3) and back.dtype == np.dtype(dtype).newbyteorder("=")
    np.testing.assert_array_equal(back, array)


def test_images_and_labels_round_trip(tmp_path):
    images = np.arange(3 * 28 * 28, dtype=np.uint8).reshape(3, 28, 28)
    labels = np.array([7, 0, 9], dtype=np.uint8)
    write_idx(tmp_path / "train-images-idx3-ubyte.gz", images)
    write_idx(tmp_path / "train-labels-idx1-ubyte", labels)
    x, y = read_images_and_labels(tmp_path / "train-images-idx3-ubyte.gz", tmp_path / "train-labels-idx1-ubyte")
    np.testing.assert_array_equal(x, images)
    assert y.tolist() == [7, 0, 9] and y.dtype == np.int64


def test_the_header_is_big_endian_as_mnist_writes_it(tmp_path):
    path = tmp_path / "labels"
    path.write_bytes(bytes([0, 0, 0x08, 1, 0, 0, 0, 3, 4, 5, 6]))
    assert read_idx(path).tolist() == [4, 5, 6]


BAD = {
    "wrong magic": (b"\x12\x34\x08\x01" + struct.pack(">I", 2) + b"\0\0", "wrong magic number"),
    "unknown type": (_header(0x07, (2,)) + b"\0\0", "unknown IDX type code 0x07"),
    "no dimensions": (bytes([0, 0, 8, 0]), "0 dimensions"),
    "too many dimensions": (_header(0x08, (1, 1, 1, 1, 1)) + b"\0", "5 dimensions"),
    "short header": (b"\0\0", "too short for an IDX header"),
    "cut dimensions": (bytes([0, 0, 8, 3, 0, 0, 0, 2]), "truncated header"),
    "truncated data": (_header(0x08, (4, 2, 2)) + bytes(10), "truncated: the header declares 4×2×2 values (16 bytes) "
                                                              "but only 10 bytes follow"),
    "extra data": (_header(0x08, (2,)) + bytes(3), "longer than its header declares"),
    "huge declared size": (_header(0x0E, (60000, 2000, 2000)), "over the 1024 MiB limit"),
}


@pytest.mark.parametrize("case", BAD)
@pytest.mark.parametrize("compressed", [False, True])
def test_bad_files_are_refused_naming_file_and_problem(tmp_path, case, compressed):
    payload, problem = BAD[case]
    path = tmp_path / ("bad.gz" if compressed else "bad")
    path.write_bytes(gzip.compress(payload) if compressed else payload)
    with pytest.raises(IdxError) as caught:
        read_idx(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert problem in str(caught.value)


def test_a_cut_gzip_stream_is_refused(tmp_path):
    path = write_idx(tmp_path / "images.gz", np.zeros((100, 28, 28), np.uint8) + 3)
    path.write_bytes(path.read_bytes()[:-20])
    with pytest.raises(IdxError, match="truncated"):
        read_idx(path)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(IdxError, match=r"nothing-idx3-ubyte: no such file"):
        read_idx(tmp_path / "nothing-idx3-ubyte")


def test_mismatched_counts_and_shapes_are_refused(tmp_path):
    images = write_idx(tmp_path / "i", np.zeros((4, 5, 5), np.uint8))
    labels = write_idx(tmp_path / "l", np.zeros(3, np.uint8))
    with pytest.raises(IdxError, match=r"l: holds 3 labels but i holds 4 images"):
        read_images_and_labels(images, labels)
    flat = write_idx(tmp_path / "flat", np.zeros((4, 25), np.uint8))
    with pytest.raises(IdxError, match=r"flat: expected images as N × height × width unsigned bytes, found 4×25"):
        read_images_and_labels(flat, labels)
    floats = write_idx(tmp_path / "floats", np.zeros(4, np.float32))
    with pytest.raises(IdxError, match=r"floats: expected labels as N unsigned bytes, found 4 of float32"):
        read_images_and_labels(images, floats)


def test_writing_is_atomic_and_refuses_unstorable_arrays(tmp_path):
    target = write_idx(tmp_path / "x", np.ones(3, np.uint8))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x"]
    assert read_idx(target).tolist() == [1, 1, 1]
    with pytest.raises(ValueError, match="cannot store"):
        write_idx(tmp_path / "y", np.ones(3, np.uint64))


def test_a_large_read_comes_whole_or_cut_where_the_stream_ends():
    import io

    from actgui.core.idx import READ_PIECE, _read_exactly

    data = (np.arange(3 * READ_PIECE + 5) % 251).astype(np.uint8).tobytes()
    pieces: list[int] = []
    whole = _read_exactly(io.BytesIO(data), len(data), lambda done, total: pieces.append(done) is None)
    assert bytes(whole) == data and pieces == [READ_PIECE] * 3 + [5]
    cut = _read_exactly(io.BytesIO(data[:READ_PIECE + 7]), len(data))
    assert bytes(cut) == data[:READ_PIECE + 7]
