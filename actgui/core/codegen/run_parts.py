"""The parts every training run's code shares, MLP or CNN: the optimiser and the activation as torch
code, when the run records, and the live changes applied by step."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from actgui.core.codegen.functions import NoCodeError, number

#: Each optimiser's construction from the model's parameters; `{name}` stands for a setting.
OPTIMIZER_CODE = {
    "sgd": "torch.optim.SGD(model.parameters(), lr={lr}, momentum={momentum}, nesterov={nesterov}, "
           "weight_decay={weight_decay})",
    "adam": "torch.optim.Adam(model.parameters(), lr={lr}, weight_decay={weight_decay})",
    "adamw": "torch.optim.AdamW(model.parameters(), lr={lr}, weight_decay={weight_decay})",
    "rmsprop": "torch.optim.RMSprop(model.parameters(), lr={lr}, momentum={momentum}, weight_decay={weight_decay})",
}

#: The activation modules the network is built from, by registry key.
MODULE_CODE = {
    "identity": "nn.Identity()", "sigmoid": "nn.Sigmoid()", "tanh": "nn.Tanh()", "relu": "nn.ReLU()",
    "leaky_relu": "nn.LeakyReLU({negative_slope})", "prelu": "nn.PReLU(init={weight})", "elu": "nn.ELU({alpha})",
    "selu": "nn.SELU()", "celu": "nn.CELU({alpha})", "gelu": "nn.GELU()", "gelu_tanh": "nn.GELU(approximate='tanh')",
    "silu": "nn.SiLU()", "mish": "nn.Mish()", "softplus": "nn.Softplus(beta={beta})", "softsign": "nn.Softsign()",
    "hardtanh": "nn.Hardtanh({min_val}, {max_val})", "hardsigmoid": "nn.Hardsigmoid()",
    "hardswish": "nn.Hardswish()", "relu6": "nn.ReLU6()", "logsigmoid": "nn.LogSigmoid()",
}

@dataclass(frozen=True)
class RunSchedule:
    """When a run records and what changed during it: `record_steps` (None: every record_every steps
    and the last, or for image runs each epoch's end) and the live `changes` (step, settings), each
    applied after that many steps."""

    record_steps: tuple[int, ...] | None = None
    changes: tuple[tuple[int, Mapping[str, float]], ...] = ()


def changes_code(changes: Sequence[tuple[int, Mapping[str, float]]]) -> tuple[str, str]:
    """The live changes as a dict by step, and the lines at the top of a step's loop applying them
    (empty strings without changes)."""
    if not changes:
        return "", ""
    by_step: dict[int, dict[str, float]] = {}
    for step, values in changes:
        by_step.setdefault(int(step), {}).update({key: float(value) for key, value in values.items()})
    table = "{" + ", ".join(f"{step}: {values!r}" for step, values in sorted(by_step.items())) + "}"
    apply = """
    for name, value in changes.get(step - 1, {}).items():  # changed during the run, after step - 1 steps
        if name == "batch_size":
            batch_size = min(int(value), len(x_train))
        elif name == "clip_norm":
            clip_norm = value
        else:
            for group in optimizer.param_groups:
                if name in group:
                    group[name] = value"""
    return f"\nchanges = {table}  # live changes: {{after step: {{setting: value}}}}", apply


def optimizer_code(config) -> str:
    """The construction of the config's optimiser from `model.parameters()`."""
    return OPTIMIZER_CODE[config.optimizer].format(
        lr=number(config.lr), momentum=number(config.momentum), nesterov=config.nesterov,
        weight_decay=number(config.weight_decay))


def module_code(config) -> str:
    """The config's activation as a torch module."""
    from actgui.core.activations import ACTIVATIONS

    key, params = config.activation, ACTIVATIONS.get(config.activation).resolve(config.activation_params)
    if key not in MODULE_CODE:
        raise NoCodeError(f"activation '{key}' has no torch module in the code export")
    return MODULE_CODE[key].format(**{name: number(value) for name, value in params.items()})
