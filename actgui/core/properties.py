"""Properties of an activation computed from the function itself, never typed in."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from actgui.core.activations import Activation, Curves, sample
from actgui.core.lazy import lazy_module

torch = lazy_module("torch")


SATURATION_THRESHOLD = 1e-2
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


def regions(x: np.ndarray, mask: np.ndarray) -> tuple[tuple[float, float], ...]:
    """The maximal runs of x where `mask` holds, as (start, end) pairs."""
    change = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    starts, ends = np.flatnonzero(change == 1), np.flatnonzero(change == -1) - 1
    return tuple((float(x[s]), float(x[e])) for s, e in zip(starts, ends, strict=True))


_cost_cache: dict[tuple, float] = {}


def cost_us_per_million(
    activation: Activation, params: Mapping[str, float] | None = None, device: str = "cpu", repeats: int = 5
) -> float:
    """Measured forward time in µs per million float32 elements on `device` (median, cached per
    activation and device)."""
    values = activation.resolve(params)
    key = (activation.key, activation.formula, device)  # the cost hardly depends on the parameters
    if key in _cost_cache:
        return _cost_cache[key]
    x = torch.randn(1_000_000, device=device)
    times = []
    with torch.no_grad():
        for _ in range(repeats + 1):
            if device == "cuda":
                torch.cuda.synchronize()
            start = time.perf_counter()
            activation.fn(x, values)
            if device == "cuda":
                torch.cuda.synchronize()
            times.append(time.perf_counter() - start)
    cost = float(np.median(times[1:]) * 1e6)
    _cost_cache[key] = cost
    return cost


def sample_properties(
    activation: Activation, x: np.ndarray, params: Mapping[str, float] | None = None
) -> Properties:
    """Convenience: sample on `x`, then compute the properties."""
    return properties(sample(activation, x, params), activation)
