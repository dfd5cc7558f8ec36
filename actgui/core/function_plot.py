"""What the Functions panel and `actgui export function` plot: a spec and its sampled curves."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from actgui.core.activations import ACTIVATIONS, Activation, Curves, grid, sample
from actgui.core.custom import CUSTOM_KEY, custom_activation
from actgui.core.lazy import lazy_module
from actgui.core.properties import Properties, properties
from actgui.core.table import Table

torch = lazy_module("torch")

X_LIMIT = 50.0
MIN_POINTS, MAX_POINTS = 1000, 20000


@dataclass
class FunctionPlotSpec:
    """Which activations, with which parameters, over which window, with which derivatives."""

    names: list[str] = field(default_factory=lambda: ["sigmoid", "tanh", "relu"])
    params: dict[str, dict[str, float]] = field(default_factory=dict)
    xmin: float = -6.0
    xmax: float = 6.0
    points: int = 2000
    derivative: bool = True
    second: bool = False
    custom_expression: str = "x * tanh(softplus(x))"
    grid: bool = False
    tanh_identity: bool = False  # overlay 2σ(2x) − 1, which is tanh(x)
    effective_range: bool = False  # shade each curve's effective input range (between its flat tails)

    def activations(self) -> list[Activation]:
        """The selected activations; raises UnknownKeyError or ExpressionError for a bad name."""
        return [
            custom_activation(self.custom_expression) if name == CUSTOM_KEY else ACTIVATIONS.get(name)
            for name in self.names
        ]

    def check(self) -> None:
        """Raises ValueError with a one-line reason when the spec cannot be plotted."""
        if not self.names:
            raise ValueError("choose at least one activation")
        if not self.xmin < self.xmax:
            raise ValueError(f"xmin ({self.xmin:g}) must be smaller than xmax ({self.xmax:g})")
        if not -X_LIMIT <= self.xmin < self.xmax <= X_LIMIT:
            raise ValueError(f"the x range must satisfy {-X_LIMIT:g} ≤ xmin < xmax ≤ {X_LIMIT:g}")
        if not MIN_POINTS // 10 <= self.points <= MAX_POINTS:
            raise ValueError(f"points must be between {MIN_POINTS // 10} and {MAX_POINTS}")
        for name, values in self.params.items():
            if name not in self.names:
                raise ValueError(f"parameter given for '{name}', which is not plotted")
            ACTIVATIONS.get(name).resolve(values)


def compute(spec: FunctionPlotSpec) -> list[tuple[Activation, Curves]]:
    """Samples every selected activation on the spec's grid (derivatives by autograd)."""
    spec.check()
    x = grid(spec.xmin, spec.xmax, spec.points)
    return [
        (activation, sample(activation, x, spec.params.get(activation.key), second=spec.second))
        for activation in spec.activations()
    ]


def curve_key(spec: FunctionPlotSpec, name: str) -> tuple:
    """What one activation's curves depend on: its name and parameters, the window, and for the custom
    activation its expression (the Functions panel keeps curves by this key)."""
    return (name, tuple(sorted(spec.params.get(name, {}).items())), (spec.xmin, spec.xmax, spec.points, spec.second),
            spec.custom_expression if name == CUSTOM_KEY else "")


def sample_one(spec: FunctionPlotSpec, name: str) -> tuple[Activation, Curves]:
    """compute() of the spec narrowed to the activation `name`."""
    params = spec.params.get(name)
    single = FunctionPlotSpec(names=[name], params={name: dict(params)} if params else {}, xmin=spec.xmin,
                              xmax=spec.xmax, points=spec.points, derivative=spec.derivative, second=spec.second,
                              custom_expression=spec.custom_expression)
    return compute(single)[0]


def sample_each(spec: FunctionPlotSpec) -> list[tuple[tuple, Curves, Properties]]:
    """(curve_key, curves, table properties) of every selected activation: the Functions panel's first
    numbers, computed by the start-up helper (actgui.core.prefetch) while the window is built."""
    sampled = []
    for name in spec.names:
        activation, curves = sample_one(spec, name)
        sampled.append((curve_key(spec, name), curves, properties(curves, activation)))
    return sampled


def tanh_identity(x: np.ndarray) -> np.ndarray:
    """2σ(2x) − 1 computed from the sigmoid: the notes' identity says it is tanh(x)."""
    return (2.0 * torch.sigmoid(2.0 * torch.as_tensor(x, dtype=torch.float64)) - 1.0).numpy()


def table(spec: FunctionPlotSpec, curves: list[tuple[Activation, Curves]]) -> Table:
    """CSV columns: x, then per activation NAME (and NAME_grad, NAME_grad2 when plotted), then
    tanh_identity (2σ(2x) − 1) when overlaid."""
    columns = {"x": curves[0][1].x if curves else grid(spec.xmin, spec.xmax, spec.points)}
    for activation, c in curves:
        columns[activation.key] = c.y
        if spec.derivative:
            columns[f"{activation.key}_grad"] = c.dy
        if spec.second and c.d2y is not None:
            columns[f"{activation.key}_grad2"] = c.d2y
    if spec.tanh_identity:
        columns["tanh_identity"] = tanh_identity(np.asarray(columns["x"]))
    return Table(columns)
