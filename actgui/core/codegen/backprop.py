"""The code of the Backprop figure: one SGD step of the same network on the same batch, in plain torch:
the forward pass keeping every z (`retain_grad`), the loss, `backward()`, the δ recursion checked
against autograd, the update, and each layer's mean |∂L/∂W| as bars."""

from __future__ import annotations

from actgui.core.activations import ACTIVATIONS
from actgui.core.backprop import BackpropStep
from actgui.core.codegen.functions import activation_code
from actgui.core.codegen.recipe import Recipe, Step

LOSS_CODE = {
    "bce_with_logits": ("torch.float64", "F.binary_cross_entropy_with_logits(a[:, 0], y)"),
    "cross_entropy": ("torch.int64", "F.cross_entropy(a, y)"),
    "mse": ("torch.float64", "F.mse_loss(a, y)"),
}


def _tensor(values, dtype: str = "torch.float64", grad: bool = False) -> str:
    return f"torch.tensor({values.tolist()!r}, dtype={dtype}{', requires_grad=True' if grad else ''})"


def backprop_recipe(step: BackpropStep) -> Recipe:
    """The code recomputing `step` with autograd from its own batch and weights."""
    hidden = step.layers[0].activation if len(step.layers) > 1 else "identity"
    expression = activation_code(hidden, ACTIVATIONS.get(hidden).resolve())
    dtype, loss = LOSS_CODE[step.loss]
    y = step.y.astype(int) if dtype == "torch.int64" else step.y
    weights = ",\n           ".join(_tensor(layer.W, grad=True) for layer in step.layers)
    biases = ",\n          ".join(_tensor(layer.b, grad=True) for layer in step.layers)
    log_scale = all(float(abs(layer.dW).mean()) > 0 for layer in step.layers)
    steps = (Step(
        "The batch and the network's weights and biases before the step, input side first; the learning rate.",
        "批次数据，以及这一步之前网络的权重与偏置（从输入一侧开始）；学习率。",
        f"x = {_tensor(step.x)}\ny = {_tensor(y, dtype)}\nweights = [{weights}]\nbiases = [{biases}]\n"
        f"lr = {step.lr!r}\n\n\ndef f(x):\n    return {expression}",
    ), Step(
        "Forward pass: z = a_prev·Wᵀ + b and a = f(z) per layer (the output layer keeps z, the logits); "
        "retain_grad keeps ∂L/∂z for each layer.",
        "前向传播：每层 z = a_prev·Wᵀ + b，a = f(z)（输出层保留 z，即 logits）；retain_grad 保留每层的 ∂L/∂z。",
        "zs, a = [], x\nfor index, (W, b) in enumerate(zip(weights, biases)):\n    z = a @ W.T + b\n"
        "    z.retain_grad()\n    zs.append(z)\n    a = f(z) if index < len(weights) - 1 else z",
    ), Step(
        "The loss averaged over the batch, and backward(): autograd fills every gradient.",
        "对批次取平均的损失，然后 backward()：自动求导算出每个梯度。",
        f"loss = {loss}\nloss.backward()\nprint('loss', loss.item())",
    ), Step(
        "The chain rule by hand: δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ f′(z_l) gives autograd's δ for every hidden layer.",
        "手算链式法则：δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ f′(z_l) 与自动求导的每个隐藏层 δ 一致。",
        "for l in range(len(weights) - 1):\n    z = zs[l].detach().requires_grad_(True)\n"
        "    fprime, = torch.autograd.grad(f(z).sum(), z)\n"
        "    delta = (zs[l + 1].grad @ weights[l + 1].detach()) * fprime\n"
        "    print(f'layer {l + 1}: δ =', delta, 'autograd agrees:', torch.allclose(delta, zs[l].grad))",
    ), Step(
        "Plain SGD: w ← w − η·∂L/∂w for every weight and bias.",
        "普通 SGD：对每个权重与偏置 w ← w − η·∂L/∂w。",
        "gradients = [W.grad.abs().mean().item() for W in weights]\nwith torch.no_grad():\n"
        "    for W, b in zip(weights, biases):\n        W -= lr * W.grad\n        b -= lr * b.grad\n"
        "print('first weight after the step', weights[0][0, 0].item())",
    ), Step(
        "Each layer's mean |∂L/∂W| as bars: in a deep sigmoid stack the first layers get the smallest.",
        "每层平均 |∂L/∂W| 的柱状图：在深层 sigmoid 网络里，最前面的层梯度最小。",
        "fig, ax = plt.subplots(figsize=(8, 4.5))\nlayers = list(range(1, len(weights) + 1))\n"
        "bars = ax.bar(layers, gradients)\nax.bar_label(bars, fmt='%.2g')\n"
        + ("ax.set_yscale('log')\n" if log_scale else "")
        + "ax.set_xticks(layers)\nax.set_xlabel('layer')\nax.set_ylabel('mean |∂L/∂W|')\nfig.tight_layout()\n"
          "plt.show()",
    ))
    return Recipe("One SGD step, every number from autograd", "一步 SGD，每个数都来自自动求导",
                  ("import torch", "import torch.nn.functional as F", "import matplotlib.pyplot as plt"), steps)
