"""The CNN: shapes for 8×8 and 28×28 inputs with every activation, its SELU variant, the health
measures, and a short run on the digits that learns."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from actgui.core.activations import ACTIVATIONS
from actgui.core.cnn import (
    CNN,
    build_cnn,
    channel_gradient_norms,
    dead_channels,
    default_layout,
    feature_maps,
    first_filters,
    layer_gradient_norms,
    measure_health,
    saturated_share,
)
from actgui.core.device import available_devices
from actgui.core.image_datasets import make_image_dataset
from actgui.core.training.image_trainer import ImageTrainer


@pytest.mark.parametrize("key", ACTIVATIONS.keys())
@pytest.mark.parametrize("shape", [(1, 8, 8), (1, 28, 28)])
def test_output_and_captured_shapes_for_every_activation(key, shape):
    model = build_cnn(shape, 10, key, seed=0)
    images = torch.rand(5, *shape)
    capture: list = []
    logits = model(images, capture)
    assert logits.shape == (5, 10) and torch.isfinite(logits).all()
    if shape[1] == 28:  # the notes' network: 26×26×32, 24×24×64, pooled to 12×12×64 = 9216, dense 128
        assert [a.shape[1:] for _, a in capture] == [(32, 26, 26), (64, 24, 24), (128,)]
        assert model.dense.in_features == 9216
    else:  # same-padded and narrower for 8×8
        assert [a.shape[1:] for _, a in capture] == [(16, 8, 8), (32, 8, 8), (64,)]
        assert model.dense.in_features == 32 * 4 * 4
    prelus = [m for m in model.modules() if isinstance(m, nn.PReLU)]
    assert len(prelus) == (3 if key == "prelu" else 0)  # one learned α per hidden layer


def test_channels_and_dense_width_are_settings():
    model = CNN((1, 28, 28), 4, ACTIVATIONS.get("relu"), channels=(8, 12), dense=20)
    assert (model.conv1.out_channels, model.conv2.out_channels, model.dense.out_features) == (8, 12, 20)
    assert model(torch.rand(2, 1, 28, 28)).shape == (2, 4)
    assert default_layout(28, 28).channels == (32, 64) and default_layout(8, 8).channels == (16, 32)
    with pytest.raises(ValueError, match="channels1=0 is out of range"):
        CNN((1, 28, 28), 10, ACTIVATIONS.get("relu"), channels=(0, 4))
    with pytest.raises(ValueError, match="too small"):
        CNN((1, 1, 1), 10, ACTIVATIONS.get("relu"))


def test_selu_gets_lecun_normal_and_alpha_dropout_the_others_plain_dropout():
    selu = build_cnn((1, 28, 28), 10, "selu", seed=0)
    assert isinstance(selu.dropout_conv, nn.AlphaDropout) and isinstance(selu.dropout_dense, nn.AlphaDropout)
    for layer in selu.weighted:  # LeCun normal: std 1/√fan_in
        fan_in = layer.weight[0].numel()
        assert layer.weight.std().item() == pytest.approx(fan_in ** -0.5, rel=0.15 if fan_in < 50 else 0.05)
        assert torch.count_nonzero(layer.bias) == 0
    relu = build_cnn((1, 28, 28), 10, "relu", seed=0)
    assert type(relu.dropout_conv) is nn.Dropout and relu.dropout_conv.p == 0.25 and relu.dropout_dense.p == 0.5
    assert relu.conv2.weight.std().item() == pytest.approx((2 / (32 * 9)) ** 0.5, rel=0.05)  # Kaiming


def test_prelu_learns_one_alpha_per_layer():
    model = build_cnn((1, 8, 8), 10, "prelu", seed=0)
    before = [m.weight.item() for m in model.activations]
    trainer = ImageTrainer(model, make_image_dataset("digits", train_samples=300, val_samples=100), device="cpu")
    trainer.train_epoch()
    after = [m.weight.item() for m in model.activations]
    assert all(a != b for a, b in zip(after, before, strict=True)) and len(set(after)) == 3


def test_health_helpers_count_dead_and_saturated_channels():
    z = torch.tensor([[[[-1.0, -2.0]], [[1.0, -1.0]]], [[[-3.0, -1.0]], [[2.0, 3.0]]]])  # (2 images, 2 ch, 1, 2)
    relu = ACTIVATIONS.get("relu")
    capture = [(z, relu(z))]
    assert dead_channels(capture)[0].tolist() == [1.0, 0.0]
    assert saturated_share(capture, relu)[0].tolist() == [1.0, 0.25]  # f′ = 0 below zero
    sigmoid = ACTIVATIONS.get("sigmoid")
    wide = torch.tensor([[10.0, 0.0], [-10.0, 0.5]])
    assert saturated_share([(wide, sigmoid(wide))], sigmoid)[0].tolist() == [1.0, 0.0]  # σ′(±10) ≈ 4.5e-5
    swish = ACTIVATIONS.get("swish")  # no analytic derivative: autograd
    assert saturated_share([(wide, swish(wide))], swish)[0].tolist() == [0.5, 0.0]


def test_gradient_norms_per_channel_add_up_to_the_layer_norm():
    model = build_cnn((1, 8, 8), 10, "relu", seed=0)
    assert all(float(n.sum()) == 0 for n in channel_gradient_norms(model))
    loss = nn.functional.cross_entropy(model(torch.rand(16, 1, 8, 8)), torch.arange(16) % 10)
    loss.backward()
    channels = channel_gradient_norms(model)
    assert [len(n) for n in channels] == [16, 32, 64, 10]
    totals = layer_gradient_norms(channels)
    expected = [layer.weight.grad.norm().item() for layer in model.weighted]
    np.testing.assert_allclose(totals.numpy(), expected, rtol=1e-5)
    health = measure_health(model, torch.rand(20, 1, 8, 8))
    assert [h.name for h in health] == ["conv1", "conv2", "dense"]
    assert health[1].channel_grad_norms.shape == (32,) and health[2].dead.shape == (64,)
    np.testing.assert_allclose([h.grad_norm for h in health], expected[:3], rtol=1e-5)
    assert all(0.0 <= h.dead_share <= 1.0 and 0.0 < h.saturated_share < 1.0 for h in health)


def test_filters_and_feature_maps():
    model = build_cnn((1, 28, 28), 10, "relu", seed=0)
    assert first_filters(model).shape == (32, 1, 3, 3)
    maps = feature_maps(model, torch.rand(1, 28, 28))
    assert [m.shape for m in maps] == [(32, 26, 26), (64, 24, 24)]
    assert model.training  # the mode is restored


DEVICES = ["cpu", *(d for d in ("cuda", "mps") if d in available_devices())]


@pytest.mark.parametrize("device", DEVICES)
def test_a_short_cnn_run_on_the_digits_learns(device):
    torch.manual_seed(0)
    data = make_image_dataset("digits", seed=0)
    trainer = ImageTrainer(build_cnn(data.shape, data.classes, "relu", seed=0), data, device=device, seed=0)
    results = list(trainer.epochs(12))
    assert [r.epoch for r in results] == list(range(1, 13))
    assert trainer.x_train.device.type == device
    assert results[-1].val_accuracy >= 0.9
    assert results[-1].train_loss < results[0].train_loss and results[-1].val_loss < results[0].val_loss
    _, accuracy, predicted = trainer.evaluate()
    assert predicted.shape == (len(data.y_val),) and accuracy == pytest.approx(np.mean(predicted == data.y_val))


@pytest.mark.skipif("cuda" not in available_devices(), reason="needs a CUDA device")
def test_bf16_autocast_trains_on_cuda():
    data = make_image_dataset("digits", seed=0)
    trainer = ImageTrainer(build_cnn(data.shape, 10, "gelu_tanh", seed=0), data, device="cuda", bf16=True)
    results = list(trainer.epochs(12))
    assert trainer.bf16 and results[-1].val_accuracy >= 0.9


def test_bf16_off_the_gpu_falls_back_to_float32_with_a_message():
    data = make_image_dataset("digits", train_samples=200, val_samples=100)
    trainer = ImageTrainer(build_cnn(data.shape, 10, "relu"), data, device="cpu", bf16=True)
    assert not trainer.bf16 and "bf16 autocast runs on cuda only" in trainer.messages[0]


def test_stop_ends_the_epochs():
    data = make_image_dataset("digits", train_samples=1000, val_samples=100)
    trainer = ImageTrainer(build_cnn(data.shape, 10, "relu"), data, device="cpu")
    calls = []
    results = list(trainer.epochs(5, stop=lambda: calls.append(1) or len(calls) > 3))
    assert results == [] and trainer.step == 3


def test_steps_continue_across_epochs_and_reshuffle():
    data = make_image_dataset("digits", train_samples=500, val_samples=100)
    trainer = ImageTrainer(build_cnn(data.shape, 10, "relu"), data, device="cpu", batch_size=100)
    assert trainer.steps_per_epoch == 5
    first_order = trainer._order.clone()
    losses = trainer.train_steps(7)
    assert losses.shape == (7,) and trainer.step == 7 and trainer.epoch == pytest.approx(1.4)
    assert not torch.equal(first_order, trainer._order) and sorted(trainer._order.tolist()) == list(range(500))
    result = next(trainer.epochs(1))  # finishes the second epoch: three steps
    assert result.epoch == 2 and trainer.step == 10


def test_an_mlp_trains_on_the_flattened_images():
    from actgui.core.model import MLP

    data = make_image_dataset("digits", seed=0)
    torch.manual_seed(0)
    mlp = MLP(data.input_dim, (64,), ACTIVATIONS.get("relu"), None, data.classes)
    trainer = ImageTrainer(mlp, data, device="cpu", flatten=True)
    assert trainer.x_train.shape == (len(data.x_train), 64)
    assert list(trainer.epochs(10))[-1].val_accuracy >= 0.9
