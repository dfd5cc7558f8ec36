"""Image data sets: every registered set, subsets and splits, Fashion-MNIST, and IDX folders."""

from __future__ import annotations

import numpy as np
import pytest

from actgui.core.datasets import load_digits
from actgui.core.idx import IdxError, write_idx
from actgui.core.image_datasets import (
    FASHION_CLASSES_EN,
    IMAGE_DATASETS,
    ImageDataset,
    find_idx_files,
    make_image_dataset,
    open_idx_folder,
)


def _skip_unavailable(key: str) -> None:
    reason = IMAGE_DATASETS.get(key).unavailable()
    if reason is not None:
        pytest.skip(reason)


@pytest.mark.parametrize("key", IMAGE_DATASETS.keys())
def test_image_dataset_matches_its_registry_entry(key):
    _skip_unavailable(key)
    info = IMAGE_DATASETS.get(key)
    data = make_image_dataset(key, train_samples=500, val_samples=200, seed=1)
    assert data.kind == "images" and data.task == "multiclass"
    assert data.x_train.shape[1:] == data.x_val.shape[1:] == info.shape
    assert data.x_train.dtype == np.float32 and data.y_train.dtype == np.int64
    assert len(data.x_train) == 500 and len(data.x_val) == 200
    assert data.x_train.min() >= 0.0 and data.x_train.max() <= 1.0 and data.x_train.max() > 0.5
    assert set(np.unique(data.y_train)) == set(range(info.classes))
    assert len(info.class_names_en) == len(info.class_names_zh) == info.classes
    assert ImageDataset.flat(data.x_val).shape == (200, info.input_dim)
    again = make_image_dataset(key, train_samples=500, val_samples=200, seed=1)
    np.testing.assert_array_equal(again.x_train, data.x_train)
    other = make_image_dataset(key, train_samples=500, val_samples=200, seed=2)
    assert not np.array_equal(other.y_train, data.y_train)


def test_digits_as_images_are_the_shipped_digits_held_out_disjointly():
    images, labels = load_digits()
    data = make_image_dataset("digits", train_samples=10_000, val_samples=10_000)
    assert len(data.x_train) + len(data.x_val) == len(labels) == 1797
    assert len(data.x_val) == round(0.2 * 1797)
    pixels = np.concatenate([data.x_train, data.x_val])[:, 0] * 16
    np.testing.assert_allclose(np.sort(pixels.reshape(len(pixels), -1), axis=0),
                               np.sort(images.reshape(len(images), -1).astype(np.float32), axis=0))
    rows = {row.tobytes() for row in data.x_train.reshape(len(data.x_train), -1)}
    assert sum(row.tobytes() in rows for row in data.x_val.reshape(len(data.x_val), -1)) < 10  # a few duplicates


def test_fashion_mnist_validates_on_its_test_split():
    _skip_unavailable("fashion_mnist")
    info = IMAGE_DATASETS.get("fashion_mnist")
    assert info.class_names_en == FASHION_CLASSES_EN and info.class_names_zh[0] == "T恤/上衣"
    data = make_image_dataset(info, train_samples=10_000_000, val_samples=10_000_000)
    assert data.x_train.shape == (60_000, 1, 28, 28) and data.x_val.shape == (10_000, 1, 28, 28)
    assert np.bincount(data.y_val).tolist() == [1000] * 10


def test_subset_sizes_are_range_checked():
    with pytest.raises(ValueError, match="train_samples=10 is out of range"):
        make_image_dataset("digits", train_samples=10)


def _write_set(folder, prefix, count, side=6, classes=3):
    folder.mkdir(exist_ok=True)
    rng = np.random.default_rng(count)
    write_idx(folder / f"{prefix}-images-idx3-ubyte.gz", rng.integers(0, 256, (count, side, side), dtype=np.uint8))
    write_idx(folder / f"{prefix}-labels-idx1-ubyte.gz", (np.arange(count) % classes).astype(np.uint8))


def test_an_idx_folder_opens_with_its_splits(tmp_path):
    _write_set(tmp_path, "emnist-letters-train", 300, 12, classes=4)
    _write_set(tmp_path, "emnist-letters-test", 120, 12, classes=4)
    train_images, _, test_images, _ = find_idx_files(tmp_path)
    assert train_images.name.startswith("emnist-letters-train") and test_images.name.startswith("emnist-letters-test")
    info = open_idx_folder(tmp_path)
    assert info.shape == (1, 12, 12) and info.class_names_en == ("0", "1", "2", "3")
    data = make_image_dataset(info, train_samples=200, val_samples=100)
    assert data.x_train.shape == (200, 1, 12, 12) and data.x_val.shape == (100, 1, 12, 12)


def test_an_idx_folder_with_one_split_holds_out_validation(tmp_path):
    _write_set(tmp_path, "train", 500)
    data = make_image_dataset(open_idx_folder(tmp_path), train_samples=10_000, val_samples=10_000)
    assert (len(data.x_train), len(data.x_val)) == (400, 100)


def test_bad_idx_folders_are_refused_with_the_reason(tmp_path):
    with pytest.raises(IdxError, match="not a folder"):
        open_idx_folder(tmp_path / "absent")
    with pytest.raises(IdxError, match="no IDX image/label pair found"):
        open_idx_folder(tmp_path)
    _write_set(tmp_path, "train", 50)
    write_idx(tmp_path / "train-labels-idx1-ubyte.gz", np.zeros(49, np.uint8))
    with pytest.raises(IdxError, match="train-labels-idx1-ubyte.gz: holds 49 labels but "
                                       "train-images-idx3-ubyte.gz holds 50 images"):
        open_idx_folder(tmp_path)
    (tmp_path / "train-labels-idx1-ubyte.gz").write_bytes(b"\0\0\x08\x01\0\0\0\x32" + bytes(20))
    with pytest.raises(IdxError, match="truncated"):
        open_idx_folder(tmp_path)
    _write_set(tmp_path, "train", 50)
    _write_set(tmp_path, "t10k", 20, side=7)
    with pytest.raises(IdxError, match="t10k-images-idx3-ubyte.gz: images are 7×7, the training images 6×6"):
        open_idx_folder(tmp_path)
    (tmp_path / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(IdxError, match="t10k-images-idx3-ubyte.gz has no matching label file"):
        open_idx_folder(tmp_path)
