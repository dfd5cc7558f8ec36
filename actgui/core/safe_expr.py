"""A safe expression language for custom activations and surfaces.

The text is parsed with `ast` and walked node by node into torch operations: it is never passed to
eval. Only numbers, the named variables, arithmetic, comparisons and a whitelist of functions are
accepted; anything else (attributes, imports, subscripts, dunder names, other calls) is refused with
an `ExpressionError` naming what was refused.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from actgui.core.lazy import LazyMapping, lazy_module

if TYPE_CHECKING:
    from torch import Tensor

torch = lazy_module("torch")
F = lazy_module("torch.nn.functional")

MAX_LENGTH = 300
#: The largest magnitude a number in an expression may have.
MAX_NUMBER = 1e100
#: What evaluating an accepted expression can still raise (torch refusing an input it was given).
EVALUATION_ERRORS = (TypeError, ValueError, RuntimeError, OverflowError, ZeroDivisionError, IndexError)

FUNCTIONS: Mapping[str, Callable[..., Tensor]] = LazyMapping(lambda: {
    "exp": torch.exp, "log": torch.log, "log1p": torch.log1p, "sqrt": torch.sqrt, "abs": torch.abs,
    "sin": torch.sin, "cos": torch.cos, "tan": torch.tan, "tanh": torch.tanh, "sinh": torch.sinh,
    "cosh": torch.cosh, "atan": torch.atan, "erf": torch.erf, "sigmoid": torch.sigmoid,
    "softplus": F.softplus, "relu": F.relu, "sign": torch.sign,
    "maximum": torch.maximum, "minimum": torch.minimum, "where": torch.where,
    "clamp": lambda x, lo, hi: _clamp(x, lo, hi),
})
CONSTANTS = {"pi": math.pi, "e": math.e}

_BINARY = LazyMapping(lambda: {
    ast.Add: torch.add, ast.Sub: torch.sub, ast.Mult: torch.mul, ast.Div: torch.div, ast.Pow: torch.pow,
})
_COMPARE = LazyMapping(lambda: {ast.Gt: torch.gt, ast.GtE: torch.ge, ast.Lt: torch.lt, ast.LtE: torch.le})


class ExpressionError(ValueError):
    """The expression was refused or could not be parsed."""


def compile_expression(text: str, variables: Sequence[str] = ("x",)) -> Callable[..., Tensor]:
    """Checks `text` and returns a function of tensors named by `variables` (positional)."""
    text = text.strip()
    if not text:
        raise ExpressionError("the expression is empty")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the expression is longer than {MAX_LENGTH} characters")
    _check_characters(text)
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as error:
        raise ExpressionError(f"syntax error at column {error.offset}: {error.msg}") from None
    allowed_names = ", ".join(list(variables) + list(CONSTANTS))
    allowed_functions = ", ".join(FUNCTIONS)

    def build(node: ast.AST) -> Callable[[dict[str, Tensor]], Tensor | float]:
        if isinstance(node, ast.Expression):
            return build(node.body)
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, int | float):
                raise ExpressionError(f"only numbers are allowed as constants, not {node.value!r}")
            if abs(node.value) > MAX_NUMBER or not math.isfinite(node.value):
                raise ExpressionError(f"the number {_short(ast.get_source_segment(text, node) or '')} is too "
                                      f"large (at most {MAX_NUMBER:g})")
            value = float(node.value)
            return lambda env: value
        if isinstance(node, ast.Name):
            name = node.id
            if name in variables:
                return lambda env: env[name]
            if name in CONSTANTS:
                value = CONSTANTS[name]
                return lambda env: value
            if name in FUNCTIONS:
                raise ExpressionError(f"'{name}' is a function: call it, e.g. {name}(x)")
            raise ExpressionError(f"name '{name}' is not allowed (names: {allowed_names})")
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            op, left, right = _BINARY[type(node.op)], build(node.left), build(node.right)
            return lambda env: op(_tensor(left(env), env), _tensor(right(env), env))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            operand = build(node.operand)
            sign = -1.0 if isinstance(node.op, ast.USub) else 1.0
            return lambda env: sign * operand(env)
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _COMPARE:
            op, left, right = _COMPARE[type(node.ops[0])], build(node.left), build(node.comparators[0])
            return lambda env: op(_tensor(left(env), env), _tensor(right(env), env))
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute):
                raise ExpressionError("attribute access ('.') is not allowed")
            if not isinstance(node.func, ast.Name):
                raise ExpressionError("only plain function calls are allowed, e.g. tanh(x)")
            name = node.func.id
            if name not in FUNCTIONS:
                raise ExpressionError(f"function '{name}' is not allowed (functions: {allowed_functions})")
            if node.keywords:
                raise ExpressionError(f"'{name}' takes positional arguments only")
            function, args = FUNCTIONS[name], [build(a) for a in node.args]
            if name == "clamp":
                return lambda env: function(*(a(env) for a in args))
            return lambda env: function(*(_tensor(a(env), env) for a in args))
        if isinstance(node, ast.Attribute):
            raise ExpressionError("attribute access ('.') is not allowed")
        if isinstance(node, ast.Subscript):
            raise ExpressionError("indexing ('[...]') is not allowed")
        raise ExpressionError(f"'{ast.unparse(node)}' is not allowed here")

    evaluate = build(tree)

    def function(*values: Tensor) -> Tensor:
        if len(values) != len(variables):
            raise ExpressionError(f"expected {len(variables)} inputs, got {len(values)}")
        env = dict(zip(variables, values, strict=True))
        try:
            # + 0·v for every variable: the result depends on all of them (autograd gives 0, not an error)
            return _tensor(evaluate(env), env) + sum(0 * v for v in values)
        except ExpressionError:
            raise
        except EVALUATION_ERRORS as error:
            raise ExpressionError(f"cannot evaluate '{_short(text)}': {_short(str(error))}") from None

    probe = torch.linspace(-1.0, 1.0, 5, dtype=torch.float64)
    function(*([probe] * len(variables)))
    return function


def _check_characters(text: str) -> None:
    """Refuses text holding lone surrogates (bytes that were not UTF-8, e.g. 0xff on a command line)."""
    for column, char in enumerate(text, 1):
        if "\ud800" <= char <= "\udfff":
            byte = f" (the byte 0x{ord(char) - 0xDC00:02x})" if "\udc80" <= char <= "\udcff" else ""
            raise ExpressionError(f"column {column}: a character that is not text{byte}; type it again")


def _clamp(x: Tensor, lo: Tensor | float, hi: Tensor | float) -> Tensor:
    if isinstance(lo, torch.Tensor) or isinstance(hi, torch.Tensor):
        raise ExpressionError("clamp(x, low, high) needs numbers as its bounds, e.g. clamp(x, -1, 1)")
    return torch.clamp(_tensor_like(x), min=float(lo), max=float(hi))


def _tensor_like(x: Tensor | float) -> Tensor:
    return x if isinstance(x, torch.Tensor) else torch.tensor(float(x), dtype=torch.float64)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _tensor(value: Tensor | float, env: dict[str, Tensor]) -> Tensor:
    if isinstance(value, torch.Tensor):
        return value
    reference = next(iter(env.values()))
    return torch.full_like(reference, float(value))
