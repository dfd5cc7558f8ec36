"""The code of the Softmax figures: the logits' probabilities as bars (and softmax applied twice), and
their Jacobian."""

from __future__ import annotations

from collections.abc import Sequence

from actgui.core.codegen.recipe import Recipe, Step

#: The Jacobian's step: autograd's ∂p_i/∂z_j of softmax(z / T), printed and drawn as a heat map.
JACOBIAN = Step(
    "The Jacobian ∂p_i/∂z_j = (1/T)·p_i(δ_ij − p_j) by autograd, drawn as a heat map: raising one logit takes "
    "probability from all the others.",
    "雅可比矩阵 ∂p_i/∂z_j = (1/T)·p_i(δ_ij − p_j)，由自动求导算出，画成热力图：提高一个 logit 会从其余各项拿走概率。",
    "J = torch.autograd.functional.jacobian(lambda t: torch.softmax(t / T, dim=0), z)\nprint(J)\n"
    "limit = J.abs().max().item()\n"
    "fig_j, ax_j = plt.subplots(figsize=(5.5, 4.5))\n"
    "image = ax_j.imshow(J, cmap='RdBu_r', vmin=-limit, vmax=limit)\n"
    "fig_j.colorbar(image, ax=ax_j)\n"
    "ax_j.set_xlabel('j')\nax_j.set_ylabel('i')\n"
    "ax_j.set_title('∂p_i/∂z_j')\nfig_j.tight_layout()\nplt.show()",
)


def softmax_recipe(logits: Sequence[float], temperature: float = 1.0, twice: bool = False,
                   twice_temperature: float = 1.0, bars: bool = True, jacobian: bool = False) -> Recipe:
    """The code computing and drawing the softmax bars for these logits (`bars`), and their Jacobian
    as a heat map (`jacobian`)."""
    values = ", ".join(repr(float(v)) for v in logits)
    steps = [Step(
        f"The logits z and the temperature T = {temperature:g}.",
        f"logits z 与温度 T = {temperature:g}。",
        f"z = torch.tensor([{values}], dtype=torch.float64)\nT = {float(temperature)!r}",
    ), Step(
        "softmax(z / T) = exp(z / T) / Σ exp(z / T); torch subtracts the largest logit first, so it never overflows.",
        "softmax(z / T) = exp(z / T) / Σ exp(z / T)；torch 会先减去最大的 logit，因此不会溢出。",
        "p = torch.softmax(z / T, dim=0)\nprint(p)",
    )]
    if not bars:
        return Recipe("The Jacobian of softmax", "softmax 的雅可比矩阵",
                      ("import torch", "import matplotlib.pyplot as plt"), (steps[0], JACOBIAN))
    bars = ["fig, ax = plt.subplots(figsize=(8, 4.5))", "index = torch.arange(len(z))"]
    if twice:
        steps.append(Step(
            f"Softmax applied twice (T₂ = {twice_temperature:g}): the probabilities are squeezed towards uniform.",
            f"两次 softmax（T₂ = {twice_temperature:g}）：概率被压向均匀分布。",
            f"T2 = {float(twice_temperature)!r}\np_twice = torch.softmax(p / T2, dim=0)\nprint(p_twice)",
        ))
        bars += ["bars = ax.bar(index - 0.2, p, width=0.4, label='softmax(z / T)')",
                 "ax.bar_label(bars, fmt='%.3f')",
                 "bars_twice = ax.bar(index + 0.2, p_twice, width=0.4, label='softmax(softmax(z / T) / T₂)')",
                 "ax.bar_label(bars_twice, fmt='%.3f')"]
    else:
        bars += ["bars = ax.bar(index, p, label='softmax(z / T)')", "ax.bar_label(bars, fmt='%.3f')"]
    bars += ["ax.set_xlabel('i')", "ax.set_ylabel('p_i')", "ax.set_xticks(index)",
             "ax.legend(loc='upper left', bbox_to_anchor=(1, 1))", "fig.tight_layout()", "plt.show()"]
    steps.append(Step("The probabilities as bars, each with its value.", "概率画成柱状图，每根柱子标出数值。",
                      "\n".join(bars)))
    if jacobian:
        steps.append(JACOBIAN)
    return Recipe("Softmax of a logit vector", "logit 向量的 softmax",
                  ("import torch", "import matplotlib.pyplot as plt"), tuple(steps))
