"""The Training panel's settings: the run's TrainingConfig fields (with its defaults), what a
comparison trains (and with how many seeds), the training speed, and how the loss is drawn.

The config fields carry TrainingConfig's names, so `config()` and `set_config()` map them by name;
activation and init parameters are kept per activation (init scheme), so switching back and forth
keeps what was set, and only the chosen one's go into the config.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from actgui.core.activations import ACTIVATIONS
from actgui.core.datasets import CLASSES, DATASETS, SAMPLES, VALIDATION
from actgui.core.experiment import COMPARE_DEFAULTS, COMPARE_KINDS, SEEDS
from actgui.core.inits import INITS
from actgui.core.model import BINARY_OUTPUTS
from actgui.core.models import MODELS
from actgui.core.registry import Param, UnknownKeyError
from actgui.core.training import (
    BATCH_SIZE,
    CLIP_NORM,
    DEVICES,
    DROPOUT,
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
from actgui.state.base import PanelState, choice, items, number, param_field

SMOOTHING = Param("smoothing", 0.6, 0.0, 0.99, "EMA smoothing", "EMA 平滑系数", 0.01)
#: Training speeds offered: steps per second ("step": one step at a time, paused; "full": as fast as possible).
SPEEDS = {"step": 0.0, "1": 1.0, "5": 5.0, "20": 20.0, "100": 100.0, "full": 0.0}
#: The core's defaults with the data set's own samples and noise filled in.
DEFAULTS = TrainingConfig().checked()
_CONFIG_FIELDS = tuple(f.name for f in fields(TrainingConfig))


@dataclass
class TrainingState(PanelState):
    panel = "training"
    # the data
    dataset: str = choice(DEFAULTS.dataset, DATASETS.keys)
    samples: int = param_field(SAMPLES)
    noise: float = number(DEFAULTS.noise, 0.0)
    classes: int = param_field(CLASSES)  # used by the data sets with a variable number of classes
    validation: float = param_field(VALIDATION)
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
    steps: int = param_field(STEPS)
    record_every: int = param_field(RECORD_EVERY)
    seed: int = param_field(SEED)
    device: str = choice(DEFAULTS.device, lambda: DEVICES)
    # comparison and view
    compare_by: str = choice(COMPARE_KINDS[0], lambda: COMPARE_KINDS)
    compare_values: str = COMPARE_DEFAULTS[COMPARE_KINDS[0]]
    seeds: int = param_field(SEEDS)
    speed: str = choice("full", lambda: SPEEDS)
    log_y: bool = False
    smoothing: float = param_field(SMOOTHING)

    def validate(self) -> None:
        for key, values in self.activation_params.items():
            ACTIVATIONS.get(key).resolve(values)
        for key, values in self.init_params.items():
            INITS.get(key).resolve(values)
        self.config()

    def config(self) -> TrainingConfig:
        """The run these settings describe, checked; raises ValueError (UnknownKeyError) naming the setting."""
        values: dict[str, Any] = {name: getattr(self, name) for name in _CONFIG_FIELDS}
        values["hidden"] = tuple(self.hidden)
        values["activation_params"] = dict(self.activation_params.get(self.activation, {}))
        values["init_params"] = dict(self.init_params.get(self.init, {}))
        if not DATASETS.get(self.dataset).variable_classes:
            values["classes"] = None
        return TrainingConfig(**values).checked()

    def set_config(self, config: TrainingConfig) -> None:
        """Takes every setting of `config` (checked first), in one change; the parameters of its
        activation and init scheme are stored complete (defaults filled in)."""
        config = config.checked()
        with self.changes():
            for name in _CONFIG_FIELDS:
                value = getattr(config, name)
                if name == "hidden":
                    value = list(value)
                elif name == "activation_params":
                    resolved = ACTIVATIONS.get(config.activation).resolve(value)
                    value = {**self.activation_params, config.activation: resolved} if resolved else \
                        dict(self.activation_params)
                elif name == "init_params":
                    value = dict(self.init_params)
                    if config.init != RECOMMENDED_INIT and INITS.get(config.init).params:
                        value[config.init] = INITS.get(config.init).resolve(config.init_params)
                elif name == "classes" and value is None:
                    continue
                setattr(self, name, value)

    def choose(self, name: str, value: Any) -> None:
        """Sets `name` as a user's choice does, with the settings that follow from it: a data set
        brings its own samples, noise and classes; an optimiser other than SGD turns Nesterov off; a
        comparison kind brings its example values."""
        with self.changes():
            setattr(self, name, value)
            if name == "dataset":
                try:
                    info = DATASETS.get(value)
                except UnknownKeyError:
                    return
                self.samples, self.noise = info.default_samples, info.default_noise
                self.classes = info.classes if info.variable_classes else int(CLASSES.default)
            elif name == "optimizer" and value != "sgd":
                self.nesterov = False
            elif name == "compare_by" and value in COMPARE_DEFAULTS:
                self.compare_values = COMPARE_DEFAULTS[value]
