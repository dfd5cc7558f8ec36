"""Custom activations typed by the user, built on the safe expression language."""

from __future__ import annotations

from actgui.core.activations import Activation
from actgui.core.registry import QT_TRANSLATE_NOOP
from actgui.core.safe_expr import compile_expression

CUSTOM_KEY = "custom"


def custom_activation(expression: str, color: str = "#000000") -> Activation:
    """An Activation computing `expression` in x; raises ExpressionError for a refused expression."""
    function = compile_expression(expression, ("x",))
    return Activation(
        key=CUSTOM_KEY,
        name_en=f"f(x) = {expression}",
        name_zh=f"自定义 f(x) = {expression}",
        fn=lambda x, p: function(x),
        formula=f"f(x) = {expression}",
        derivative_formula=QT_TRANSLATE_NOOP("Formula", "f′(x) by autograd"),
        color=color,
    )
