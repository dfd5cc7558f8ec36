"""The code of the depth experiment: one forward and backward pass through a deep stack, per-layer
spread of activations, weight gradients and the back-propagated signal."""

from __future__ import annotations

from collections.abc import Sequence

from actgui.core.codegen.functions import activation_code
from actgui.core.codegen.inits import init_call
from actgui.core.codegen.recipe import Recipe, Step
from actgui.core.depth import DISTINCT_TOLERANCE, DepthSpec


def _case_code(spec: DepthSpec, name: str) -> str:
    from actgui.core.activations import ACTIVATIONS
    from actgui.core.inits import INITS

    activation = activation_code(spec.activation, ACTIVATIONS.get(spec.activation).resolve(spec.activation_params))
    fill = init_call(spec.init, INITS.get(spec.init).resolve(spec.init_params))
    bias = (f"nn.init.uniform_(b, -1 / math.sqrt({spec.width}), 1 / math.sqrt({spec.width}), generator=g)"
            if spec.init == "torch_default" else "nn.init.zeros_(b)")
    return f"""torch.manual_seed({spec.seed})
g = torch.Generator().manual_seed({spec.seed})
weights, biases = [], []
for _ in range({spec.depth}):
    w, b = torch.empty({spec.width}, {spec.width}), torch.empty({spec.width})
    with torch.no_grad():
        {fill}
        {bias}
    weights.append(w.requires_grad_(True))
    biases.append(b)
x = torch.randn({spec.batch}, {spec.width}, generator=g)
h, outputs = x, []
for w, b in zip(weights, biases):
    x = F.linear(h, w, b)
    h = {activation}
    h.retain_grad()
    outputs.append(h)
loss = h.pow(2).mean()
loss.backward()
layers = range(1, {spec.depth} + 1)
act_std = [spread(h) for h in outputs]
grad_std = [spread(w.grad.double()) for w in weights]
signal_std = [spread(h.grad.double()) for h in outputs]
ax_std.plot(layers, act_std, 'o-', label={name + ': std(h)'!r})
ax_std.plot(layers, grad_std, '^--', label={name + ': std(∂L/∂W)'!r})
ax_std.plot(layers, signal_std, 's:', label={name + ': std(∂L/∂h)'!r})
ax_mean.plot(layers, [h.mean().item() for h in outputs], 'o-', label={name!r})"""


def depth_recipe(specs: Sequence[DepthSpec]) -> Recipe:
    """The code running each case of the depth experiment and drawing its per-layer statistics."""
    steps = [Step(
        "Spread of a tensor's entries; entries equal up to rounding (a constant init) have none.",
        "张量元素的离散程度（标准差）；舍入误差内相等的元素（常数初始化）记为 0。",
        f"def spread(t):\n    std = t.std().item()\n"
        f"    return 0.0 if std <= {DISTINCT_TOLERANCE!r} * t.abs().max().item() else std\n\n\n"
        "fig, (ax_std, ax_mean) = plt.subplots(1, 2, figsize=(12, 4.5))",
    )]
    for spec in specs:
        name = f"{spec.activation}:{spec.init}"
        steps.append(Step(
            f"{name}: {spec.depth} layers of {spec.width} units, weights by the init and biases zero; a batch of "
            f"{spec.batch} inputs x ~ N(0, 1) forward, the loss mean(h²) backward.",
            f"{name}：{spec.depth} 层、每层 {spec.width} 个单元，权重按初始化方法、偏置为 0；{spec.batch} 个输入 "
            "x ~ N(0, 1) 前向传播，损失 mean(h²) 反向传播。",
            _case_code(spec, name),
        ))
    steps.append(Step(
        "Per layer: the spread of the activations, of the weight gradients and of the signal ∂L/∂h, on a log "
        "scale; and the activations' mean.",
        "逐层：激活值、权重梯度与反向信号 ∂L/∂h 的标准差（对数坐标），以及激活值的均值。",
        "ax_std.set_yscale('log')\nax_std.set_xlabel('layer')\nax_std.set_ylabel('std')\n"
        "ax_mean.set_xlabel('layer')\nax_mean.set_ylabel('mean(h)')\n"
        "ax_std.legend(loc='upper left', bbox_to_anchor=(1, 1))\nfig.tight_layout()\nplt.show()",
    ))
    return Recipe("Activations and gradients through a deep stack", "深层网络中的激活值与梯度",
                  ("import math", "import torch", "import torch.nn as nn", "import torch.nn.functional as F",
                   "import matplotlib.pyplot as plt"), tuple(steps))
