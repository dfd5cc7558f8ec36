"""Squareplus (Barron 2021): a smooth ReLU from a square root, registered when ActGUI imports this module."""

from __future__ import annotations

from typing import TYPE_CHECKING

from actgui.core.activations import Activation, Params, register
from actgui.core.lazy import lazy_module
from actgui.core.registry import Param

if TYPE_CHECKING:
    from torch import Tensor

# torch on first use, as ActGUI's own registries do: listing the entries (and opening the window) stays quick
torch = lazy_module("torch")


def squareplus(x: Tensor, p: Params) -> Tensor:
    return 0.5 * (x + torch.sqrt(x * x + p["b"]))


def squareplus_derivative(x: Tensor, p: Params) -> Tensor:
    return 0.5 * (1 + x / torch.sqrt(x * x + p["b"]))


register(
    Activation(
        key="squareplus",
        name_en="Squareplus (b)",
        name_zh="Squareplus（b）",
        color="#2ca089",
        fn=squareplus,
        params=(Param("b", 4.0, 0.01, 16.0, "b (curvature at 0)", "b（0 处的弯曲程度）", 0.01),),
        formula="f(x) = (x + √(x² + b)) / 2",
        derivative_formula="f′(x) = (1 + x / √(x² + b)) / 2",
        derivative=squareplus_derivative,
    )
)
