"""Two-dimensional loss surfaces f(x, y) for the optimisation landscape, and their contour lines.

Each surface has a default view window and, where they are known in closed form, its minima. A custom
surface is typed by the user in the safe expression language (variables x and y).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from actgui.core.lazy import lazy_module
from actgui.core.registry import QT_TRANSLATE_NOOP, Param, Registry, resolve_params
from actgui.core.safe_expr import compile_expression

if TYPE_CHECKING:
    from torch import Tensor

torch = lazy_module("torch")


Params = Mapping[str, float]
Point = tuple[float, float]
Window = tuple[float, float, float, float]  # xmin, xmax, ymin, ymax

CUSTOM_KEY = "custom"
DEFAULT_CUSTOM_EXPRESSION = "0.1*x**2 + 0.5*y**2 + sin(2*x)"


@dataclass(frozen=True)
class Surface:
    """A loss surface f(x, y) and how to show it."""

    key: str
    name_en: str
    name_zh: str
    fn: Callable[[Tensor, Tensor, Params], Tensor]
    formula: str
    window: Window
    start: Point  # where descent starts by default
    params: tuple[Param, ...] = ()
    minima: Callable[[Params], tuple[Point, ...]] = lambda p: ()

    def resolve(self, overrides: Mapping[str, float] | None = None) -> dict[str, float]:
        """Parameter values: defaults updated with `overrides`, range-checked."""
        return resolve_params(self.key, self.params, overrides)

    def __call__(self, x: Tensor, y: Tensor, params: Params | None = None) -> Tensor:
        return self.fn(x, y, self.resolve(params))


SURFACES: Registry[Surface] = Registry("surface", plugin_group="actgui.surfaces")
register = SURFACES.register

register(
    Surface(
        key="bowl",
        name_en="Convex bowl",
        name_zh="凸碗形曲面",
        fn=lambda x, y, p: 0.5 * (x**2 + p["condition"] * y**2),
        formula=QT_TRANSLATE_NOOP("Formula", "f = ½(x² + κ·y²): one minimum; κ is the condition number"),
        window=(-3.0, 3.0, -3.0, 3.0),
        start=(-2.5, 2.0),
        params=(Param("condition", 10.0, 1.0, 100.0, "condition number κ", "条件数 κ", 0.5),),
        minima=lambda p: ((0.0, 0.0),),
    )
)
register(
    Surface(
        key="saddle",
        name_en="Saddle x² − y²",
        name_zh="鞍点 x² − y²",
        fn=lambda x, y, p: x**2 - y**2,
        formula=QT_TRANSLATE_NOOP("Formula", "f = x² − y²: a saddle point at (0, 0), no minimum"),
        window=(-2.0, 2.0, -2.0, 2.0),
        start=(1.8, 0.01),
    )
)
register(
    Surface(
        key="monkey_saddle",
        name_en="Monkey saddle",
        name_zh="猴鞍面",
        fn=lambda x, y, p: x**3 - 3 * x * y**2,
        formula=QT_TRANSLATE_NOOP("Formula", "f = x³ − 3xy²: a flat saddle with three valleys, no minimum"),
        window=(-2.0, 2.0, -2.0, 2.0),
        start=(1.5, 0.3),
    )
)
register(
    Surface(
        key="rosenbrock",
        name_en="Rosenbrock",
        name_zh="Rosenbrock 函数",
        fn=lambda x, y, p: (p["a"] - x) ** 2 + p["b"] * (y - x**2) ** 2,
        formula=QT_TRANSLATE_NOOP("Formula", "f = (a − x)² + b(y − x²)²: a long curved valley, minimum at (a, a²)"),
        window=(-2.0, 2.0, -1.0, 3.0),
        start=(-1.5, 2.0),
        params=(
            Param("a", 1.0, -1.5, 1.5, "a", "a", 0.05),
            Param("b", 100.0, 1.0, 200.0, "b (valley steepness)", "b（山谷陡峭程度）", 1.0),
        ),
        minima=lambda p: ((p["a"], p["a"] ** 2),),
    )
)
#: Himmelblau's four minima (f = 0); three are known only numerically.
HIMMELBLAU_MINIMA: tuple[Point, ...] = (
    (3.0, 2.0),
    (-2.805118086952745, 3.131312518250573),
    (-3.779310253377747, -3.283185991286170),
    (3.584428340330492, -1.848126526964404),
)
register(
    Surface(
        key="himmelblau",
        name_en="Himmelblau (four minima)",
        name_zh="Himmelblau 函数（四个极小值）",
        fn=lambda x, y, p: (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2,
        formula=QT_TRANSLATE_NOOP("Formula", "f = (x² + y − 11)² + (x + y² − 7)²: four minima with f = 0"),
        window=(-5.0, 5.0, -5.0, 5.0),
        start=(0.5, 0.5),
        minima=lambda p: HIMMELBLAU_MINIMA,
    )
)
register(
    Surface(
        key="rastrigin",
        name_en="Rastrigin (many local minima)",
        name_zh="Rastrigin 函数（大量局部极小值）",
        fn=lambda x, y, p: (
            2 * p["A"] + x**2 - p["A"] * torch.cos(2 * math.pi * x) + y**2 - p["A"] * torch.cos(2 * math.pi * y)
        ),
        formula=QT_TRANSLATE_NOOP("Formula", "f = 2A + x² − A·cos(2πx) + y² − A·cos(2πy): global minimum at (0, 0)"),
        window=(-5.12, 5.12, -5.12, 5.12),
        start=(2.2, -3.1),
        params=(Param("A", 10.0, 0.0, 20.0, "ripple height A", "波纹高度 A", 0.5),),
        minima=lambda p: ((0.0, 0.0),),
    )
)


def custom_surface(expression: str) -> Surface:
    """A Surface computing `expression` in x and y; raises ExpressionError for a refused expression."""
    function = compile_expression(expression, ("x", "y"))
    return Surface(
        key=CUSTOM_KEY,
        name_en=f"f(x, y) = {expression}",
        name_zh=f"自定义 f(x, y) = {expression}",
        fn=lambda x, y, p: function(x, y),
        formula=f"f(x, y) = {expression}",
        window=(-3.0, 3.0, -3.0, 3.0),
        start=(2.5, 2.5),
    )


def get_surface(key: str, expression: str = DEFAULT_CUSTOM_EXPRESSION) -> Surface:
    """The registered surface `key`, or the custom one built from `expression` for key 'custom'."""
    return custom_surface(expression) if key == CUSTOM_KEY else SURFACES.get(key)


def surface_keys() -> list[str]:
    """Every key a surface can be chosen by, the custom expression last."""
    return [*SURFACES.keys(), CUSTOM_KEY]


def check_window(window: Sequence[float]) -> Window:
    """The window as floats; raises ValueError for an empty or non-finite one."""
    if len(window) != 4:
        raise ValueError("a window is xmin, xmax, ymin, ymax")
    xmin, xmax, ymin, ymax = (float(v) for v in window)
    if not all(math.isfinite(v) for v in (xmin, xmax, ymin, ymax)) or not (xmin < xmax and ymin < ymax):
        raise ValueError("the window must satisfy xmin < xmax and ymin < ymax")
    return xmin, xmax, ymin, ymax


@dataclass
class SurfaceGrid:
    """f sampled on a grid: z[row, col] is f(xs[col], ys[row])."""

    xs: np.ndarray
    ys: np.ndarray
    z: np.ndarray


def sample_grid(
    surface: Surface, params: Params | None = None, window: Window | None = None, points: int = 161
) -> SurfaceGrid:
    """f over `window` (the surface's own by default) on points × points; raises ValueError if f is not finite."""
    xmin, xmax, ymin, ymax = check_window(window or surface.window)
    values = surface.resolve(params)
    xs, ys = np.linspace(xmin, xmax, points), np.linspace(ymin, ymax, points)
    yy, xx = torch.meshgrid(torch.as_tensor(ys), torch.as_tensor(xs), indexing="ij")
    with torch.no_grad():
        z = surface.fn(xx, yy, values).numpy()
    if not np.all(np.isfinite(z)):
        raise ValueError("f is not finite everywhere in the window")
    return SurfaceGrid(xs, ys, z)


@dataclass
class GradientField:
    """−∇f (the steepest-descent direction) at grid points."""

    x: np.ndarray
    y: np.ndarray
    u: np.ndarray
    v: np.ndarray


def descent_field(
    surface: Surface, params: Params | None = None, window: Window | None = None, points: int = 15
) -> GradientField:
    """−∇f by autograd on a points × points grid inside the window (flattened arrays)."""
    xmin, xmax, ymin, ymax = check_window(window or surface.window)
    values = surface.resolve(params)
    dx, dy = (xmax - xmin) / points, (ymax - ymin) / points
    xs = torch.linspace(xmin + dx / 2, xmax - dx / 2, points, dtype=torch.float64)
    ys = torch.linspace(ymin + dy / 2, ymax - dy / 2, points, dtype=torch.float64)
    yy, xx = torch.meshgrid(ys, xs, indexing="ij")
    xx, yy = xx.reshape(-1).clone().requires_grad_(True), yy.reshape(-1).clone().requires_grad_(True)
    gx, gy = torch.autograd.grad(surface.fn(xx, yy, values).sum(), (xx, yy))
    return GradientField(xx.detach().numpy(), yy.detach().numpy(), -gx.numpy(), -gy.numpy())


def contour_levels(z: np.ndarray, count: int = 14) -> np.ndarray:
    """Levels at quantiles of z, denser near the minimum so valleys and basins show."""
    quantiles = np.linspace(0.0, 1.0, count + 2)[1:-1] ** 1.7
    return np.unique(np.quantile(z, quantiles))


def contour_segments(grid: SurfaceGrid, levels: Sequence[float]) -> np.ndarray:
    """Line segments of the contours f = level by marching squares: shape (n, 2, 2), rows [[x0, y0], [x1, y1]]."""
    z = grid.z
    gx, gy = np.meshgrid(grid.xs, grid.ys)
    x0, x1, y0, y1 = gx[:-1, :-1], gx[:-1, 1:], gy[:-1, :-1], gy[1:, :-1]
    a, b, c, d = z[:-1, :-1], z[:-1, 1:], z[1:, 1:], z[1:, :-1]  # corners (x0,y0) (x1,y0) (x1,y1) (x0,y1)
    centre = (a + b + c + d) / 4
    # Edges in order: bottom (a→b), right (b→c), top (d→c), left (a→d).
    edges = ((a, b, x0, y0, x1, y0), (b, c, x1, y0, x1, y1), (d, c, x0, y1, x1, y1), (a, d, x0, y0, x0, y1))
    segments = [np.zeros((0, 2, 2))]
    for level in levels:
        hits, points = [], []
        for v0, v1, px0, py0, px1, py1 in edges:
            with np.errstate(divide="ignore", invalid="ignore"):
                t = np.nan_to_num(np.clip((level - v0) / (v1 - v0), 0.0, 1.0))
            hits.append((v0 >= level) != (v1 >= level))
            points.append(np.stack([px0 + t * (px1 - px0), py0 + t * (py1 - py0)], axis=-1))
        hit = np.stack(hits, axis=-1)
        point = np.stack(points, axis=-2)  # (rows, cols, 4 edges, 2)
        count = hit.sum(axis=-1)
        simple = count == 2
        segments.append(point[simple][hit[simple]].reshape(-1, 2, 2))
        saddle = count == 4
        if saddle.any():
            # Where the centre is on a's side, a and c connect through it: cut off corners b and d.
            joined = (centre[saddle] >= level) == (a[saddle] >= level)
            pairs = np.where(joined[:, None, None], [[0, 1], [3, 2]], [[0, 3], [1, 2]])
            rows = np.arange(pairs.shape[0])[:, None, None]
            segments.append(point[saddle][rows, pairs].reshape(-1, 2, 2))
    return np.concatenate(segments, axis=0)
