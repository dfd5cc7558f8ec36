"""Signal and gradient through a deep stack of linear layers: why initialisation matters.

A stack of `depth` layers h_l = f(W_l h_{l−1} + b_l), each width × width, weights from an init
scheme and biases zero (nn.Linear's own bias for torch_default), gets one forward and one backward
pass on a seeded batch x ~ N(0, 1). The loss is the mean of squares of the last layer's output,
L = mean(h_N²), so its gradient flows back through every layer. Per layer the result holds the
mean and standard deviation of the layer's output activations, a histogram of them, the standard
deviations of ∂L/∂W_l (the weight gradient) and of ∂L/∂h_l (the back-propagated signal), and how
many units compute distinct functions of the batch (1 when the init is constant: every unit of a
layer stays identical, symmetry is never broken).

`DEPTH_COMPARISONS` are the notes' side-by-side cases (several activation × init pairs on one
plot); `signal_drift` measures how far the recommended init lets the activations' std wander.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from actgui.core.activations import ACTIVATIONS
from actgui.core.inits import INITS, init_bias_, init_weight_, recommended_init
from actgui.core.lazy import lazy_module
from actgui.core.registry import Registry
from actgui.core.table import Table

if TYPE_CHECKING:
    from torch import Tensor

torch = lazy_module("torch")
F = lazy_module("torch.nn.functional")


MAX_DEPTH = 50
MAX_WIDTH = 1024
MAX_BATCH = 1024
HISTOGRAM_BINS = 41
#: Units whose outputs differ by at most this share of the layer's largest |activation| count as one.
DISTINCT_TOLERANCE = 1e-5


@dataclass(frozen=True)
class DepthSpec:
    """The network and the batch: activation and init with their parameters, sizes and seed."""

    activation: str = "relu"
    init: str = "kaiming_normal"
    activation_params: Mapping[str, float] = field(default_factory=dict)
    init_params: Mapping[str, object] = field(default_factory=dict)
    depth: int = 20
    width: int = 256
    batch: int = 256
    seed: int = 0

    def check(self) -> None:
        """Raises ValueError (or UnknownKeyError) with a one-line reason for a spec that cannot run."""
        ACTIVATIONS.get(self.activation).resolve(self.activation_params)
        INITS.get(self.init).resolve(self.init_params)
        for name, value, top in (("depth", self.depth, MAX_DEPTH), ("width", self.width, MAX_WIDTH),
                                 ("batch", self.batch, MAX_BATCH)):
            if not 1 <= value <= top:
                raise ValueError(f"{name} must be between 1 and {top} (got {value})")
        if not 0 <= self.seed < 2**31:
            raise ValueError(f"seed must be between 0 and {2**31 - 1} (got {self.seed})")


@dataclass(frozen=True)
class DepthResult:
    """Per-layer statistics (arrays indexed by layer − 1). NaN where activations overflowed."""

    spec: DepthSpec
    act_mean: np.ndarray
    act_std: np.ndarray
    grad_std: np.ndarray
    signal_grad_std: np.ndarray  # std of ∂L/∂h_l, the gradient reaching the layer's output
    distinct_units: np.ndarray
    edges: np.ndarray  # histogram bin edges, shared by all layers
    histograms: np.ndarray  # (depth, bins): share of the layer's activations in each bin
    loss: float
    overflow_layer: int | None  # first layer whose activations are not finite
    gradient_overflow: bool  # some weight gradient is not finite (the backward pass exploded)

    @property
    def layers(self) -> np.ndarray:
        return np.arange(1, self.spec.depth + 1)

    @property
    def collapsed(self) -> bool:
        """True when every layer has a single distinct unit (constant init: symmetry never broken)."""
        return self.spec.width > 1 and bool(np.all(self.distinct_units <= 1))

    def table(self) -> Table:
        """layer, act_mean, act_std, grad_std, signal_grad_std: what the depth figure plots."""
        return Table({"layer": self.layers, "act_mean": self.act_mean, "act_std": self.act_std,
                      "grad_std": self.grad_std, "signal_grad_std": self.signal_grad_std})


def distinct_units(h: Tensor, tolerance: float = DISTINCT_TOLERANCE) -> int:
    """How many units (columns of the batch × width output `h`) respond differently to the batch.

    Units are projected on one random direction of the batch, sorted, and neighbours whose whole
    columns agree to `tolerance` × max|h| are merged. Zero if `h` is not finite.
    """
    columns = h.detach().double().T
    if not torch.isfinite(columns).all():
        return 0
    scale = float(columns.abs().max())
    if scale == 0.0 or columns.shape[0] == 1:
        return 1
    limit = tolerance * scale
    direction = torch.randn(columns.shape[1], generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    projection = columns @ direction
    order = torch.argsort(projection)
    ordered = columns[order]
    near = projection[order].diff() <= limit * float(direction.abs().sum())
    same = near & ((ordered[1:] - ordered[:-1]).abs().amax(dim=1) <= limit)
    return int(columns.shape[0] - int(same.sum()))


def _spread(grad: Tensor) -> float:
    """Standard deviation of the gradient's entries; 0 when they agree to rounding (constant init
    gives every weight of a layer the same gradient, equal up to float noise)."""
    if grad.numel() < 2:
        return 0.0
    std = float(grad.std())
    return 0.0 if std <= DISTINCT_TOLERANCE * float(grad.abs().max()) else std


def _edges(outputs: list[Tensor]) -> np.ndarray:
    """Bins covering mean ± 4 std (within min..max) of every finite layer, so layers share a scale."""
    lows, highs = [], []
    for h in outputs:
        std, mean = torch.std_mean(h) if h.numel() > 1 else (torch.zeros(()), h.reshape(-1)[0])
        lo, hi = torch.aminmax(h)
        lows.append(max(float(lo), float(mean - 4 * std)))
        highs.append(min(float(hi), float(mean + 4 * std)))
    low, high = (min(lows), max(highs)) if lows else (0.0, 0.0)
    if high - low <= 1e-12 * max(1.0, abs(low)):
        low, high = low - 0.5, high + 0.5
    return np.linspace(low, high, HISTOGRAM_BINS + 1)


def run_depth(spec: DepthSpec) -> DepthResult:
    """One forward and backward pass through the stack described by `spec` (see the module doc)."""
    spec.check()
    activation = ACTIVATIONS.get(spec.activation)
    act_values = activation.resolve(spec.activation_params)
    generator = torch.Generator().manual_seed(spec.seed)
    weights, biases = [], []
    with torch.random.fork_rng(devices=[]):  # sparse_ also draws from the global generator
        torch.manual_seed(spec.seed)
        for _ in range(spec.depth):
            weight = init_weight_(torch.empty(spec.width, spec.width), spec.init, spec.init_params, generator)
            bias = init_bias_(torch.empty(spec.width), spec.init, spec.width, generator)
            weights.append(weight.requires_grad_(True))
            biases.append(bias)
        x = torch.randn(spec.batch, spec.width, generator=generator)

    outputs: list[Tensor] = []
    h = x
    for weight, bias in zip(weights, biases, strict=True):
        h = activation.fn(F.linear(h, weight, bias), act_values)
        if h.requires_grad:
            h.retain_grad()
        outputs.append(h)
    loss = h.pow(2).mean()
    overflow = next((i + 1 for i, out in enumerate(outputs) if not torch.isfinite(out).all()), None)
    finite = outputs if overflow is None else outputs[: overflow - 1]
    if overflow is None:
        loss.backward()

    depth = spec.depth
    act_mean, act_std, grad_std, signal_grad_std = (np.full(depth, math.nan) for _ in range(4))
    distinct = np.zeros(depth, dtype=np.int64)
    edges = _edges([out.detach() for out in finite])
    histograms = np.zeros((depth, HISTOGRAM_BINS))
    gradient_overflow = False
    for index, out in enumerate(finite):
        values = out.detach()
        std, mean = torch.std_mean(values) if values.numel() > 1 else (torch.zeros(()), values.reshape(-1)[0])
        act_mean[index], act_std[index] = float(mean), float(std)
        distinct[index] = distinct_units(values)
        counts = torch.histc(values.reshape(-1).double(), HISTOGRAM_BINS, float(edges[0]), float(edges[-1]))
        histograms[index] = counts.numpy() / values.numel()
        if out.grad is not None and torch.isfinite(out.grad).all():
            signal_grad_std[index] = _spread(out.grad.double())
        grad = weights[index].grad
        if grad is None:
            continue
        if torch.isfinite(grad).all():
            grad_std[index] = _spread(grad.double())
        else:
            gradient_overflow = True
    return DepthResult(spec, act_mean, act_std, grad_std, signal_grad_std, distinct, edges, histograms,
                       float(loss.detach()) if overflow is None else math.nan, overflow, gradient_overflow)


@dataclass(frozen=True)
class DepthPreset:
    """A one-click case from the notes: an activation with an init, and what it shows."""

    key: str
    name_en: str
    name_zh: str
    activation: str
    init: str
    init_params: Mapping[str, object] = field(default_factory=dict)


DEPTH_PRESETS: Registry[DepthPreset] = Registry("depth preset")
for _preset in (
    DepthPreset("relu_kaiming", "ReLU + Kaiming: holds steady", "ReLU + Kaiming：信号保持稳定",
                "relu", "kaiming_normal", {"mode": "fan_in", "nonlinearity": "relu"}),
    DepthPreset("relu_xavier", "ReLU + Xavier: signal shrinks", "ReLU + Xavier：信号逐层衰减",
                "relu", "xavier_normal", {"gain": 1.0}),
    DepthPreset("tanh_xavier", "Tanh + Xavier (gain 5/3): holds steady", "Tanh + Xavier（gain 5/3）：信号保持稳定",
                "tanh", "xavier_normal", {"gain": 5 / 3}),
    DepthPreset("sigmoid_xavier", "Sigmoid + Xavier: gradient vanishes", "Sigmoid + Xavier：梯度消失",
                "sigmoid", "xavier_normal", {"gain": 1.0}),
    DepthPreset("selu_lecun", "SELU + LeCun normal: self-normalising", "SELU + LeCun 正态：自归一化",
                "selu", "lecun_normal"),
    DepthPreset("constant_symmetry", "Constant init: symmetry never broken", "常数初始化：对称性无法打破",
                "tanh", "constant", {"val": 0.01}),
):
    DEPTH_PRESETS.register(_preset)


@dataclass(frozen=True)
class DepthComparison:
    """Several activation × init cases from the notes, drawn on one plot."""

    key: str
    name_en: str
    name_zh: str
    cases: tuple[tuple[str, str, Mapping[str, object]], ...]  # (activation, init, init parameters)

    def specs(self, base: DepthSpec | None = None) -> list[DepthSpec]:
        """One spec per case, sizes and seed from `base`."""
        base = base or DepthSpec()
        return [replace(base, activation=activation, init=init, activation_params={}, init_params=dict(params))
                for activation, init, params in self.cases]


DEPTH_COMPARISONS: Registry[DepthComparison] = Registry("depth comparison")
for _comparison in (
    DepthComparison("relu_xavier_vs_kaiming", "ReLU: Xavier vs Kaiming", "ReLU：Xavier 与 Kaiming",
                    (("relu", "xavier_normal", {"gain": 1.0}),
                     ("relu", "kaiming_normal", {"mode": "fan_in", "nonlinearity": "relu"}))),
    DepthComparison("tanh_standard_vs_xavier", "Tanh: standard vs Xavier", "Tanh：标准初始化与 Xavier",
                    (("tanh", "standard", {}), ("tanh", "xavier_uniform", {"gain": 1.0}))),
    DepthComparison("selu_lecun_vs_kaiming", "SELU: LeCun vs Kaiming", "SELU：LeCun 与 Kaiming",
                    (("selu", "lecun_normal", {}),
                     ("selu", "kaiming_normal", {"mode": "fan_in", "nonlinearity": "relu"}))),
):
    DEPTH_COMPARISONS.register(_comparison)


def parse_cases(text: str, base: DepthSpec | None = None) -> list[DepthSpec]:
    """'relu:xavier_normal, relu:kaiming_normal' → one checked spec per ACTIVATION:INIT pair (default
    init parameters, sizes and seed from `base`). Raises ValueError naming a bad entry."""
    base = base or DepthSpec()
    specs = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        activation, colon, init = part.partition(":")
        if not colon or not activation.strip() or not init.strip():
            raise ValueError(f"case '{part}' must look like ACTIVATION:INIT, e.g. relu:kaiming_normal")
        spec = replace(base, activation=activation.strip(), init=init.strip(), activation_params={}, init_params={})
        spec.check()
        specs.append(spec)
    if not specs:
        raise ValueError("no cases given (e.g. relu:xavier_normal,relu:kaiming_normal)")
    return specs


#: The drift `signal_drift` tolerates: the std stays within [1/2, 2]× its first-layer value.
DRIFT_LIMIT = 2.0


@dataclass(frozen=True)
class SignalDrift:
    """How the activations' std moves from the first layer under the recommended init, measured on
    the depth view's default stack (20 layers of width 256, batch 256, seed 0)."""

    activation: str
    scheme: str
    init_params: Mapping[str, object]
    low: float  # smallest std / first-layer std over the layers
    high: float  # largest
    last: float  # last layer's std / first layer's

    @property
    def holds(self) -> bool:
        return self.low >= 1 / DRIFT_LIMIT and self.high <= DRIFT_LIMIT

    @property
    def text_en(self) -> str:
        spec = DepthSpec()
        measured = (f"Measured over {spec.depth} layers of width {spec.width}: the std stays within {self.low:.3g}× "
                    f"to {self.high:.3g}× its first-layer value (last layer {self.last:.3g}×)")
        if self.holds:
            return measured + "."
        return (measured + f". It cannot be kept within [{1 / DRIFT_LIMIT:g}, {DRIFT_LIMIT:g}]×: the variance map's "
                "fixed point repels, so the finite-width noise grows with depth, and no single gain keeps every "
                "seed inside the band (2 % more gain already sends other seeds above 2×).")

    @property
    def text_zh(self) -> str:
        spec = DepthSpec()
        measured = (f"实测 {spec.depth} 层、每层 {spec.width} 个神经元：标准差保持在第一层的 {self.low:.3g}× 到 "
                    f"{self.high:.3g}× 之间（最后一层 {self.last:.3g}×）")
        if self.holds:
            return measured + "。"
        return (measured + f"。无法保持在 [{1 / DRIFT_LIMIT:g}, {DRIFT_LIMIT:g}]× 以内：方差映射的不动点是排斥的，"
                "有限宽度带来的噪声随深度放大，没有哪个 gain 能让每个随机种子都留在范围内（gain 只要再大 2 %，"
                "其他种子就会超过 2×）。")


@lru_cache(maxsize=256)
def _drift(activation: str, params: tuple[tuple[str, float], ...]) -> SignalDrift:
    recommendation = recommended_init(activation, dict(params))
    spec = DepthSpec(activation=activation, init=recommendation.scheme, activation_params=dict(params),
                     init_params=dict(recommendation.params))
    spec.check()
    act_values = ACTIVATIONS.get(activation).resolve(spec.activation_params)
    fn = ACTIVATIONS.get(activation).fn
    generator = torch.Generator().manual_seed(spec.seed)
    stds = []
    with torch.no_grad(), torch.random.fork_rng(devices=[]):
        torch.manual_seed(spec.seed)
        layers = [(init_weight_(torch.empty(spec.width, spec.width), spec.init, spec.init_params, generator),
                   init_bias_(torch.empty(spec.width), spec.init, spec.width, generator)) for _ in range(spec.depth)]
        h = torch.randn(spec.batch, spec.width, generator=generator)
        for weight, bias in layers:  # the same draws, in the same order, as run_depth
            h = fn(F.linear(h, weight, bias), act_values)
            stds.append(float(h.std()))
    ratios = np.asarray(stds) / stds[0] if stds[0] > 0 else np.ones(len(stds))
    ratios = np.where(np.isfinite(ratios), ratios, math.inf)
    return SignalDrift(activation, spec.init, dict(spec.init_params), float(ratios.min()), float(ratios.max()),
                       float(ratios[-1]))


def signal_drift(activation: str, activation_params: Mapping[str, float] | None = None) -> SignalDrift:
    """The measured drift of the activations' std under `recommended_init` (cached per activation)."""
    values = ACTIVATIONS.get(activation).resolve(activation_params)
    return _drift(activation, tuple(sorted(values.items())))
