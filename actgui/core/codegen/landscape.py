"""The code of the descent landscape: torch.optim optimisers moving a point (x, y) downhill on a surface."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from actgui.core.codegen.functions import CUSTOM_IMPORTS, NoCodeError, number
from actgui.core.codegen.recipe import Recipe, Step
from actgui.core.descent import BOUND_FACTOR, DESCENT_METHODS, DescentSettings
from actgui.core.surfaces import CUSTOM_KEY, get_surface

#: Each surface as a torch expression of x and y; `{name}` stands for a parameter's value.
SURFACE_CODE = {
    "bowl": "0.5 * (x**2 + {condition} * y**2)",
    "saddle": "x**2 - y**2",
    "monkey_saddle": "x**3 - 3 * x * y**2",
    "rosenbrock": "({a} - x) ** 2 + {b} * (y - x**2) ** 2",
    "himmelblau": "(x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2",
    "rastrigin": "2 * {A} + x**2 - {A} * torch.cos(2 * math.pi * x) + y**2 - {A} * torch.cos(2 * math.pi * y)",
}
#: Each optimiser's construction for the point `theta`.
OPTIMIZER_CODE = {
    "sgd": "torch.optim.SGD([theta], lr={lr})",
    "momentum": "torch.optim.SGD([theta], lr={lr}, momentum={momentum})",
    "nesterov": "torch.optim.SGD([theta], lr={lr}, momentum={momentum}, nesterov={nesterov})",
    "rmsprop": "torch.optim.RMSprop([theta], lr={lr})",
    "adam": "torch.optim.Adam([theta], lr={lr})",
}


def surface_code(key: str, params: Mapping[str, float], expression: str = "") -> str:
    if key == CUSTOM_KEY:
        return expression
    if key not in SURFACE_CODE:
        raise NoCodeError(f"surface '{key}' has no plain-torch code")
    return SURFACE_CODE[key].format(**{name: number(value) for name, value in params.items()})


def landscape_recipe(surface_key: str, params: Mapping[str, float], settings: DescentSettings,
                     starts: Sequence[tuple[float, float]] = (), expression: str = "",
                     lrs: Sequence[float] = ()) -> Recipe:
    """The code running every optimiser from each start (earlier starts first, `settings.start` last), at
    each learning rate of `lrs` (default: the settings' one) on one surface, and drawing the paths over
    the surface's contours."""
    surface = get_surface(surface_key, expression) if surface_key == CUSTOM_KEY else get_surface(surface_key)
    values = surface.resolve(params)
    xmin, xmax, ymin, ymax = surface.window
    cx, cy, hx, hy = (xmin + xmax) / 2, (ymin + ymax) / 2, BOUND_FACTOR * (xmax - xmin) / 2, \
        BOUND_FACTOR * (ymax - ymin) / 2
    imports = ["import math", "import numpy as np", "import torch", "import matplotlib.pyplot as plt"]
    if surface_key == CUSTOM_KEY:
        imports += CUSTOM_IMPORTS
    steps = [Step(
        f"The surface f(x, y) = {surface_code(surface_key, values, expression)}, drawn as contours.",
        f"曲面 f(x, y) = {surface_code(surface_key, values, expression)}，画成等高线。",
        f"def f(x, y):\n    return {surface_code(surface_key, values, expression)}\n\n\n"
        f"gx, gy = torch.meshgrid(torch.linspace({number(xmin)}, {number(xmax)}, 200, dtype=torch.float64),\n"
        f"                        torch.linspace({number(ymin)}, {number(ymax)}, 200, dtype=torch.float64), "
        "indexing='xy')\n"
        "fig, (ax_path, ax_loss) = plt.subplots(1, 2, figsize=(12, 5))\n"
        "ax_path.contourf(gx, gy, f(gx, gy), levels=40, cmap='viridis')",
    ), Step(
        "One descent: from the start, each step evaluates f, back-propagates and lets the optimiser move the "
        f"point; a run stops when it is no longer finite or leaves the window grown {BOUND_FACTOR:g} times.",
        "一次下降：从起点出发，每一步计算 f、反向传播，再由优化器移动该点；"
        f"数值不再有限或离开放大 {BOUND_FACTOR:g} 倍的窗口时停止。",
        f"def descend(make_optimizer, start, steps={settings.steps}):\n"
        "    theta = torch.tensor(start, dtype=torch.float64, requires_grad=True)\n"
        "    optimizer = make_optimizer(theta)\n"
        "    xs, ys, losses = [], [], []\n"
        "    for step in range(steps + 1):\n"
        "        loss = f(theta[0], theta[1])\n"
        "        x, y = theta.tolist()\n"
        "        if not all(math.isfinite(v) for v in (x, y, loss.item())):\n"
        "            break\n"
        "        xs.append(x)\n        ys.append(y)\n        losses.append(loss.item())\n"
        f"        if not ({number(cx - hx)} <= x <= {number(cx + hx)} and "
        f"{number(cy - hy)} <= y <= {number(cy + hy)}):\n"
        "            break\n"
        "        if step == steps:\n            break\n"
        "        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n"
        "    return xs, ys, losses",
    )]
    rates = [float(lr) for lr in lrs] if lrs else [settings.lr]
    lines = ["def optimizers(lr):", "    return {"]
    for key in settings.optimizers:
        method = DESCENT_METHODS.get(key)
        make = OPTIMIZER_CODE[key].format(lr="lr", momentum=number(settings.momentum), nesterov=settings.momentum > 0)
        lines.append(f"        {method.name_en!r}: lambda theta: {make},")
    lines += ["    }", "", ""]
    all_starts = [*starts, settings.start]
    label = "f'{name}, lr {lr:g} from {start}'" if len(rates) > 1 else "f'{name} from {start}'"
    lines.append(f"for start in {[tuple(float(v) for v in s) for s in all_starts]}:")
    lines += [f"    for lr in {rates!r}:",
              "        for name, make in optimizers(lr).items():",
              "            xs, ys, losses = descend(make, start)",
              f"            ax_path.plot(xs, ys, '.-', label={label})",
              f"            ax_loss.plot(range(len(losses)), losses, label={label})"]
    rate_en = ", ".join(f"{lr:g}" for lr in rates)
    what_en = (f"learning rate {rate_en}" if len(rates) == 1 else f"each learning rate of {rate_en}")
    what_zh = (f"学习率 {rate_en}" if len(rates) == 1 else f"依次用学习率 {rate_en}")
    steps.append(Step(
        f"Every optimiser with {what_en} (momentum {settings.momentum:g}) from each start.",
        f"每个优化器，{what_zh}（动量 {settings.momentum:g}），从每个起点出发。", "\n".join(lines)))
    steps.append(Step("Axes; the loss on a log scale; legends outside the plots.",
                      "坐标轴；损失取对数坐标；图例放在图外。",
                      "ax_path.set_xlabel('x')\nax_path.set_ylabel('y')\nax_loss.set_yscale('log')\n"
                      "ax_loss.set_xlabel('step')\nax_loss.set_ylabel('f(x, y)')\n"
                      "ax_loss.legend(loc='upper left', bbox_to_anchor=(1, 1))\nfig.tight_layout()\nplt.show()"))
    return Recipe("Gradient descent on a surface (torch.optim)", "曲面上的梯度下降（torch.optim）", tuple(imports),
                  tuple(steps))
