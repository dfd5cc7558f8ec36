"""Properties of an activation computed from the function itself, never typed in."""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from actgui.core.activations import ACTIVATIONS, Activation, Curves, sample
from actgui.core.lazy import lazy_module

torch = lazy_module("torch")


SATURATION_THRESHOLD = 1e-2
#: Karpathy's makemore rule, |tanh(z)| > 0.97, as a slope: tanh′ = 1 − tanh² < 1 − 0.97² of its peak.
SATURATED_SLOPE_SHARE = 1 - 0.97**2
ZERO_GRADIENT = 1e-12
ZERO_MEAN_TOLERANCE = 0.05


@dataclass(frozen=True)
class Properties:
    """What the Functions panel's table shows for one curve over the plotted window."""

    output_min: float
    output_max: float
    max_abs_grad: float
    argmax_abs_grad: float
    mean_under_normal: float
    zero_centred: bool
    monotonic: bool
    saturation: tuple[tuple[float, float], ...]
    zero_grad_fraction: float


def properties(curves: Curves, activation: Activation) -> Properties:
    """Properties of sampled `curves`; the zero-centred test uses E[f(z)] for z ~ N(0, 1)."""
    x, y, dy = curves.x, curves.y, curves.dy
    finite = np.isfinite(y)
    i = int(np.nanargmax(np.abs(dy)))
    steps = np.diff(y[finite])
    monotonic = bool(np.all(steps >= -1e-12) or np.all(steps <= 1e-12))
    mean = normal_mean(activation, curves.params)
    return Properties(
        output_min=float(np.nanmin(y)), output_max=float(np.nanmax(y)),
        max_abs_grad=float(abs(dy[i])), argmax_abs_grad=float(x[i]),
        mean_under_normal=mean, zero_centred=abs(mean) < ZERO_MEAN_TOLERANCE, monotonic=monotonic,
        saturation=saturation_regions(x, dy),
        zero_grad_fraction=float(np.mean(np.abs(dy) < ZERO_GRADIENT)),
    )


def normal_mean(activation: Activation, params: Mapping[str, float] | None = None) -> float:
    """E[f(z)] for z ~ N(0, 1), by quadrature on [-10, 10]."""
    z = np.linspace(-10.0, 10.0, 20001)
    weights = np.exp(-0.5 * z * z) / np.sqrt(2 * np.pi) * (z[1] - z[0])
    with torch.no_grad():
        f = activation.fn(torch.as_tensor(z), activation.resolve(params)).numpy()
    return float(np.sum(f * weights))


def saturation_regions(x: np.ndarray, dy: np.ndarray) -> tuple[tuple[float, float], ...]:
    """Runs where |f′| < 1e-2 that reach the window's edge (flat tails, not stationary points)."""
    runs = regions(x, np.abs(dy) < SATURATION_THRESHOLD)
    return tuple(r for r in runs if r[0] == x[0] or r[1] == x[-1])


def effective_range(x: np.ndarray, dy: np.ndarray) -> tuple[float, float] | None:
    """The effective input range: between the two flat tails (|f′| < 1e-2 at both window edges),
    where the input still moves the output; tanh's is ≈ [−3, 3] (tanh′(±3) = 0.0099). None unless
    both tails are flat inside the window."""
    runs = saturation_regions(x, dy)
    left = next((r for r in runs if r[0] == x[0]), None)
    right = next((r for r in runs if r[1] == x[-1]), None)
    if left is None or right is None or left == right:
        return None
    return left[1], right[0]


def peak_slope(activation: Activation, params: Mapping[str, float] | None = None) -> float:
    """max |f′(x)| over x in [−10, 10] (autograd on 4001 points)."""
    return float(np.max(np.abs(sample(activation, np.linspace(-10.0, 10.0, 4001), params).dy)))


def saturated_share(activation: Activation, z: torch.Tensor, params: Mapping[str, float] | None = None) -> float:
    """Share of the pre-activations `z` where the unit is saturated in makemore's sense, for any
    activation: |f′(z)| below (1 − 0.97²) of the activation's peak slope (tanh: |tanh(z)| > 0.97;
    ReLU: z < 0, where no gradient flows)."""
    values = activation.resolve(params)
    x = z.detach().double().requires_grad_(True)
    (slope,) = torch.autograd.grad(activation.fn(x, values).sum(), x)
    limit = SATURATED_SLOPE_SHARE * peak_slope(activation, values)
    return float((slope.abs() < limit).double().mean())


def update_to_data_ratio(before: Sequence[torch.Tensor], after: Sequence[torch.Tensor]) -> np.ndarray:
    """‖ΔW‖ / ‖W‖ per layer for one optimiser step (weights before and after it); about 1e-3 is the
    healthy rate in makemore's lessons, far above it the step is too large, far below too small."""
    ratios = []
    for old, new in zip(before, after, strict=True):
        norm = float(torch.linalg.vector_norm(old.detach().double()))
        change = float(torch.linalg.vector_norm((new.detach() - old.detach()).double()))
        ratios.append(change / norm if norm > 0 else math.inf)
    return np.asarray(ratios)


def regions(x: np.ndarray, mask: np.ndarray) -> tuple[tuple[float, float], ...]:
    """The maximal runs of x where `mask` holds, as (start, end) pairs."""
    change = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    starts, ends = np.flatnonzero(change == 1), np.flatnonzero(change == -1) - 1
    return tuple((float(x[s]), float(x[e])) for s, e in zip(starts, ends, strict=True))


_relative_cache: dict[tuple, float] = {}


def _forward_seconds(activation: Activation, values: Mapping[str, float], x: torch.Tensor, device: str) -> float:
    if device == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    activation.fn(x, values)
    if device == "cuda":
        torch.cuda.synchronize()
    return time.perf_counter() - start


def measured_cost(activation: Activation, device: str = "cpu") -> float | None:
    """cost_relative_to_relu's answer if it has been measured already (ReLU's is 1), else None."""
    if activation.key == "relu":
        return 1.0
    return _relative_cache.get((activation.key, activation.formula, device))


def cost_relative_to_relu(
    activation: Activation, params: Mapping[str, float] | None = None, device: str = "cpu", rounds: int = 9
) -> float:
    """Forward time relative to ReLU's on a million float32 values: the median over `rounds` of the
    ratio of back-to-back timings, so a busy machine slows both alike (cached per activation)."""
    values = activation.resolve(params)
    if activation.key == "relu":
        return 1.0
    key = (activation.key, activation.formula, device)
    if key in _relative_cache:
        return _relative_cache[key]
    relu = ACTIVATIONS.get("relu")
    x = torch.randn(1_000_000, device=device)
    ratios = []
    with torch.no_grad():
        activation.fn(x, values)  # warm-up: first calls pay for allocation and dispatch
        relu.fn(x, {})
        for _ in range(rounds):
            own = _forward_seconds(activation, values, x, device)
            base = _forward_seconds(relu, {}, x, device)
            ratios.append(own / base if base > 0 else float("nan"))
    ratio = float(np.nanmedian(ratios))
    _relative_cache[key] = ratio
    return ratio


def sample_properties(
    activation: Activation, x: np.ndarray, params: Mapping[str, float] | None = None
) -> Properties:
    """Convenience: sample on `x`, then compute the properties."""
    return properties(sample(activation, x, params), activation)
