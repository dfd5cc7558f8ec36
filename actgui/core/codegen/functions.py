"""The code of the Functions figure: each activation and its autograd derivatives on a grid, as the
notes compute them (`torch.linspace(..., requires_grad=True)`, `y.sum().backward()`, plot `x.grad`)."""

from __future__ import annotations

from actgui.core.codegen.recipe import Recipe, Step
from actgui.core.function_plot import FunctionPlotSpec

#: Each activation as a torch expression in `x`; `{name}` stands for a shape parameter's value.
ACTIVATION_CODE: dict[str, str] = {
    "step": "x * 0 + (x >= 0).to(x.dtype)",
    "identity": "x * 1",
    "sigmoid": "torch.sigmoid(x)",
    "tanh": "torch.tanh(x)",
    "relu": "F.relu(x)",
    "leaky_relu": "F.leaky_relu(x, negative_slope={negative_slope})",
    "prelu": "F.prelu(x, torch.tensor([{weight}], dtype=x.dtype))",
    "elu": "F.elu(x, alpha={alpha})",
    "selu": "F.selu(x)",
    "celu": "F.celu(x, alpha={alpha})",
    "gelu": "F.gelu(x)",
    "gelu_tanh": 'F.gelu(x, approximate="tanh")',
    "silu": "F.silu(x)",
    "swish": "x * torch.sigmoid({beta} * x)",
    "mish": "F.mish(x)",
    "softplus": "F.softplus(x, beta={beta})",
    "softsign": "F.softsign(x)",
    "hardtanh": "F.hardtanh(x, min_val={min_val}, max_val={max_val})",
    "hardsigmoid": "F.hardsigmoid(x)",
    "hardswish": "F.hardswish(x)",
    "relu6": "F.relu6(x)",
    "logsigmoid": "F.logsigmoid(x)",
}

#: The functions a custom expression may call, as the code imports them.
CUSTOM_IMPORTS = (
    "from torch import abs, atan, clamp, cos, cosh, erf, exp, log, log1p, maximum, minimum, sigmoid, sign, sin, "
    "sinh, sqrt, tan, tanh, where",
    "from torch.nn.functional import relu, softplus",
    "from math import e, pi",
)


class NoCodeError(ValueError):
    """What is on screen has no plain-torch code (e.g. an activation from a plugin)."""


def activation_code(key: str, params: dict[str, float], expression: str = "") -> str:
    """The torch expression of activation `key` with its parameter values filled in."""
    if key == "custom":
        return expression
    if key not in ACTIVATION_CODE:
        raise NoCodeError(f"activation '{key}' has no plain-torch code")
    return ACTIVATION_CODE[key].format(**{name: repr(float(value)) for name, value in params.items()})


def number(value: float) -> str:
    """A float as Python source that reads back to the same value."""
    return repr(float(value))


def function_recipe(spec: FunctionPlotSpec, overlay: bool = False) -> Recipe:
    """The code computing and drawing what the Functions figure shows for `spec`."""
    from actgui.core.activations import ACTIVATIONS

    spec.check()
    imports = ["import numpy as np", "import torch", "import torch.nn.functional as F",
               "import matplotlib.pyplot as plt"]
    if "custom" in spec.names:
        imports += CUSTOM_IMPORTS
    derivative_axis = spec.derivative and not overlay
    panels = "fig, (ax_f, ax_df) = plt.subplots(1, 2, figsize=(12, 4.5))" if derivative_axis else \
        "fig, ax_f = plt.subplots(figsize=(8, 4.5))\nax_df = ax_f"
    steps = [Step(
        f"The inputs: {spec.points} points from {spec.xmin:g} to {spec.xmax:g}, in float64 (numpy's linspace "
        "hits the kinks exactly where they are on the grid).",
        f"输入：从 {spec.xmin:g} 到 {spec.xmax:g} 的 {spec.points} 个点，使用 float64 使导数精确。",
        f"{panels}\nxs = torch.from_numpy(np.linspace({number(spec.xmin)}, {number(spec.xmax)}, {spec.points}))",
    )]
    for key in spec.names:
        if key == "custom":
            label, values = f"f(x) = {spec.custom_expression}", {}
        else:
            activation = ACTIVATIONS.get(key)
            label, values = activation.name_en, activation.resolve(spec.params.get(key))
        expression = activation_code(key, values, spec.custom_expression)
        lines = ["x = xs.clone().requires_grad_(True)", f"y = {expression}"]
        if spec.second:
            lines += ["(dy,) = torch.autograd.grad(y.sum(), x, create_graph=True)",
                      "(d2y,) = torch.autograd.grad(dy.sum(), x)"]
        elif spec.derivative:
            lines += ["y.sum().backward()", "dy = x.grad"]
        lines.append(f"ax_f.plot(xs, y.detach(), label={label!r})")
        if spec.derivative:
            lines.append(f"ax_df.plot(xs, dy.detach(), '--', label={label + '′'!r})")
        if spec.second:
            lines.append(f"ax_df.plot(xs, d2y.detach(), ':', label={label + '″'!r})")
        what_en = "f(x)" + (", then f′(x) by autograd" if spec.derivative else "")
        what_zh = "f(x)" + ("，再用自动求导得到 f′(x)" if spec.derivative else "")
        steps.append(Step(f"{label}: {what_en}.", f"{label}：{what_zh}。", "\n".join(lines)))
    if spec.tanh_identity:
        steps.append(Step("The identity 2σ(2x) − 1 = tanh(x), computed from the sigmoid.",
                          "恒等式 2σ(2x) − 1 = tanh(x)，由 sigmoid 计算。",
                          "ax_f.plot(xs, 2 * torch.sigmoid(2 * xs) - 1, ':', label='2σ(2x) − 1')"))
    titles = ["ax_f.set_xlabel('x')", "ax_f.set_ylabel('f(x)')", "ax_f.grid(True)",
              "ax_f.legend(loc='upper left', bbox_to_anchor=(1, 1))"]
    if derivative_axis:
        derivative_title = "f′(x), f″(x)" if spec.second else "f′(x)"
        titles += ["ax_df.set_xlabel('x')", f"ax_df.set_ylabel({derivative_title!r})", "ax_df.grid(True)",
                   "ax_df.legend(loc='upper left', bbox_to_anchor=(1, 1))"]
    titles += ["fig.tight_layout()", "plt.show()"]
    steps.append(Step("Axes, legends outside the curves, and show.", "坐标轴、图例放在曲线外，然后显示。",
                      "\n".join(titles)))
    return Recipe("Activation functions and their derivatives (torch autograd)",
                  "激活函数及其导数（torch 自动求导）", tuple(imports), tuple(steps))
