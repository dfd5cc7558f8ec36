"""Training a network step by step: `Trainer` builds the network (actgui.core.models), its data
and optimiser from a TrainingConfig (actgui.core.training.config) and measures the records
(actgui.core.training.records).

`Trainer.records()` is a plain generator: it yields a `Record` every `record_every` steps (sending
it an integer runs that many steps before the next record instead), and returns a `RunResult` when
the run finishes, is stopped (a `stop` callable returns True) or diverges (actgui.core.divergence).
A run with no step limit (`steps` 0) goes on until it is stopped. Closing the generator ends the
run at once. The CLI and the tests use it in-process; the GUI runs it in a child process
(actgui.core.training.process).
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable, Generator, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from actgui.core.activations import ACTIVATIONS
from actgui.core.cnn import (
    CNN,
)
from actgui.core.datasets import (
    Dataset,
    make_dataset,
)
from actgui.core.device import resolve_device
from actgui.core.divergence import DivergenceWatch
from actgui.core.features import FEATURES, apply_features
from actgui.core.image_datasets import (
    ImageDataset,
    image_dataset_info,
    make_image_dataset,
)
from actgui.core.lazy import lazy_module
from actgui.core.model import head_for
from actgui.core.models import MODELS, ModelData
from actgui.core.training.cadence import RecordCadence, probe_indices
from actgui.core.training.config import LIVE_PARAMS, TRAINING_OPTIMIZERS, TrainingConfig
from actgui.core.training.measuring import RecordMeasuring
from actgui.core.training.records import (
    CURVE_POINTS,
    GRID_IMAGES,
    GRID_SIZE,
    HISTOGRAM_BINS,
    HISTOGRAM_RANGE,
    VAL_PROBE,
    Record,
    RunInfo,
    RunResult,
)

if TYPE_CHECKING:
    from torch import Tensor

torch = lazy_module("torch")
nn = lazy_module("torch.nn")

#: While watching for divergence, this many records in a row come every step after a warning sign.
WATCH_RECORDS = 40


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


def _own_random_state(method: Callable) -> Callable:
    """Runs a Trainer method with the CPU generator (dropout draws from it) holding the trainer's own
    state: a run draws the same masks alone as beside others in lockstep, however their steps interleave."""
    @functools.wraps(method)
    def run(trainer: Trainer, *args):
        outside = torch.get_rng_state()
        torch.set_rng_state(trainer.random_state)
        try:
            return method(trainer, *args)
        finally:
            trainer.random_state = torch.get_rng_state()
            torch.set_rng_state(outside)

    return run


class Trainer(RecordMeasuring):
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
        self.random_state = torch.get_rng_state()  # the run's own dropout draws from here on
        self.optimizer = TRAINING_OPTIMIZERS.get(config.optimizer).build(self.model.parameters(), config)
        self.weights = [linear.weight for linear in self.model.linears]
        self._mode_matters = config.dropout > 0 or config.batch_norm  # eval() changes nothing otherwise
        self._mode_matters |= isinstance(self.model, CNN)  # its dropout layers are always there
        self.step = self.samples_seen = 0
        self.next_chunk = config.record_every  # steps to the next record (`records()` keeps it current)
        #: An image run's record cadence (`records()` makes it): what training and measuring have cost.
        self.cadence: RecordCadence | None = None
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
    @_own_random_state
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

    @_own_random_state
    def _initial_gradient(self) -> Tensor:
        """The loss and gradients of the first mini-batch, without a step (for the step-0 record)."""
        self.model.train()
        self.optimizer.zero_grad(set_to_none=True)
        with self._autocast():
            loss = self.head.loss(self.model(self._x_epoch[:self.batch_size]), self._y_epoch[:self.batch_size])
        loss.backward()
        self._before = [w.detach().clone() for w in self.weights]
        return loss.detach()

    def load_weights(self, names: Sequence[str], shapes: Sequence[Sequence[int]], vector: np.ndarray,
                     buffers: Mapping[str, np.ndarray] | None = None) -> None:
        """Sets the network's parameters (and buffers, e.g. batch-norm statistics) to recorded ones,
        a run file's last weights, before training on; raises ValueError when they do not fit it."""
        named = list(self.model.named_parameters())
        if [n for n, _ in named] != list(names) or [tuple(p.shape) for _, p in named] != [tuple(s) for s in shapes]:
            raise ValueError("the recorded weights do not fit the network the run's settings describe")
        vector = torch.as_tensor(np.asarray(vector, np.float32), device=named[0][1].device)
        if vector.numel() != sum(p.numel() for _, p in named):
            raise ValueError("the recorded weights do not fit the network the run's settings describe")
        own = dict(self.model.named_buffers())
        for name, value in (buffers or {}).items():
            if name not in own or tuple(own[name].shape) != tuple(np.shape(value)):
                raise ValueError(f"the recorded buffer '{name}' does not fit the network")
        with torch.no_grad():
            torch.nn.utils.vector_to_parameters(vector, [p for _, p in named])
            for name, value in (buffers or {}).items():
                own[name].copy_(torch.as_tensor(value))
        self._before = [w.detach().clone() for w in self.weights]

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
        """Trains until `steps` (default: the config's; 0: until stopped) optimiser steps are done,
        yielding a Record first at the current step and then every `record_every` steps (image runs:
        on the time-based cadence of actgui.core.training.cadence); `send(n)` runs n steps before the
        next record instead. Histograms and grid predictions come with the first and last record and
        every `detail_every` records, or every `detail_seconds` seconds when that is given. An image
        run's first record measures the whole validation set with `first_images` (else the probe: a
        comparison's curves start sooner, its image views at the first epoch's end).

        With `watch`, the first `record_every` steps are recorded one by one, and so are the next
        WATCH_RECORDS steps whenever the training loss has quadrupled or a gradient norm grown tenfold
        since the previous record, above its first value: a run that diverges leaves its rise to the
        non-finite step on record."""
        total = self.config.steps if steps is None else int(steps)
        total = total if total > 0 else math.inf
        started = time.perf_counter()
        last_detail = started
        cadence = self.cadence = RecordCadence() if self.images else None
        initial = record = self._measure(float(self._initial_gradient()), True, started, images=first_images)
        divergence = DivergenceWatch(record.train_loss)
        count = 1
        careful = self.config.record_every if watch else 0

        def every() -> int:  # steps to the next record: time-based for image runs
            return 1 if careful > 0 else cadence.steps() if cadence is not None else self.config.record_every

        self.next_chunk = every()
        chunk = yield record
        while self.step < total:
            n = min(int(chunk or every()), total - self.step)
            careful -= 1
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
            if cadence is not None:
                cadence.measured(time.perf_counter() - now, epoch_end=images)
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

