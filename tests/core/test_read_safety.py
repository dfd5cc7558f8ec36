"""Every file a user names is read as a regular file only (FIFOs, devices and folders refused at
once, never blocking) within a size bound; hostile IDX folders end in one IdxError; data sets are
checked for a minimum size per split and class and a maximum memory footprint before training."""

from __future__ import annotations

import gzip
import os
import struct
import threading

import numpy as np
import pytest

from actgui.core import files
from actgui.core.data_csv import DataFileError, read_points
from actgui.core.idx import IdxError, ReadCancelled, read_idx, write_idx
from actgui.core.image_datasets import MAX_IMAGE_SIDE, make_image_dataset, open_idx_folder
from actgui.core.session import SessionError, read_session


def finishes_quickly(function, *args):
    """Runs `function(*args)` in a thread; fails the test if it blocks (as on a FIFO) for 10 s."""
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = function(*args)
        except BaseException as error:  # noqa: BLE001 (handed to the test)
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(10)
    assert not thread.is_alive(), f"{function.__name__} blocked"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "p.csv"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("reader", [files.read_bounded, lambda p: files.open_regular(p).close()])
def test_the_helpers_refuse_fifos_devices_and_folders(tmp_path, fifo, reader):
    for path in (fifo, "/dev/zero", "/dev/null", tmp_path):
        with pytest.raises(files.FileAccessError, match="not a regular file|Is a directory"):
            finishes_quickly(reader, path)


def test_open_regular_bounds_the_size(tmp_path):
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * 2000)
    with pytest.raises(files.FileAccessError, match="more than the 1000 bytes allowed"):
        files.open_regular(big, 1000)
    with files.open_regular(big, 2000) as handle:
        assert handle.read() == b"x" * 2000


def test_csv_data_on_a_fifo_is_refused_at_once(fifo):
    with pytest.raises(DataFileError, match="p.csv: it is not a regular file"):
        finishes_quickly(read_points, fifo)


def test_idx_and_session_on_a_fifo_are_refused_at_once(tmp_path, fifo):
    idx_fifo = tmp_path / "train-images-idx3-ubyte"
    os.mkfifo(idx_fifo)
    with pytest.raises(IdxError, match="not a regular file"):
        finishes_quickly(read_idx, idx_fifo)
    with pytest.raises(SessionError, match="not a regular file"):
        finishes_quickly(read_session, fifo)


def idx_header(code: int, dims: tuple[int, ...]) -> bytes:
    return bytes([0, 0, code, len(dims)]) + struct.pack(f">{len(dims)}I", *dims)


def test_dimensions_multiplying_past_2_64_are_refused_by_the_header(tmp_path):
    path = tmp_path / "train-images-idx3-ubyte"
    path.write_bytes(idx_header(0x08, (4194304, 2097152, 2097152)))
    with pytest.raises(IdxError, match=r"declares 18446744073709551616 bytes of data \(4194304×2097152×2097152\)"):
        read_idx(path)


def write_folder(folder, images: np.ndarray, labels: np.ndarray, compress: bool = False) -> None:
    suffix = ".gz" if compress else ""
    write_idx(folder / f"train-images-idx3-ubyte{suffix}", images.astype(np.uint8))
    write_idx(folder / f"train-labels-idx1-ubyte{suffix}", labels.astype(np.uint8))


@pytest.mark.parametrize(("count", "labels", "message"), [
    (1, [3], r"holds 1 image\(s\); training needs at least 2 and validation 1 besides"),
    (2, [3, 4], r"holds 2 image\(s\); training needs at least 2"),
    (5, [1, 1, 1, 1, 1], "every image has the label 1; training needs at least two classes"),
])
def test_too_few_images_or_classes_are_refused_when_opened(tmp_path, count, labels, message):
    write_folder(tmp_path, np.zeros((count, 8, 8)), np.array(labels))
    with pytest.raises(IdxError, match=message):
        open_idx_folder(tmp_path)


def test_images_over_the_side_limit_are_refused_from_the_header(tmp_path):
    side = MAX_IMAGE_SIDE + 1
    (tmp_path / "train-images-idx3-ubyte").write_bytes(idx_header(0x08, (2, side, side)))  # no data needed
    write_idx(tmp_path / "train-labels-idx1-ubyte", np.array([0, 1], dtype=np.uint8))
    with pytest.raises(IdxError, match=f"images are {side}×{side}; at most 256×256 pixels are supported"):
        open_idx_folder(tmp_path)


def test_a_gzip_bomb_is_bounded_by_its_header(tmp_path):
    images = tmp_path / "train-images-idx3-ubyte.gz"
    images.write_bytes(gzip.compress(idx_header(0x08, (2, 28, 28)) + bytes(50_000_000)))
    write_idx(tmp_path / "train-labels-idx1-ubyte", np.array([0, 1], dtype=np.uint8))
    with pytest.raises(IdxError, match="longer than its header declares"):
        open_idx_folder(tmp_path)


def test_reading_a_folder_reports_progress_and_can_be_cancelled(tmp_path):
    write_folder(tmp_path, np.zeros((3000, 28, 28)), np.arange(3000) % 10, compress=True)
    seen = []
    info = open_idx_folder(tmp_path, lambda done, total: seen.append((done, total)) or True)
    assert info.classes == 10 and seen and seen[0][1] == 3000 * 28 * 28
    with pytest.raises(ReadCancelled):
        open_idx_folder(tmp_path, lambda done, total: False)


def test_a_tiny_split_is_refused_before_training(tmp_path):
    write_folder(tmp_path, np.zeros((3, 8, 8)), np.array([0, 1, 0]))
    info = open_idx_folder(tmp_path)
    with pytest.raises(ValueError, match="1 training and 2 validation image"):
        make_image_dataset(info, validation=0.5)


def test_the_memory_footprint_is_checked_before_training(tmp_path, monkeypatch):
    from actgui.core import image_datasets

    write_folder(tmp_path, np.zeros((200, 16, 16)), np.arange(200) % 2)
    monkeypatch.setattr(image_datasets, "MAX_DATASET_BYTES", 100 * 256 * 4)
    with pytest.raises(ValueError, match=r"200 images of 16×16 take 200.0 kB as float32, over the 100.0 kB allowed"):
        make_image_dataset(open_idx_folder(tmp_path))
