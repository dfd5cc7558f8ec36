"""The Landscape panel's settings: the surface and its parameters, the optimisers and the starts, or
the surface "network" (the network trained in the Training panel) and its plane."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from actgui.core.descent import DESCENT_METHODS, MAX_LEARNING_RATE, MAX_MOMENTUM, MAX_STEPS, DescentSettings
from actgui.core.network_landscape import (
    DEFAULT_RESOLUTION,
    DIRECTIONS,
    MAX_RESOLUTION,
    NETWORK_SURFACE,
    RANDOM,
    LandscapeSettings,
)
from actgui.core.surfaces import CUSTOM_KEY, DEFAULT_CUSTOM_EXPRESSION, SURFACES, Surface, get_surface, surface_keys
from actgui.state.base import PanelState, choice, items, number

MAX_STARTS = 12
START_LIMIT = 1000.0
MIN_LEARNING_RATE = 0.0001
#: The learning rates compared on one surface by default: the notes' "start small: 0.1, 0.01, 0.001".
COMPARED_LEARNING_RATES = (0.1, 0.01, 0.001)
MAX_COMPARED_RATES = 4
DEFAULT_SURFACE = "bowl"
_DESCENT = DescentSettings()


def surface_choices() -> list[str]:
    """The registered surfaces, the custom expression and the trained network."""
    return [*surface_keys(), NETWORK_SURFACE]


@dataclass
class LandscapeState(PanelState):
    """`params` keeps each surface's parameter values (`{surface: {key: value}}`); `starts` are the
    points descended from, the latest last (earlier ones are drawn faded). With `compare_lrs` every
    optimiser runs once per learning rate of `lrs`, all on one surface. With `surface` "network"
    the map is the loss of the Training panel's network on a plane through its weights, along
    `network_directions` with `network_resolution` points a side."""

    panel = "landscape"
    surface: str = choice(DEFAULT_SURFACE, surface_choices)
    params: dict[str, dict[str, float]] = field(default_factory=dict)
    expression: str = DEFAULT_CUSTOM_EXPRESSION
    optimizers: list[str] = items(lambda: list(_DESCENT.optimizers), choices=DESCENT_METHODS.keys)
    lr: float = number(_DESCENT.lr, MIN_LEARNING_RATE, MAX_LEARNING_RATE)
    compare_lrs: bool = False
    lrs: list[float] = items(lambda: list(COMPARED_LEARNING_RATES), min_length=1, max_length=MAX_COMPARED_RATES,
                             minimum=MIN_LEARNING_RATE, maximum=MAX_LEARNING_RATE)
    momentum: float = number(_DESCENT.momentum, 0.0, MAX_MOMENTUM)
    steps: int = number(_DESCENT.steps, 1, MAX_STEPS)
    starts: list[tuple[float, float]] = items(lambda: [SURFACES.get(DEFAULT_SURFACE).start], min_length=1,
                                              minimum=-START_LIMIT, maximum=START_LIMIT)
    keep: bool = False
    field: bool = False
    network_directions: str = choice(RANDOM, lambda: DIRECTIONS)
    network_resolution: int = number(DEFAULT_RESOLUTION, 3, MAX_RESOLUTION)

    @classmethod
    def upgrade(cls, data: dict[str, Any]) -> dict[str, Any]:
        params = data.get("params")
        if isinstance(params, dict) and not all(isinstance(v, dict) for v in params.values()):
            return {**data, "params": {str(data.get("surface", cls.surface)): params}}
        return data

    def validate(self) -> None:
        get_surface(CUSTOM_KEY, self.expression)
        for key, values in self.params.items():
            SURFACES.get(key).resolve(values)
        if len(self.starts) > MAX_STARTS:
            raise ValueError(f"starts: at most {MAX_STARTS}")
        if len(set(self.optimizers)) != len(self.optimizers):
            raise ValueError("optimizers: an optimizer is listed twice")
        if len(set(self.lrs)) != len(self.lrs):
            raise ValueError("lrs: a learning rate is listed twice")

    @property
    def network(self) -> bool:
        """Whether the surface is the trained network's loss landscape."""
        return self.surface == NETWORK_SURFACE

    def network_settings(self) -> LandscapeSettings:
        return LandscapeSettings(self.network_directions, self.network_resolution)

    def current_surface(self) -> Surface:
        """The function surface (the default one while the surface is the trained network)."""
        return get_surface(DEFAULT_SURFACE if self.network else self.surface, self.expression)

    def surface_values(self) -> dict[str, float]:
        """The current surface's parameters (defaults filled in)."""
        surface = self.current_surface()
        return surface.resolve(self.params.get(surface.key))

    def learning_rates(self) -> list[float]:
        """The learning rates each optimiser runs with: the compared ones, or the single one."""
        return list(self.lrs) if self.compare_lrs else [self.lr]

    def descent(self) -> DescentSettings:
        """The descent from the latest start."""
        return DescentSettings(start=tuple(self.starts[-1]), optimizers=tuple(self.optimizers), lr=self.lr,
                               momentum=self.momentum, steps=self.steps)
