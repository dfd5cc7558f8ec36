"""Softmax over a logit vector: the stable and the naive form, and its Jacobian."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from actgui.core.lazy import lazy_module
from actgui.core.table import parse_numbers

torch = lazy_module("torch")


NOTES_LOGITS = (0.2, 0.02, 0.15, 0.15, 1.3, 0.5, 0.06, 1.1, 0.05, 3.75)
#: The temperatures the CLI accepts (the panel's slider covers a part of this range).
MIN_TEMPERATURE, MAX_TEMPERATURE = 1e-3, 100.0


def check_temperature(temperature: float) -> float:
    """`temperature` when it lies in [MIN_TEMPERATURE, MAX_TEMPERATURE]; raises ValueError otherwise."""
    if not MIN_TEMPERATURE <= temperature <= MAX_TEMPERATURE:
        raise ValueError(f"temperature must be between {MIN_TEMPERATURE:g} and {MAX_TEMPERATURE:g} "
                         f"(got {temperature:g})")
    return float(temperature)


def _checked(logits: Sequence[float], temperature: float) -> np.ndarray:
    if not temperature > 0:
        raise ValueError(f"temperature must be positive (got {temperature:g})")
    z = np.asarray(logits, dtype=np.float64)
    if z.ndim != 1 or z.size == 0:
        raise ValueError("logits must be a non-empty list of numbers")
    if not np.all(np.isfinite(z)):
        raise ValueError("logits must be finite numbers")
    return z


def _logits(logits: Sequence[float], temperature: float) -> np.ndarray:
    """z / T (infinite where a tiny T overflows it)."""
    z = _checked(logits, temperature)
    with np.errstate(over="ignore"):
        return z / temperature


def _shifted(logits: Sequence[float], temperature: float) -> np.ndarray:
    """(z − max z) / T: at most 0, so exp of it never overflows, even for a tiny T."""
    z = _checked(logits, temperature)
    with np.errstate(over="ignore"):
        return (z - z.max()) / temperature


def softmax(logits: Sequence[float], temperature: float = 1.0) -> np.ndarray:
    """exp(z − max z) / Σ exp(z − max z), z = logits / T: never overflows."""
    e = np.exp(_shifted(logits, temperature))
    return e / e.sum()


def naive_softmax(logits: Sequence[float], temperature: float = 1.0) -> np.ndarray:
    """exp(z) / Σ exp(z) without the max shift: overflows to inf/inf = nan for large logits."""
    z = _logits(logits, temperature)
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(z)
        return e / e.sum()


def jacobian(probabilities: Sequence[float]) -> np.ndarray:
    """∂p_i/∂z_j = p_i(δ_ij − p_j) for the softmax output p (temperature 1)."""
    p = np.asarray(probabilities, dtype=np.float64)
    return np.diag(p) - np.outer(p, p)


def autograd_jacobian(logits: Sequence[float], temperature: float = 1.0) -> np.ndarray:
    """The same Jacobian with respect to the logits by torch autograd (includes the 1/T factor)."""
    z = torch.as_tensor(_shifted(logits, 1.0))  # softmax does not change when every logit shifts alike
    return torch.autograd.functional.jacobian(lambda t: torch.softmax(t / temperature, dim=0), z).numpy()


#: The most logits the panel and the CLI take.
MAX_LOGITS = 100


def parse_logits(text: str) -> list[float]:
    """'0.2, 1, 3.75' → [0.2, 1.0, 3.75]; raises ValueError naming the bad entry."""
    values = parse_numbers(text)
    if not values:
        raise ValueError("enter at least one logit")
    if len(values) > MAX_LOGITS:
        raise ValueError(f"at most {MAX_LOGITS} logits")
    _logits(values, 1.0)
    return values
