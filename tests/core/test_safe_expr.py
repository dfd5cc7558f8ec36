"""The custom expression language evaluates the whitelist and refuses everything else."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from actgui.core.custom import custom_activation
from actgui.core.safe_expr import ExpressionError, compile_expression


def test_mish_by_expression_equals_torch():
    x = torch.linspace(-5, 5, 101, dtype=torch.float64)
    f = compile_expression("x * tanh(softplus(x))")
    np.testing.assert_allclose(f(x).numpy(), F.mish(x).numpy(), atol=1e-12)


def test_arithmetic_comparison_and_constants():
    x = torch.tensor([-2.0, 0.5, 3.0], dtype=torch.float64)
    assert compile_expression("where(x > 0, x, 0.1 * x)")(x).tolist() == pytest.approx([-0.2, 0.5, 3.0])
    assert compile_expression("-x ** 2 + pi")(x).tolist() == pytest.approx([np.pi - 4, np.pi - 0.25, np.pi - 9])
    assert compile_expression("clamp(x, -1, 1)")(x).tolist() == [-1.0, 0.5, 1.0]
    assert compile_expression("2")(x).tolist() == [2.0, 2.0, 2.0]


def test_two_variables():
    f = compile_expression("x**2 - y**2", ("x", "y"))
    assert f(torch.tensor([2.0]), torch.tensor([1.0])).item() == 3.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("__import__('os').system('ls')", "attribute access"),
        ("__import__('os')", "function '__import__' is not allowed"),
        ("x.__class__", "attribute access"),
        ("os", "name 'os' is not allowed"),
        ("open('f')", "function 'open' is not allowed"),
        ("(lambda: 1)()", "only plain function calls"),
        ("x[0]", "indexing"),
        ("[x for x in x]", "not allowed"),
        ("'text'", "only numbers"),
        ("exp(x", "syntax error"),
        ("tanh", "is a function"),
        ("exp(x, base=2)", "positional arguments only"),
        ("", "empty"),
        ("x" * 400, "longer than"),
        ("y + 1", "name 'y' is not allowed"),
    ],
)
def test_refused_with_a_clear_message(text, message):
    with pytest.raises(ExpressionError, match=message):
        compile_expression(text)


def test_custom_activation_derivative_by_autograd():
    from actgui.core.activations import grid, sample

    custom = custom_activation("x * sigmoid(x)")
    x = grid(-4, 4, 81)
    s = 1 / (1 + np.exp(-x))
    np.testing.assert_allclose(sample(custom, x).dy, s * (1 + x * (1 - s)), atol=1e-12)
