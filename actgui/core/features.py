"""Input features for 2-D data, as TensorFlow Playground offers them: x₁, x₂, x₁², x₂², x₁·x₂,
sin x₁, sin x₂. The chosen ones are computed from the two inputs before the network, so a linear
model on x₁² and x₂² separates the concentric circles."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from actgui.core.lazy import lazy_module

if TYPE_CHECKING:
    from torch import Tensor

torch = lazy_module("torch")


@dataclass(frozen=True)
class Feature:
    """One input feature: its key, its label (as drawn) and how it is computed from (N, 2) inputs."""

    key: str
    label: str
    compute: Callable[[Tensor], Tensor]


FEATURES: dict[str, Feature] = {feature.key: feature for feature in (
    Feature("x1", "x₁", lambda x: x[:, 0]),
    Feature("x2", "x₂", lambda x: x[:, 1]),
    Feature("x1_squared", "x₁²", lambda x: x[:, 0] ** 2),
    Feature("x2_squared", "x₂²", lambda x: x[:, 1] ** 2),
    Feature("x1_x2", "x₁·x₂", lambda x: x[:, 0] * x[:, 1]),
    Feature("sin_x1", "sin x₁", lambda x: torch.sin(x[:, 0])),
    Feature("sin_x2", "sin x₂", lambda x: torch.sin(x[:, 1])),
)}
#: The raw inputs: what every data set starts with.
RAW_FEATURES = ("x1", "x2")


def feature_keys() -> list[str]:
    return list(FEATURES)


def check_features(keys: Sequence[str]) -> tuple[str, ...]:
    """`keys` in the canonical order; raises ValueError for none, an unknown or a repeated key."""
    keys = [str(key) for key in keys]
    if not keys:
        raise ValueError("features: choose at least one input feature")
    unknown = [key for key in keys if key not in FEATURES]
    if unknown:
        raise ValueError(f"features: unknown feature '{unknown[0]}' (choose from: {', '.join(FEATURES)})")
    if len(set(keys)) != len(keys):
        raise ValueError("features: each feature once")
    return tuple(key for key in FEATURES if key in keys)


def apply_features(x: Tensor, keys: Sequence[str]) -> Tensor:
    """The (N, len(keys)) feature columns of the (N, 2) inputs `x`."""
    return torch.stack([FEATURES[key].compute(x) for key in keys], dim=1)
