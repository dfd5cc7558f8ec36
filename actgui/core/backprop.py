"""One SGD step of a small MLP, every number of it from torch autograd on the real network.

`compute_step(settings)` builds the Training panel's MLP (the models registry) on a batch of a data set
(the data set registry), runs the forward pass keeping each layer's pre-activation z and activation a
(`retain_grad`), the loss averaged over the batch, `backward()`, and one plain SGD update. Each layer
of the result holds W, b, z, a, ∂L/∂a, f′(z) (autograd of a with respect to z), δ = ∂L/∂z, ∂L/∂W,
∂L/∂b and the weights after the update. `delta_recursion` and `weight_paths` lay the chain rule out
with those numbers: δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ f′(z_l), and a first-layer weight's gradient as the
sum over every path from that weight to the loss.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache

import numpy as np

from actgui.core.activations import ACTIVATIONS
from actgui.core.datasets import DATASETS, SAMPLES, make_dataset
from actgui.core.inits import recommended_init
from actgui.core.lazy import lazy_module
from actgui.core.models import MODELS, ModelData
from actgui.core.registry import Param

torch = lazy_module("torch")
F = lazy_module("torch.nn.functional")

#: The microscope's network: at most this many hidden layers of at most this many units, and at most
#: this many inputs and outputs (every unit is drawn with its numbers).
MAX_HIDDEN_LAYERS, MAX_UNITS = 6, 8
LOSSES = ("bce_with_logits", "mse", "cross_entropy")
#: The losses each task allows, the first its default.
TASK_LOSSES = {"binary": ("bce_with_logits", "cross_entropy", "mse"), "multiclass": ("cross_entropy", "mse"),
               "regression": ("mse",)}
#: The phases of one step, in order.
PHASES = ("forward", "loss", "backward", "update")
BATCH_SIZE = Param("batch_size", 1, 1, 64, "batch size", "批大小", 1, integer=True)
LR = Param("lr", 0.5, 1e-4, 100.0, "learning rate η", "学习率 η", 0.05)
SEED = Param("seed", 0, 0, 2**31 - 1, "seed", "随机种子", 1, integer=True)
#: The layer fields of the JSON, in order (the names are the file's contract).
LAYER_FIELDS = ("activation", "W", "b", "z", "a", "da", "fprime", "dz", "dW", "db", "W_after", "b_after")
STEP_FIELDS = ("x", "y", "loss", "loss_value", "lr", "layers")


@cache
def supported_activations() -> tuple[str, ...]:
    """The activations the microscope takes: every registered one whose module learns no parameter
    of its own (PReLU's slope would be a weight the step leaves out)."""
    return tuple(a.key for a in ACTIVATIONS if not list(a.torch_module().parameters()))


def supported_datasets() -> list[str]:
    """The data sets with at most MAX_UNITS inputs and outputs (each drawn as a unit)."""
    return [d.key for d in DATASETS if d.input_dim <= MAX_UNITS and d.classes <= MAX_UNITS]


@dataclass(frozen=True)
class StepSettings:
    """What one step is made of: the data set and its batch (`first` is the batch's first example of
    the training set), the network, the loss ('' = the task's default), η and the seed."""

    dataset: str = "xor"
    hidden: tuple[int, ...] = (3,)
    activation: str = "sigmoid"
    batch_size: int = 1
    first: int = 0
    lr: float = 0.5
    seed: int = 0
    classes: int | None = None
    loss: str = ""
    samples: int = 100

    def checked(self) -> StepSettings:
        """These settings normalised; raises ValueError (or UnknownKeyError) naming the first bad one."""
        if self.dataset not in supported_datasets():
            DATASETS.get(self.dataset)
            raise ValueError(f"dataset: the step is drawn for data sets of at most {MAX_UNITS} inputs and classes "
                             f"({', '.join(supported_datasets())})")
        ACTIVATIONS.get(self.activation)
        if self.activation not in supported_activations():
            raise ValueError(f"activation: {self.activation} learns a parameter of its own; choose from: "
                             f"{', '.join(supported_activations())}")
        hidden = tuple(int(n) for n in self.hidden)
        if len(hidden) > MAX_HIDDEN_LAYERS or any(not 1 <= n <= MAX_UNITS for n in hidden):
            raise ValueError(f"hidden: at most {MAX_HIDDEN_LAYERS} layers of 1 to {MAX_UNITS} units "
                             f"(got {list(hidden)})")
        info = DATASETS.get(self.dataset)
        loss = self.loss or TASK_LOSSES[info.task][0]
        if loss not in TASK_LOSSES[info.task]:
            raise ValueError(f"loss: {info.task} data take {', '.join(TASK_LOSSES[info.task])} (got '{loss}')")
        if self.first < 0:
            raise ValueError(f"first: an example index is 0 or more (got {self.first})")
        return replace(self, hidden=hidden, loss=loss, batch_size=BATCH_SIZE.check(self.batch_size),
                       lr=LR.check(self.lr), seed=SEED.check(self.seed), samples=SAMPLES.check(self.samples),
                       first=int(self.first))


@dataclass(frozen=True)
class LayerStep:
    """One weighted layer's numbers (batch × units for z, a, da, fprime and dz)."""

    activation: str
    W: np.ndarray
    b: np.ndarray
    z: np.ndarray
    a: np.ndarray
    da: np.ndarray
    fprime: np.ndarray
    dz: np.ndarray
    dW: np.ndarray
    db: np.ndarray
    W_after: np.ndarray
    b_after: np.ndarray

    @property
    def units(self) -> int:
        return self.W.shape[0]


@dataclass(frozen=True)
class BackpropStep:
    """One SGD step: the batch, its targets, the loss and every layer, input side first."""

    x: np.ndarray
    y: np.ndarray
    loss: str
    loss_value: float
    lr: float
    layers: tuple[LayerStep, ...]
    #: The training set the batch came from (for the data plot) and the batch's indices in it.
    data_x: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))
    data_y: np.ndarray = field(default_factory=lambda: np.zeros(0))
    batch: tuple[int, ...] = ()
    #: The loss on the same batch after the update (NaN when not known, e.g. read from a file).
    loss_after: float = math.nan

    @property
    def widths(self) -> list[int]:
        """Units per column: the inputs, then every layer."""
        return [self.x.shape[1], *(layer.units for layer in self.layers)]

    def inputs_of(self, index: int) -> np.ndarray:
        """The activations layer `index` takes (batch × its inputs)."""
        return self.x if index == 0 else self.layers[index - 1].a

    def to_json(self) -> dict:
        """The step with the file's names: x, y, loss, loss_value, lr and layers."""
        return {"x": self.x.tolist(), "y": self.y.tolist(), "loss": self.loss, "loss_value": self.loss_value,
                "lr": self.lr, "layers": [{name: getattr(layer, name) if name == "activation"
                                           else getattr(layer, name).tolist() for name in LAYER_FIELDS}
                                          for layer in self.layers]}


def compute_step(settings: StepSettings) -> BackpropStep:
    """One SGD step on `settings`' batch (see the module docstring); raises ValueError for bad settings."""
    from actgui.core.training.config import TrainingConfig  # the models registry builds from a training config

    settings = settings.checked()
    data = make_dataset(settings.dataset, samples=settings.samples, seed=settings.seed, classes=settings.classes)
    count = len(data.x_train)
    if settings.first >= count:
        raise ValueError(f"first: the training set has examples 0 to {count - 1} (got {settings.first})")
    batch = [(settings.first + k) % count for k in range(min(settings.batch_size, count))]
    outputs = {"bce_with_logits": 1, "mse": max(1, data.classes), "cross_entropy": max(2, data.classes)}[settings.loss]
    config = TrainingConfig(dataset=settings.dataset, hidden=settings.hidden, activation=settings.activation,
                            seed=settings.seed)
    model = MODELS.get("mlp").build(config, ModelData((data.input_dim,), data.classes, outputs))
    recommendation = recommended_init(settings.activation)
    generator = torch.Generator().manual_seed(settings.seed)
    model.initialise(recommendation.scheme, dict(recommendation.params), generator)
    model.double()
    x = torch.as_tensor(data.x_train[batch], dtype=torch.float64)
    y = _targets(settings.loss, data.y_train[batch], outputs)
    capture: list[tuple[object, object]] = []
    logits = model(x, capture)
    pairs = [*capture, (logits, logits)]
    # f′(z) first: a retained gradient would also collect what autograd.grad passes through it
    fprimes = [torch.autograd.grad(a, z, torch.ones_like(a), retain_graph=True)[0] for z, a in capture]
    for z, a in pairs:
        z.retain_grad()
        a.retain_grad()
    loss = loss_value(settings.loss, logits, y)
    loss.backward()
    linears = model.linears
    before = [(linear.weight.detach().clone(), linear.bias.detach().clone()) for linear in linears]
    with torch.no_grad():  # plain SGD: w ← w − η·∂L/∂w
        for parameter in model.parameters():
            parameter -= settings.lr * parameter.grad
    with torch.no_grad():
        after = float(loss_value(settings.loss, model(x), y).item())
    layers = []
    for index, (linear, (z, a), (w, b)) in enumerate(zip(linears, pairs, before, strict=True)):
        output = index == len(linears) - 1
        fprime = torch.ones_like(z) if output else fprimes[index]
        layers.append(LayerStep(
            "identity" if output else settings.activation, _np(w), _np(b), _np(z), _np(a), _np(a.grad),
            _np(fprime), _np(z.grad), _np(linear.weight.grad), _np(linear.bias.grad), _np(linear.weight),
            _np(linear.bias)))
    return BackpropStep(_np(x), _np(y), settings.loss, float(loss.item()), settings.lr, tuple(layers),
                        data.x_train, data.y_train, tuple(batch), after)


def _np(tensor) -> np.ndarray:
    return tensor.detach().cpu().numpy().astype(np.float64)


def _targets(loss: str, labels: np.ndarray, outputs: int):
    """What the loss takes: float labels (BCE), class indices (CE), a batch × outputs matrix (MSE:
    one-hot labels, or the regression targets)."""
    if loss == "bce_with_logits":
        return torch.as_tensor(labels, dtype=torch.float64)
    if loss == "cross_entropy":
        return torch.as_tensor(labels, dtype=torch.int64)
    values = np.asarray(labels)
    if values.dtype.kind in "iu":
        return torch.nn.functional.one_hot(torch.as_tensor(values, dtype=torch.int64), outputs).to(torch.float64)
    return torch.as_tensor(values, dtype=torch.float64).reshape(len(values), -1)


def loss_value(loss: str, logits, targets):
    """The loss averaged over the batch (MSE: over every output of the batch, as torch's mean)."""
    if loss == "bce_with_logits":
        return F.binary_cross_entropy_with_logits(logits.squeeze(1), targets)
    if loss == "cross_entropy":
        return F.cross_entropy(logits, targets)
    return F.mse_loss(logits, targets)


# -- the chain rule ---------------------------------------------------------------------------------
def delta_recursion(step: BackpropStep, index: int, example: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For hidden layer `index` and one example of the batch: (W_{l+1}ᵀ δ_{l+1}, f′(z_l), their product),
    the product being δ_l (equal to autograd's `dz`)."""
    following = step.layers[index + 1]
    back = following.W.T @ following.dz[example]
    fprime = step.layers[index].fprime[example]
    return back, fprime, back * fprime


@dataclass(frozen=True)
class Path:
    """One path from a first-layer weight to the loss: the example, the unit it passes in each layer
    (the first is the weight's own unit, the last an output), and its factors, whose product it is."""

    example: int
    units: tuple[int, ...]
    factors: tuple[tuple[str, float], ...]  # ("a", input), ("f′", f′(z)), ("w", weight), ("∂L/∂z", δ_out)
    product: float

    @property
    def fprime_product(self) -> float:
        return math.prod(value for kind, value in self.factors if kind == "f′")


@dataclass(frozen=True)
class PathSum:
    """A first-layer weight's gradient as the sum of its paths: the largest (by |product|), the number
    of paths, their sum and autograd's value."""

    unit: int
    source: int
    largest: tuple[Path, ...]
    count: int
    total: float
    autograd: float


def weight_paths(step: BackpropStep, unit: int, source: int, largest: int = 5) -> PathSum:
    """∂L/∂W₁[unit, source] = Σ over examples and paths of a_source · f′(z₁) · W₂ · f′(z₂) · … · ∂L/∂z_out."""
    layers = step.layers
    if not (0 <= unit < layers[0].units and 0 <= source < step.x.shape[1]):
        raise ValueError(f"weight: unit 0 to {layers[0].units - 1}, input 0 to {step.x.shape[1] - 1}")
    total, count, best = 0.0, 0, []
    for n in range(step.x.shape[0]):
        first = layers[0].fprime[n, unit] if len(layers) > 1 else 1.0
        products = np.array([step.x[n, source] * first])
        for l in range(1, len(layers)):
            column = layers[l].W[:, [unit]] if l == 1 else layers[l].W
            products = products[..., None] * column.T
            last = l == len(layers) - 1
            products = products * (layers[l].dz[n] if last else layers[l].fprime[n])
        if len(layers) == 1:
            products = products * layers[0].dz[n, unit]
        flat = products.reshape(-1)
        total += float(flat.sum())
        count += flat.size
        keep = min(largest, flat.size)
        for position in np.argpartition(-np.abs(flat), keep - 1)[:keep]:
            item = (abs(float(flat[position])), n, int(position))
            if len(best) < largest:
                heapq.heappush(best, item)
            elif item > best[0]:
                heapq.heapreplace(best, item)
    shape = [layer.units for layer in layers[1:]]
    paths = [_path(step, unit, source, n, np.unravel_index(position, shape) if shape else ())
             for _, n, position in sorted(best, reverse=True)]
    return PathSum(unit, source, tuple(paths), count, total, float(layers[0].dW[unit, source]))


def _path(step: BackpropStep, unit: int, source: int, n: int, rest: Sequence[int]) -> Path:
    layers = step.layers
    units = (unit, *(int(u) for u in rest))
    factors: list[tuple[str, float]] = [("a", float(step.x[n, source]))]
    for l, u in enumerate(units):
        if l > 0:
            factors.append(("w", float(layers[l].W[u, units[l - 1]])))
        if l < len(layers) - 1:
            factors.append(("f′", float(layers[l].fprime[n, u])))
    factors.append(("∂L/∂z", float(layers[-1].dz[n, units[-1]])))
    return Path(n, units, tuple(factors), math.prod(value for _, value in factors))


# -- reading a step back ------------------------------------------------------------------------------
def step_from_json(data: Mapping) -> BackpropStep:
    """A step from `to_json` output; raises ValueError naming what is missing or malformed."""
    if not isinstance(data, Mapping) or set(STEP_FIELDS) - set(data):
        raise ValueError(f"a backprop step is an object with {', '.join(STEP_FIELDS)}")
    if data["loss"] not in LOSSES:
        raise ValueError(f"loss: one of {', '.join(LOSSES)} (got {data['loss']!r})")
    layers = []
    for index, layer in enumerate(data["layers"]):
        if not isinstance(layer, Mapping) or set(LAYER_FIELDS) - set(layer):
            raise ValueError(f"layers[{index}]: needs {', '.join(LAYER_FIELDS)}")
        values = {name: np.asarray(layer[name], dtype=np.float64) for name in LAYER_FIELDS[1:]}
        layers.append(LayerStep(str(layer["activation"]), **values))
    return BackpropStep(np.asarray(data["x"], np.float64), np.asarray(data["y"], np.float64), data["loss"],
                        float(data["loss_value"]), float(data["lr"]), tuple(layers))
