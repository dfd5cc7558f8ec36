"""The code of the initialisation histogram: a weight filled by `nn.init`, its values and histogram."""

from __future__ import annotations

from collections.abc import Mapping

from actgui.core.codegen.functions import NoCodeError
from actgui.core.codegen.recipe import Recipe, Step

#: Each scheme as an `nn.init` call on `w` with the generator `g`; `{name}` stands for a parameter's value.
INIT_CODE: dict[str, str] = {
    "uniform": "nn.init.uniform_(w, {a}, {b}, generator=g)",
    "normal": "nn.init.normal_(w, {mean}, {std}, generator=g)",
    "zeros": "nn.init.zeros_(w)",
    "ones": "nn.init.ones_(w)",
    "constant": "nn.init.constant_(w, {val})",
    "xavier_uniform": "nn.init.xavier_uniform_(w, gain={gain}, generator=g)",
    "xavier_normal": "nn.init.xavier_normal_(w, gain={gain}, generator=g)",
    "kaiming_uniform": "nn.init.kaiming_uniform_(w, a={a}, mode={mode}, nonlinearity={nonlinearity}, generator=g)",
    "kaiming_normal": "nn.init.kaiming_normal_(w, a={a}, mode={mode}, nonlinearity={nonlinearity}, generator=g)",
    "lecun_normal": "nn.init.kaiming_normal_(w, mode='fan_in', nonlinearity='linear', generator=g)",
    "orthogonal": "nn.init.orthogonal_(w, gain={gain}, generator=g)",
    "trunc_normal": "nn.init.trunc_normal_(w, mean={mean}, std={std}, a={a}, b={b}, generator=g)",
    "sparse": "nn.init.sparse_(w, sparsity={sparsity}, std={std}, generator=g)",
    "standard": "nn.init.uniform_(w, -1 / math.sqrt(w.shape[1]), 1 / math.sqrt(w.shape[1]), generator=g)",
    "torch_default": "nn.init.kaiming_uniform_(w, a=math.sqrt(5), generator=g)",
}

#: Weights up to this many are printed whole, as the notes print `nn.Linear(3, 5)`'s.
PRINT_LIMIT = 64


def _value(value: object) -> str:
    return repr(value) if isinstance(value, str) else repr(float(value))


def init_call(key: str, values: Mapping[str, object]) -> str:
    """The `nn.init` call of scheme `key` with its parameter values filled in."""
    if key not in INIT_CODE:
        raise NoCodeError(f"initialisation '{key}' has no plain-torch code")
    return INIT_CODE[key].format(**{name: _value(value) for name, value in values.items()})


def init_recipe(key: str, values: Mapping[str, object], fan_in: int, fan_out: int, seed: int,
                bins: int = 60, compare: tuple[str, Mapping[str, object]] | None = None) -> Recipe:
    """The code sampling a (fan_out, fan_in) weight with the scheme and drawing its histogram; with
    `compare` (scheme, values), a second weight filled by that scheme from seed + 1 beside it."""
    call = init_call(key, values)
    imports = ("import math", "import torch", "import torch.nn as nn", "import matplotlib.pyplot as plt")
    steps = [Step(
        f"A weight of shape (fan_out, fan_in) = ({fan_out}, {fan_in}), as in nn.Linear({fan_in}, {fan_out}), filled "
        f"with nn.init, reproducibly from seed {seed}.",
        f"形状为 (fan_out, fan_in) = ({fan_out}, {fan_in}) 的权重（与 nn.Linear({fan_in}, {fan_out}) 相同），"
        "用 nn.init "
        f"填充，随机种子 {seed} 保证可复现。",
        f"torch.manual_seed({seed})\ng = torch.Generator().manual_seed({seed})\nw = torch.empty({fan_out}, {fan_in})\n"
        f"with torch.no_grad():\n    {call}",
    )]
    if fan_in * fan_out <= PRINT_LIMIT:
        steps.append(Step("The weights themselves.", "权重的数值。", "print(w)"))
    second = ""
    if compare is not None:
        steps.append(Step(
            f"The second scheme, {compare[0]}, on a weight of the same shape, from seed {seed + 1}.",
            f"第二种方案 {compare[0]}，作用于同样形状的权重，随机种子 {seed + 1}。",
            f"torch.manual_seed({seed + 1})\ng = torch.Generator().manual_seed({seed + 1})\n"
            f"w2 = torch.empty({fan_out}, {fan_in})\nwith torch.no_grad():\n"
            f"    {init_call(compare[0], compare[1]).replace('(w,', '(w2,')}",
        ))
        second = f"ax.hist(w2.flatten().numpy(), bins={bins}, density=True, alpha=0.6, label='w2 ({compare[0]})')\n"
    steps.append(Step(
        "Their mean and standard deviation, then their histogram (as a density).",
        "它们的均值与标准差，然后画出直方图（密度）。",
        "print(f'mean {w.mean().item():.4f}, std {w.std().item():.4f}')\n"
        "fig, ax = plt.subplots(figsize=(8, 4.5))\n"
        f"ax.hist(w.flatten().numpy(), bins={bins}, density=True, label='w')\n{second}"
        "ax.set_xlabel('w')\nax.set_ylabel('density')\nax.legend(loc='upper left', bbox_to_anchor=(1, 1))\n"
        "fig.tight_layout()\nplt.show()",
    ))
    return Recipe("Weight initialisation", "参数初始化", imports, tuple(steps))
