"""The code of a CNN run on an image set (the shipped 8×8 digits, Fashion-MNIST, a folder of IDX
files): the images read and split as the app does, the notes' CNN with the same layout,
initialisation, optimiser, clipping and mini-batches, and the records: the fixed probe of validation
images between epochs, the whole validation set at each epoch's end."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from actgui.core.codegen.functions import NoCodeError, number
from actgui.core.codegen.inits import init_call
from actgui.core.codegen.recipe import Step
from actgui.core.codegen.run_parts import RunSchedule, changes_code, module_code, optimizer_code

#: The data settings compared runs must share to train on one copy of the images.
SHARED_DATA = ("dataset", "data_dir", "train_samples", "validation", "seed")
#: Schemes whose `nn.init` call fills a convolution's kernel as the app does.
KERNEL_SCHEMES = frozenset({"uniform", "normal", "zeros", "ones", "constant", "xavier_uniform", "xavier_normal",
                            "kaiming_uniform", "kaiming_normal", "lecun_normal", "orthogonal", "trunc_normal",
                            "torch_default"})

_READ_IDX = '''import gzip
import struct


def read_idx(path):
    """An IDX file (gzip-compressed or not): 4 bytes of magic number, one big-endian size per dimension,
    then the unsigned bytes."""
    with open(path, "rb") as handle:
        raw = handle.read()
    if raw[:2] == b"\\x1f\\x8b":
        raw = gzip.decompress(raw)
    dims = raw[3]
    shape = struct.unpack(f">{dims}I", raw[4:4 + 4 * dims])
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * dims).reshape(shape)

'''

_PROBE = '''

def probe_indices(labels, size=200):
    """The validation images every record between epochs measures: the classes in turn."""
    if len(labels) <= size:
        return np.arange(len(labels))
    by_class = [np.flatnonzero(labels == value) for value in np.unique(labels)]
    order = [members[k] for k in range(max(map(len, by_class))) for members in by_class if k < len(members)]
    return np.asarray(order[:size], dtype=np.int64)


def scaled(images):
    return torch.as_tensor((images.astype(np.float32) / np.float32(max_value))[:, None, :, :])
'''


def check_image_run(config) -> None:
    """Raises NoCodeError for an image run the code export cannot write."""
    from actgui.core.image_datasets import IDX_FOLDER, IMAGE_DATASETS

    if config.model != "cnn":
        raise NoCodeError("the code export trains the CNN on image data sets (the MLP on the generated 2-D sets)")
    if config.dataset != IDX_FOLDER and config.dataset not in IMAGE_DATASETS:
        raise NoCodeError(f"the image set '{config.dataset}' has no plain-torch code")
    if config.dataset != IDX_FOLDER and config.dataset not in ("digits", "fashion_mnist"):
        raise NoCodeError(f"the image set '{config.dataset}' has no plain-torch code (digits, Fashion-MNIST and "
                          "IDX folders have)")
    if config.init_scheme()[0] not in KERNEL_SCHEMES:
        raise NoCodeError(f"initialisation '{config.init_scheme()[0]}' has no plain-torch code for convolutions")
    if config.bf16:
        raise NoCodeError("the code export trains in float32 (no bf16 autocast)")


def _source_code(config) -> tuple[str, str, str]:
    """(English, Chinese, code) reading the images and their split as the app does."""
    from actgui.core.image_datasets import FASHION_FILES, FASHION_MNIST_DIR, IDX_FOLDER, find_idx_files

    held_out = f"""rng = np.random.default_rng(seed)
order = rng.permutation(len(labels))
held = max(1, int(round({number(config.validation)} * len(order))))  # the share held out for validation
val_pool, train_pool = np.sort(order[:held]), np.sort(order[held:])
train_images, train_labels = images[train_pool], labels[train_pool]
val_images, val_labels = images[val_pool], labels[val_pool]"""
    if config.dataset == "digits":
        path = Path(str(resources.files("actgui").joinpath("resources", "digits.npz")))
        return ("The 8×8 handwritten digits (scikit-learn's load_digits, pixel values 0 to 16): a share of them "
                "held out for validation, drawn by the seed.",
                "8×8 手写数字（即 scikit-learn 的 load_digits，像素值 0 到 16）：按随机种子取出一部分作验证集。",
                f"""with np.load({str(path)!r}) as data:
    images, labels = data["images"], data["labels"].astype(np.int64)
max_value = 16
{held_out}""")
    if config.dataset == IDX_FOLDER:
        train_x, train_y, test_x, test_y = find_idx_files(config.data_dir)
    else:
        train_x, train_y, test_x, test_y = (FASHION_MNIST_DIR / name for name in FASHION_FILES)
    reading = _READ_IDX + f"""
max_value = 255
train_images, train_labels = read_idx({str(train_x)!r}), read_idx({str(train_y)!r}).astype(np.int64)"""
    if test_x is None or test_y is None:
        code = reading.replace("train_images, train_labels = ", "images, labels = ") + "\n" + held_out
    else:
        code = (reading + f"\nval_images, val_labels = read_idx({str(test_x)!r}), "
                f"read_idx({str(test_y)!r}).astype(np.int64)\nrng = np.random.default_rng(seed)")
    return ("The images and labels read from the IDX files (validation on the test split, or on a share held out "
            "by the seed).",
            "从 IDX 文件读取图像与标签（验证用测试集，没有测试集时按随机种子取出一部分）。", code)


def image_data_step(configs: Sequence) -> Step:
    """The step reading the images, drawing the training and validation subsets by the seed and
    fixing the probe; compared runs must share these settings."""
    from actgui.core.image_datasets import VAL_SAMPLES
    from actgui.core.training.process import default_threads

    first = configs[0]
    if any(getattr(config, name) != getattr(first, name) for config in configs for name in SHARED_DATA):
        raise NoCodeError("the compared runs train on different images")
    english, chinese, code = _source_code(first)
    code = f"""torch.set_num_threads({default_threads()})  # as the app trains (other counts: other last bits)
seed = {first.seed}
{code}
chosen_train = np.sort(rng.permutation(len(train_labels))[:{first.train_samples}])
chosen_val = np.sort(rng.permutation(len(val_labels))[:{int(VAL_SAMPLES.default)}])
{_PROBE}
x_train, y_train = scaled(train_images[chosen_train]), torch.as_tensor(train_labels[chosen_train])
x_val, y_val = scaled(val_images[chosen_val]), torch.as_tensor(val_labels[chosen_val])
probe = torch.as_tensor(probe_indices(val_labels[chosen_val]))
x_probe, y_probe = x_val[probe], y_val[probe]
print(f"{{len(x_train)}} training and {{len(x_val)}} validation images of {{tuple(x_train.shape[1:])}}")


fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(12, 4.5))"""
    return Step(english + f" At most {first.train_samples} training images.",
                chinese + f"训练图像至多 {first.train_samples} 张。", code)


def _layout(config) -> tuple[tuple[int, int, int], int, tuple[int, int], int, int]:
    """(image shape, classes, channels, dense units, padding) as the app sizes the CNN."""
    from actgui.core.cnn import default_layout
    from actgui.core.image_datasets import image_dataset_info

    info = image_dataset_info(config.dataset, config.data_dir)
    layout = default_layout(*info.shape[1:])
    channels = (config.channels1 or layout.channels[0], config.channels2 or layout.channels[1])
    return info.shape, info.classes, channels, config.dense or layout.dense, layout.padding


def image_run_code(config, label: str, schedule: RunSchedule, first_whole: bool) -> str:
    """The code building, initialising and training one CNN run and plotting its records under `label`;
    `first_whole`: the step-0 record measures the whole validation set (a single run) or the probe."""
    check_image_run(config)
    (in_channels, height, width), classes, (c1, c2), units, padding = _layout(config)
    shrink = 2 * (1 - padding) * 2
    pooled = ((height - shrink) // 2) * ((width - shrink) // 2)
    dropout = "nn.AlphaDropout" if config.activation == "selu" else "nn.Dropout"
    scheme, scheme_params = config.init_scheme()
    from actgui.core.inits import INITS

    fill = init_call(scheme, INITS.get(scheme).resolve(scheme_params)).replace("(w,", "(layer.weight,")
    bias = ("bound = 1 / math.sqrt(layer.weight[0].numel())\n            "
            "nn.init.uniform_(layer.bias, -bound, bound, generator=g)" if scheme == "torch_default"
            else "nn.init.zeros_(layer.bias)")
    changes, apply = changes_code(schedule.changes)
    live = {key for _, values in schedule.changes for key in values}
    if "batch_size" in live:
        raise NoCodeError("an image run counts its epochs in its batch size, which does not change during a run")
    clip = ""
    if config.clip_norm > 0 or "clip_norm" in live:
        changes += f"\nclip_norm = {number(config.clip_norm)}"
        clip += "\n    if clip_norm > 0:\n        nn.utils.clip_grad_norm_(model.parameters(), clip_norm)"
    if config.clip_value > 0:
        clip += f"\n    nn.utils.clip_grad_value_(model.parameters(), {number(config.clip_value)})"
    total = f"{config.epochs} * steps_per_epoch" if config.epochs > 0 else str(config.steps)
    if schedule.record_steps is not None:
        records = f"{sorted(set(schedule.record_steps))!r}  # the steps the run recorded at"
        last = "record_steps[-1]"
    else:
        stops = ", *(s for s in changes if s < steps)" if schedule.changes else ""
        records = f"sorted({{0, steps, *range(steps_per_epoch, steps + 1, steps_per_epoch){stops}}})  # epochs' ends"
        last = "steps"
    activation = module_code(config)
    return f"""torch.manual_seed(seed)  # the dropout masks are drawn from torch's global generator


class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d({in_channels}, {c1}, 3, padding={padding})
        self.conv2 = nn.Conv2d({c1}, {c2}, 3, padding={padding})
        self.pool = nn.MaxPool2d(2)
        self.dropout_conv = {dropout}(0.25)
        self.dense = nn.Linear({c2} * {pooled}, {units})
        self.dropout_dense = {dropout}(0.5)
        self.output = nn.Linear({units}, {classes})
        self.act1, self.act2, self.act3 = {activation}, {activation}, {activation}

    def forward(self, x):
        x = self.act2(self.conv2(self.act1(self.conv1(x))))
        x = self.dropout_conv(self.pool(x)).flatten(1)
        return self.output(self.dropout_dense(self.act3(self.dense(x))))


model = CNN()
g = torch.Generator().manual_seed(seed)
with torch.no_grad():
    for layer in (model.conv1, model.conv2, model.dense, model.output):
        {fill}
        if layer.bias is not None:
            {bias}
model = model.to(memory_format=torch.channels_last)  # convolutions run faster this way on a CPU
optimizer = {optimizer_code(config)}

batch_size = min({config.batch_size}, len(x_train))
steps_per_epoch = len(x_train) // batch_size
steps = {total}{changes}
record_steps = {records}
shuffler = torch.Generator().manual_seed(seed + 1)
order = torch.randperm(len(x_train), generator=shuffler)
x_epoch, y_epoch, cursor = x_train[order], y_train[order], 0
history = {{"step": [], "train_loss": [], "val_loss": [], "val_accuracy": []}}


def validate(x, y):
    \"\"\"Loss and accuracy on images `x` with labels `y`, in chunks of 128.\"\"\"
    loss, predicted = torch.zeros(()), []
    for start in range(0, len(x), 128):
        out = model(x[start:start + 128]).float()
        loss += F.cross_entropy(out, y[start:start + 128], reduction="sum")
        predicted.append(out.argmax(dim=1))
    totals = torch.stack([loss, (torch.cat(predicted) == y).sum().float()]).numpy()
    return float(totals[0] / len(y)), float(totals[1] / len(y))


def record(step, train_loss, whole):
    \"\"\"The whole validation set at an epoch's end, else the probe.\"\"\"
    model.eval()  # no dropout while measuring
    with torch.no_grad():
        if whole:
            val_loss, val_accuracy = validate(x_val, y_val)
        else:
            out = model(x_probe).float()
            val_loss = F.cross_entropy(out, y_probe).item()
            val_accuracy = (out.argmax(dim=1) == y_probe).float().mean().item()
    model.train()
    for key, value in zip(history, (step, float(train_loss), val_loss, val_accuracy)):
        history[key].append(value)


model.train()
record(0, F.cross_entropy(model(x_epoch[:batch_size]), y_epoch[:batch_size]).item(), {first_whole})
losses = []
for step in range(1, {last} + 1):{apply}
    if cursor + batch_size > len(x_train):
        order = torch.randperm(len(x_train), generator=shuffler)
        x_epoch, y_epoch, cursor = x_train[order], y_train[order], 0
    xb, yb = x_epoch[cursor:cursor + batch_size], y_epoch[cursor:cursor + batch_size]
    cursor += batch_size
    loss = F.cross_entropy(model(xb), yb)
    optimizer.zero_grad()
    loss.backward(){clip}
    optimizer.step()
    losses.append(loss.detach())
    if step in record_steps:
        record(step, torch.stack(losses).numpy().mean(), step % steps_per_epoch == 0 or step == steps)
        losses = []
print(f"{{{label!r}}}: val accuracy {{history['val_accuracy'][-1]:.3f}}")
ax_loss.plot(history["step"], history["train_loss"], label={(label + ': train')!r})
ax_loss.plot(history["step"], history["val_loss"], '--', label={(label + ': validation')!r})
ax_acc.plot(history["step"], history["val_accuracy"], label={label!r})"""


def image_run_step(config, label: str, schedule: RunSchedule, single: bool) -> Step:
    """One CNN run as a recipe step."""
    scheme = config.init_scheme()[0]
    return Step(
        f"{label}: the notes' CNN (conv, conv, max-pool, dropout, dense, dropout, output) with {config.activation}, "
        f"initialised with {scheme}, trained by {config.optimizer} (lr {config.lr:g}) on mini-batches of "
        f"{config.batch_size}; between epochs a record measures a fixed probe of validation images, at each "
        "epoch's end the whole validation set.",
        f"{label}：讲义中的 CNN（卷积、卷积、最大池化、dropout、全连接、dropout、输出），激活函数 {config.activation}，"
        f"用 {scheme} 初始化，优化器 {config.optimizer}（学习率 {config.lr:g}），批大小 {config.batch_size}；"
        "两轮之间的记录在固定的一组验证图像上测量，每轮结束时在整个验证集上测量。",
        image_run_code(config, label, schedule, single))
