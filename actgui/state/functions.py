"""The Functions panel's settings: which activations, their shape parameters, the x window, the view."""

from __future__ import annotations

from dataclasses import dataclass, field

from actgui.core.activations import ACTIVATIONS, Curves
from actgui.core.custom import CUSTOM_KEY, custom_activation
from actgui.core.function_plot import MAX_POINTS, MIN_POINTS, X_LIMIT, FunctionPlotSpec, sample_each
from actgui.core.properties import Properties
from actgui.state.base import PanelState, items, number

_DEFAULT = FunctionPlotSpec()


def activation_keys() -> list[str]:
    """What the Functions panel can plot: every registered activation and the custom expression."""
    return [*ACTIVATIONS.keys(), CUSTOM_KEY]


@dataclass
class FunctionsState(PanelState):
    """`params` keeps the slider values per activation (also of unticked ones, for when they return)."""

    panel = "functions"
    names: list[str] = items(lambda: list(_DEFAULT.names), choices=activation_keys)
    params: dict[str, dict[str, float]] = field(default_factory=dict)
    xmin: float = number(_DEFAULT.xmin, -X_LIMIT, X_LIMIT)
    xmax: float = number(_DEFAULT.xmax, -X_LIMIT, X_LIMIT)
    points: int = number(_DEFAULT.points, MIN_POINTS, MAX_POINTS)
    derivative: bool = _DEFAULT.derivative
    second: bool = _DEFAULT.second
    custom_expression: str = _DEFAULT.custom_expression
    overlay: bool = False
    grid: bool = False
    tanh_identity: bool = _DEFAULT.tanh_identity
    effective_range: bool = _DEFAULT.effective_range

    def validate(self) -> None:
        if not self.xmin < self.xmax:
            raise ValueError(f"xmin ({self.xmin:g}) must be smaller than xmax ({self.xmax:g})")
        for name, values in self.params.items():
            ACTIVATIONS.get(name).resolve(values)
        custom_activation(self.custom_expression)

    def spec(self) -> FunctionPlotSpec:
        """What to plot: the ticked activations with every shape parameter (defaults filled in)."""
        params = {}
        for name in self.names:
            if name != CUSTOM_KEY:
                values = ACTIVATIONS.get(name).resolve(self.params.get(name))
                if values:
                    params[name] = values
        return FunctionPlotSpec(names=list(self.names), params=params, xmin=self.xmin, xmax=self.xmax,
                                points=self.points, derivative=self.derivative, second=self.second,
                                custom_expression=self.custom_expression, grid=self.grid,
                                tanh_identity=self.tanh_identity, effective_range=self.effective_range)


def first_numbers(state: FunctionsState) -> list[tuple[tuple, Curves, Properties]]:
    """What the start-up helper computes for the Functions panel: sample_each(state.spec())."""
    return sample_each(state.spec())
