"""The settings of a run: `TrainingConfig` (with the defaults the panel and `actgui train` start
from, and their checks), the optimisers the panel offers, and the ranges of the numeric settings.

Each setting is declared once, on its field (actgui.core.training.settings.setting): its range,
whether a running network takes it (LIVE_PARAMS, NETWORK_SETTINGS), its `actgui train` option and
its row in the Training panel's settings drawer."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING

from actgui.core.activations import ACTIVATIONS
from actgui.core.cnn import (
    CHANNELS1,
    CHANNELS2,
    DENSE,
)
from actgui.core.data_csv import read_points
from actgui.core.datasets import (
    CLASSES,
    CUSTOM_KEY,
    DATASETS,
    POINT_KINDS,
    SAMPLES,
    VALIDATION,
    check_points,
)
from actgui.core.features import FEATURES, RAW_FEATURES, check_features
from actgui.core.image_datasets import (
    IDX_FOLDER,
    IMAGE_DATASETS,
    TRAIN_SAMPLES,
    training_dataset_keys,
)
from actgui.core.inits import INITS, recommended_init
from actgui.core.lazy import lazy_module
from actgui.core.model import BINARY_OUTPUTS
from actgui.core.models import MODELS
from actgui.core.registry import QT_TRANSLATE_NOOP, Param, Registry, UnknownKeyError
from actgui.core.training.settings import (
    DATA_GROUP,
    NETWORK_GROUP,
    OPTIMIZER_GROUP,
    RUN_GROUP,
    CliOption,
    FormRow,
    declared_settings,
    setting,
)

if TYPE_CHECKING:
    from torch import nn

torch = lazy_module("torch")


#: The init choice that follows the notes' rule for the chosen activation (Kaiming, Xavier, LeCun).
RECOMMENDED_INIT = "recommended"
DEVICES = ("auto", "cpu", "cuda", "mps")
MAX_LAYERS, MAX_UNITS = 8, 1024

LR = Param("lr", 0.01, 1e-6, 1000.0, "learning rate", "学习率", 0.001)
MOMENTUM = Param("momentum", 0.9, 0.0, 0.999, "momentum", "动量", 0.01)
WEIGHT_DECAY = Param("weight_decay", 0.0, 0.0, 1.0, "weight decay", "权重衰减", 0.0001)
BATCH_SIZE = Param("batch_size", 128, 1, 4096, "batch size", "批大小", 1, integer=True)
CLIP_NORM = Param("clip_norm", 0.0, 0.0, 100.0, "gradient clipping: max norm (0 = off)",
                  "梯度裁剪：最大范数（0 为关闭）", 0.1)
DROPOUT = Param("dropout", 0.0, 0.0, 0.9, "dropout", "Dropout 比例", 0.05)
STEPS = Param("steps", 3000, 0, 10_000_000, "steps", "训练步数", 100, integer=True)
RECORD_EVERY = Param("record_every", 20, 1, 10_000, "record every k steps", "每 k 步记录一次", 1, integer=True)
SEED = Param("seed", 0, 0, 2**31 - 1, "seed", "随机种子", 1, integer=True)
EPOCHS = Param("epochs", 0, 0, 10_000, "epochs (0: the steps decide)", "训练轮数（0：由步数决定）", 1, integer=True)
CLIP_VALUE = Param("clip_value", 0.0, 0.0, 100.0, "gradient clipping: max value (0 = off)",
                   "梯度裁剪：最大值（0 为关闭）", 0.1)


#: The tooltip of the CNN's sizes in the settings drawer.
CNN_SIZE_TIP = QT_TRANSLATE_NOOP("TrainingPanel", "CNN only; 0: the default for the image size")


# -- optimisers ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class OptimizerInfo:
    """An optimiser the panel offers; `build` makes it from the parameters and the config."""

    key: str
    name_en: str
    name_zh: str
    build: Callable[[Iterable[nn.Parameter], TrainingConfig], torch.optim.Optimizer]
    uses_momentum: bool = False


TRAINING_OPTIMIZERS: Registry[OptimizerInfo] = Registry("optimizer")
TRAINING_OPTIMIZERS.register(OptimizerInfo(
    "sgd", "SGD (momentum, Nesterov)", "随机梯度下降 SGD（动量、Nesterov）",
    lambda p, c: torch.optim.SGD(p, lr=c.lr, momentum=c.momentum, nesterov=c.nesterov,
                                 weight_decay=c.weight_decay),
    uses_momentum=True,
))
TRAINING_OPTIMIZERS.register(OptimizerInfo(
    "adam", "Adam", "Adam", lambda p, c: torch.optim.Adam(p, lr=c.lr, weight_decay=c.weight_decay)))
TRAINING_OPTIMIZERS.register(OptimizerInfo(
    "adamw", "AdamW (decoupled weight decay)", "AdamW（解耦权重衰减）",
    lambda p, c: torch.optim.AdamW(p, lr=c.lr, weight_decay=c.weight_decay)))
TRAINING_OPTIMIZERS.register(OptimizerInfo(
    "rmsprop", "RMSprop", "RMSprop",
    lambda p, c: torch.optim.RMSprop(p, lr=c.lr, momentum=c.momentum, weight_decay=c.weight_decay),
    uses_momentum=True,
))


# -- the settings' text on the command line ------------------------------------------------------
def parse_hidden(text: str) -> tuple[int, ...]:
    """'64,64' → (64, 64), '' → () (no hidden layer: a linear model); raises ValueError for anything else."""
    parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    try:
        sizes = tuple(int(p) for p in parts)
    except ValueError:
        raise ValueError(f"hidden sizes must be whole numbers separated by commas (got '{text}')") from None
    return sizes


def parse_hidden_option(flag: str, text: str) -> dict:
    """--hidden 64,64 → hidden (64, 64)."""
    return {"hidden": parse_hidden(text)}


def parse_channels_option(flag: str, text: str) -> dict:
    """--channels 32,64 → channels1 32, channels2 64 ('' leaves the defaults)."""
    channels = parse_hidden(text)
    if not channels:
        return {}
    if len(channels) != 2:
        raise ValueError(f"{flag} takes two numbers, e.g. 32,64 (got '{text}')")
    return {"channels1": channels[0], "channels2": channels[1]}


def parse_features_option(flag: str, text: str) -> dict:
    """--features x1,x2,x1_squared → those features (',' or ';' between them)."""
    return {"features": tuple(v.strip() for v in text.replace(";", ",").split(",") if v.strip())}


def parse_assignments(flag: str, items: Iterable[str]) -> dict[str, str]:
    """['a=1', 'b=2'] → {'a': '1', 'b': '2'}; raises ValueError for an item without a key and value."""
    result = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ValueError(f"{flag} '{item}' must look like KEY=VALUE")
        result[key.strip()] = value.strip()
    return result


def parse_param_option(flag: str, items: Iterable[str]) -> dict:
    """--param alpha=2 (repeatable) → activation_params {'alpha': 2.0}."""
    params = {}
    for key, value in parse_assignments(flag, items).items():
        try:
            params[key] = float(value)
        except ValueError:
            raise ValueError(f"{flag} {key}: '{value}' is not a number") from None
    return {"activation_params": params}


def parse_init_param_option(flag: str, items: Iterable[str]) -> dict:
    """--init-param gain=2 (repeatable) → init_params {'gain': '2'} (the scheme reads its values)."""
    return {"init_params": parse_assignments(flag, items)}


def parse_data_option(flag: str, path: Path) -> dict:
    """--data FILE.csv → the custom data set with the file's points; --data DIR → its IDX files."""
    if path.suffix.lower() == ".csv" or path.is_file():
        rows, kind = read_points(path)
        return {"dataset": CUSTOM_KEY, "points": tuple(tuple(row) for row in rows), "points_kind": kind}
    return {"dataset": IDX_FOLDER, "data_dir": str(path)}


# -- configuration -------------------------------------------------------------------------------
@dataclass(frozen=True)
class TrainingConfig:
    """Everything that defines a run, with the defaults the panel and `actgui train` start from;
    `checked()` validates it, `to_dict`/`from_dict` round-trip."""

    dataset: str = setting("spiral", option=CliOption("--dataset", QT_TRANSLATE_NOOP(
        "Cli", "see `actgui list datasets`")))
    samples: int | None = setting(None, param=SAMPLES, option=CliOption(  # None: the data set's default
        "--samples", QT_TRANSLATE_NOOP("Cli", "default: the data set's")),
        form=FormRow(DATA_GROUP, QT_TRANSLATE_NOOP("TrainingPanel", "Samples")))
    noise: float | None = setting(None, option=CliOption(  # None: the data set's default
        "--noise", QT_TRANSLATE_NOOP("Cli", "default: the data set's"), value_type=float),
        form=FormRow(DATA_GROUP, QT_TRANSLATE_NOOP("TrainingPanel", "Noise")))
    classes: int | None = setting(None, param=CLASSES, option=CliOption(  # blobs of gaussians; None: its default
        "--classes", QT_TRANSLATE_NOOP("Cli", "blobs of the gaussians data set")),
        form=FormRow(DATA_GROUP, QT_TRANSLATE_NOOP("TrainingPanel", "Classes (blobs)")))
    validation: float = setting(param=VALIDATION, option=CliOption("--validation", QT_TRANSLATE_NOOP(
        "Cli", "validation share")), form=FormRow(DATA_GROUP, QT_TRANSLATE_NOOP("TrainingPanel", "Validation share")))
    features: tuple[str, ...] = setting(RAW_FEATURES, option=CliOption(  # computed from 2-D inputs
        "--features", QT_TRANSLATE_NOOP(
            "Cli", "input features of 2-D data, e.g. x1_squared,x2_squared (from: {features})"),
        parse=parse_features_option, text=",".join, help_fields=lambda: {"features": ", ".join(FEATURES)}),
        form=FormRow(DATA_GROUP, QT_TRANSLATE_NOOP("TrainingPanel", "Input features"), QT_TRANSLATE_NOOP(
            "TrainingPanel", "Computed from x₁ and x₂ before the network (2-D data sets)")))
    points: tuple[tuple[float, ...], ...] = setting((), option=CliOption(  # the custom data set's rows
        "--data", QT_TRANSLATE_NOOP(
            "Cli", "train on your own points (a CSV file: columns x1, x2[, ...], label or target, header optional) "
            "or on the MNIST-format IDX files in DIR (MNIST, KMNIST, EMNIST …, gz or not)"),
        metavar="FILE.csv|DIR", value_type=Path, parse=parse_data_option, after="validation"))
    points_kind: str = setting(POINT_KINDS[0], set_by="--data",  # what the points' last column holds
                               form=FormRow(DATA_GROUP, QT_TRANSLATE_NOOP("TrainingPanel", "Last column")))
    model: str = setting("mlp", option=CliOption("--model", QT_TRANSLATE_NOOP("Cli", "see `actgui list models`")),
                         form=FormRow(NETWORK_GROUP, QT_TRANSLATE_NOOP("TrainingPanel", "Model")))
    hidden: tuple[int, ...] = setting((32, 32), option=CliOption(
        "--hidden", QT_TRANSLATE_NOOP("Cli", "hidden layer sizes, e.g. 64,64"), parse=parse_hidden_option,
        text=lambda sizes: ",".join(str(n) for n in sizes), after="init_params"))
    activation: str = setting("relu", option=CliOption("--activation", QT_TRANSLATE_NOOP(
        "Cli", "see `actgui list activations`")))
    activation_params: Mapping[str, float] = setting(default_factory=dict, option=CliOption(
        "--param", QT_TRANSLATE_NOOP("Cli", "activation parameter"), metavar="KEY=VALUE", repeat=True,
        parse=parse_param_option), form=FormRow(NETWORK_GROUP))
    init: str = setting(RECOMMENDED_INIT, option=CliOption("--init", QT_TRANSLATE_NOOP(
        "Cli", "see `actgui list inits`; 'recommended' follows the notes' rule per activation")),
        form=FormRow(NETWORK_GROUP, QT_TRANSLATE_NOOP("TrainingPanel", "Initialisation")))
    init_params: Mapping[str, float | str] = setting(default_factory=dict, option=CliOption(
        "--init-param", QT_TRANSLATE_NOOP("Cli", "init scheme parameter"), metavar="KEY=VALUE", repeat=True,
        parse=parse_init_param_option), form=FormRow(NETWORK_GROUP))
    binary_output: str = setting("sigmoid", option=CliOption("--output", QT_TRANSLATE_NOOP(
        "Cli", "binary tasks: 1 sigmoid unit + BCE, or 2 softmax units + cross-entropy"), choices=BINARY_OUTPUTS),
        form=FormRow(NETWORK_GROUP, QT_TRANSLATE_NOOP("TrainingPanel", "Binary output")))
    dropout: float = setting(param=DROPOUT, option=CliOption("--dropout"),
                             form=FormRow(NETWORK_GROUP, QT_TRANSLATE_NOOP("TrainingPanel", "Dropout")))
    batch_norm: bool = setting(False, option=CliOption("--batch-norm"), form=FormRow(
        NETWORK_GROUP, QT_TRANSLATE_NOOP("TrainingPanel", "Batch norm"),
        QT_TRANSLATE_NOOP("TrainingPanel", "BatchNorm between each linear layer and its activation")))
    optimizer: str = setting("adam", option=CliOption("--optimizer", QT_TRANSLATE_NOOP(
        "Cli", "see `actgui list optimizers`")), form=FormRow(OPTIMIZER_GROUP, QT_TRANSLATE_NOOP(
            "TrainingPanel", "Optimiser")))
    lr: float = setting(param=LR, live=True, option=CliOption("--lr"))
    momentum: float = setting(param=MOMENTUM, live=True, option=CliOption("--momentum"), form=FormRow(
        OPTIMIZER_GROUP, QT_TRANSLATE_NOOP("TrainingPanel", "Momentum"), decimals=3))
    nesterov: bool = setting(False, option=CliOption("--nesterov"), form=FormRow(
        OPTIMIZER_GROUP, QT_TRANSLATE_NOOP("TrainingPanel", "Nesterov"),
        QT_TRANSLATE_NOOP("TrainingPanel", "Nesterov momentum (SGD only)")))
    weight_decay: float = setting(param=WEIGHT_DECAY, live=True, option=CliOption("--weight-decay"), form=FormRow(
        OPTIMIZER_GROUP, QT_TRANSLATE_NOOP("TrainingPanel", "Weight decay"), decimals=5))
    batch_size: int = setting(param=BATCH_SIZE, live=True, option=CliOption("--batch-size"), form=FormRow(
        OPTIMIZER_GROUP, QT_TRANSLATE_NOOP("TrainingPanel", "Batch size")))
    clip_norm: float = setting(param=CLIP_NORM, live=True, option=CliOption("--clip-norm", QT_TRANSLATE_NOOP(
        "Cli", "gradient clipping max norm (0 = off)")), form=FormRow(
            OPTIMIZER_GROUP, QT_TRANSLATE_NOOP("TrainingPanel", "Clip grad norm"),
            QT_TRANSLATE_NOOP("TrainingPanel", "Gradient clipping: the largest gradient norm allowed (0 = off)")))
    steps: int = setting(param=STEPS, option=CliOption("--steps"),  # 0: no limit, the run goes on until stopped
                         form=FormRow(RUN_GROUP, QT_TRANSLATE_NOOP("TrainingPanel", "Steps")))
    record_every: int = setting(param=RECORD_EVERY, option=CliOption("--record-every"), form=FormRow(
        RUN_GROUP, QT_TRANSLATE_NOOP("TrainingPanel", "Record every k steps")))
    seed: int = setting(param=SEED, option=CliOption("--seed"),
                        form=FormRow(RUN_GROUP, QT_TRANSLATE_NOOP("TrainingPanel", "Seed")))
    device: str = setting("auto", option=CliOption("--device", choices=DEVICES),
                          form=FormRow(RUN_GROUP, QT_TRANSLATE_NOOP("TrainingPanel", "Device")))
    # image data sets and the CNN
    epochs: int = setting(param=EPOCHS, option=CliOption(  # > 0: train this many epochs, whatever `steps` says
        "--epochs", QT_TRANSLATE_NOOP("Cli", "train this many epochs (0: --steps decides)")), form=FormRow(
            RUN_GROUP, QT_TRANSLATE_NOOP("TrainingPanel", "Epochs"),
            QT_TRANSLATE_NOOP("TrainingPanel", "Train this many epochs (0: the number of steps decides)")))
    train_samples: int = setting(param=TRAIN_SAMPLES, option=CliOption(  # training subset of an image set
        "--train-samples", QT_TRANSLATE_NOOP("Cli", "image data sets: the training subset's size")), form=FormRow(
            DATA_GROUP, QT_TRANSLATE_NOOP("TrainingPanel", "Training images"),
            QT_TRANSLATE_NOOP("TrainingPanel", "Image data sets: how many training images an epoch uses")))
    data_dir: str = setting("", set_by="--data",  # the IDX folder of dataset IDX_FOLDER
                            form=FormRow(DATA_GROUP, QT_TRANSLATE_NOOP("TrainingPanel", "IDX folder")))
    # CNN channel counts and dense width; 0: the input size's default
    channels1: int = setting(0, param=CHANNELS1, option=CliOption("--channels", QT_TRANSLATE_NOOP(
        "Cli", "CNN: the two convolutions' channels (default: the notes' for the image size)"), metavar="C1,C2",
        parse=parse_channels_option), form=FormRow(NETWORK_GROUP, QT_TRANSLATE_NOOP("TrainingPanel", "Conv 1 channels"),
                                                   CNN_SIZE_TIP))
    channels2: int = setting(0, param=CHANNELS2, set_by="--channels", form=FormRow(
        NETWORK_GROUP, QT_TRANSLATE_NOOP("TrainingPanel", "Conv 2 channels"), CNN_SIZE_TIP))
    dense: int = setting(0, param=DENSE, option=CliOption("--dense", QT_TRANSLATE_NOOP(
        "Cli", "CNN: dense units (0: the default)")), form=FormRow(
            NETWORK_GROUP, QT_TRANSLATE_NOOP("TrainingPanel", "Dense units"), CNN_SIZE_TIP))
    clip_value: float = setting(param=CLIP_VALUE, option=CliOption(  # clip every gradient entry to ±clip_value
        "--clip-value", QT_TRANSLATE_NOOP("Cli", "clip every gradient entry to ± this value (0 = off; the notes "
                                                 "use 0.5)")), form=FormRow(
            OPTIMIZER_GROUP, QT_TRANSLATE_NOOP("TrainingPanel", "Clip grad value"), QT_TRANSLATE_NOOP(
                "TrainingPanel", "Clips every gradient entry to ± this value (0 = off); the notes use 0.5")))
    bf16: bool = setting(False, option=CliOption("--bf16", QT_TRANSLATE_NOOP(  # bfloat16 autocast
        "Cli", "bfloat16 autocast (cuda only; elsewhere float32 with a note)")),
        form=FormRow(RUN_GROUP, QT_TRANSLATE_NOOP("TrainingPanel", "bf16 autocast")))

    def checked(self) -> TrainingConfig:
        """This config with numbers normalised and the data set's defaults filled in for samples,
        noise and classes left at None; raises ValueError (or UnknownKeyError) naming the first
        setting that is invalid."""
        if self.images:
            return self._checked_images()
        data = DATASETS.get(self.dataset)
        if MODELS.get(self.model).images:
            raise ValueError(f"model: the {self.model} model trains on image data sets "
                             f"({', '.join([*IMAGE_DATASETS.keys(), IDX_FOLDER])}), not on {self.dataset}")
        numbers = self._checked_common()
        hidden = tuple(int(n) for n in self.hidden)
        if len(hidden) > MAX_LAYERS:
            raise ValueError(f"hidden: at most {MAX_LAYERS} hidden layers (got {len(hidden)})")
        if any(not 1 <= n <= MAX_UNITS for n in hidden):
            raise ValueError(f"hidden: every layer needs 1 to {MAX_UNITS} units (got {list(hidden)})")
        if self.binary_output not in BINARY_OUTPUTS:
            raise ValueError(f"binary_output must be one of: {', '.join(BINARY_OUTPUTS)}")
        numbers["samples"] = SAMPLES.check(data.default_samples if self.samples is None else self.samples)
        numbers["noise"] = data.noise_param.check(data.default_noise if self.noise is None else self.noise)
        features = check_features(self.features)
        if self.points_kind not in POINT_KINDS:
            raise ValueError(f"points_kind must be one of: {', '.join(POINT_KINDS)}")
        custom = self.dataset == CUSTOM_KEY
        points = check_points(self.points, self.points_kind, complete=False) if custom else ()
        classes = None
        if data.variable_classes:
            classes = CLASSES.check(data.classes if self.classes is None else self.classes)
        return replace(self, classes=classes, hidden=hidden, features=features, points=points,
                       batch_norm=bool(self.batch_norm), nesterov=bool(self.nesterov), bf16=bool(self.bf16),
                       activation_params=dict(self.activation_params),
                       init_params=dict(self.init_params), **numbers)

    def _checked_common(self) -> dict:
        """The checks every run shares; the normalised numbers."""
        MODELS.get(self.model)
        activation = ACTIVATIONS.get(self.activation)
        activation.resolve(self.activation_params)
        if self.init != RECOMMENDED_INIT:
            INITS.get(self.init).resolve(self.init_params)
        TRAINING_OPTIMIZERS.get(self.optimizer)
        if self.device not in DEVICES:
            raise ValueError(f"unknown device '{self.device}' (choose from: {', '.join(DEVICES)})")
        if self.nesterov and (self.optimizer != "sgd" or self.momentum <= 0):
            raise ValueError("Nesterov momentum needs the SGD optimiser with momentum > 0")
        if self.batch_norm and int(self.batch_size) < 2:
            raise ValueError("batch normalisation needs a batch size of at least 2")
        return {item.name: self._checked_number(item.name, item.default, declared.param)
                for item, declared in declared_settings(TrainingConfig)
                if declared.param is not None and item.default is not None}  # None: the data set decides

    def _checked_number(self, name: str, default: float, param: Param) -> float:
        """The setting's value checked against its range; a default outside the range (0 channels: the
        input size's) stands for a choice made elsewhere and stays as it is."""
        value = getattr(self, name)
        if value == default and not param.minimum <= default <= param.maximum:
            return default
        return param.check(value)

    def _checked_images(self) -> TrainingConfig:
        """checked() for an image data set (or an IDX folder): it must exist here; samples, noise and
        classes do not apply."""
        if self.dataset == IDX_FOLDER:
            if not self.data_dir:
                raise ValueError("dataset: an IDX folder needs a data folder (File → Open data set…, --data DIR)")
        else:
            if self.dataset not in IMAGE_DATASETS:
                raise UnknownKeyError(f"unknown dataset '{self.dataset}' (choose from: "
                                      f"{', '.join(training_dataset_keys())})")
            reason = IMAGE_DATASETS.get(self.dataset).unavailable()
            if reason is not None:
                raise ValueError(reason)
        numbers = self._checked_common()
        hidden = tuple(int(n) for n in self.hidden)
        if not 1 <= len(hidden) <= MAX_LAYERS or any(not 1 <= n <= MAX_UNITS for n in hidden):
            raise ValueError(f"hidden: 1 to {MAX_LAYERS} layers of 1 to {MAX_UNITS} units (got {list(hidden)})")
        return replace(self, samples=None, noise=None, classes=None, hidden=hidden, batch_norm=bool(self.batch_norm),
                       nesterov=bool(self.nesterov), bf16=bool(self.bf16), data_dir=str(self.data_dir),
                       activation_params=dict(self.activation_params), init_params=dict(self.init_params), **numbers)

    @property
    def images(self) -> bool:
        """Whether the run trains on an image data set: a set that only exists as images (e.g.
        fashion_mnist, an IDX folder), or the digits with a model that takes images (the CNN); an
        MLP on the digits keeps their 64 values per image."""
        if self.dataset not in DATASETS:
            return True
        return self.dataset in IMAGE_DATASETS and self.model in MODELS and MODELS.get(self.model).images

    def init_scheme(self) -> tuple[str, dict[str, float | str]]:
        """(scheme, parameters): the chosen one, or the notes' recommendation for the activation."""
        if self.init == RECOMMENDED_INIT:
            recommendation = recommended_init(self.activation, self.activation_params)
            return recommendation.scheme, dict(recommendation.params)
        return self.init, dict(self.init_params)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["hidden"] = list(self.hidden)
        data["features"] = list(self.features)
        data["points"] = [list(row) for row in self.points]
        data["activation_params"] = dict(self.activation_params)
        data["init_params"] = dict(self.init_params)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> TrainingConfig:
        """A checked config from `to_dict` output; raises ValueError for unknown or invalid entries."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown training setting(s): {', '.join(unknown)}")
        values = dict(data)
        try:
            if "hidden" in values:
                values["hidden"] = tuple(int(n) for n in values["hidden"])  # type: ignore[union-attr]
            if "features" in values:
                values["features"] = tuple(values["features"])  # type: ignore[arg-type]
            if "points" in values:
                values["points"] = tuple(tuple(row) for row in values["points"])  # type: ignore[union-attr]
            for key in ("activation_params", "init_params"):
                if key in values:
                    values[key] = dict(values[key])  # type: ignore[call-overload]
            return cls(**values).checked()  # type: ignore[arg-type]
        except UnknownKeyError as error:
            raise ValueError(str(error)) from None
        except (TypeError, KeyError) as error:
            raise ValueError(f"invalid training settings: {error}") from None



#: The settings a running network takes at once (`Trainer.adjust`): those declared live.
LIVE_PARAMS = {item.name: declared.param for item, declared in declared_settings(TrainingConfig) if declared.live}
#: The settings a running network cannot take: changing one during a run needs a new network
#: (every other setting, LIVE_PARAMS, applies at once through `Trainer.adjust`).
NETWORK_SETTINGS = frozenset(f.name for f in fields(TrainingConfig)) - LIVE_PARAMS.keys()
