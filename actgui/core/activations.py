"""The activation registry: one `register(...)` per activation function.

Each entry carries its torch implementation, shape parameters, formulas (plain text) and, where one
exists, the analytic derivative. Derivatives shown in the app come from autograd (`derivatives`);
the analytic ones exist so the tests can check autograd against them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from actgui.core.lazy import lazy_module, lazy_subclass
from actgui.core.palette import CURVE_COLORS
from actgui.core.registry import QT_TRANSLATE_NOOP, Param, Registry, resolve_params

if TYPE_CHECKING:
    from torch import Tensor

torch = lazy_module("torch")
F = lazy_module("torch.nn.functional")
nn = lazy_module("torch.nn")


Params = Mapping[str, float]
TensorFn = Callable[["Tensor", Params], "Tensor"]

SELU_LAMBDA = 1.0507009873554805
SELU_ALPHA = 1.6732632423543772
GELU_TANH_C = math.sqrt(2.0 / math.pi)


@dataclass(frozen=True)
class Activation:
    """One activation function and everything the app shows about it."""

    key: str
    name_en: str
    name_zh: str
    fn: TensorFn
    formula: str
    derivative_formula: str
    color: str
    params: tuple[Param, ...] = ()
    derivative: TensorFn | None = None
    kinks: Callable[[Params], Sequence[float]] = lambda p: ()
    module: Callable[[Params], nn.Module] | None = None
    family: str = "other"  # "relu" (can die), "saturating" (can saturate) or "other"

    def resolve(self, overrides: Mapping[str, float] | None = None) -> dict[str, float]:
        """Parameter values: defaults updated with `overrides`, range-checked."""
        values = resolve_params(self.key, self.params, overrides)
        if self.key == "hardtanh" and values["min_val"] >= values["max_val"]:
            raise ValueError("hardtanh: min_val must be smaller than max_val")
        return values

    def __call__(self, x: Tensor, params: Params | None = None) -> Tensor:
        return self.fn(x, self.resolve(params))

    def torch_module(self, params: Params | None = None) -> nn.Module:
        """An nn.Module computing this activation (PReLU's weight stays learnable)."""
        values = self.resolve(params)
        if self.module is not None:
            return self.module(values)
        return _Lambda(self.fn, values)


@lazy_subclass(nn, "Module")
class _Lambda:
    def __init__(self, fn: TensorFn, params: Params) -> None:
        super().__init__()
        self.fn = fn
        self.params = dict(params)

    def forward(self, x: Tensor) -> Tensor:
        return self.fn(x, self.params)


ACTIVATIONS: Registry[Activation] = Registry("activation", plugin_group="actgui.activations")
register = ACTIVATIONS.register


def _sig(x: Tensor) -> Tensor:
    return torch.sigmoid(x)


def _normal_cdf(x: Tensor) -> Tensor:
    return 0.5 * (1.0 + torch.erf(x / math.sqrt(2.0)))


def _normal_pdf(x: Tensor) -> Tensor:
    return torch.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi)


def _step(x: Tensor, p: Params) -> Tensor:
    # x * 0 keeps the graph, so autograd reports the step's derivative (0 away from the jump).
    return x * 0 + (x >= 0).to(x.dtype)


register(
    Activation(
        key="step",
        name_en="Step (Heaviside)",
        name_zh="阶跃函数",
        color="#7f7f7f",
        fn=_step,
        formula=QT_TRANSLATE_NOOP("Formula", "f(x) = 1 if x ≥ 0 else 0"),
        derivative_formula=QT_TRANSLATE_NOOP("Formula", "f′(x) = 0 (undefined at 0)"),
        derivative=lambda x, p: torch.zeros_like(x),
        kinks=lambda p: (0.0,),
    )
)
register(
    Activation(
        key="identity",
        name_en="Identity (linear)",
        name_zh="恒等函数",
        color="#17becf",
        fn=lambda x, p: x * 1,
        formula=QT_TRANSLATE_NOOP("Formula", "f(x) = x"),
        derivative_formula=QT_TRANSLATE_NOOP("Formula", "f′(x) = 1"),
        derivative=lambda x, p: torch.ones_like(x),
        module=lambda p: nn.Identity(),
    )
)
register(
    Activation(
        key="sigmoid",
        name_en="Sigmoid",
        name_zh="Sigmoid 函数",
        color=CURVE_COLORS[0],
        fn=lambda x, p: torch.sigmoid(x),
        formula=QT_TRANSLATE_NOOP("Formula", "σ(x) = 1 / (1 + e^(−x))"),
        derivative_formula=QT_TRANSLATE_NOOP("Formula", "σ′(x) = σ(x)(1 − σ(x)), max 0.25 at 0"),
        derivative=lambda x, p: _sig(x) * (1 - _sig(x)),
        module=lambda p: nn.Sigmoid(),
        family="saturating",
    )
)
register(
    Activation(
        key="tanh",
        name_en="Tanh",
        name_zh="Tanh 双曲正切",
        color=CURVE_COLORS[1],
        fn=lambda x, p: torch.tanh(x),
        formula=QT_TRANSLATE_NOOP("Formula", "tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x)) = 2σ(2x) − 1"),
        derivative_formula=QT_TRANSLATE_NOOP("Formula", "tanh′(x) = 1 − tanh²(x), max 1 at 0"),
        derivative=lambda x, p: 1 - torch.tanh(x) ** 2,
        module=lambda p: nn.Tanh(),
        family="saturating",
    )
)
register(
    Activation(
        key="relu",
        name_en="ReLU",
        name_zh="ReLU 修正线性单元",
        color=CURVE_COLORS[2],
        fn=lambda x, p: F.relu(x),
        formula=QT_TRANSLATE_NOOP("Formula", "f(x) = max(0, x)"),
        derivative_formula=QT_TRANSLATE_NOOP("Formula", "f′(x) = 1 if x > 0 else 0"),
        derivative=lambda x, p: (x > 0).to(x.dtype),
        kinks=lambda p: (0.0,),
        module=lambda p: nn.ReLU(),
        family="relu",
    )
)
_slope = Param("negative_slope", 0.01, 0.0, 1.0, "negative slope α", "负半轴斜率 α", 0.01)
register(
    Activation(
        key="leaky_relu",
        name_en="Leaky ReLU",
        name_zh="Leaky ReLU 带泄露修正线性单元",
        color=CURVE_COLORS[3],
        fn=lambda x, p: F.leaky_relu(x, p["negative_slope"]),
        params=(_slope,),
        formula=QT_TRANSLATE_NOOP("Formula", "f(x) = x if x > 0 else αx"),
        derivative_formula=QT_TRANSLATE_NOOP("Formula", "f′(x) = 1 if x > 0 else α"),
        derivative=lambda x, p: torch.where(x > 0, 1.0, p["negative_slope"]).to(x.dtype),
        kinks=lambda p: (0.0,),
        module=lambda p: nn.LeakyReLU(p["negative_slope"]),
        family="relu",
    )
)
register(
    Activation(
        key="prelu",
        name_en="PReLU (learned α)",
        name_zh="PReLU 参数化修正线性单元",
        color="#8c564b",
        fn=lambda x, p: F.prelu(x, x.new_tensor([p["weight"]])),
        params=(Param("weight", 0.25, 0.0, 1.0, "initial α (learned)", "初始 α（可学习）", 0.01),),
        formula=QT_TRANSLATE_NOOP("Formula", "f(x) = x if x > 0 else αx, α learned"),
        derivative_formula=QT_TRANSLATE_NOOP("Formula", "f′(x) = 1 if x > 0 else α"),
        derivative=lambda x, p: torch.where(x > 0, 1.0, p["weight"]).to(x.dtype),
        kinks=lambda p: (0.0,),
        module=lambda p: nn.PReLU(init=p["weight"]),
        family="relu",
    )
)
_alpha = Param("alpha", 1.0, 0.05, 5.0, "α", "α", 0.05)
register(
    Activation(
        key="elu",
        name_en="ELU",
        name_zh="ELU 指数线性单元",
        color=CURVE_COLORS[4],
        fn=lambda x, p: F.elu(x, p["alpha"]),
        params=(_alpha,),
        formula=QT_TRANSLATE_NOOP("Formula", "f(x) = x if x > 0 else α(e^x − 1)"),
        derivative_formula=QT_TRANSLATE_NOOP("Formula", "f′(x) = 1 if x > 0 else αe^x"),
        derivative=lambda x, p: torch.where(x > 0, torch.ones_like(x), p["alpha"] * torch.exp(x)),
        kinks=lambda p: (0.0,),
        module=lambda p: nn.ELU(p["alpha"]),
    )
)
register(
    Activation(
        key="selu",
        name_en="SELU",
        name_zh="SELU 自归一化指数线性单元",
        color=CURVE_COLORS[7],
        fn=lambda x, p: F.selu(x),
        formula=QT_TRANSLATE_NOOP("Formula", "f(x) = λx if x > 0 else λα(e^x − 1), λ≈1.0507, α≈1.6733"),
        derivative_formula=QT_TRANSLATE_NOOP("Formula", "f′(x) = λ if x > 0 else λαe^x"),
        derivative=lambda x, p: SELU_LAMBDA * torch.where(x > 0, torch.ones_like(x), SELU_ALPHA * torch.exp(x)),
        kinks=lambda p: (0.0,),
        module=lambda p: nn.SELU(),
    )
)
register(
    Activation(
        key="celu",
        name_en="CELU",
        name_zh="CELU 连续可微指数线性单元",
        color="#aec7e8",
        fn=lambda x, p: F.celu(x, p["alpha"]),
        params=(_alpha,),
        formula=QT_TRANSLATE_NOOP("Formula", "f(x) = max(0, x) + min(0, α(e^(x/α) − 1))"),
        derivative_formula=QT_TRANSLATE_NOOP("Formula", "f′(x) = 1 if x > 0 else e^(x/α)"),
        derivative=lambda x, p: torch.where(x > 0, torch.ones_like(x), torch.exp(x / p["alpha"])),
        kinks=lambda p: (0.0,),
        module=lambda p: nn.CELU(p["alpha"]),
    )
)
register(
    Activation(
        key="gelu",
        name_en="GELU (exact)",
        name_zh="GELU 高斯误差线性单元",
        color=CURVE_COLORS[5],
        fn=lambda x, p: F.gelu(x),
        formula=QT_TRANSLATE_NOOP("Formula", "f(x) = x·Φ(x), Φ the standard normal CDF"),
        derivative_formula=QT_TRANSLATE_NOOP("Formula", "f′(x) = Φ(x) + x·φ(x)"),
        derivative=lambda x, p: _normal_cdf(x) + x * _normal_pdf(x),
        module=lambda p: nn.GELU(),
    )
)


def _gelu_tanh_derivative(x: Tensor, p: Params) -> Tensor:
    u = GELU_TANH_C * (x + 0.044715 * x**3)
    t = torch.tanh(u)
    return 0.5 * (1 + t) + 0.5 * x * (1 - t**2) * GELU_TANH_C * (1 + 3 * 0.044715 * x**2)


register(
    Activation(
        key="gelu_tanh",
        name_en="GELU (tanh approx.)",
        name_zh="GELU（tanh 近似）",
        color="#98df8a",
        fn=lambda x, p: F.gelu(x, approximate="tanh"),
        formula=QT_TRANSLATE_NOOP("Formula", "f(x) = 0.5x(1 + tanh(√(2/π)(x + 0.044715x³)))"),
        derivative_formula=QT_TRANSLATE_NOOP(
            "Formula", "f′(x) = 0.5(1 + t) + 0.5x(1 − t²)√(2/π)(1 + 0.134145x²), t = tanh(…)"
        ),
        derivative=_gelu_tanh_derivative,
        module=lambda p: nn.GELU(approximate="tanh"),
    )
)
register(
    Activation(
        key="silu",
        name_en="SiLU",
        name_zh="SiLU",
        color=CURVE_COLORS[6],
        fn=lambda x, p: F.silu(x),
        formula=QT_TRANSLATE_NOOP("Formula", "f(x) = x·σ(x)"),
        derivative_formula=QT_TRANSLATE_NOOP("Formula", "f′(x) = σ(x)(1 + x(1 − σ(x)))"),
        derivative=lambda x, p: _sig(x) * (1 + x * (1 - _sig(x))),
        module=lambda p: nn.SiLU(),
    )
)


def _swish(x: Tensor, p: Params) -> Tensor:
    return x * torch.sigmoid(p["beta"] * x)


def _swish_derivative(x: Tensor, p: Params) -> Tensor:
    s = torch.sigmoid(p["beta"] * x)
    return s + p["beta"] * x * s * (1 - s)


register(
    Activation(
        key="swish",
        name_en="Swish (β)",
        name_zh="Swish（β）",
        color="#c5b0d5",
        fn=_swish,
        params=(Param("beta", 1.0, 0.0, 10.0, "β", "β", 0.05),),
        formula=QT_TRANSLATE_NOOP("Formula", "f(x) = x·σ(βx)"),
        derivative_formula=QT_TRANSLATE_NOOP("Formula", "f′(x) = σ(βx) + βx·σ(βx)(1 − σ(βx))"),
        derivative=_swish_derivative,
    )
)


def _mish_derivative(x: Tensor, p: Params) -> Tensor:
    sp = F.softplus(x)
    t = torch.tanh(sp)
    return t + x * (1 - t**2) * torch.sigmoid(x)


register(
    Activation(
        key="mish",
        name_en="Mish",
        name_zh="Mish",
        color="#c49c94",
        fn=lambda x, p: F.mish(x),
        formula=QT_TRANSLATE_NOOP("Formula", "f(x) = x·tanh(softplus(x))"),
        derivative_formula=QT_TRANSLATE_NOOP("Formula", "f′(x) = tanh(sp) + x·sech²(sp)·σ(x), sp = softplus(x)"),
        derivative=_mish_derivative,
        module=lambda p: nn.Mish(),
    )
)
register(
    Activation(
        key="softplus",
        name_en="Softplus (β)",
        name_zh="Softplus（β）",
        color="#f7b6d2",
        fn=lambda x, p: F.softplus(x, beta=p["beta"]),
        params=(Param("beta", 1.0, 0.1, 10.0, "β", "β", 0.05),),
        formula=QT_TRANSLATE_NOOP("Formula", "f(x) = (1/β)·ln(1 + e^(βx))"),
        derivative_formula=QT_TRANSLATE_NOOP("Formula", "f′(x) = σ(βx)"),
        derivative=lambda x, p: torch.sigmoid(p["beta"] * x),
        module=lambda p: nn.Softplus(beta=p["beta"]),
    )
)
register(
    Activation(
        key="softsign",
        name_en="Softsign",
        name_zh="Softsign",
        color="#dbdb8d",
        fn=lambda x, p: F.softsign(x),
        formula=QT_TRANSLATE_NOOP("Formula", "f(x) = x / (1 + |x|)"),
        derivative_formula=QT_TRANSLATE_NOOP("Formula", "f′(x) = 1 / (1 + |x|)²"),
        derivative=lambda x, p: 1 / (1 + x.abs()) ** 2,
        module=lambda p: nn.Softsign(),
        family="saturating",
    )
)
register(
    Activation(
        key="hardtanh",
        name_en="Hardtanh",
        name_zh="Hardtanh 硬双曲正切",
        color="#9edae5",
        fn=lambda x, p: F.hardtanh(x, p["min_val"], p["max_val"]),
        params=(
            Param("min_val", -1.0, -10.0, 10.0, "min", "下限", 0.1),
            Param("max_val", 1.0, -10.0, 10.0, "max", "上限", 0.1),
        ),
        formula=QT_TRANSLATE_NOOP("Formula", "f(x) = clamp(x, min, max)"),
        derivative_formula=QT_TRANSLATE_NOOP("Formula", "f′(x) = 1 if min < x < max else 0"),
        derivative=lambda x, p: ((x > p["min_val"]) & (x < p["max_val"])).to(x.dtype),
        kinks=lambda p: (p["min_val"], p["max_val"]),
        module=lambda p: nn.Hardtanh(p["min_val"], p["max_val"]),
        family="saturating",
    )
)
register(
    Activation(
        key="hardsigmoid",
        name_en="Hardsigmoid",
        name_zh="Hardsigmoid 硬 Sigmoid",
        color="#393b79",
        fn=lambda x, p: F.hardsigmoid(x),
        formula=QT_TRANSLATE_NOOP("Formula", "f(x) = ReLU6(x + 3) / 6"),
        derivative_formula=QT_TRANSLATE_NOOP("Formula", "f′(x) = 1/6 if −3 < x < 3 else 0"),
        derivative=lambda x, p: ((x > -3) & (x < 3)).to(x.dtype) / 6,
        kinks=lambda p: (-3.0, 3.0),
        module=lambda p: nn.Hardsigmoid(),
        family="saturating",
    )
)
register(
    Activation(
        key="hardswish",
        name_en="Hardswish",
        name_zh="Hardswish 硬 Swish",
        color="#637939",
        fn=lambda x, p: F.hardswish(x),
        formula=QT_TRANSLATE_NOOP("Formula", "f(x) = x·ReLU6(x + 3) / 6"),
        derivative_formula=QT_TRANSLATE_NOOP("Formula", "f′(x) = 0 if x < −3, 1 if x > 3, else (2x + 3)/6"),
        derivative=lambda x, p: torch.where(x < -3, 0.0, torch.where(x > 3, 1.0, (2 * x + 3) / 6)).to(x.dtype),
        kinks=lambda p: (-3.0, 3.0),
        module=lambda p: nn.Hardswish(),
    )
)
register(
    Activation(
        key="relu6",
        name_en="ReLU6",
        name_zh="ReLU6",
        color="#e7969c",
        fn=lambda x, p: F.relu6(x),
        formula=QT_TRANSLATE_NOOP("Formula", "f(x) = min(max(0, x), 6)"),
        derivative_formula=QT_TRANSLATE_NOOP("Formula", "f′(x) = 1 if 0 < x < 6 else 0"),
        derivative=lambda x, p: ((x > 0) & (x < 6)).to(x.dtype),
        kinks=lambda p: (0.0, 6.0),
        module=lambda p: nn.ReLU6(),
        family="relu",
    )
)
register(
    Activation(
        key="logsigmoid",
        name_en="LogSigmoid",
        name_zh="LogSigmoid 对数 Sigmoid",
        color="#843c39",
        fn=lambda x, p: F.logsigmoid(x),
        formula=QT_TRANSLATE_NOOP("Formula", "f(x) = ln σ(x) = −ln(1 + e^(−x))"),
        derivative_formula=QT_TRANSLATE_NOOP("Formula", "f′(x) = 1 − σ(x) = σ(−x)"),
        derivative=lambda x, p: torch.sigmoid(-x),
        module=lambda p: nn.LogSigmoid(),
    )
)


@dataclass
class Curves:
    """An activation sampled on a grid: values and autograd derivatives (float64 numpy arrays)."""

    x: np.ndarray
    y: np.ndarray
    dy: np.ndarray
    d2y: np.ndarray | None = None
    params: dict[str, float] = field(default_factory=dict)


def derivatives(x: Tensor, fn: Callable[[Tensor], Tensor], second: bool = False) -> tuple[Tensor, ...]:
    """(f(x), f′(x)[, f″(x)]) by autograd, as the course notes do: f(x).sum().backward()."""
    x = x.detach().clone().requires_grad_(True)
    y = fn(x)
    (dy,) = torch.autograd.grad(y.sum(), x, create_graph=second)
    if not second:
        return y.detach(), dy.detach()
    d2y = None
    if dy.requires_grad:
        try:
            (d2y,) = torch.autograd.grad(dy.sum(), x, allow_unused=True)
        except RuntimeError:  # a few torch kernels (hardsigmoid) have no double backward
            d2y = torch.as_tensor(np.gradient(dy.detach().numpy(), x.detach().numpy()))
    return y.detach(), dy.detach(), (torch.zeros_like(x) if d2y is None else d2y).detach()


def grid(xmin: float, xmax: float, points: int) -> np.ndarray:
    """Evenly spaced x from xmin to xmax inclusive; raises ValueError for an empty window."""
    if not xmin < xmax:
        raise ValueError(f"xmin ({xmin:g}) must be smaller than xmax ({xmax:g})")
    if points < 2:
        raise ValueError(f"points must be at least 2 (got {points})")
    return np.linspace(xmin, xmax, int(points))


def sample(
    activation: Activation,
    x: np.ndarray,
    params: Mapping[str, float] | None = None,
    second: bool = False,
) -> Curves:
    """f, f′ (and f″) of `activation` on the grid `x`, derivatives from autograd in float64."""
    values = activation.resolve(params)
    xt = torch.as_tensor(x, dtype=torch.float64)
    result = derivatives(xt, lambda t: activation.fn(t, values), second=second)
    arrays = [r.numpy() for r in result]
    return Curves(
        x=np.asarray(x, dtype=np.float64), y=arrays[0], dy=arrays[1], d2y=arrays[2] if second else None, params=values
    )
