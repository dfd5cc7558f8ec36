"""Gradient descent on a 2-D surface with torch.optim: trajectories of several optimisers from one start.

Each optimiser moves a 2-parameter tensor (x, y) downhill on f(x, y). A run that produces a
non-finite value, or leaves the bounding box while the loss has grown, is stopped and reported as
diverged at that step; one that leaves the box going downhill (a surface unbounded below, such as a
saddle) is reported as escaped. Neither raises.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from actgui.core.lazy import lazy_module
from actgui.core.registry import QT_TRANSLATE_NOOP, Registry
from actgui.core.surfaces import Point, Surface, Window, check_window
from actgui.core.table import Table

if TYPE_CHECKING:
    from torch import Tensor

torch = lazy_module("torch")


#: How the run ended: all steps taken, stopped because it blew up, or left the box downhill.
COMPLETED, DIVERGED, ESCAPED = "completed", "diverged", "escaped"
MAX_STEPS = 2000
MAX_LEARNING_RATE = 100.0
MAX_MOMENTUM = 0.999
#: The bounding box is the view window grown this many times about its centre.
BOUND_FACTOR = 5.0


@dataclass(frozen=True)
class Optimizer:
    """A torch.optim optimiser as the landscape shows it."""

    key: str
    name_en: str
    name_zh: str
    color: str
    formula: str
    build: Callable[[list[Tensor], float, float], torch.optim.Optimizer]


DESCENT_METHODS: Registry[Optimizer] = Registry("optimizer")
register = DESCENT_METHODS.register

register(
    Optimizer(
        key="sgd",
        name_en="Gradient descent (SGD)",
        name_zh="梯度下降 SGD",
        color="#e6194b",
        formula=QT_TRANSLATE_NOOP("Formula", "θ ← θ − η·∇f"),
        build=lambda params, lr, m: torch.optim.SGD(params, lr=lr),
    )
)
register(
    Optimizer(
        key="momentum",
        name_en="Momentum",
        name_zh="动量法 Momentum",
        color="#f58231",
        formula=QT_TRANSLATE_NOOP("Formula", "v ← μ·v + ∇f;  θ ← θ − η·v"),
        build=lambda params, lr, m: torch.optim.SGD(params, lr=lr, momentum=m),
    )
)
register(
    Optimizer(
        key="nesterov",
        name_en="Nesterov momentum",
        name_zh="Nesterov 动量",
        color="#911eb4",
        formula=QT_TRANSLATE_NOOP("Formula", "v ← μ·v + ∇f;  θ ← θ − η·(∇f + μ·v)"),
        # With μ = 0 Nesterov's update is plain gradient descent, which torch only accepts without the flag.
        build=lambda params, lr, m: torch.optim.SGD(params, lr=lr, momentum=m, nesterov=m > 0),
    )
)
register(
    Optimizer(
        key="rmsprop",
        name_en="RMSprop",
        name_zh="RMSprop",
        color="#3cb44b",
        formula=QT_TRANSLATE_NOOP("Formula", "s ← α·s + (1 − α)·∇f²;  θ ← θ − η·∇f / (√s + ε),  α = 0.99"),
        build=lambda params, lr, m: torch.optim.RMSprop(params, lr=lr),
    )
)
register(
    Optimizer(
        key="adam",
        name_en="Adam",
        name_zh="Adam",
        color="#4363d8",
        # The bias corrections written out: a combining hat (m̂) shows as a stray "ˆ" in many fonts.
        formula=QT_TRANSLATE_NOOP(
            "Formula",
            "m ← β₁m + (1 − β₁)∇f;  s ← β₂s + (1 − β₂)∇f²;  θ ← θ − η · m/(1 − β₁ᵗ) / (√(s/(1 − β₂ᵗ)) + ε),  β = (0.9, 0.999)",  # noqa: E501 (one literal for the translation tools)
        ),
        build=lambda params, lr, m: torch.optim.Adam(params, lr=lr),
    )
)


@dataclass
class Trajectory:
    """The points visited (step 0 is the start) and the loss at each, and how the run ended."""

    optimizer: str
    x: np.ndarray
    y: np.ndarray
    loss: np.ndarray
    status: str = COMPLETED
    stopped_at: int | None = None  # the step at which a diverged or escaped run was stopped
    lr: float | None = None  # the learning rate it ran with

    @property
    def steps(self) -> int:
        return len(self.x) - 1

    @property
    def end(self) -> Point:
        return float(self.x[-1]), float(self.y[-1])


@dataclass(frozen=True)
class DescentSettings:
    """Where to start, which optimisers, and their learning rate, momentum and number of steps."""

    start: Point = (-2.0, 2.0)
    optimizers: tuple[str, ...] = ("sgd", "momentum", "adam")
    lr: float = 0.01
    momentum: float = 0.9
    steps: int = 200

    def check(self) -> None:
        """Raises ValueError (or UnknownKeyError) with a one-line reason for unusable settings."""
        if not self.optimizers:
            raise ValueError("choose at least one optimizer")
        for key in self.optimizers:
            DESCENT_METHODS.get(key)
        if len(set(self.optimizers)) != len(self.optimizers):
            raise ValueError("an optimizer is listed twice")
        if not (math.isfinite(self.lr) and 0 < self.lr <= MAX_LEARNING_RATE):
            raise ValueError(f"the learning rate must be in (0, {MAX_LEARNING_RATE:g}] (got {self.lr:g})")
        if not 0 <= self.momentum <= MAX_MOMENTUM:
            raise ValueError(f"the momentum must be in [0, {MAX_MOMENTUM:g}] (got {self.momentum:g})")
        if not 1 <= self.steps <= MAX_STEPS:
            raise ValueError(f"the number of steps must be in [1, {MAX_STEPS}] (got {self.steps})")
        if len(self.start) != 2 or not all(math.isfinite(v) for v in self.start):
            raise ValueError("the start must be two finite numbers x, y")


@dataclass(frozen=True)
class Preset:
    """A surface and descent settings that make one point of the course notes visible."""

    key: str
    name_en: str
    name_zh: str
    surface: str
    settings: DescentSettings
    params: Mapping[str, float] = field(default_factory=dict)
    #: Further starts run with the same settings and drawn faded (e.g. one per Himmelblau basin).
    earlier_starts: tuple[Point, ...] = ()


PRESETS: Registry[Preset] = Registry("preset")
PRESETS.register(
    Preset(
        key="zigzag",
        name_en="Narrow bowl: GD zig-zags, momentum and Adam do not",
        name_zh="狭长碗形：梯度下降来回震荡，动量法与 Adam 不会",
        surface="bowl",
        params={"condition": 20.0},
        settings=DescentSettings(
            start=(-2.5, 2.0), optimizers=("sgd", "momentum", "adam"), lr=0.09, momentum=0.5, steps=100
        ),
    )
)
PRESETS.register(
    Preset(
        key="saddle",
        name_en="Saddle: GD stalls on the ridge, momentum escapes",
        name_zh="鞍点：梯度下降停滞，动量法逃离",
        surface="saddle",
        settings=DescentSettings(start=(1.8, 0.01), optimizers=("sgd", "momentum"), lr=0.01, momentum=0.9, steps=150),
    )
)
PRESETS.register(
    Preset(
        key="himmelblau",
        name_en="Himmelblau: for plain GD the start decides the minimum (momentum can cross basins)",
        name_zh="Himmelblau：普通梯度下降由起点决定极小值（动量可以越过盆地）",
        surface="himmelblau",
        settings=DescentSettings(start=(0.5, 0.5), optimizers=("sgd", "momentum"), lr=0.01, momentum=0.5, steps=200),
        earlier_starts=((-0.5, 0.5), (-1.0, -1.0), (0.5, -0.5)),
    )
)
PRESETS.register(
    Preset(
        key="diverge",
        name_en="Learning rate too large: GD diverges",
        name_zh="学习率过大：梯度下降发散",
        surface="bowl",
        params={"condition": 10.0},
        settings=DescentSettings(start=(-2.5, 2.0), optimizers=("sgd", "adam"), lr=0.25, momentum=0.9, steps=60),
    )
)
PRESETS.register(
    Preset(
        key="rosenbrock",
        name_en="Rosenbrock: the long curved valley",
        name_zh="Rosenbrock：狭长弯曲的山谷",
        surface="rosenbrock",
        settings=DescentSettings(
            start=(-1.5, 2.0), optimizers=("sgd", "momentum", "adam"), lr=0.0015, momentum=0.9, steps=800
        ),
    )
)
PRESETS.register(
    Preset(
        key="rastrigin",
        name_en="Rastrigin: local minima trap GD; momentum rolls further, still trapped",
        name_zh="Rastrigin：局部极小值困住梯度下降；动量法走得更远，仍被困住",
        surface="rastrigin",
        settings=DescentSettings(
            start=(4.5, 4.3), optimizers=("sgd", "momentum", "adam"), lr=0.003, momentum=0.95, steps=300
        ),
    )
)


def bounding_box(window: Window) -> Window:
    """The window grown BOUND_FACTOR times about its centre: leaving it stops a run."""
    xmin, xmax, ymin, ymax = check_window(window)
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    hx, hy = BOUND_FACTOR * (xmax - xmin) / 2, BOUND_FACTOR * (ymax - ymin) / 2
    return cx - hx, cx + hx, cy - hy, cy + hy


def run(
    surface: Surface,
    settings: DescentSettings,
    params: Mapping[str, float] | None = None,
    window: Window | None = None,
) -> list[Trajectory]:
    """Every chosen optimiser from the same start on `surface`, in the order given.

    The optimisers step in lockstep: one forward and backward pass evaluates f at every optimiser's
    point, and each torch.optim optimiser then updates its own 2-parameter tensor. A run is stopped
    at the first step whose point or loss is not finite, or whose point leaves the bounding box.
    Raises ValueError for unusable settings or a start where f is not finite or outside the box.
    """
    settings.check()
    values = surface.resolve(params)
    xmin, xmax, ymin, ymax = bounding_box(window or surface.window)
    if not (xmin <= settings.start[0] <= xmax and ymin <= settings.start[1] <= ymax):
        raise ValueError("the start lies too far outside the window")
    count = len(settings.optimizers)
    thetas = [torch.tensor(settings.start, dtype=torch.float64, requires_grad=True) for _ in range(count)]
    engines = [
        DESCENT_METHODS.get(key).build([theta], settings.lr, settings.momentum)
        for key, theta in zip(settings.optimizers, thetas, strict=True)
    ]
    points: list[list[tuple[float, float, float]]] = [[] for _ in range(count)]
    outcomes: list[tuple[str, int | None]] = [(COMPLETED, None)] * count
    active = list(range(count))
    start_loss = math.inf
    for step in range(settings.steps + 1):
        loss = surface.fn(
            torch.stack([thetas[i][0] for i in active]), torch.stack([thetas[i][1] for i in active]), values
        )
        still = []
        for position, (i, value) in enumerate(zip(active, loss.tolist(), strict=True)):
            x, y = thetas[i].tolist()
            if step == 0:
                if not math.isfinite(value):
                    raise ValueError("f is not finite at the start")
                start_loss = value
            if not (math.isfinite(x) and math.isfinite(y) and math.isfinite(value)):
                outcomes[i] = (DIVERGED, step)
                continue
            points[i].append((x, y, value))
            if not (xmin <= x <= xmax and ymin <= y <= ymax):
                outcomes[i] = (ESCAPED if value < start_loss else DIVERGED, step)
                continue
            still.append((position, i))
        if step == settings.steps or not still:
            break
        for i in active:
            thetas[i].grad = None
        loss[[position for position, _ in still]].sum().backward()
        active = [i for _, i in still]
        for i in active:
            engines[i].step()
    trajectories = []
    for key, visited, (status, stopped_at) in zip(settings.optimizers, points, outcomes, strict=True):
        x, y, loss_values = (np.array(column) for column in zip(*visited, strict=True))
        trajectories.append(Trajectory(key, x, y, loss_values, status, stopped_at, settings.lr))
    return trajectories


def nearest_minimum(point: Point, minima: Sequence[Point], tolerance: float) -> int | None:
    """The index of the minimum within `tolerance` of `point`, or None."""
    for index, (mx, my) in enumerate(minima):
        if math.hypot(point[0] - mx, point[1] - my) <= tolerance:
            return index
    return None


def trajectories_table(trajectories: Sequence[Trajectory]) -> Table:
    """CSV columns optimizer, step, x, y, loss (and lr after optimizer when the learning rates differ):
    one row per point of every trajectory."""
    rates = len({trajectory.lr for trajectory in trajectories}) > 1
    columns: dict[str, list] = {"optimizer": [], **({"lr": []} if rates else {}), "step": [], "x": [], "y": [],
                                "loss": []}
    for trajectory in trajectories:
        count = len(trajectory.x)
        columns["optimizer"] += [trajectory.optimizer] * count
        if rates:
            columns["lr"] += [trajectory.lr] * count
        columns["step"] += list(range(count))
        columns["x"] += trajectory.x.tolist()
        columns["y"] += trajectory.y.tolist()
        columns["loss"] += trajectory.loss.tolist()
    return Table(columns)
