"""The networks the Training panel can train, in a registry: adding one is one `MODELS.register(...)`.

A model's `build(config, data)` gets the training config (`ModelSettings`) and the data set's shape (`ModelData`)
and returns an `nn.Module` the trainer can measure, as `MLP` is: `linears` (every weighted layer,
the output layer last) and their `layer_names`, `initialise(scheme, params, generator)`, and
`forward(x, capture)` that appends each hidden layer's (pre-activation, activation) to `capture`
as (batch, units) tensors (a convolution's as (batch, channels, height, width)).

A model with `images=True` takes images (channels, height, width) and trains on the image data
sets only; the others take every data set, images flattened to rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from actgui.core.activations import ACTIVATIONS
from actgui.core.lazy import lazy_module
from actgui.core.model import MLP
from actgui.core.registry import Registry

nn = lazy_module("torch.nn")


if TYPE_CHECKING:
    from actgui.core.cnn import CNN


class ModelSettings(Protocol):
    """The settings a model is built from (actgui.core.training.config.TrainingConfig has them all)."""

    hidden: tuple[int, ...]
    activation: str
    activation_params: Mapping[str, float]
    dropout: float
    batch_norm: bool
    channels1: int
    channels2: int
    dense: int


@dataclass(frozen=True)
class ModelData:
    """What a model is built for: one sample's shape, the number of classes (0: regression) and the
    output units the task's head needs."""

    input_shape: tuple[int, ...]
    classes: int
    output_units: int


@dataclass(frozen=True)
class ModelInfo:
    """A network the panel offers; `build(config, data)` makes it (weights not yet initialised)."""

    key: str
    name_en: str
    name_zh: str
    build: Callable[[ModelSettings, ModelData], nn.Module]
    images: bool = False


MODELS: Registry[ModelInfo] = Registry("model", plugin_group="actgui.models")


def _mlp(config: ModelSettings, data: ModelData) -> MLP:
    activation = ACTIVATIONS.get(config.activation)
    inputs = 1
    for size in data.input_shape:
        inputs *= size
    return MLP(inputs, config.hidden, activation, activation.resolve(config.activation_params), data.output_units,
               config.dropout, config.batch_norm)


MODELS.register(ModelInfo("mlp", "MLP (fully connected)", "多层感知机（全连接）", _mlp))


def _cnn(config: ModelSettings, data: ModelData) -> CNN:
    """The notes' CNN; channel counts and dense width 0 take the input size's defaults."""
    from actgui.core.cnn import CNN, default_layout  # torch's nn.Module: imported when a CNN is built

    if len(data.input_shape) != 3:
        raise ValueError(f"the CNN takes images (channels, height, width), not inputs of shape {data.input_shape}")
    layout = default_layout(*data.input_shape[1:])
    channels = (config.channels1 or layout.channels[0], config.channels2 or layout.channels[1])
    return CNN(data.input_shape, data.output_units, ACTIVATIONS.get(config.activation), config.activation_params,
               channels, config.dense or layout.dense)


MODELS.register(ModelInfo("cnn", "CNN (the notes' convolutional network)", "卷积神经网络（讲义中的 CNN）", _cnn,
                          images=True))
