"""Custom activations typed by the user, built on the safe expression language."""

from __future__ import annotations

from actgui.core.activations import Activation
from actgui.core.registry import QT_TRANSLATE_NOOP
from actgui.core.safe_expr import ExpressionError, compile_expression

CUSTOM_KEY = "custom"


def custom_activation(expression: str, color: str = "#000000") -> Activation:
    """An Activation computing `expression` in x; raises ExpressionError for a refused expression."""
    function = compile_expression(expression, ("x",))
    check_somewhere_finite(function, expression)
    return Activation(
        key=CUSTOM_KEY,
        name_en=f"f(x) = {expression}",
        name_zh=f"自定义 f(x) = {expression}",
        fn=lambda x, p: function(x),
        formula=f"f(x) = {expression}",
        derivative_formula=QT_TRANSLATE_NOOP("Formula", "f′(x) by autograd"),
        color=color,
    )


def check_somewhere_finite(function, expression: str) -> None:
    """Raises ExpressionError when `function` is NaN or infinite at every x in −1000 … 1000 (a plot
    of it would be empty without saying why)."""
    import torch

    x = torch.cat([torch.linspace(-6.0, 6.0, 1201), torch.linspace(-1000.0, 1000.0, 4001)])
    with torch.no_grad():
        y = torch.as_tensor(function(x))
    if not bool(torch.isfinite(y).any()):
        raise ExpressionError(f"f(x) = {expression} is NaN or infinite at every x from -1000 to 1000: "
                              "there is nothing to draw")
