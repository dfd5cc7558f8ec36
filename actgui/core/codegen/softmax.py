"""The code of the Softmax figure: the logits' probabilities as bars (and softmax applied twice)."""

from __future__ import annotations

from collections.abc import Sequence

from actgui.core.codegen.recipe import Recipe, Step


def softmax_recipe(logits: Sequence[float], temperature: float = 1.0, twice: bool = False,
                   twice_temperature: float = 1.0) -> Recipe:
    """The code computing and drawing the softmax bars for these logits."""
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
    return Recipe("Softmax of a logit vector", "logit 向量的 softmax",
                  ("import torch", "import matplotlib.pyplot as plt"), tuple(steps))
