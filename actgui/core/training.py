"""Training a network step by step: the configuration (with the defaults the panel and the CLI
start from), the optimisers, the metrics records, the generator that yields them, and a bounded
history of the records. The networks come from actgui.core.models; comparing runs, merging and
exporting them is actgui.core.experiment.

`Trainer.records()` is a plain generator: it yields a `Record` every `record_every` steps (sending
it an integer runs that many steps before the next record instead), and returns a `RunResult` when
the run finishes, is stopped (a `stop` callable returns True) or diverges (actgui.core.divergence).
Closing the generator ends the run at once. The CLI and the tests use it in-process; the GUI runs
it in a child process (actgui.core.training_process).
"""

from __future__ import annotations

import bisect
import math
import time
from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict, dataclass, field, fields, replace
from typing import TYPE_CHECKING

import numpy as np

from actgui.core.activations import ACTIVATIONS
from actgui.core.cadence import PROBE_IMAGES, RecordCadence, probe_indices
from actgui.core.cnn import (
    CHANNELS1,
    CHANNELS2,
    CNN,
    DENSE,
    channel_gradient_norms,
    dead_channels,
    first_filters,
    saturated_share,
)
from actgui.core.datasets import (
    CLASSES,
    CUSTOM_KEY,
    DATASETS,
    POINT_KINDS,
    SAMPLES,
    VALIDATION,
    Dataset,
    check_points,
    make_dataset,
)
from actgui.core.device import resolve_device
from actgui.core.divergence import DivergenceWatch
from actgui.core.features import FEATURES, RAW_FEATURES, apply_features, check_features
from actgui.core.image_datasets import (
    IDX_FOLDER,
    IMAGE_DATASETS,
    TRAIN_SAMPLES,
    ImageDataset,
    image_dataset_info,
    make_image_dataset,
    training_dataset_keys,
)
from actgui.core.inits import INITS, recommended_init
from actgui.core.lazy import lazy_module, no_grad
from actgui.core.model import BINARY_OUTPUTS, head_for
from actgui.core.models import MODELS, ModelData
from actgui.core.network_detail import NetworkDetail, measure_network, output_activation
from actgui.core.properties import SATURATION_THRESHOLD
from actgui.core.registry import Param, Registry, UnknownKeyError
from actgui.core.table import Table

if TYPE_CHECKING:
    from torch import Tensor

torch = lazy_module("torch")
nn = lazy_module("torch.nn")


#: The init choice that follows the notes' rule for the chosen activation (Kaiming, Xavier, LeCun).
RECOMMENDED_INIT = "recommended"
DEVICES = ("auto", "cpu", "cuda", "mps")
MAX_LAYERS, MAX_UNITS = 8, 1024
#: Pre-activation histograms cover [-HISTOGRAM_RANGE, HISTOGRAM_RANGE]; values beyond land in the end bins.
HISTOGRAM_RANGE, HISTOGRAM_BINS = 6.0, 60
#: Decision-boundary grid (2-D inputs: GRID_SIZE × GRID_SIZE) and fitted curve (1-D inputs) resolution.
GRID_SIZE, CURVE_POINTS = 80, 200

LR = Param("lr", 0.01, 1e-6, 1000.0, "learning rate", "学习率", 0.001)
MOMENTUM = Param("momentum", 0.9, 0.0, 0.999, "momentum", "动量", 0.01)
WEIGHT_DECAY = Param("weight_decay", 0.0, 0.0, 1.0, "weight decay", "权重衰减", 0.0001)
BATCH_SIZE = Param("batch_size", 128, 1, 4096, "batch size", "批大小", 1, integer=True)
CLIP_NORM = Param("clip_norm", 0.0, 0.0, 100.0, "gradient clipping: max norm (0 = off)",
                  "梯度裁剪：最大范数（0 为关闭）", 0.1)
DROPOUT = Param("dropout", 0.0, 0.0, 0.9, "dropout", "Dropout 比例", 0.05)
STEPS = Param("steps", 3000, 1, 10_000_000, "steps", "训练步数", 100, integer=True)
RECORD_EVERY = Param("record_every", 20, 1, 10_000, "record every k steps", "每 k 步记录一次", 1, integer=True)
SEED = Param("seed", 0, 0, 2**31 - 1, "seed", "随机种子", 1, integer=True)
EPOCHS = Param("epochs", 0, 0, 10_000, "epochs (0: the steps decide)", "训练轮数（0：由步数决定）", 1, integer=True)
CLIP_VALUE = Param("clip_value", 0.0, 0.0, 100.0, "gradient clipping: max value (0 = off)",
                   "梯度裁剪：最大值（0 为关闭）", 0.1)
#: Image runs measure every record on a fixed probe of this many validation images (the whole set at
#: each epoch's end; actgui.core.cadence), the CNN's per-channel health and pre-activation histograms on
#: the first HEALTH_IMAGES of them.
VAL_PROBE, HEALTH_IMAGES = PROBE_IMAGES, 64
#: Image runs send the feature maps of this many validation images (the first of the image grid).
FEATURE_IMAGES = 8
#: Image runs send this many validation images for the image grid (with their labels once, in RunInfo).
GRID_IMAGES = 32
#: Validation of image runs goes in chunks of this many images (bounded memory; on CPUs larger chunks
#: leave the caches and run slower per image).
EVAL_CHUNK = 128
#: The settings a running network takes at once (`Trainer.adjust`); every other setting needs a new network.
LIVE_PARAMS = {param.key: param for param in (LR, MOMENTUM, WEIGHT_DECAY, CLIP_NORM, BATCH_SIZE)}
#: While watching for divergence, this many records in a row come every step after a warning sign.
WATCH_RECORDS = 40


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
    steps: int = int(STEPS.default)
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


def parse_hidden(text: str) -> tuple[int, ...]:
    """'64,64' → (64, 64), '' → () (no hidden layer: a linear model); raises ValueError for anything else."""
    parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    try:
        sizes = tuple(int(p) for p in parts)
    except ValueError:
        raise ValueError(f"hidden sizes must be whole numbers separated by commas (got '{text}')") from None
    return sizes


# -- records -------------------------------------------------------------------------------------
#: Field metadata saying which `RunHistory` columns a Record field fills: one number ("scalar"),
#: one per linear layer ("layer"), one per hidden layer ("hidden"). Fields without it are not stored.
SCALAR, PER_LAYER, PER_HIDDEN = ({"column": kind} for kind in ("scalar", "layer", "hidden"))


@dataclass
class Record:
    """Metrics after `step` optimiser steps. Per-layer arrays follow `RunInfo.layer_names` (every
    linear layer) or `RunInfo.hidden_names` (hidden layers only).

    train_loss: mean mini-batch loss since the previous record (step 0: the first mini-batch);
    val_loss / val_accuracy: on the whole validation set (accuracy NaN for regression);
    lr: the learning rate of the last step (it changes when the run is adjusted live);
    grad_norm: L2 norm of each weight's gradient at the last step; weight_norm: L2 norm of each weight;
    update_ratio: ‖ΔW‖ / ‖W‖ of the last step; dead_fraction: share of each hidden layer's units whose
    output is 0 on the whole validation set; saturated_fraction: share of its pre-activations where
    |f′| < SATURATION_THRESHOLD (no gradient flows back); histograms: pre-activation densities on
    `RunInfo.histogram_edges` (hidden × bins); grid: predictions on the decision-boundary grid
    (2-D inputs: GRID_SIZE × GRID_SIZE × classes probabilities; 1-D: CURVE_POINTS values); network:
    what the network view draws (actgui.core.network_detail). histograms, grid and network come
    every few records only (None otherwise).

    epoch: epochs trained (whole numbers at each epoch's end on image data sets). Image data sets:
    val_loss / val_accuracy on a fixed probe of VAL_PROBE validation images, on all of them at each epoch's
    end (and the first and last record), which also carry `predictions` (the predicted class of every
    validation image), the CNN's `filters` (conv1's kernels) and `feature_maps` (per convolution,
    the activations of the first FEATURE_IMAGES validation images, float16). The CNN's per-channel
    arrays, one per weighted layer (channel_grad_norm) or hidden layer (channel_dead: 1 for a
    channel whose output is 0 everywhere; channel_saturated: its share of saturated pre-activations),
    come with every record (None for the MLP).

    A new metric is a field here with its column metadata (the history, CSV and JSON exports pick
    it up) and its value in `Trainer._measure`.
    """

    step: int = field(metadata=SCALAR)
    epoch: float = field(metadata=SCALAR)
    elapsed: float = field(metadata=SCALAR)
    train_loss: float = field(metadata=SCALAR)
    val_loss: float = field(metadata=SCALAR)
    val_accuracy: float = field(metadata=SCALAR)
    lr: float = field(metadata=SCALAR)
    grad_norm: np.ndarray = field(metadata=PER_LAYER)
    weight_norm: np.ndarray = field(metadata=PER_LAYER)
    update_ratio: np.ndarray = field(metadata=PER_LAYER)
    dead_fraction: np.ndarray = field(metadata=PER_HIDDEN)
    saturated_fraction: np.ndarray = field(metadata=PER_HIDDEN)
    histograms: np.ndarray | None = None
    grid: np.ndarray | None = None
    network: NetworkDetail | None = None
    message: str | None = None
    channel_grad_norm: list[np.ndarray] | None = None
    channel_dead: list[np.ndarray] | None = None
    channel_saturated: list[np.ndarray] | None = None
    predictions: np.ndarray | None = None
    filters: np.ndarray | None = None
    feature_maps: list[np.ndarray] | None = None

    @property
    def epoch_end(self) -> bool:
        """Whether this record closes an epoch with a whole-validation-set measurement."""
        return self.predictions is not None and self.step > 0 and float(self.epoch).is_integer()


@dataclass(frozen=True)
class RunResult:
    """How a run ended: status "finished", "stopped" or "diverged", at which step, and why."""

    status: str
    step: int
    message: str


@dataclass
class RunInfo:
    """What a consumer needs to draw a run's records."""

    config: dict
    task: str
    classes: int
    input_dim: int
    layer_names: list[str]
    hidden_names: list[str]
    init: str
    init_params: dict
    loss_name: str
    device: str
    parameters: int
    train_size: int
    val_size: int
    histogram_edges: np.ndarray
    grid_extent: tuple[float, ...]  # (xmin, xmax, ymin, ymax) for 2-D inputs, (xmin, xmax) for 1-D, () else
    points_x: np.ndarray  # validation inputs to draw (2-D or 1-D data sets; empty otherwise)
    points_y: np.ndarray
    messages: list[str] = field(default_factory=list)
    # image data sets: one image's shape, the class names, the labels of every validation image and
    # the first GRID_IMAGES validation images (for the image grid); steps per epoch (0: not an image run)
    image_shape: tuple[int, ...] = ()
    class_names_en: tuple[str, ...] = ()
    class_names_zh: tuple[str, ...] = ()
    val_labels: np.ndarray | None = None
    grid_images: np.ndarray | None = None
    steps_per_epoch: int = 0
    dataset_name: str = ""
    input_names: list[str] = field(default_factory=list)  # the network's inputs (features for 2-D data)
    output_kind: str = "sigmoid"  # the output units: sigmoid, softmax or identity

    @property
    def activation(self) -> str:
        return str(self.config["activation"])


def _out_of_memory(error: BaseException) -> bool:
    return isinstance(error, torch.OutOfMemoryError) or "out of memory" in str(error).lower()


def load_training_data(config: TrainingConfig) -> Dataset | ImageDataset:
    """The data a run of `config` (checked) trains on: an image set's subsets for image runs, else the
    generated set. Raises FileNotFoundError (a set not installed) or IdxError (bad IDX files)."""
    if config.images:
        info = image_dataset_info(config.dataset, config.data_dir)
        return make_image_dataset(info, config.train_samples, None, config.seed, config.validation)
    return make_dataset(config.dataset, config.samples, config.noise, config.seed, config.validation, config.classes,
                        config.points, config.points_kind)


def model_input_shape(config: TrainingConfig, data: Dataset | ImageDataset) -> tuple[int, ...]:
    """One sample's shape as the model takes it: images for a model that takes images, rows else."""
    if isinstance(data, ImageDataset) and not MODELS.get(config.model).images:
        return (data.input_dim,)
    return tuple(data.x_train.shape[1:])


class Trainer:
    """One network, its data and optimiser on a device; `records()` trains it."""

    def __init__(self, config: TrainingConfig, dataset: Dataset | ImageDataset | None = None) -> None:
        self.config = config = config.checked()
        self.dataset = dataset or load_training_data(config)
        data = self.dataset
        self.images = isinstance(data, ImageDataset)
        #: The input features computed before the network (2-D data only; others go in as they are).
        self.features = config.features if not self.images and data.input_dim == 2 else None
        self._input_shape = model_input_shape(config, data)
        self.activation = ACTIVATIONS.get(config.activation)
        self.activation_params = self.activation.resolve(config.activation_params)
        self.head = head_for(data.task, data.classes, config.binary_output)
        scheme, scheme_params = config.init_scheme()
        torch.manual_seed(config.seed)  # dropout and sparse init draw from the global generator
        model_shape = (len(self.features),) if self.features else self._input_shape
        self.model = MODELS.get(config.model).build(config, ModelData(model_shape, data.classes, self.head.units))
        self.model.initialise(scheme, scheme_params, torch.Generator().manual_seed(config.seed))
        self.optimizer = TRAINING_OPTIMIZERS.get(config.optimizer).build(self.model.parameters(), config)
        self.weights = [linear.weight for linear in self.model.linears]
        self._mode_matters = config.dropout > 0 or config.batch_norm  # eval() changes nothing otherwise
        self._mode_matters |= isinstance(self.model, CNN)  # its dropout layers are always there
        self.step = 0
        self.next_chunk = config.record_every  # steps to the next record (`records()` keeps it current)
        self.samples_seen = 0
        self.batch_size = min(config.batch_size, len(data.x_train))
        self.steps_per_epoch = len(data.x_train) // self.batch_size
        if config.epochs > 0:
            self.config = config = replace(config, steps=config.epochs * self.steps_per_epoch)
        self._shuffler = torch.Generator().manual_seed(config.seed + 1)
        self._pending_message: str | None = None
        device, message = resolve_device(config.device)
        self.messages = [message] if message else []
        self.bf16 = config.bf16 and device == "cuda"
        if config.bf16 and not self.bf16:
            self.messages.append("bf16 autocast runs on cuda only; training in float32")
        try:
            self._place(device)
        except Exception as error:
            if device == "cpu" or not _out_of_memory(error):
                raise
            self._fall_back(error)
        self.info = self._describe(scheme, scheme_params)

    # -- placement -------------------------------------------------------------------------------
    def _place(self, device: str) -> None:
        self.device = device
        data, head = self.dataset, self.head
        self.model.to(device)
        if isinstance(self.model, CNN) and device == "cpu":  # CPU convolutions and pooling run faster on NHWC
            self.model.to(memory_format=torch.channels_last)
        for state in self.optimizer.state.values():
            for key, value in state.items():
                if isinstance(value, torch.Tensor):
                    state[key] = value.to(device)
        self._x_train = self._inputs(torch.as_tensor(data.x_train, device=device).reshape(-1, *self._input_shape))
        self._y_train = head.targets(data.y_train, device)
        self._x_val = self._inputs(torch.as_tensor(data.x_val, device=device).reshape(-1, *self._input_shape))
        self._y_val = head.targets(data.y_val, device)
        if self.images:
            probe = torch.as_tensor(probe_indices(data.y_val, VAL_PROBE), device=device)
            self._x_probe, self._y_probe = self._x_val[probe], self._y_val[probe]
        self._grid_inputs = self._inputs(self._make_grid_inputs().to(device))
        self._shuffle()

    def _fall_back(self, error: BaseException) -> None:
        """Moves everything to the CPU after the device ran out of memory."""
        failed = self.device
        if failed == "cuda":
            torch.cuda.empty_cache()
        self._place("cpu")
        self.bf16 = False
        message = f"{failed} ran out of memory; continuing on the CPU"
        self.messages.append(message)
        self._pending_message = message

    def _inputs(self, x: Tensor) -> Tensor:
        """The network's inputs for data inputs `x`: the chosen features of 2-D data."""
        return apply_features(x, self.features) if self.features and len(x) else x

    def _shuffle(self) -> None:
        order = torch.randperm(len(self._x_train), generator=self._shuffler).to(self._x_train.device)
        self._x_epoch, self._y_epoch = self._x_train[order], self._y_train[order]
        self._cursor = 0

    def _autocast(self) -> AbstractContextManager:
        """bfloat16 autocast on cuda when asked for; nothing otherwise."""
        return torch.autocast("cuda", dtype=torch.bfloat16) if self.bf16 else nullcontext()

    def _make_grid_inputs(self) -> Tensor:
        data = self.dataset
        if data.input_dim not in (1, 2):
            return torch.zeros(0, data.input_dim)
        low, high = data.bounds()
        if data.input_dim == 1:
            return torch.linspace(float(low[0]), float(high[0]), CURVE_POINTS).reshape(-1, 1)
        xs = torch.linspace(float(low[0]), float(high[0]), GRID_SIZE)
        ys = torch.linspace(float(low[1]), float(high[1]), GRID_SIZE)
        gy, gx = torch.meshgrid(ys, xs, indexing="ij")
        return torch.stack([gx.reshape(-1), gy.reshape(-1)], dim=1)

    def _describe(self, scheme: str, scheme_params: dict) -> RunInfo:
        data = self.dataset
        extent: tuple[float, ...] = ()
        points_x, points_y = np.zeros((0, data.input_dim), np.float32), np.zeros(0)
        if data.input_dim in (1, 2):
            low, high = data.bounds()
            extent = tuple(float(v) for pair in zip(low, high, strict=True) for v in pair)
            points_x, points_y = data.x_val, data.y_val.reshape(len(data.y_val))
        return RunInfo(
            config=self.config.to_dict(), task=data.task, classes=data.classes, input_dim=data.input_dim,
            layer_names=list(self.model.layer_names), hidden_names=list(self.model.layer_names[:-1]), init=scheme,
            init_params=scheme_params, loss_name=self.head.loss_name, device=self.device,
            parameters=sum(p.numel() for p in self.model.parameters()), train_size=len(data.x_train),
            val_size=len(data.x_val), histogram_edges=np.linspace(-HISTOGRAM_RANGE, HISTOGRAM_RANGE,
                                                                  HISTOGRAM_BINS + 1),
            grid_extent=extent, points_x=points_x, points_y=points_y, messages=list(self.messages),
            input_names=self._input_names(), output_kind=self.head.kind,
            **self._describe_images(),
        )

    def _describe_images(self) -> dict:
        """RunInfo's image fields (none for other data sets)."""
        data = self.dataset
        if not isinstance(data, ImageDataset):
            return {}
        info = data.info
        return {"image_shape": tuple(info.shape), "class_names_en": tuple(info.class_names_en),
                "class_names_zh": tuple(info.class_names_zh), "val_labels": data.y_val.copy(),
                "grid_images": data.x_val[:GRID_IMAGES].copy(), "steps_per_epoch": self.steps_per_epoch,
                "dataset_name": info.name_en}

    def _input_names(self) -> list[str]:
        if self.features:
            return [FEATURES[key].label for key in self.features]
        count = self.dataset.input_dim
        return ["x"] if count == 1 else [f"x{i + 1}" for i in range(count)]

    # -- training --------------------------------------------------------------------------------
    def _steps(self, count: int, stop: Callable[[], bool] | None) -> list[Tensor]:
        """Runs up to `count` optimiser steps (fewer when `stop` says so); the detached losses."""
        model, optimizer, head = self.model, self.optimizer, self.head
        size, total, clip = self.batch_size, len(self._x_train), self.config.clip_norm
        clip_value = self.config.clip_value
        parameters = list(model.parameters()) if clip > 0 or clip_value > 0 else []
        losses: list[Tensor] = []
        model.train()
        for index in range(count):
            if stop is not None and stop():
                break
            if self._cursor + size > total:
                self._shuffle()
            start = self._cursor
            self._cursor += size
            with self._autocast():
                loss = head.loss(model(self._x_epoch[start:start + size]), self._y_epoch[start:start + size])
            self.samples_seen += size
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            if clip > 0:
                nn.utils.clip_grad_norm_(parameters, clip)
            if clip_value > 0:
                nn.utils.clip_grad_value_(parameters, clip_value)
            if index == count - 1:
                self._before = [w.detach().clone() for w in self.weights]
            optimizer.step()
            losses.append(loss.detach())
            self.step += 1
        return losses

    def _initial_gradient(self) -> Tensor:
        """The loss and gradients of the first mini-batch, without a step (for the step-0 record)."""
        self.model.train()
        self.optimizer.zero_grad(set_to_none=True)
        with self._autocast():
            loss = self.head.loss(self.model(self._x_epoch[:self.batch_size]), self._y_epoch[:self.batch_size])
        loss.backward()
        self._before = [w.detach().clone() for w in self.weights]
        return loss.detach()

    @no_grad
    def _measure(self, train_loss: float, details: bool, started: float, images: bool = False) -> Record:
        """A record of the current step; `details` adds histograms (and the grid), `images` the image
        payloads with a whole-validation-set measurement (image data sets)."""
        if isinstance(self.model, CNN):
            record = self._measure_cnn(train_loss, details, started, probe=not (images and self.images))
        else:
            record = self._measure_mlp(train_loss, details, started)
        if images and self.images:
            self._add_image_details(record)
        return record

    def _measure_mlp(self, train_loss: float, details: bool, started: float) -> Record:
        # Few, fused tensor operations and one transfer: a record costs a fraction of a training step.
        model, head = self.model, self.head
        switch = self._mode_matters
        if switch:
            model.eval()
        capture: list[tuple[Tensor, Tensor]] = []
        output = model(self._x_val, capture)
        weights = [w.detach() for w in self.weights]
        grads = [w.grad if w.grad is not None else torch.zeros_like(w) for w in self.weights]
        # ‖grad‖, ‖W‖, ‖ΔW‖ and ‖W before the step‖ of every layer in one call
        norms = torch._foreach_norm([*grads, *weights, *torch._foreach_sub(weights, self._before), *self._before])
        empty = self._x_val.new_zeros(len(self._x_val), 0)
        pre = torch.cat([empty, *(z for z, _ in capture)], dim=1)
        post = torch.cat([empty, *(a for _, a in capture)], dim=1)
        scalars = torch.stack([head.loss(output, self._y_val), head.accuracy(output, self._y_val), *norms]).float()
        per_unit = torch.cat([scalars, (post == 0).all(dim=0).float(), self._saturated(pre).float()])
        values = per_unit.cpu().numpy().astype(np.float64)
        layers, units = len(weights), pre.shape[1]
        grad, weight, change, before = values[2:2 + 4 * layers].reshape(4, layers)
        widths = np.array([z.shape[1] for z, _ in capture], dtype=np.int64)
        dead = saturated = np.zeros(0)
        if len(widths):
            starts = np.concatenate([[0], np.cumsum(widths)[:-1]])
            dead_units, saturated_units = values[2 + 4 * layers:].reshape(2, units)
            dead = np.add.reduceat(dead_units, starts) / widths
            saturated = np.add.reduceat(saturated_units, starts) / (widths * len(pre))
        histograms = grid = network = None
        if details:
            histograms = (torch.stack([self._histogram(z) for z, _ in capture]).cpu().numpy() if capture else
                          np.zeros((0, HISTOGRAM_BINS)))
            grid_columns = None
            if len(self._grid_inputs):
                grid_capture: list[tuple[Tensor, Tensor]] = []
                grid_output = model(self._grid_inputs, grid_capture)
                grid = head.predict(grid_output).float().cpu().numpy()
                if self.dataset.input_dim == 2:
                    grid = grid.reshape(GRID_SIZE, GRID_SIZE, -1)
                    grid_columns = [self._grid_inputs, *(a for _, a in grid_capture),
                                    output_activation(head.kind, grid_output)]
            network = measure_network(self._x_val, [a for _, a in capture], output_activation(head.kind, output),
                                      model.linears, grid_columns, GRID_SIZE)
        if switch:
            model.train()
        message, self._pending_message = self._pending_message, None
        return Record(
            step=self.step, epoch=self._epoch(),
            elapsed=time.perf_counter() - started, train_loss=train_loss, val_loss=float(values[0]),
            val_accuracy=float(values[1]), lr=float(self.optimizer.param_groups[0]["lr"]),
            grad_norm=grad.astype(np.float32), weight_norm=weight.astype(np.float32),
            update_ratio=(change / np.maximum(before, 1e-12)).astype(np.float32),
            dead_fraction=dead.astype(np.float32), saturated_fraction=saturated.astype(np.float32),
            histograms=histograms, grid=grid, network=network, message=message,
        )

    def _epoch(self) -> float:
        if self.images:
            return self.step / max(self.steps_per_epoch, 1)
        return self.samples_seen / len(self._x_train)

    def _measure_cnn(self, train_loss: float, details: bool, started: float, probe: bool = True) -> Record:
        """A record of the CNN: validation loss and accuracy on the fixed probe of VAL_PROBE validation images,
        the per-channel health on the first HEALTH_IMAGES, the per-channel gradient norms of the last
        step; one transfer."""
        model, head = self.model, self.head
        model.eval()
        capture: list[tuple[Tensor, Tensor]] = []
        x_probe, y_probe = (self._x_probe, self._y_probe) if self.images else (self._x_val, self._y_val)
        if not probe:  # the whole validation set is measured next: the health images are enough here
            x_probe, y_probe = x_probe[:HEALTH_IMAGES], y_probe[:HEALTH_IMAGES]
        output = model(x_probe, capture)
        capture = [(z[:HEALTH_IMAGES], a[:HEALTH_IMAGES]) for z, a in capture]
        weights = [w.detach() for w in self.weights]
        channel_grads = channel_gradient_norms(model)
        norms = torch._foreach_norm([*torch._foreach_sub(weights, self._before), *self._before, *weights])
        grad_norms = [torch.linalg.vector_norm(n) for n in channel_grads]
        dead = dead_channels(capture)
        saturated = saturated_share(capture, self.activation, self.activation_params)
        scalars = torch.stack([head.loss(output.float(), y_probe), head.accuracy(output, y_probe), *grad_norms,
                               *norms]).float()
        values = torch.cat([scalars, *channel_grads, *dead, *saturated]).float().cpu().numpy().astype(np.float64)
        layers, hidden = len(weights), len(capture)
        grad = values[2:2 + layers]
        change, before, weight = values[2 + layers:2 + 4 * layers].reshape(3, layers)
        sizes = [len(g) for g in channel_grads] + [len(d) for d in dead] + [len(d) for d in saturated]
        parts = np.split(values[2 + 4 * layers:], np.cumsum(sizes)[:-1])
        channel_grad = [p.astype(np.float32) for p in parts[:layers]]
        channel_dead = [p.astype(np.float32) for p in parts[layers:layers + hidden]]
        channel_saturated = [p.astype(np.float32) for p in parts[layers + hidden:]]
        histograms = torch.stack([self._histogram(z) for z, _ in capture]).cpu().numpy() if details else None
        model.train()
        message, self._pending_message = self._pending_message, None
        return Record(
            step=self.step, epoch=self._epoch(), elapsed=time.perf_counter() - started, train_loss=train_loss,
            val_loss=float(values[0]), val_accuracy=float(values[1]), lr=float(self.optimizer.param_groups[0]["lr"]),
            grad_norm=grad.astype(np.float32), weight_norm=weight.astype(np.float32),
            update_ratio=(change / np.maximum(before, 1e-12)).astype(np.float32),
            dead_fraction=np.array([d.mean() for d in channel_dead], np.float32),
            saturated_fraction=np.array([s.mean() for s in channel_saturated], np.float32),
            histograms=histograms, message=message, channel_grad_norm=channel_grad, channel_dead=channel_dead,
            channel_saturated=channel_saturated,
        )

    def _add_image_details(self, record: Record) -> None:
        """The image payloads: the whole validation set's loss, accuracy and predictions (in chunks of
        EVAL_CHUNK), and for the CNN conv1's filters and the feature maps of the first images."""
        model = self.model
        model.eval()
        loss = torch.zeros((), device=self.device)
        predicted = []
        for start in range(0, len(self._x_val), EVAL_CHUNK):
            output = model(self._x_val[start:start + EVAL_CHUNK]).float()
            target = self._y_val[start:start + EVAL_CHUNK]
            loss += torch.nn.functional.cross_entropy(output, target, reduction="sum")
            predicted.append(output.argmax(dim=1))
        classes = torch.cat(predicted)
        correct = (classes == self._y_val).sum()
        totals = torch.stack([loss, correct.float()]).cpu().numpy()
        record.val_loss = float(totals[0] / len(self._y_val))
        record.val_accuracy = float(totals[1] / len(self._y_val))
        record.predictions = classes.to(torch.int16).cpu().numpy()
        if isinstance(model, CNN):
            record.filters = first_filters(model)
            capture: list[tuple[Tensor, Tensor]] = []
            model(self._x_val[:FEATURE_IMAGES], capture)
            record.feature_maps = [a.half().cpu().numpy() for _, a in capture[:2]]
        model.train()

    def _saturated(self, z: Tensor) -> Tensor:
        """Per unit (column of z): how many pre-activations have |f′(z)| < SATURATION_THRESHOLD."""
        derivative = self.activation.derivative
        if derivative is None:
            with torch.enable_grad():
                x = z.detach().requires_grad_(True)
                (slope,) = torch.autograd.grad(self.activation.fn(x, self.activation_params).sum(), x)
        else:
            slope = derivative(z, self.activation_params)
        return (slope.abs() < SATURATION_THRESHOLD).sum(dim=0)

    def _histogram(self, z: Tensor) -> Tensor:
        clipped = z.detach().float().clamp(-HISTOGRAM_RANGE, HISTOGRAM_RANGE)
        counts = torch.histc(clipped, bins=HISTOGRAM_BINS, min=-HISTOGRAM_RANGE, max=HISTOGRAM_RANGE)
        width = 2 * HISTOGRAM_RANGE / HISTOGRAM_BINS
        return counts / (clipped.numel() * width)

    def adjust(self, changes: Mapping[str, float]) -> dict[str, float]:
        """Applies live settings (LIVE_PARAMS: lr, momentum, weight_decay, clip_norm, batch_size) to
        the running network at once: the optimiser's parameter groups, the clipping and the
        mini-batch size of the next steps. Returns the checked values applied; raises ValueError
        naming a setting that is unknown, out of range or not possible with this optimiser."""
        unknown = sorted(set(changes) - set(LIVE_PARAMS))
        if unknown:
            raise ValueError(f"only {', '.join(LIVE_PARAMS)} change during a run (got {', '.join(unknown)})")
        applied = {key: LIVE_PARAMS[key].check(value) for key, value in changes.items()}
        if self.config.nesterov and applied.get("momentum", 1.0) <= 0:
            raise ValueError("Nesterov momentum needs momentum > 0")
        for group in self.optimizer.param_groups:
            for key in ("lr", "momentum", "weight_decay"):
                if key in applied and key in group:
                    group[key] = applied[key]
        if "batch_size" in applied:
            if self.images:
                raise ValueError("an image run counts its epochs in steps of its batch size: restart to change it")
            applied["batch_size"] = int(applied["batch_size"])
            self.batch_size = min(applied["batch_size"], len(self._x_train))
        self.config = replace(self.config, **applied)
        return applied

    def records(self, steps: int | None = None, detail_every: int = 10, detail_seconds: float | None = None,
                stop: Callable[[], bool] | None = None, watch: bool = False,
                first_images: bool = True) -> Generator[Record, int | None, RunResult]:
        """Trains until `steps` (default: the config's) optimiser steps are done, yielding a Record
        first at the current step and then every `record_every` steps (image runs: on the time-based
        cadence of actgui.core.cadence); `send(n)` runs n steps before the next record instead.
        Histograms and grid predictions come with the first and last record and every `detail_every`
        records, or every `detail_seconds` seconds when that is given. An image run's first record
        measures the whole validation set with `first_images` (else the probe: a comparison's curves
        start sooner, its image views at the first epoch's end).

        With `watch`, the first `record_every` steps are recorded one by one, and so are the next
        WATCH_RECORDS steps whenever the training loss has quadrupled or a gradient norm grown tenfold
        since the previous record, above its first value: a run that diverges leaves its rise to the
        non-finite step on record."""
        total = self.config.steps if steps is None else int(steps)
        started = time.perf_counter()
        last_detail = started
        cadence = RecordCadence() if self.images else None
        initial = record = self._measure(float(self._initial_gradient()), True, started, images=first_images)
        divergence = DivergenceWatch(record.train_loss)
        count = 1
        careful = self.config.record_every if watch else 0

        def every() -> int:  # steps to the next record: time-based for image runs
            return 1 if careful > 0 else cadence.steps() if cadence is not None else self.config.record_every

        self.next_chunk = every()
        chunk = yield record
        while self.step < total:
            careful -= 1
            n = min(int(chunk or every()), total - self.step)
            if self.images:  # a record at each epoch's end
                n = min(n, self.steps_per_epoch - self.step % self.steps_per_epoch)
            first, trained = self.step, time.perf_counter()
            try:
                losses = self._steps(n, stop)
            except Exception as error:
                if self.device == "cpu" or not _out_of_memory(error):
                    raise
                self._fall_back(error)
                continue
            if losses:
                values = torch.stack(losses).float().cpu().numpy()
                diverged = divergence.losses(values, first)
                if diverged:
                    return RunResult("diverged", diverged.step, diverged.message)
            if len(losses) < n:
                return RunResult("stopped", self.step, f"stopped at step {self.step}")
            now = time.perf_counter()
            if cadence is not None:
                cadence.trained(self.step - first, now - trained)
            if detail_seconds is None:
                details = count % max(1, detail_every) == 0
            else:
                details = now - last_detail >= detail_seconds
            details = details or self.step >= total
            if details:
                last_detail = now
            images = self.images and (self.step % self.steps_per_epoch == 0 or self.step >= total)
            previous, record = record, self._measure(float(values.mean()), details, started, images)
            if cadence is not None and not images:
                cadence.measured(time.perf_counter() - now)
            diverged = divergence.weights(record.weight_norm, record.step)
            if diverged:
                return RunResult("diverged", diverged.step, diverged.message)
            if watch and _rising(initial, previous, record):
                careful = WATCH_RECORDS
            count += 1
            self.next_chunk = every()
            chunk = yield record
        return RunResult("finished", self.step, f"finished {self.step} steps")


def _rising(first: Record, previous: Record, record: Record) -> bool:
    """Signs of a coming divergence: the training loss at least quadrupled since the previous record
    and is above its first value, or the largest gradient norm grew tenfold and is above its first
    value (a healthy run's noise near a small loss stays below where it started)."""
    def grad(r: Record) -> float:
        return float(np.max(r.grad_norm, initial=0.0))

    return bool(record.train_loss > max(4 * previous.train_loss, first.train_loss)
                or grad(record) > max(10 * grad(previous), grad(first)))


def run_to_end(records: Generator[Record, int | None, RunResult],
               on_record: Callable[[Record], None] | None = None) -> RunResult:
    """Drives a records generator to its end, passing every record to `on_record`; the result."""
    while True:
        try:
            record = next(records)
        except StopIteration as end:
            return end.value
        if on_record is not None:
            on_record(record)


def ema(values: np.ndarray, smoothing: float) -> np.ndarray:
    """The debiased exponential moving average s_t = a·s_(t−1) + (1 − a)·x_t, s_(−1) = 0, divided by
    1 − a^(t+1) (as TensorBoard smooths), with a = `smoothing` in [0, 1); vectorised in blocks.
    Below a = 1e-3 the values come back unchanged (they differ from the average by under 0.1 %)."""
    x = np.asarray(values, dtype=np.float64)
    a = float(smoothing)
    if not 0.0 <= a < 1.0:
        raise ValueError(f"smoothing must be in [0, 1) (got {a:g})")
    if a < 1e-3 or x.size == 0:
        return x.copy()
    block = 32
    powers = a ** np.arange(block + 1)
    out = np.empty_like(x)
    carry = 0.0
    for start in range(0, x.size, block):
        chunk = x[start:start + block]
        n = chunk.size
        # s_(start+j) = a^(j+1)·carry + (1 − a)·Σ_(i≤j) a^(j−i)·x_(start+i)
        weighted = np.cumsum(chunk / powers[:n]) * powers[:n]
        out[start:start + n] = powers[1:n + 1] * carry + (1 - a) * weighted
        carry = out[start + n - 1]
    return out / (1 - a ** np.arange(1, x.size + 1))


# -- history -------------------------------------------------------------------------------------
def _fields_with(kind: dict) -> tuple[str, ...]:
    return tuple(f.name for f in fields(Record) if f.metadata.get("column") == kind["column"])


SCALAR_COLUMNS = _fields_with(SCALAR)
LAYER_METRICS = _fields_with(PER_LAYER)
HIDDEN_METRICS = _fields_with(PER_HIDDEN)
_ARRAY_FIELDS = (*LAYER_METRICS, *HIDDEN_METRICS)
#: The columns `actgui train` writes.
CLI_METRICS = ("grad_norm", "dead_fraction")


#: How many grid predictions and histograms a RunHistory keeps over a run (for replays).
SNAPSHOTS = 64


class Snapshots:
    """(step, array) pairs spanning a whole run in bounded memory: once `capacity` are kept, every
    second one is dropped and from then on every second one is kept (doubling again when full), as
    RunHistory does with its rows; the latest always stays."""

    def __init__(self, capacity: int = SNAPSHOTS, dtype: type = np.float32) -> None:
        if capacity < 2:
            raise ValueError("capacity must be at least 2")
        self.capacity, self.dtype = capacity, dtype
        self._kept: list[tuple[int, np.ndarray]] = []
        self._latest: tuple[int, np.ndarray] | None = None  # when it is not among the kept
        self._stride, self._skip = 1, 0

    def add(self, step: int, array: np.ndarray) -> None:
        item = (int(step), np.asarray(array, dtype=self.dtype))
        if self._skip > 0:
            self._skip -= 1
            self._latest = item
            return
        if len(self._kept) == self.capacity:
            self._kept = self._kept[::2]
            self._stride *= 2
        self._kept.append(item)
        self._latest = None
        self._skip = self._stride - 1

    @property
    def items(self) -> list[tuple[int, np.ndarray]]:
        return self._kept + ([self._latest] if self._latest is not None else [])

    def __len__(self) -> int:
        return len(self._kept) + int(self._latest is not None)

    def at(self, step: int) -> np.ndarray | None:
        """The latest array recorded at or before `step` (float32), None before the first."""
        return self.spread([step])[0]

    def spread(self, steps: Sequence[int]) -> list[np.ndarray | None]:
        """`at(step)` for each of `steps`; each kept array is converted once and shared by the steps it
        stands for (a replay of thousands of records holds at most `capacity` + 1 arrays)."""
        items = self.items
        kept_steps = [item_step for item_step, _ in items]
        converted: dict[int, np.ndarray] = {}
        spread: list[np.ndarray | None] = []
        for step in steps:
            index = bisect.bisect_right(kept_steps, step) - 1
            if index >= 0 and index not in converted:
                converted[index] = items[index][1].astype(np.float32)
            spread.append(converted.get(index) if index >= 0 else None)
        return spread


class RunHistory:
    """A run's records as rows of numbers, in bounded memory.

    With a `capacity`, a full history keeps every second row and from then on stores every second
    record only (doubling again when full again), so it always spans the whole run with at most
    `capacity` rows; the latest record is always kept as a last extra row. Without one it grows.
    The latest histograms, grid predictions and network detail are kept, and `grids` and
    `histogram_snapshots` keep up to SNAPSHOTS of them over the whole run (grids in float16) for
    replays; older network details are dropped. Only the latest image payloads and per-channel
    arrays (image data sets) are kept; `epochs` keeps (epoch, validation loss, validation accuracy)
    of every epoch's end, on the whole validation set.
    """

    def __init__(self, info: RunInfo, capacity: int | None = 4096, label: str = "", color: str = "") -> None:
        if capacity is not None and capacity < 4:
            raise ValueError("capacity must be at least 4")
        self.info, self.capacity, self.label, self.color = info, capacity, label, color
        self.columns = [*SCALAR_COLUMNS]
        for metric in LAYER_METRICS:
            self.columns += [f"{metric}/{name}" for name in info.layer_names]
        for metric in HIDDEN_METRICS:
            self.columns += [f"{metric}/{name}" for name in info.hidden_names]
        self._index = {name: i for i, name in enumerate(self.columns)}
        self._rows = np.empty(((capacity or 256) + 1, len(self.columns)))
        self._count = 0
        self._stride = 1
        self._skip = 0
        self._tail = False  # whether row `_count` holds the latest record (not a stored row)
        self.records_seen = 0
        self.latest: Record | None = None
        self.histograms: np.ndarray | None = None
        self.grid: np.ndarray | None = None
        self.grids = Snapshots(dtype=np.float16)
        self.histogram_snapshots = Snapshots()
        self.network: NetworkDetail | None = None
        self.images: Record | None = None  # the latest record with image payloads
        self.channels: Record | None = None  # the latest record with per-channel arrays
        self.epochs: list[tuple[float, float, float]] = []
        self.result: RunResult | None = None
        self.messages: list[str] = list(info.messages)
        self.marks: list[tuple[int, str]] = []  # (step, what changed there), e.g. a live learning-rate change

    @staticmethod
    def row(record: Record) -> np.ndarray:
        return np.concatenate([[getattr(record, name) for name in SCALAR_COLUMNS],
                               *(getattr(record, name) for name in _ARRAY_FIELDS)])

    def add(self, record: Record) -> None:
        self.records_seen += 1
        self.latest = record
        if record.histograms is not None:
            self.histograms = record.histograms
            self.histogram_snapshots.add(record.step, record.histograms)
        if record.grid is not None:
            self.grid = record.grid
            self.grids.add(record.step, record.grid)
        if record.network is not None:
            self.network = record.network
        if record.predictions is not None:
            self.images = record
        if record.channel_grad_norm is not None:
            self.channels = record
        if record.epoch_end:
            self.epochs.append((float(record.epoch), float(record.val_loss), float(record.val_accuracy)))
        if record.message:
            self.messages.append(record.message)
        row = self.row(record)
        if self._skip > 0:
            self._skip -= 1
            self._rows[self._count] = row
            self._tail = True
            return
        if self.capacity is not None and self._count == self.capacity:
            kept = self._rows[0:self._count:2].copy()
            self._count = len(kept)
            self._rows[:self._count] = kept
            self._stride *= 2
        elif self.capacity is None and self._count + 1 == len(self._rows):
            self._rows = np.concatenate([self._rows, np.empty_like(self._rows)])
        self._rows[self._count] = row
        self._count += 1
        self._tail = False
        self._skip = self._stride - 1

    def __len__(self) -> int:
        return self._count + int(self._tail)

    @property
    def data(self) -> np.ndarray:
        """The stored rows and the latest record (a view, no copy)."""
        return self._rows[:len(self)]

    def column(self, name: str) -> np.ndarray:
        """One column of `data`; raises KeyError naming the columns for an unknown name."""
        if name not in self._index:
            raise KeyError(f"no column '{name}' (columns: {', '.join(self.columns)})")
        return self.data[:, self._index[name]]

    def metric(self, metric: str) -> np.ndarray:
        """A per-layer metric as (rows, layers)."""
        names = self.info.layer_names if metric in LAYER_METRICS else self.info.hidden_names
        return self.data[:, [self._index[f"{metric}/{name}"] for name in names]]

    def table(self, columns: Sequence[str] | None = None, leading: Mapping[str, object] | None = None) -> Table:
        """The rows as a Table: every column, or the named ones; `leading` adds constant columns first."""
        chosen = list(columns) if columns is not None else self.columns
        data = {name: [value] * len(self) for name, value in (leading or {}).items()}
        for name in chosen:
            values = self.column(name)
            data[name] = values.astype(np.int64) if name == "step" else values
        return Table(data)

    def cli_columns(self) -> list[str]:
        """step, train_loss, val_loss, val_accuracy, then grad_norm/<layer>, dead_fraction/<layer>."""
        names = ["step", "train_loss", "val_loss", "val_accuracy"]
        for metric in CLI_METRICS:
            layers = self.info.layer_names if metric in LAYER_METRICS else self.info.hidden_names
            names += [f"{metric}/{layer}" for layer in layers]
        return names

    def to_json(self) -> dict:
        """Config, run description, result and every metric row (NaN written as null)."""
        rows = [[None if isinstance(v, float) and not math.isfinite(v) else v for v in row]
                for row in self.table().rows()]
        info = self.info
        return {
            "label": self.label, "config": info.config, "task": info.task, "classes": info.classes,
            "init": info.init, "init_params": info.init_params, "loss": info.loss_name, "device": info.device,
            "parameters": info.parameters, "layers": info.layer_names, "messages": self.messages,
            "result": None if self.result is None else asdict(self.result),
            "marks": [list(mark) for mark in self.marks],
            "columns": self.columns, "rows": rows,
        }
