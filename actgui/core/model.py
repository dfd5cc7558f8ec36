"""The network the Training panel trains: an MLP with a chosen activation, initialisation, optional
batch norm and dropout, and an output layer and loss chosen by the task as the notes teach."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from actgui.core.activations import Activation
from actgui.core.inits import init_linear_
from actgui.core.lazy import lazy_module, lazy_subclass

if TYPE_CHECKING:
    from torch import Tensor

torch = lazy_module("torch")
F = lazy_module("torch.nn.functional")
nn = lazy_module("torch.nn")


#: Binary classification may end in one sigmoid unit (with BCE) or two softmax units (with CE).
BINARY_OUTPUTS = ("sigmoid", "softmax")


@dataclass(frozen=True)
class Head:
    """The output layer's size and non-linearity, and the loss that goes with it.

    sigmoid: one unit, binary cross-entropy (BCEWithLogitsLoss: sigmoid + BCELoss in one stable step);
    softmax: one unit per class, CrossEntropyLoss (which applies softmax itself);
    identity: one unit, mean squared error (regression).
    """

    kind: str
    units: int

    @property
    def loss_name(self) -> str:
        return {"sigmoid": "BCE", "softmax": "cross-entropy", "identity": "MSE"}[self.kind]

    def targets(self, y: np.ndarray, device: torch.device | str) -> Tensor:
        """`y` in the form the loss expects: float labels (BCE), class indices (CE), a column (MSE)."""
        if self.kind == "sigmoid":
            return torch.as_tensor(y, dtype=torch.float32, device=device)
        if self.kind == "softmax":
            return torch.as_tensor(y, dtype=torch.int64, device=device)
        return torch.as_tensor(y, dtype=torch.float32, device=device).reshape(-1, 1)

    def loss(self, output: Tensor, target: Tensor) -> Tensor:
        if self.kind == "sigmoid":
            return F.binary_cross_entropy_with_logits(output.squeeze(1), target)
        if self.kind == "softmax":
            return F.cross_entropy(output, target)
        return F.mse_loss(output, target)

    def accuracy(self, output: Tensor, target: Tensor) -> Tensor:
        """Fraction classified correctly (NaN for regression)."""
        if self.kind == "sigmoid":
            return ((output.squeeze(1) > 0).to(target.dtype) == target).float().mean()
        if self.kind == "softmax":
            return (output.argmax(dim=1) == target).float().mean()
        return output.new_tensor(float("nan"))

    def predict(self, output: Tensor) -> Tensor:
        """Class probabilities (N, classes) for classification, values (N,) for regression."""
        if self.kind == "sigmoid":
            p = torch.sigmoid(output)
            return torch.cat([1 - p, p], dim=1)
        if self.kind == "softmax":
            return torch.softmax(output, dim=1)
        return output.squeeze(1)


def head_for(task: str, classes: int, binary_output: str = "sigmoid") -> Head:
    """The output layer the notes prescribe: binary → sigmoid + BCE (or softmax + CE),
    multi-class → softmax + CE, regression → identity + MSE."""
    if task == "binary":
        if binary_output not in BINARY_OUTPUTS:
            raise ValueError(f"binary output must be one of {', '.join(BINARY_OUTPUTS)} (got '{binary_output}')")
        return Head("sigmoid", 1) if binary_output == "sigmoid" else Head("softmax", 2)
    if task == "multiclass":
        return Head("softmax", classes)
    if task == "regression":
        return Head("identity", 1)
    raise ValueError(f"unknown task '{task}'")


@lazy_subclass(nn, "Module")
class MLP:
    """Linear → [BatchNorm] → activation → [Dropout] per hidden layer, then a linear output layer
    (no hidden layer: a linear model).

    Each hidden layer gets its own activation module, so PReLU learns one α per layer.
    """

    def __init__(self, input_dim: int, hidden: Sequence[int], activation: Activation,
                 activation_params: Mapping[str, float] | None, output_units: int,
                 dropout: float = 0.0, batch_norm: bool = False) -> None:
        super().__init__()
        if any(int(n) < 1 for n in hidden):
            raise ValueError("every hidden layer needs at least one unit")
        if not 0.0 <= dropout < 1.0:
            raise ValueError(f"dropout must be in [0, 1) (got {dropout:g})")
        sizes = [input_dim, *[int(n) for n in hidden]]
        self.hidden = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:], strict=True))
        self.norms = nn.ModuleList(nn.BatchNorm1d(n) for n in sizes[1:]) if batch_norm else None
        self.activations = nn.ModuleList(activation.torch_module(activation_params) for _ in sizes[1:])
        self.dropout = nn.Dropout(dropout) if dropout > 0 else None
        self.output = nn.Linear(sizes[-1], output_units)

    @property
    def linears(self) -> list[nn.Linear]:
        """Every linear layer, the output layer last."""
        return [*self.hidden, self.output]

    @property
    def layer_names(self) -> list[str]:
        return [f"hidden{i + 1}" for i in range(len(self.hidden))] + ["output"]

    def initialise(self, scheme: str, params: Mapping[str, object] | None = None,
                   generator: torch.Generator | None = None) -> None:
        """Initialises every linear layer with `scheme` (actgui.core.inits): weights by the scheme,
        biases zero (torch_default keeps nn.Linear's own bias init)."""
        for linear in self.linears:
            init_linear_(linear, scheme, params, generator)

    def forward(self, x: Tensor, capture: list[tuple[Tensor, Tensor]] | None = None) -> Tensor:
        """The output layer's raw values (logits); `capture` receives (pre-activation, activation)
        for every hidden layer."""
        for index, (linear, activation) in enumerate(zip(self.hidden, self.activations, strict=True)):
            z = linear(x)
            if self.norms is not None:
                z = self.norms[index](z)
            x = activation(z)
            if capture is not None:
                capture.append((z, x))
            if self.dropout is not None:
                x = self.dropout(x)
        return self.output(x)
