"""The code of the loss curves: each loss and its autograd gradient along a prediction axis."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from actgui.core.codegen.functions import NoCodeError, number
from actgui.core.codegen.recipe import Recipe, Step
from actgui.core.losses import LOGIT, LOSSES, PROBABILITY, VALUE, default_window

#: Each loss as a torch expression of the prediction `pred` and the target `t`; `{name}` is a parameter.
LOSS_CODE = {
    "mae": "(pred - t).abs()",
    "mse": "(pred - t) ** 2",
    "huber": "torch.where((pred - t).abs() <= {delta}, 0.5 * (pred - t) ** 2, {delta} * ((pred - t).abs() - 0.5 * "
             "{delta}))",
    "smooth_l1": "torch.where((pred - t).abs() < {beta}, 0.5 * (pred - t) ** 2 / {beta}, (pred - t).abs() - 0.5 * "
                 "{beta})",
    "bce": "-(torch.xlogy(t, pred) + torch.xlogy(1 - t, 1 - pred))",
    "bce_with_logits": "F.softplus(pred) - t * pred",
    "cross_entropy": "-(torch.xlogy(1 - t, 1 - pred) + torch.xlogy(t, pred))",
    "kl_div": "torch.xlogy(1 - t, 1 - t) - torch.xlogy(1 - t, 1 - pred) + torch.xlogy(t, t) - torch.xlogy(t, pred)",
    "hinge": "t * F.relu(1 - pred) + (1 - t) * F.relu(1 + pred)",
}
#: How the loss's own input is computed from the plotted axis, by (axis, input).
CONVERSIONS = {
    (PROBABILITY, LOGIT): ("pred = torch.log(x) - torch.log1p(-x)", "z = log(p / (1 − p))"),
    (LOGIT, PROBABILITY): ("pred = torch.sigmoid(x)", "p = σ(z)"),
}
AXIS_TITLES = {VALUE: "prediction ŷ", PROBABILITY: "probability p", LOGIT: "logit z"}


def losses_recipe(names: Sequence[str], target: float, params: Mapping[str, Mapping[str, float]], axis: str,
                  window: tuple[float, float] | None = None, points: int = 801) -> Recipe:
    """The code computing and drawing the losses `names` against `axis` for one target."""
    xmin, xmax = window or default_window(axis, target)
    steps = [Step(
        f"The {AXIS_TITLES[axis]} axis: {points} points from {xmin:g} to {xmax:g}; the target t = {target:g}.",
        f"横轴 {AXIS_TITLES[axis]}：从 {xmin:g} 到 {xmax:g} 的 {points} 个点；目标 t = {target:g}。",
        f"xs = torch.from_numpy(np.linspace({number(xmin)}, {number(xmax)}, {points}))\n"
        f"t = torch.full_like(xs, {number(target)})\n"
        "fig, (ax_loss, ax_grad) = plt.subplots(1, 2, figsize=(12, 4.5))",
    )]
    for key in names:
        loss = LOSSES.get(key)
        if key not in LOSS_CODE:
            raise NoCodeError(f"loss '{key}' has no plain-torch code")
        values = loss.resolve(params.get(key))
        expression = LOSS_CODE[key].format(**{name: number(value) for name, value in values.items()})
        source = PROBABILITY if loss.prediction == VALUE and axis != VALUE else loss.prediction
        lines = ["x = xs.clone().requires_grad_(True)"]
        conversion_en = conversion_zh = ""
        if source != axis:
            code, formula = CONVERSIONS[(axis, source)]
            lines.append(code)
            conversion_en, conversion_zh = f" of {formula}", f"（输入为 {formula}）"
        else:
            lines.append("pred = x")
        lines += [f"loss = {expression}", "(grad,) = torch.autograd.grad(loss.sum(), x)",
                  f"ax_loss.plot(xs, loss.detach(), label={loss.name_en!r})",
                  f"ax_grad.plot(xs, grad, '--', label={loss.name_en + ': dL/dx'!r})"]
        steps.append(Step(f"{loss.name_en}{conversion_en}, and its gradient by autograd.",
                          f"{loss.name_en}{conversion_zh}，以及用自动求导得到的梯度。", "\n".join(lines)))
    steps.append(Step("Axes and legends outside the curves.", "坐标轴，图例放在曲线外。",
                      f"for ax, title in ((ax_loss, 'L'), (ax_grad, 'dL/dx')):\n"
                      f"    ax.set_xlabel({AXIS_TITLES[axis]!r})\n    ax.set_ylabel(title)\n"
                      "    ax.legend(loc='upper left', bbox_to_anchor=(1, 1))\nfig.tight_layout()\nplt.show()"))
    return Recipe("Loss functions and their gradients", "损失函数及其梯度",
                  ("import numpy as np", "import torch", "import torch.nn.functional as F",
                   "import matplotlib.pyplot as plt"), tuple(steps))
