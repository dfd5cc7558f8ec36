"""The settings of a run: `TrainingConfig` (with the defaults the panel and `actgui train` start
from, and their checks), the optimisers the panel offers, and the ranges of the numeric settings."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from typing import TYPE_CHECKING

from actgui.core.activations import ACTIVATIONS
from actgui.core.cnn import (
    CHANNELS1,
    CHANNELS2,
    DENSE,
)
from actgui.core.datasets import (
    CLASSES,
    CUSTOM_KEY,
    DATASETS,
    POINT_KINDS,
    SAMPLES,
    VALIDATION,
    check_points,
)
from actgui.core.features import RAW_FEATURES, check_features
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
from actgui.core.registry import Param, Registry, UnknownKeyError

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
#: The settings a running network takes at once (`Trainer.adjust`); every other setting needs a new network.
LIVE_PARAMS = {param.key: param for param in (LR, MOMENTUM, WEIGHT_DECAY, CLIP_NORM, BATCH_SIZE)}


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


# -- configuration -------------------------------------------------------------------------------
@dataclass(frozen=True)
class TrainingConfig:
    """Everything that defines a run, with the defaults the panel and `actgui train` start from;
    `checked()` validates it, `to_dict`/`from_dict` round-trip."""

    dataset: str = "spiral"
    samples: int | None = None  # None: the data set's default
    noise: float | None = None  # None: the data set's default
    classes: int | None = None  # blobs of the gaussians data set; None: its default
    validation: float = VALIDATION.default
    features: tuple[str, ...] = RAW_FEATURES  # computed from 2-D inputs before the network
    points: tuple[tuple[float, ...], ...] = ()  # the custom data set's rows: inputs, then label or target
    points_kind: str = POINT_KINDS[0]  # what the points' last column holds
    model: str = "mlp"
    hidden: tuple[int, ...] = (32, 32)
    activation: str = "relu"
    activation_params: Mapping[str, float] = field(default_factory=dict)
    init: str = RECOMMENDED_INIT
    init_params: Mapping[str, float | str] = field(default_factory=dict)
    binary_output: str = "sigmoid"
    dropout: float = DROPOUT.default
    batch_norm: bool = False
    optimizer: str = "adam"
    lr: float = LR.default
    momentum: float = MOMENTUM.default
    nesterov: bool = False
    weight_decay: float = WEIGHT_DECAY.default
    batch_size: int = int(BATCH_SIZE.default)
    clip_norm: float = CLIP_NORM.default
    steps: int = int(STEPS.default)  # 0: no limit, the run goes on until it is stopped
    record_every: int = int(RECORD_EVERY.default)
    seed: int = int(SEED.default)
    device: str = "auto"
    # image data sets and the CNN
    epochs: int = int(EPOCHS.default)  # > 0: train this many epochs, whatever `steps` says
    train_samples: int = int(TRAIN_SAMPLES.default)  # training subset of an image set
    data_dir: str = ""  # the IDX folder of dataset IDX_FOLDER
    channels1: int = 0  # CNN channel counts and dense width; 0: the input size's default
    channels2: int = 0
    dense: int = 0
    clip_value: float = CLIP_VALUE.default  # clip every gradient entry to ±clip_value (0 = off)
    bf16: bool = False  # bfloat16 autocast (cuda only)

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
        numbers = {p.key: p.check(getattr(self, p.key)) for p in
                   (LR, MOMENTUM, WEIGHT_DECAY, BATCH_SIZE, CLIP_NORM, DROPOUT, STEPS, RECORD_EVERY, SEED, EPOCHS,
                    CLIP_VALUE, TRAIN_SAMPLES)}
        for param in (CHANNELS1, CHANNELS2, DENSE):
            value = getattr(self, param.key)
            numbers[param.key] = 0 if value == 0 else param.check(value)
        numbers["validation"] = VALIDATION.check(self.validation)
        return numbers

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



#: The settings a running network cannot take: changing one during a run needs a new network
#: (every other setting, LIVE_PARAMS, applies at once through `Trainer.adjust`).
NETWORK_SETTINGS = frozenset(f.name for f in fields(TrainingConfig)) - LIVE_PARAMS.keys()


def parse_hidden(text: str) -> tuple[int, ...]:
    """'64,64' → (64, 64), '' → () (no hidden layer: a linear model); raises ValueError for anything else."""
    parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    try:
        sizes = tuple(int(p) for p in parts)
    except ValueError:
        raise ValueError(f"hidden sizes must be whole numbers separated by commas (got '{text}')") from None
    return sizes

