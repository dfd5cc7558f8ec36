"""Surfaces: finite on their windows, minima really minima, gradient field and contour lines correct."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from actgui.core.safe_expr import ExpressionError
from actgui.core.surfaces import (
    CUSTOM_KEY,
    SURFACES,
    SurfaceGrid,
    check_window,
    contour_levels,
    contour_segments,
    custom_surface,
    descent_field,
    get_surface,
    sample_grid,
    surface_keys,
)


@pytest.mark.parametrize("surface", list(SURFACES), ids=SURFACES.keys())
def test_surface_is_finite_on_its_window_and_its_minima_are_stationary_minima(surface):
    grid = sample_grid(surface, points=81)
    assert grid.z.shape == (81, 81)
    assert np.all(np.isfinite(grid.z))
    assert surface.name_en and surface.name_zh and surface.formula
    values = surface.resolve()
    xmin, xmax, ymin, ymax = surface.window
    for mx, my in surface.minima(values):
        assert xmin < mx < xmax and ymin < my < ymax
        point = torch.tensor([mx, my], dtype=torch.float64, requires_grad=True)
        value = surface.fn(point[0], point[1], values)
        (grad,) = torch.autograd.grad(value, point)
        assert grad.abs().max() < 1e-6
        assert float(value.detach()) <= grid.z.min() + 1e-9
        hessian = torch.autograd.functional.hessian(lambda p: surface.fn(p[0], p[1], values), point.detach())
        assert torch.linalg.eigvalsh(hessian).min() > 0


@pytest.mark.parametrize("surface", [s for s in SURFACES if s.params], ids=lambda s: s.key)
def test_minima_follow_the_parameters(surface):
    for param in surface.params:
        values = surface.resolve({param.key: param.maximum})
        for mx, my in surface.minima(values):
            point = torch.tensor([mx, my], dtype=torch.float64, requires_grad=True)
            (grad,) = torch.autograd.grad(surface.fn(point[0], point[1], values), point)
            assert grad.abs().max() < 1e-6


def test_saddles_have_no_minimum_and_a_flat_point_at_the_origin():
    for key in ("saddle", "monkey_saddle"):
        surface = SURFACES.get(key)
        assert surface.minima(surface.resolve()) == ()
        field = descent_field(surface, window=(-1e-3, 1e-3, -1e-3, 1e-3), points=3)
        assert np.abs(field.u).max() < 1e-2 and np.abs(field.v).max() < 1e-2


def test_bowl_conditioning_stretches_the_bowl():
    bowl = SURFACES.get("bowl")
    assert float(bowl(torch.tensor(0.0), torch.tensor(1.0), {"condition": 50})) == 25.0
    assert float(bowl(torch.tensor(1.0), torch.tensor(0.0), {"condition": 50})) == 0.5
    with pytest.raises(ValueError, match="out of range"):
        bowl.resolve({"condition": 0.5})


def test_descent_field_points_downhill():
    field = descent_field(SURFACES.get("bowl"), {"condition": 4}, points=5)
    np.testing.assert_allclose(field.u, -field.x)
    np.testing.assert_allclose(field.v, -4 * field.y)
    assert field.x.shape == (25,)


def test_custom_surface_uses_the_safe_expression_language():
    surface = get_surface(CUSTOM_KEY, "x**2 + 3*y")
    assert float(surface(torch.tensor(2.0), torch.tensor(1.0))) == 7.0
    assert surface_keys()[-1] == CUSTOM_KEY
    with pytest.raises(ExpressionError):
        custom_surface("__import__('os')")
    with pytest.raises(ExpressionError, match="not allowed"):
        custom_surface("x + z")
    with pytest.raises(ValueError, match="not finite"):
        sample_grid(custom_surface("log(x)"))


def test_windows_are_checked():
    assert check_window([0, 1, 2, 3]) == (0.0, 1.0, 2.0, 3.0)
    for bad in ([1, 0, 0, 1], [0, 1, 1, 1], [0, float("nan"), 0, 1], [0, 1]):
        with pytest.raises(ValueError):
            check_window(bad)


def test_contour_segments_lie_on_the_level_set():
    bowl = SURFACES.get("bowl")
    grid = sample_grid(bowl, {"condition": 4}, points=121)
    segments = contour_segments(grid, [1.0, 2.0])
    values = 0.5 * (segments[..., 0] ** 2 + 4 * segments[..., 1] ** 2)
    on_first = np.abs(values - 1.0) < 0.02
    on_second = np.abs(values - 2.0) < 0.02
    assert np.all(on_first | on_second)
    assert on_first.any() and on_second.any()
    # Every segment is short: it joins two edges of one grid cell.
    cell = grid.xs[1] - grid.xs[0]
    assert np.all(np.linalg.norm(segments[:, 0] - segments[:, 1], axis=1) <= np.sqrt(2) * cell + 1e-12)


def test_contour_segments_resolve_saddle_cells():
    grid = SurfaceGrid(np.array([0.0, 1.0]), np.array([0.0, 1.0]), np.array([[1.0, 0.0], [0.0, 1.0]]))
    segments = contour_segments(grid, [0.5])
    assert segments.shape == (2, 2, 2)
    # The centre (0.5) counts as above: the two high corners join, so the cuts isolate the low corners.
    cut_corners = {tuple(np.round(s.mean(axis=0), 2)) for s in segments}
    assert cut_corners == {(0.75, 0.25), (0.25, 0.75)}


def test_contour_levels_are_increasing_and_inside_the_data():
    z = sample_grid(SURFACES.get("rosenbrock"), points=61).z
    levels = contour_levels(z, 12)
    assert np.all(np.diff(levels) > 0)
    assert z.min() < levels[0] and levels[-1] < z.max()
