"""Image data sets through the Trainer: the CNN on the digits learns, its records carry the per-channel
health and, at each epoch's end, the image payloads; the MLP flattens images; the notes' comparison."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from actgui.core.device import available_devices
from actgui.core.idx import write_idx
from actgui.core.image_datasets import IDX_FOLDER, IMAGE_DATASETS
from actgui.core.training.config import TrainingConfig
from actgui.core.training.experiment import NOTES_COMPARISON, compare_plan, split_values, train_history
from actgui.core.training.records import FEATURE_IMAGES, GRID_IMAGES
from actgui.core.training.trainer import Trainer

#: The notes' experiment on the digits: Adam with clip value 0.5, batch 128 (a larger learning rate
#: than the notes' 0.001, so the small set learns within a few epochs).
DIGITS_CNN = TrainingConfig(dataset="digits", model="cnn", optimizer="adam", lr=0.003, clip_value=0.5, epochs=4)


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def fashion_missing() -> str | None:
    return IMAGE_DATASETS.get("fashion_mnist").unavailable()


def test_the_cnn_learns_the_digits_within_four_epochs():
    trainer = Trainer(DIGITS_CNN)
    assert trainer.steps_per_epoch == len(trainer.dataset.x_train) // 128
    assert trainer.config.steps == 4 * trainer.steps_per_epoch
    assert trainer.info.image_shape == (1, 8, 8) and trainer.info.steps_per_epoch == trainer.steps_per_epoch
    history = train_history(trainer)
    assert history.result.status == "finished"
    epochs = [epoch for epoch, _, _ in history.epochs]
    assert epochs == [1.0, 2.0, 3.0, 4.0]
    accuracy = [value for _, _, value in history.epochs]
    assert accuracy[-1] >= 0.9 and accuracy[-1] > accuracy[0]
    losses = [value for _, value, _ in history.epochs]
    assert losses[-1] < losses[0]


def test_cnn_records_carry_channels_and_image_payloads():
    trainer = Trainer(DIGITS_CNN)
    records = trainer.records()
    first = next(records)
    assert trainer.info.layer_names == ["conv1", "conv2", "dense", "output"]
    assert first.grad_norm.shape == (4,) and first.dead_fraction.shape == (3,)
    assert [len(c) for c in first.channel_dead] == [16, 32, 64]
    assert [len(c) for c in first.channel_grad_norm] == [16, 32, 64, 10]
    np.testing.assert_allclose(first.grad_norm, [np.linalg.norm(c) for c in first.channel_grad_norm], rtol=1e-4)
    np.testing.assert_allclose(first.saturated_fraction, [c.mean() for c in first.channel_saturated], rtol=1e-5)
    val = len(trainer.dataset.y_val)
    assert first.predictions.shape == (val,) and first.filters.shape == (16, 1, 3, 3)
    assert [m.shape for m in first.feature_maps] == [(FEATURE_IMAGES, 16, 8, 8), (FEATURE_IMAGES, 32, 8, 8)]
    assert first.val_accuracy == pytest.approx(np.mean(first.predictions == trainer.dataset.y_val))
    assert trainer.info.grid_images.shape == (GRID_IMAGES, 1, 8, 8)
    np.testing.assert_array_equal(trainer.info.val_labels, trainer.dataset.y_val)
    per_epoch = trainer.steps_per_epoch
    steps = [next(records).step]
    while steps[-1] < per_epoch:
        steps.append(next(records).step)
    assert steps[:3] == [1, 2, 3]  # the first records come soon
    assert steps[-1] == per_epoch  # a record closes every epoch
    assert not first.epoch_end
    records.close()


def test_the_mlp_trains_on_the_digits_as_images_only_with_the_cnn():
    flat = Trainer(TrainingConfig(dataset="digits", steps=5))
    assert not flat.images and flat.info.input_dim == 64 and not flat.info.image_shape
    cnn = Trainer(TrainingConfig(dataset="digits", model="cnn", steps=5))
    assert cnn.images and cnn._x_train.shape[1:] == (1, 8, 8)


def test_the_cnn_refuses_data_sets_that_are_not_images():
    with pytest.raises(ValueError, match="trains on image data sets"):
        TrainingConfig(dataset="spiral", model="cnn").checked()
    with pytest.raises(ValueError, match="data folder"):
        TrainingConfig(dataset=IDX_FOLDER, model="cnn").checked()


def test_an_idx_folder_trains_and_a_bad_one_is_refused(tmp_path):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (300, 12, 12), dtype=np.uint8)
    write_idx(tmp_path / "train-images-idx3-ubyte", images)
    write_idx(tmp_path / "train-labels-idx1-ubyte", (np.arange(300) % 3).astype(np.uint8))
    config = TrainingConfig(dataset=IDX_FOLDER, data_dir=str(tmp_path), model="cnn", epochs=1, train_samples=200)
    history = train_history(Trainer(config))
    assert history.result.status == "finished" and history.info.class_names_en == ("0", "1", "2")
    assert history.images.predictions.shape == (len(history.info.val_labels),)
    (tmp_path / "train-labels-idx1-ubyte").write_bytes(b"\0\0\x08\x01\0\0\x01")
    with pytest.raises(ValueError, match="train-labels-idx1-ubyte"):
        Trainer(config)


def test_the_notes_comparison_for_the_cnn_uses_their_variants():
    plan = compare_plan(DIGITS_CNN, "activation", split_values(NOTES_COMPARISON))
    assert [run.value for run in plan] == ["sigmoid", "relu", "elu", "leaky_relu", "selu", "gelu"]
    assert [run.config.activation for run in plan] == ["sigmoid", "relu", "elu", "leaky_relu", "selu", "gelu_tanh"]
    assert plan[3].config.activation_params == {"negative_slope": 0.2}
    mlp = compare_plan(TrainingConfig(), "activation", ["relu", "gelu"])
    assert mlp[1].config.activation == "gelu"


@pytest.mark.skipif(fashion_missing() is not None, reason=str(fashion_missing()))
def test_an_mlp_flattens_fashion_mnist():
    trainer = Trainer(TrainingConfig(dataset="fashion_mnist", train_samples=500, epochs=1))
    assert trainer.images and trainer._x_train.shape[1:] == (784,)
    history = train_history(trainer)
    assert history.epochs and history.images.filters is None and history.images.predictions is not None


@pytest.mark.skipif("cuda" not in available_devices(), reason="needs a CUDA device")
def test_bf16_runs_on_cuda_with_the_data_on_the_device():
    trainer = Trainer(TrainingConfig(dataset="digits", model="cnn", device="cuda", bf16=True, epochs=1))
    assert trainer.bf16 and trainer._x_train.device.type == "cuda"
    assert train_history(trainer).result.status == "finished"


def test_bf16_off_cuda_trains_in_float32_with_a_message():
    trainer = Trainer(TrainingConfig(dataset="digits", model="cnn", device="cpu", bf16=True, steps=2))
    assert not trainer.bf16 and any("bf16" in m for m in trainer.messages)
