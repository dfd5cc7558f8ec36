"""The Training panel's settings: the run's TrainingConfig fields (with its defaults), what a
comparison trains (and with how many seeds), the training speed, and how the loss is drawn.

The config fields carry TrainingConfig's names, so `config()` and `set_config()` map them by name;
activation and init parameters are kept per activation (init scheme), so switching back and forth
keeps what was set, and only the chosen one's go into the config.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

from actgui.core.activations import ACTIVATIONS
from actgui.core.cnn import CHANNELS1, CHANNELS2, DENSE
from actgui.core.datasets import (
    CLASSES,
    CUSTOM_KEY,
    DATASETS,
    MAX_POINT_CLASSES,
    POINT_KINDS,
    SAMPLES,
    VALIDATION,
    make_dataset,
)
from actgui.core.features import feature_keys
from actgui.core.image_datasets import IDX_FOLDER, TRAIN_SAMPLES, training_dataset_keys
from actgui.core.inits import INITS
from actgui.core.model import BINARY_OUTPUTS
from actgui.core.models import MODELS
from actgui.core.registry import Param, UnknownKeyError
from actgui.core.training.config import (
    BATCH_SIZE,
    CLIP_NORM,
    CLIP_VALUE,
    DEVICES,
    DROPOUT,
    EPOCHS,
    LR,
    MAX_UNITS,
    MOMENTUM,
    RECOMMENDED_INIT,
    RECORD_EVERY,
    SEED,
    STEPS,
    TRAINING_OPTIMIZERS,
    WEIGHT_DECAY,
    TrainingConfig,
)
from actgui.core.training.experiment import (
    COMPARE_DEFAULTS,
    COMPARE_KINDS,
    SEEDS,
    check_compared_runs,
    split_values,
)
from actgui.core.training.records import FEATURE_IMAGES
from actgui.state.base import PanelState, choice, items, number, param_field

SMOOTHING = Param("smoothing", 0.6, 0.0, 0.99, "EMA smoothing", "EMA 平滑系数", 0.01)
#: Training speeds offered: steps per second ("step": one step at a time, paused; "full": as fast as possible).
SPEEDS = {"step": 0.0, "1": 1.0, "5": 5.0, "20": 20.0, "100": 100.0, "full": 0.0}
#: The core's defaults with the data set's own samples and noise filled in.
DEFAULTS = TrainingConfig().checked()
_CONFIG_FIELDS = tuple(f.name for f in fields(TrainingConfig))
#: Field metadata naming the TrainingConfig setting a panel-only setting stands for.
STANDS_FOR = "stands_for"
#: The x axis of the loss and accuracy figures.
X_AXES = ("step", "epoch")
#: The layers whose feature maps the image views show.
FEATURE_LAYERS = ("conv1", "conv2")


@dataclass
class TrainingState(PanelState):
    panel = "training"
    # the data
    dataset: str = choice(DEFAULTS.dataset, lambda: [*training_dataset_keys(), IDX_FOLDER])
    samples: int = param_field(SAMPLES)
    noise: float = number(DEFAULTS.noise, 0.0)
    classes: int = param_field(CLASSES)  # used by the data sets with a variable number of classes
    validation: float = param_field(VALIDATION)
    features: list[str] = items(lambda: list(DEFAULTS.features), feature_keys, min_length=1)
    points: list[list[float]] = field(default_factory=list)  # the custom data set: inputs, then label or target
    points_kind: str = choice(DEFAULTS.points_kind, lambda: POINT_KINDS)
    point_class: int = number(2, 0, MAX_POINT_CLASSES - 1)  # the class Shift+click adds
    # the network
    model: str = choice(DEFAULTS.model, MODELS.keys)
    hidden: list[int] = items(lambda: list(DEFAULTS.hidden), minimum=1, maximum=MAX_UNITS, min_length=1)
    activation: str = choice(DEFAULTS.activation, ACTIVATIONS.keys)
    activation_params: dict[str, dict[str, float]] = field(default_factory=dict)
    init: str = choice(DEFAULTS.init, lambda: [RECOMMENDED_INIT, *INITS.keys()])
    init_params: dict[str, dict[str, float | str]] = field(default_factory=dict)
    binary_output: str = choice(DEFAULTS.binary_output, lambda: BINARY_OUTPUTS)
    dropout: float = param_field(DROPOUT)
    batch_norm: bool = DEFAULTS.batch_norm
    # the optimiser and the run
    optimizer: str = choice(DEFAULTS.optimizer, TRAINING_OPTIMIZERS.keys)
    lr: float = param_field(LR)
    momentum: float = param_field(MOMENTUM)
    nesterov: bool = DEFAULTS.nesterov
    weight_decay: float = param_field(WEIGHT_DECAY)
    batch_size: int = param_field(BATCH_SIZE)
    clip_norm: float = param_field(CLIP_NORM)
    #: the window trains until paused; False: until `steps` (or `epochs`): it stands for the config's steps
    until_paused: bool = field(default=True, metadata={STANDS_FOR: "steps"})
    steps: int = param_field(STEPS)
    record_every: int = param_field(RECORD_EVERY)
    seed: int = param_field(SEED)
    device: str = choice(DEFAULTS.device, lambda: DEVICES)
    # image data sets and the CNN (0 channels / units: the input size's default)
    epochs: int = param_field(EPOCHS)
    train_samples: int = param_field(TRAIN_SAMPLES)
    data_dir: str = ""
    channels1: int = number(0, 0, CHANNELS1.maximum)
    channels2: int = number(0, 0, CHANNELS2.maximum)
    dense: int = number(0, 0, DENSE.maximum)
    clip_value: float = param_field(CLIP_VALUE)
    bf16: bool = DEFAULTS.bf16
    # comparison and view
    compare_by: str = choice(COMPARE_KINDS[0], lambda: COMPARE_KINDS)
    compare_values: str = COMPARE_DEFAULTS[COMPARE_KINDS[0]]
    seeds: int = param_field(SEEDS)
    speed: str = choice("full", lambda: SPEEDS)
    log_y: bool = False
    smoothing: float = param_field(SMOOTHING)
    x_axis: str = choice(X_AXES[0], lambda: X_AXES)
    feature_image: int = number(0, 0, FEATURE_IMAGES - 1)
    feature_layer: str = choice(FEATURE_LAYERS[0], lambda: FEATURE_LAYERS)
    network_units: int = number(8, 1, 64)  # units shown per column of the network view
    network_first: int = number(0, 0, 1023)  # the first unit shown

    def validate(self) -> None:
        for key, values in self.activation_params.items():
            ACTIVATIONS.get(key).resolve(values)
        for key, values in self.init_params.items():
            INITS.get(key).resolve(values)
        check_compared_runs(len(split_values(self.compare_values)), self.seeds)
        self.config()

    def config(self) -> TrainingConfig:
        """The run these settings describe, checked; raises ValueError (UnknownKeyError) naming the setting."""
        values: dict[str, Any] = {name: getattr(self, name) for name in _CONFIG_FIELDS}
        values["hidden"] = tuple(self.hidden)
        values["features"] = tuple(self.features)
        values["points"] = tuple(tuple(row) for row in self.points)
        values["activation_params"] = dict(self.activation_params.get(self.activation, {}))
        values["init_params"] = dict(self.init_params.get(self.init, {}))
        if self.dataset not in DATASETS or not DATASETS.get(self.dataset).variable_classes:
            values["classes"] = None
        return TrainingConfig(**values).checked()

    def set_config(self, config: TrainingConfig) -> None:
        """Takes every setting of `config` (checked first), in one change, its step limit included
        (so a run trains `config` to its end); the parameters of its activation and init scheme are
        stored complete (defaults filled in)."""
        config = config.checked()
        with self.changes():
            self.until_paused = False
            for name in _CONFIG_FIELDS:
                value = getattr(config, name)
                if name in ("hidden", "features"):
                    value = list(value)
                elif name == "points":
                    if config.dataset != CUSTOM_KEY:
                        continue
                    value = [list(row) for row in value]
                elif name == "activation_params":
                    resolved = ACTIVATIONS.get(config.activation).resolve(value)
                    value = {**self.activation_params, config.activation: resolved} if resolved else \
                        dict(self.activation_params)
                elif name == "init_params":
                    value = dict(self.init_params)
                    if config.init != RECOMMENDED_INIT and INITS.get(config.init).params:
                        value[config.init] = INITS.get(config.init).resolve(config.init_params)
                elif name in ("classes", "samples", "noise") and value is None:
                    continue  # not used by this data set: the stored value stays
                setattr(self, name, value)

    def choose(self, name: str, value: Any) -> None:
        """Sets `name` as a user's choice does, with the settings that follow from it: a data set
        brings its own samples, noise and classes; an optimiser other than SGD turns Nesterov off; a
        comparison kind brings its example values; the custom data set starts from the points of the
        data set chosen before (when it has at most two inputs) unless it has points of its own."""
        previous = self.copy()
        with self.changes():
            setattr(self, name, value)
            if name == "dataset":
                try:
                    info = DATASETS.get(value)
                except UnknownKeyError:
                    return
                if value == CUSTOM_KEY and not self.points:
                    self.points_kind, self.points = previous.current_points()
                self.samples, self.noise = info.default_samples, info.default_noise
                self.classes = info.classes if info.variable_classes else int(CLASSES.default)
            elif name == "optimizer" and value != "sgd":
                self.nesterov = False
            elif name == "compare_by" and value in COMPARE_DEFAULTS:
                self.compare_values = COMPARE_DEFAULTS[value]

    def current_points(self) -> tuple[str, list[list[float]]]:
        """(kind, rows) of the data these settings describe, all of it (training and validation),
        for data with at most two inputs; the custom data set's starting points otherwise (image data
        sets included)."""
        config = self.config() if self.dataset in DATASETS else TrainingConfig(dataset=CUSTOM_KEY).checked()
        if config.dataset == CUSTOM_KEY and config.points:
            return config.points_kind, [list(row) for row in config.points]
        key = config.dataset if DATASETS.get(config.dataset).input_dim <= 2 else CUSTOM_KEY
        data = make_dataset(key, config.samples, config.noise, config.seed, config.validation, config.classes)
        x = np.concatenate([data.x_train, data.x_val]).astype(np.float64)
        y = np.concatenate([data.y_train, data.y_val]).reshape(len(x), 1).astype(np.float64)
        kind = "target" if data.task == "regression" else "label"
        return kind, np.round(np.concatenate([x, y], axis=1), 6).tolist()
