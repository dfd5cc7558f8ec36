"""The training data sets: shapes, labels, splits, seeds and the bundled digits."""

from __future__ import annotations

import numpy as np
import pytest

from actgui.core.datasets import DATASETS, TASKS, load_digits, make_dataset
from actgui.core.registry import UnknownKeyError


@pytest.mark.parametrize("key", DATASETS.keys())
def test_dataset_matches_its_registry_entry(key):
    info = DATASETS.get(key)
    data = make_dataset(key, samples=300 if key != "digits" else None, seed=3)
    assert info.task in TASKS
    assert data.x_train.dtype == np.float32 and data.x_val.dtype == np.float32
    assert data.x_train.shape[1] == data.x_val.shape[1] == info.input_dim
    total = len(data.x_train) + len(data.x_val)
    assert len(data.x_val) == round(0.2 * total)
    assert len(data.y_train) == len(data.x_train) and len(data.y_val) == len(data.x_val)
    assert np.all(np.isfinite(data.x_train))
    if info.task == "regression":
        assert data.classes == 0 and data.y_train.dtype == np.float32
    else:
        labels = np.concatenate([data.y_train, data.y_val])
        assert labels.dtype == np.int64
        assert set(np.unique(labels)) == set(range(data.classes))
        assert data.classes == (2 if info.task == "binary" else info.classes)
    assert info.name_en and info.name_zh


@pytest.mark.parametrize("key", DATASETS.keys())
def test_seed_reproduces_and_changes_the_data(key):
    a, b = make_dataset(key, seed=1), make_dataset(key, seed=1)
    c = make_dataset(key, seed=2)
    np.testing.assert_array_equal(a.x_train, b.x_train)
    np.testing.assert_array_equal(a.y_val, b.y_val)
    assert not np.array_equal(a.x_train, c.x_train)


def test_noise_moves_the_points():
    clean = make_dataset("circles", noise=0.0, seed=0)
    radii = np.linalg.norm(np.concatenate([clean.x_train, clean.x_val]), axis=1)
    np.testing.assert_allclose(np.sort(np.unique(np.round(radii, 5))), [0.5, 1.0])
    noisy = make_dataset("circles", noise=0.2, seed=0)
    assert np.std(np.linalg.norm(noisy.x_train, axis=1) - 0.75) > np.std(radii - 0.75)


def test_gaussians_take_a_number_of_blobs():
    data = make_dataset("gaussians", classes=6, seed=0)
    assert data.classes == 6
    assert set(np.unique(data.y_train)) == set(range(6))


def test_sine_targets_follow_the_sine():
    data = make_dataset("sine", noise=0.0)
    np.testing.assert_allclose(data.y_train[:, 0], np.sin(data.x_train[:, 0]), atol=1e-6)


def test_digits_are_the_uci_test_set():
    images, labels = load_digits()
    assert images.shape == (1797, 8, 8) and images.dtype == np.uint8
    assert images.min() == 0 and images.max() == 16
    np.testing.assert_array_equal(np.bincount(labels), [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
    data = make_dataset("digits", noise=0.0)
    assert len(data.x_train) + len(data.x_val) == 1797
    assert data.x_train.min() == 0.0 and data.x_train.max() == 1.0


def test_bad_arguments_raise_clear_errors():
    with pytest.raises(UnknownKeyError, match="choose from: spiral"):
        make_dataset("mnist")
    with pytest.raises(ValueError, match="noise"):
        make_dataset("spiral", noise=5.0)
    with pytest.raises(ValueError, match="samples"):
        make_dataset("spiral", samples=10)
    with pytest.raises(ValueError, match="validation"):
        make_dataset("spiral", validation=0.9)


def test_bounds_cover_every_point():
    data = make_dataset("moons", seed=4)
    low, high = data.bounds()
    points = np.concatenate([data.x_train, data.x_val])
    assert np.all(points > low) and np.all(points < high)
