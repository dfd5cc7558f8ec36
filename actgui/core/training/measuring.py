"""What a record measures: the Trainer's validation loss and accuracy, per-layer norms, dead and
saturated units, activation percentiles, histograms, the decision-boundary grid and the network view
(MLPs), per-channel health (the CNN) and the image payloads (actgui.core.training.records)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from actgui.core.cnn import CNN, channel_gradient_norms, dead_channels, first_filters, saturated_share
from actgui.core.lazy import lazy_module, no_grad
from actgui.core.network_detail import measure_network, output_activation
from actgui.core.properties import SATURATION_THRESHOLD
from actgui.core.training.records import (
    ACTIVATION_PERCENTILES,
    FEATURE_IMAGES,
    GRID_SIZE,
    HEALTH_IMAGES,
    HISTOGRAM_BINS,
    HISTOGRAM_RANGE,
    Record,
)

if TYPE_CHECKING:
    from torch import Tensor, nn

torch = lazy_module("torch")

#: Validation of image runs goes in chunks of this many images (bounded memory; on CPUs larger chunks
#: leave the caches and run slower per image).
EVAL_CHUNK = 128
#: The most activation values a layer's percentiles are taken from: a layer with more is subsampled
#: evenly (sorting a CNN layer's millions of values would cost more than the rest of a record).
QUANTILE_VALUES = 2**17


class RecordMeasuring:
    """The Trainer's measuring half: a `Record` of its current step (it reads the Trainer's model,
    data, weights and optimiser)."""

    @no_grad
    def _measure(self, train_loss: float, details: bool, started: float, images: bool = False) -> Record:
        """A record of the current step; `details` adds histograms (and the grid), `images` the image
        payloads with a whole-validation-set measurement (image data sets)."""
        if isinstance(self.model, CNN):
            record = self._measure_cnn(train_loss, details, started, probe=not (images and self.images))
        else:
            record = self._measure_mlp(train_loss, details, started)
        if images and self.images:
            _add_image_details(record, self.model, self._x_val, self._y_val)
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
        percentiles = _percentiles(capture, pre.device)
        saturated = _saturated(pre, self.activation, self.activation_params).float()
        per_unit = torch.cat([scalars, (post == 0).all(dim=0).float(), saturated, percentiles.reshape(-1)])
        values = per_unit.cpu().numpy().astype(np.float64)
        layers, units = len(weights), pre.shape[1]
        grad, weight, change, before = values[2:2 + 4 * layers].reshape(4, layers)
        widths = np.array([z.shape[1] for z, _ in capture], dtype=np.int64)
        dead = saturated = np.zeros(0)
        if len(widths):
            starts = np.concatenate([[0], np.cumsum(widths)[:-1]])
            dead_units, saturated_units = values[2 + 4 * layers:2 + 4 * layers + 2 * units].reshape(2, units)
            dead = np.add.reduceat(dead_units, starts) / widths
            saturated = np.add.reduceat(saturated_units, starts) / (widths * len(pre))
        histograms = grid = network = None
        if details:
            histograms = (torch.stack([_histogram(z) for z, _ in capture]).cpu().numpy() if capture else
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
            activation_percentiles=_tail(values, percentiles),
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
        percentiles = _percentiles(capture, x_probe.device)
        values = torch.cat([scalars, *channel_grads, *dead, *saturated, percentiles.reshape(-1)]).float().cpu().numpy()
        values = values.astype(np.float64)
        layers, hidden = len(weights), len(capture)
        grad = values[2:2 + layers]
        change, before, weight = values[2 + layers:2 + 4 * layers].reshape(3, layers)
        sizes = [len(g) for g in channel_grads] + [len(d) for d in dead] + [len(d) for d in saturated]
        parts = np.split(values[2 + 4 * layers:len(values) - percentiles.numel()], np.cumsum(sizes)[:-1])
        channel_grad = [p.astype(np.float32) for p in parts[:layers]]
        channel_dead = [p.astype(np.float32) for p in parts[layers:layers + hidden]]
        channel_saturated = [p.astype(np.float32) for p in parts[layers + hidden:]]
        histograms = torch.stack([_histogram(z) for z, _ in capture]).cpu().numpy() if details else None
        model.train()
        message, self._pending_message = self._pending_message, None
        return Record(
            step=self.step, epoch=self._epoch(), elapsed=time.perf_counter() - started, train_loss=train_loss,
            val_loss=float(values[0]), val_accuracy=float(values[1]), lr=float(self.optimizer.param_groups[0]["lr"]),
            grad_norm=grad.astype(np.float32), weight_norm=weight.astype(np.float32),
            update_ratio=(change / np.maximum(before, 1e-12)).astype(np.float32),
            dead_fraction=np.array([d.mean() for d in channel_dead], np.float32),
            saturated_fraction=np.array([s.mean() for s in channel_saturated], np.float32),
            activation_percentiles=_tail(values, percentiles),
            histograms=histograms, message=message, channel_grad_norm=channel_grad, channel_dead=channel_dead,
            channel_saturated=channel_saturated,
        )


def _add_image_details(record: Record, model: nn.Module, x_val: Tensor, y_val: Tensor) -> None:
    """The image payloads: the whole validation set's loss, accuracy and predictions (in chunks of
    EVAL_CHUNK), and for the CNN conv1's filters and the feature maps of the first images."""
    model.eval()
    loss = torch.zeros((), device=x_val.device)
    predicted = []
    for start in range(0, len(x_val), EVAL_CHUNK):
        output = model(x_val[start:start + EVAL_CHUNK]).float()
        loss += torch.nn.functional.cross_entropy(output, y_val[start:start + EVAL_CHUNK], reduction="sum")
        predicted.append(output.argmax(dim=1))
    classes = torch.cat(predicted)
    correct = (classes == y_val).sum()
    totals = torch.stack([loss, correct.float()]).cpu().numpy()
    record.val_loss = float(totals[0] / len(y_val))
    record.val_accuracy = float(totals[1] / len(y_val))
    record.predictions = classes.to(torch.int16).cpu().numpy()
    if isinstance(model, CNN):
        record.filters = first_filters(model)
        capture: list[tuple[Tensor, Tensor]] = []
        model(x_val[:FEATURE_IMAGES], capture)
        record.feature_maps = [a.half().cpu().numpy() for _, a in capture[:2]]
    model.train()


def _saturated(z: Tensor, activation, params: Mapping[str, float]) -> Tensor:
    """Per unit (column of z): how many pre-activations have |f′(z)| < SATURATION_THRESHOLD (the
    activation's own derivative, or autograd where it has none)."""
    if activation.derivative is None:
        with torch.enable_grad():
            x = z.detach().requires_grad_(True)
            (slope,) = torch.autograd.grad(activation.fn(x, params).sum(), x)
    else:
        slope = activation.derivative(z, params)
    return (slope.abs() < SATURATION_THRESHOLD).sum(dim=0)


def _histogram(z: Tensor) -> Tensor:
    """The density of `z` on HISTOGRAM_BINS bins over ±HISTOGRAM_RANGE (values beyond in the end bins)."""
    clipped = z.detach().float().clamp(-HISTOGRAM_RANGE, HISTOGRAM_RANGE)
    counts = torch.histc(clipped, bins=HISTOGRAM_BINS, min=-HISTOGRAM_RANGE, max=HISTOGRAM_RANGE)
    width = 2 * HISTOGRAM_RANGE / HISTOGRAM_BINS
    return counts / (clipped.numel() * width)


def _percentiles(capture: list[tuple[Tensor, Tensor]], device: torch.device) -> Tensor:
    """ACTIVATION_PERCENTILES of each captured layer's activations (hidden × percentiles, float32),
    on an even subsample of a layer with more values than torch.quantile takes."""
    q = torch.tensor(ACTIVATION_PERCENTILES, dtype=torch.float32, device=device) / 100
    rows = []
    for _, activation in capture:
        values = activation.detach().float().reshape(-1)
        rows.append(torch.quantile(values[::-(-len(values) // QUANTILE_VALUES)], q))
    return torch.stack(rows) if rows else torch.zeros(0, len(q), device=device)


def _tail(values: np.ndarray, like: Tensor) -> np.ndarray:
    """The last values of a measurement's transfer, shaped as the tensor they came from (float32)."""
    return values[len(values) - like.numel():].astype(np.float32).reshape(like.shape)
