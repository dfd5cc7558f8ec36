"""The course's convolutional network, sized to its input, and the per-channel health measures.

The notes' network for 28×28 images: Conv 3×3 ×32 → Conv 3×3 ×64 → MaxPool 2 → Dropout 0.25 →
Flatten → Dense 128 → Dropout 0.5 → Dense 10 (softmax in the loss). Images smaller than
SMALL_SIDE pixels (the 8×8 digits) get same-padded convolutions, so the maps are not eaten away,
and narrower layers (16, 32 channels, 64 dense units). Every hidden layer has its own activation
module from the registry (PReLU learns one α per layer); SELU gets LeCun-normal weights and
AlphaDropout, as self-normalisation needs, the others plain Dropout.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from actgui.core.activations import ACTIVATIONS, Activation
from actgui.core.inits import init_bias_, init_weight_, recommended_init
from actgui.core.lazy import lazy_module, lazy_subclass, no_grad
from actgui.core.properties import SATURATION_THRESHOLD
from actgui.core.registry import Param

if TYPE_CHECKING:
    from torch import Tensor

torch = lazy_module("torch")
nn = lazy_module("torch.nn")

#: Below this side length (pixels) the convolutions are same-padded and the layers narrower.
SMALL_SIDE = 16
CHANNELS1 = Param("channels1", 32, 1, 256, "conv 1 channels", "卷积层 1 通道数", 1, integer=True)
CHANNELS2 = Param("channels2", 64, 1, 256, "conv 2 channels", "卷积层 2 通道数", 1, integer=True)
DENSE = Param("dense", 128, 1, 1024, "dense units", "全连接层单元数", 1, integer=True)
#: The notes' dropout rates after the pooling and after the dense layer.
DROPOUT_CONV, DROPOUT_DENSE = 0.25, 0.5
#: The notes' comparison experiment: six activations, leaky ReLU with α = 0.2, GELU in its tanh form.
SHOOTOUT_ACTIVATIONS: tuple[tuple[str, dict[str, float]], ...] = (
    ("sigmoid", {}), ("relu", {}), ("elu", {}), ("leaky_relu", {"negative_slope": 0.2}), ("selu", {}),
    ("gelu_tanh", {}),
)


@dataclass(frozen=True)
class CNNLayout:
    """Channel counts, dense width and convolution padding for one input size."""

    channels: tuple[int, int]
    dense: int
    padding: int


def default_layout(height: int, width: int) -> CNNLayout:
    """The notes' sizes for images of at least SMALL_SIDE pixels a side; narrower, same-padded
    layers for smaller ones."""
    if min(height, width) >= SMALL_SIDE:
        return CNNLayout((int(CHANNELS1.default), int(CHANNELS2.default)), int(DENSE.default), 0)
    return CNNLayout((16, 32), 64, 1)


@lazy_subclass(nn, "Module")
class CNN:
    """conv1 → act → conv2 → act → max-pool 2 → dropout → flatten → dense → act → dropout → output."""

    hidden_names = ("conv1", "conv2", "dense")
    layer_names = ("conv1", "conv2", "dense", "output")

    def __init__(self, input_shape: Sequence[int], classes: int, activation: Activation,
                 activation_params: Mapping[str, float] | None = None, channels: Sequence[int] | None = None,
                 dense: int | None = None) -> None:
        super().__init__()
        in_channels, height, width = (int(v) for v in input_shape)
        layout = default_layout(height, width)
        c1, c2 = (int(c) for c in channels) if channels is not None else layout.channels
        units = int(dense) if dense is not None else layout.dense
        for param, value in ((CHANNELS1, c1), (CHANNELS2, c2), (DENSE, units)):
            param.check(value)
        if classes < 2:
            raise ValueError(f"the network needs at least 2 classes (got {classes})")
        shrink = 2 * (1 - layout.padding) * 2  # two 3×3 convolutions without padding lose 2 pixels each
        side = min(height, width) - shrink
        if side < 2:
            raise ValueError(f"images of {height}×{width} are too small for two 3×3 convolutions and a 2×2 pool")
        self.input_shape = (in_channels, height, width)
        self.activation = activation
        self.activation_params = activation.resolve(activation_params)
        self.conv1 = nn.Conv2d(in_channels, c1, 3, padding=layout.padding)
        self.conv2 = nn.Conv2d(c1, c2, 3, padding=layout.padding)
        self.pool = nn.MaxPool2d(2)
        self_normalising = activation.key == "selu"
        dropout = nn.AlphaDropout if self_normalising else nn.Dropout
        self.dropout_conv = dropout(DROPOUT_CONV)
        pooled = ((height - shrink) // 2) * ((width - shrink) // 2)
        self.dense = nn.Linear(c2 * pooled, units)
        self.dropout_dense = dropout(DROPOUT_DENSE)
        self.output = nn.Linear(units, classes)
        self.activations = nn.ModuleList(activation.torch_module(self.activation_params) for _ in range(3))

    @property
    def weighted(self) -> list[nn.Conv2d | nn.Linear]:
        """The layers with weights, in `layer_names` order."""
        return [self.conv1, self.conv2, self.dense, self.output]

    @property
    def linears(self) -> list[nn.Conv2d | nn.Linear]:
        """The weighted layers under the name every model of actgui.core.models gives them."""
        return self.weighted

    def initialise(self, scheme: str, params: Mapping[str, object] | None = None,
                   generator: torch.Generator | None = None) -> None:
        """Every weight by `scheme` (actgui.core.inits, fans from the kernel size for convolutions),
        biases zero (torch_default: U(−1/√fan_in, 1/√fan_in))."""
        for layer in self.weighted:
            init_weight_(layer.weight, scheme, params, generator)
            if layer.bias is not None:
                fan_in = layer.weight[0].numel()
                init_bias_(layer.bias, scheme, fan_in, generator)

    def forward(self, x: Tensor, capture: list[tuple[Tensor, Tensor]] | None = None) -> Tensor:
        """The logits; `capture` receives (pre-activation, activation) of conv1, conv2 and dense."""
        first, second, third = self.activations
        z = self.conv1(x)
        a = first(z)
        if capture is not None:
            capture.append((z, a))
        z = self.conv2(a)
        a = second(z)
        if capture is not None:
            capture.append((z, a))
        x = self.dropout_conv(self.pool(a)).flatten(1)
        z = self.dense(x)
        a = third(z)
        if capture is not None:
            capture.append((z, a))
        return self.output(self.dropout_dense(a))


def build_cnn(input_shape: Sequence[int], classes: int, activation: str = "relu",
              activation_params: Mapping[str, float] | None = None, channels: Sequence[int] | None = None,
              dense: int | None = None, init: str | None = None, init_params: Mapping[str, object] | None = None,
              seed: int = 0) -> CNN:
    """An initialised CNN: `init` (default: the notes' rule for the activation, LeCun normal for
    SELU, Kaiming for the ReLU family, Xavier otherwise), drawn from `seed`."""
    entry = ACTIVATIONS.get(activation)
    model = CNN(input_shape, classes, entry, activation_params, channels, dense)
    if init is None:
        recommendation = recommended_init(activation, model.activation_params)
        init, init_params = recommendation.scheme, dict(recommendation.params)
    model.initialise(init, init_params, torch.Generator().manual_seed(seed))
    return model


# -- health measures ------------------------------------------------------------------------------
def channel_gradient_norms(model: CNN) -> list[Tensor]:
    """Per weighted layer, the L2 norm of the weight gradient of each output channel (convolutions)
    or unit (dense layers); zeros where there is no gradient yet."""
    norms = []
    for layer in model.weighted:
        grad = layer.weight.grad
        rows = grad.flatten(1) if grad is not None else torch.zeros_like(layer.weight).flatten(1)
        norms.append(torch.linalg.vector_norm(rows, dim=1))
    return norms


def layer_gradient_norms(channel_norms: Sequence[Tensor]) -> Tensor:
    """Each layer's whole-weight gradient norm from its per-channel norms."""
    return torch.stack([torch.linalg.vector_norm(n) for n in channel_norms])


def _per_channel(values: Tensor) -> Tensor:
    """(N, C, H, W) or (N, C) → (C, everything else)."""
    return values.transpose(0, 1).flatten(1)


def dead_channels(capture: Sequence[tuple[Tensor, Tensor]]) -> list[Tensor]:
    """Per hidden layer, 1.0 for each channel (unit) whose output is 0 for every image and position
    in the batch (a dead ReLU), else 0.0."""
    return [(_per_channel(a) == 0).all(dim=1).float() for _, a in capture]


def saturated_share(capture: Sequence[tuple[Tensor, Tensor]], activation: Activation,
                    activation_params: Mapping[str, float] | None = None) -> list[Tensor]:
    """Per hidden layer, each channel's (unit's) share of pre-activations where |f′| <
    SATURATION_THRESHOLD (no gradient flows back)."""
    values = activation.resolve(activation_params)
    shares = []
    for z, _ in capture:
        z = z.detach().float()
        if activation.derivative is not None:
            slope = activation.derivative(z, values)
        else:
            with torch.enable_grad():
                x = z.requires_grad_(True)
                (slope,) = torch.autograd.grad(activation.fn(x, values).sum(), x)
        shares.append((_per_channel(slope).abs() < SATURATION_THRESHOLD).float().mean(dim=1))
    return shares


@dataclass
class LayerHealth:
    """One hidden layer's health: per-channel arrays and the layer's shares."""

    name: str
    grad_norm: float
    channel_grad_norms: np.ndarray
    dead: np.ndarray
    saturated: np.ndarray

    @property
    def dead_share(self) -> float:
        return float(self.dead.mean())

    @property
    def saturated_share(self) -> float:
        return float(self.saturated.mean())


@no_grad
def measure_health(model: CNN, images: Tensor) -> list[LayerHealth]:
    """Gradient norms (from the last backward pass) and dead/saturated shares on `images` for
    conv1, conv2 and dense, with a single transfer to the host."""
    was_training = model.training
    model.eval()
    capture: list[tuple[Tensor, Tensor]] = []
    model(images, capture)
    model.train(was_training)
    grads = channel_gradient_norms(model)[:len(capture)]
    dead = dead_channels(capture)
    saturated = saturated_share(capture, model.activation, model.activation_params)
    sizes = [len(g) for g in grads]
    flat = torch.cat([layer_gradient_norms(grads), *grads, *dead, *saturated]).float().cpu().numpy()
    layers = len(sizes)
    totals, rest = flat[:layers], flat[layers:]
    parts = np.split(rest, np.cumsum(sizes * 3)[:-1])
    return [LayerHealth(name, float(totals[i]), parts[i], parts[layers + i], parts[2 * layers + i])
            for i, name in enumerate(model.hidden_names[:layers])]


@no_grad
def feature_maps(model: CNN, image: Tensor) -> list[np.ndarray]:
    """The activations of conv1 and conv2 for one image (C, H, W), as (channels, h, w) arrays."""
    was_training = model.training
    model.eval()
    capture: list[tuple[Tensor, Tensor]] = []
    model(image.reshape(1, *model.input_shape), capture)
    model.train(was_training)
    return [a[0].float().cpu().numpy() for _, a in capture[:2]]


def first_filters(model: CNN) -> np.ndarray:
    """conv1's kernels (out channels, in channels, 3, 3) as a float32 array."""
    return model.conv1.weight.detach().float().cpu().numpy()
