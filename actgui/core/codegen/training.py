"""The code of a training run (or a comparison): the MLP on a generated data set, or the CNN on an
image set (actgui.core.codegen.images): the same data from the seed, the same network,
initialisation, optimiser and mini-batches, the live changes made during the run by step, and the
plotting of loss and accuracy. Each run of a comparison trains in turn; every run draws its dropout
masks from its own random state in the app too, so each equals its lockstep twin."""

from __future__ import annotations

import ast
import inspect
from collections.abc import Callable, Sequence

from actgui.core import datasets
from actgui.core.codegen.functions import NoCodeError, number
from actgui.core.codegen.images import check_image_run, image_data_step, image_run_step
from actgui.core.codegen.inits import init_call
from actgui.core.codegen.recipe import Recipe, Step
from actgui.core.codegen.run_parts import RunSchedule, changes_code, module_code, optimizer_code

#: The loss of each output kind, and how targets and accuracy go with it.
HEADS = {
    "sigmoid": ("F.binary_cross_entropy_with_logits(out.squeeze(1), target)", "torch.float32",
                "((out.squeeze(1) > 0).float() == target).float().mean()"),
    "softmax": ("F.cross_entropy(out, target)", "torch.int64", "(out.argmax(dim=1) == target).float().mean()"),
}


def planned_record_steps(steps: int, record_every: int, changes: Sequence[tuple[int, object]]) -> tuple[int, ...]:
    """The steps a run of `steps` records at when it stops at each change (`actgui train --change`):
    every `record_every` steps from the last stop, at each change and at the end."""
    recorded, step = [0], 0
    stops = sorted({change for change, _ in changes if 0 < change < steps})
    while step < steps:
        step = min(step + record_every, steps, *(stop for stop in stops if stop > step))
        recorded.append(step)
    return tuple(recorded)


def _plain(function: Callable) -> str:
    """A data generator's source as a student would write it: no annotations, no leading underscore."""
    tree = ast.parse(inspect.getsource(function))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            node.name, node.returns = node.name.lstrip("_"), None
            for argument in node.args.args:
                argument.annotation = None
        elif isinstance(node, ast.Name) and node.id.startswith("_"):
            node.id = node.id.lstrip("_")
    return ast.unparse(tree)


def _data_source(key: str) -> str:
    info = datasets.DATASETS.get(key)
    if info.input_dim != 2 or key == datasets.CUSTOM_KEY or info.generate.__module__ != datasets.__name__:
        raise NoCodeError(f"the data set '{key}' has no plain-torch code yet (the generated 2-D sets have)")
    helpers = [datasets._jitter, datasets._halves] if "_halves" in inspect.getsource(info.generate) else \
        [datasets._jitter]
    return "\n\n".join(_plain(function) for function in (*helpers, info.generate))


def _check(config) -> None:
    if config.images:
        check_image_run(config)
        return
    if config.model != "mlp":
        raise NoCodeError("the code export trains the MLP on the generated 2-D data sets")
    if tuple(config.features) != ("x1", "x2"):
        raise NoCodeError("the code export trains on the raw inputs x1, x2 (no extra features)")
    if config.dropout > 0 or config.batch_norm:
        raise NoCodeError("the code export trains without dropout and batch normalisation")
    if config.clip_value > 0:
        raise NoCodeError("the code export clips by norm only")


def _run_code(config, label: str, schedule: RunSchedule) -> str:
    """The code training one run and plotting its curves under `label`."""
    from actgui.core.inits import INITS
    from actgui.core.model import head_for

    _check(config)
    info = datasets.DATASETS.get(config.dataset)
    head = head_for(info.task, config.classes or info.classes, config.binary_output)
    if head.kind not in HEADS:
        raise NoCodeError("the code export trains classifiers")
    loss, dtype, accuracy = HEADS[head.kind]
    activation = module_code(config)
    scheme, scheme_params = config.init_scheme()
    fill = init_call(scheme, INITS.get(scheme).resolve(scheme_params)).replace("(w,", "(layer.weight,")
    bias = ("nn.init.uniform_(layer.bias, -1 / math.sqrt(layer.in_features), 1 / math.sqrt(layer.in_features), "
            "generator=g)" if scheme == "torch_default" else "nn.init.zeros_(layer.bias)")
    optimizer = optimizer_code(config)
    sizes = [2, *config.hidden]
    changes, apply = changes_code(schedule.changes)
    live = {key for _, values in schedule.changes for key in values}
    clip = f"\n    nn.utils.clip_grad_norm_(model.parameters(), {number(config.clip_norm)})" \
        if config.clip_norm > 0 else ""
    if "clip_norm" in live:
        clip = "\n    if clip_norm > 0:\n        nn.utils.clip_grad_norm_(model.parameters(), clip_norm)"
        changes += f"\nclip_norm = {number(config.clip_norm)}"
    steps, recorded = config.steps, "step % record_every == 0 or step == steps"
    record_steps = schedule.record_steps
    if record_steps is None and schedule.changes:
        record_steps = planned_record_steps(steps, config.record_every, schedule.changes)
    if record_steps is not None:
        recorded = "step in record_steps"
        changes += f"\nrecord_steps = {set(record_steps)!r}  # the steps the run recorded at"
        steps = max(record_steps)
    generator = info.generate.__name__.lstrip("_")
    return f"""seed = {config.seed}
rng = np.random.default_rng(seed)
x, y = {generator}({config.samples}, {number(config.noise)}, {config.classes or info.classes}, rng)
order = rng.permutation(len(x))
n_val = max(1, int(round({number(config.validation)} * len(x))))
x_val, y_val = torch.as_tensor(x[order[:n_val]]), torch.as_tensor(y[order[:n_val]], dtype={dtype})
x_train, y_train = torch.as_tensor(x[order[n_val:]]), torch.as_tensor(y[order[n_val:]], dtype={dtype})

torch.manual_seed(seed)
sizes = {sizes}
layers = []
for n_in, n_out in zip(sizes[:-1], sizes[1:]):
    layers += [nn.Linear(n_in, n_out), {activation}]
model = nn.Sequential(*layers, nn.Linear(sizes[-1], {head.units}))
g = torch.Generator().manual_seed(seed)
with torch.no_grad():
    for layer in model:
        if isinstance(layer, nn.Linear):
            {fill}
            {bias}
optimizer = {optimizer}

def loss_fn(out, target):
    return {loss}

def accuracy(out, target):
    return {accuracy}

batch_size = min({config.batch_size}, len(x_train))
shuffler = torch.Generator().manual_seed(seed + 1)
order = torch.randperm(len(x_train), generator=shuffler)
x_epoch, y_epoch, cursor = x_train[order], y_train[order], 0
steps, record_every = {steps}, {config.record_every}{changes}
history = {{"step": [], "train_loss": [], "val_loss": [], "val_accuracy": []}}

def record(step, train_loss):
    with torch.no_grad():
        out = model(x_val)
        history["step"].append(step)
        history["train_loss"].append(float(train_loss))
        history["val_loss"].append(loss_fn(out, y_val).item())
        history["val_accuracy"].append(accuracy(out, y_val).item())

record(0, loss_fn(model(x_epoch[:batch_size]), y_epoch[:batch_size]).item())
losses = []
for step in range(1, steps + 1):{apply}
    if cursor + batch_size > len(x_train):
        order = torch.randperm(len(x_train), generator=shuffler)
        x_epoch, y_epoch, cursor = x_train[order], y_train[order], 0
    xb, yb = x_epoch[cursor:cursor + batch_size], y_epoch[cursor:cursor + batch_size]
    cursor += batch_size
    loss = loss_fn(model(xb), yb)
    optimizer.zero_grad()
    loss.backward(){clip}
    optimizer.step()
    losses.append(loss.detach())
    if {recorded}:
        record(step, torch.stack(losses).numpy().mean())
        losses = []
print(f"{{{label!r}}}: val accuracy {{history['val_accuracy'][-1]:.3f}}")
ax_loss.plot(history["step"], history["train_loss"], label={(label + ': train')!r})
ax_loss.plot(history["step"], history["val_loss"], '--', label={(label + ': validation')!r})
ax_acc.plot(history["step"], history["val_accuracy"], label={label!r})"""


def _mlp_step(config, label: str, schedule: RunSchedule) -> Step:
    return Step(
        f"{label}: the MLP {[2, *config.hidden]} with {config.activation}, initialised with "
        f"{config.init_scheme()[0]}, trained by {config.optimizer} (lr {config.lr:g}) on mini-batches of "
        f"{config.batch_size} for {config.steps} steps; every {config.record_every} steps the mean training loss "
        "and the validation loss and accuracy are recorded.",
        f"{label}：MLP {[2, *config.hidden]}，激活函数 {config.activation}，用 {config.init_scheme()[0]} 初始化，"
        f"优化器 {config.optimizer}（学习率 {config.lr:g}），批大小 {config.batch_size}，训练 {config.steps} 步；"
        f"每 {config.record_every} 步记录平均训练损失与验证集损失、准确率。",
        _run_code(config, label, schedule))


def training_recipe(configs: Sequence, labels: Sequence[str], schedules: Sequence[RunSchedule] | None = None
                    ) -> Recipe:
    """The code training each config in turn (one, or the runs of a comparison) and plotting loss and
    accuracy per record; `schedules` give each run's record steps and live changes."""
    first = configs[0]
    schedules = list(schedules) if schedules is not None else [RunSchedule() for _ in configs]
    for config in configs:
        _check(config)
        if config.dataset != first.dataset:
            raise NoCodeError("the compared runs train on different data sets")
    from actgui.core.training.process import default_threads

    if first.images:
        steps = [image_data_step(configs)]
        steps += [image_run_step(config, label, schedule, len(configs) == 1)
                  for config, label, schedule in zip(configs, labels, schedules, strict=True)]
    else:
        steps = [Step(
            f"The data: {first.dataset}, generated from the seed with numpy, then split into training and "
            "validation sets.",
            f"数据：{first.dataset}，由随机种子用 numpy 生成，再划分为训练集与验证集。",
            _data_source(first.dataset) + f"\n\n\ntorch.set_num_threads({default_threads()})  # as the app trains "
            "(other counts: other last bits)\nfig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(12, 4.5))",
        )]
        steps += [_mlp_step(config, label, schedule) for config, label, schedule in zip(configs, labels, schedules,
                                                                                        strict=True)]
    steps.append(Step(
        "Loss (log scale) and validation accuracy against the step.", "损失（对数坐标）与验证集准确率随步数的变化。",
        "ax_loss.set_yscale('log')\nax_loss.set_xlabel('step')\nax_loss.set_ylabel('loss')\n"
        "ax_acc.set_xlabel('step')\nax_acc.set_ylabel('validation accuracy')\n"
        "ax_loss.legend(loc='upper left', bbox_to_anchor=(1, 1))\n"
        "ax_acc.legend(loc='upper left', bbox_to_anchor=(1, 1))\n"
        "fig.tight_layout()\nplt.show()",
    ))
    return Recipe("Training a network", "训练神经网络",
                  ("import math", "import numpy as np", "import torch", "import torch.nn as nn",
                   "import torch.nn.functional as F", "import matplotlib.pyplot as plt"), tuple(steps))
