"""What the network view draws, measured in the training process with a record's details: for
every column of nodes (the input features, each hidden layer, the output layer) each unit's mean
output and share of zero outputs on the validation set, its bias and the norm of its incoming
weights' gradient, and for 2-D data its output over the input plane (a small heat map on the
decision-boundary grid); the weights between the columns while they are few enough to send."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from actgui.core.lazy import lazy_module, no_grad

if TYPE_CHECKING:
    from torch import Tensor, nn

torch = lazy_module("torch")

#: Node heat maps are the boundary grid taken every MAP_STRIDE points (80 → 40 per side).
MAP_STRIDE = 2
#: Heat maps are made for the first MAP_UNITS units of a column; weights are sent up to MAX_WEIGHTS entries.
MAP_UNITS, MAX_WEIGHTS = 64, 250_000


@dataclass
class NetworkDetail:
    """Per column of nodes (inputs, hidden layers, output), arrays over its units; `maps` holds
    (units, size, size) heat maps (None without 2-D inputs); `weights[i]` joins column i to i + 1
    as (units of i + 1, units of i), None when the network has more than MAX_WEIGHTS weights."""

    mean: list[np.ndarray]
    zero_share: list[np.ndarray]
    bias: list[np.ndarray]
    grad_norm: list[np.ndarray]
    maps: list[np.ndarray] | None
    weights: list[np.ndarray] | None

    @property
    def widths(self) -> list[int]:
        return [len(mean) for mean in self.mean]


def output_activation(kind: str, logits: Tensor) -> Tensor:
    """What an output unit emits: a probability (sigmoid, softmax) or the value itself (identity)."""
    if kind == "sigmoid":
        return torch.sigmoid(logits)
    if kind == "softmax":
        return torch.softmax(logits, dim=1)
    return logits


def _grid_maps(columns: Sequence[Tensor], side: int) -> list[np.ndarray]:
    maps = []
    for values in columns:
        grid = values[:, :MAP_UNITS].T.reshape(-1, side, side)[:, ::MAP_STRIDE, ::MAP_STRIDE]
        maps.append(grid.float().cpu().numpy())
    return maps


@no_grad
def measure_network(inputs: Tensor, hidden: Sequence[Tensor], output: Tensor, linears: Sequence[nn.Linear],
                    grid_columns: Sequence[Tensor] | None, grid_side: int) -> NetworkDetail:
    """The detail of one record from the validation pass (`inputs` after the features, each hidden
    layer's outputs, the output units' activations) and, for 2-D data, the same columns on the
    grid's `grid_side`² points."""
    columns = [inputs, *hidden, output]
    mean = [c.float().mean(dim=0).cpu().numpy() for c in columns]
    zero = [(c == 0).float().mean(dim=0).cpu().numpy() for c in columns]
    zero[0] = np.zeros_like(zero[0])
    zero[-1] = np.zeros_like(zero[-1])
    bias = [np.zeros(inputs.shape[1], np.float32)]
    grad = [np.zeros(inputs.shape[1], np.float32)]
    for linear in linears:
        bias.append(linear.bias.detach().float().cpu().numpy() if linear.bias is not None else
                    np.zeros(linear.out_features, np.float32))
        gradient = linear.weight.grad
        grad.append(gradient.norm(dim=1).float().cpu().numpy() if gradient is not None else
                    np.zeros(linear.out_features, np.float32))
    weights = None
    if sum(linear.weight.numel() for linear in linears) <= MAX_WEIGHTS:
        weights = [linear.weight.detach().float().cpu().numpy() for linear in linears]
    maps = _grid_maps(grid_columns, grid_side) if grid_columns is not None else None
    return NetworkDetail(mean, zero, bias, grad, maps, weights)
