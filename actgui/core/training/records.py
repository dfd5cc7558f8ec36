"""What a run reports: a `Record` of metrics every few steps, a `RunInfo` describing the run once,
and a `RunResult` when it ends. Plain data (numpy arrays): cheap to import, pickled between the
training process and the window.

A new metric is a Record field with its column metadata (the history, its exports and replays
pick it up) and its value in the trainer's measurement."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from actgui.core.network_detail import NetworkDetail
from actgui.core.training.cadence import PROBE_IMAGES

#: Pre-activation histograms cover [-HISTOGRAM_RANGE, HISTOGRAM_RANGE]; values beyond land in the end bins.
HISTOGRAM_RANGE, HISTOGRAM_BINS = 6.0, 60
#: Decision-boundary grid (2-D inputs: GRID_SIZE × GRID_SIZE) and fitted curve (1-D inputs) resolution.
GRID_SIZE, CURVE_POINTS = 80, 200
#: Image runs measure every record on a fixed probe of this many validation images (the whole set at
#: each epoch's end; actgui.core.training.cadence), the CNN's per-channel health and pre-activation
#: histograms on the first HEALTH_IMAGES of them.
VAL_PROBE, HEALTH_IMAGES = PROBE_IMAGES, 64
#: Image runs send the feature maps of this many validation images (the first of the image grid).
FEATURE_IMAGES = 8
#: Image runs send this many validation images for the image grid (with their labels once, in RunInfo).
GRID_IMAGES = 32

#: Field metadata saying which `RunHistory` columns a Record field fills: one number ("scalar"),
#: one per linear layer ("layer"), one per hidden layer ("hidden"). Fields without it are not stored.
SCALAR, PER_LAYER, PER_HIDDEN = ({"column": kind} for kind in ("scalar", "layer", "hidden"))
#: The percentiles of each hidden layer's activations a record carries (distributions over time).
ACTIVATION_PERCENTILES = (5, 25, 50, 75, 95)


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
    |f′| < SATURATION_THRESHOLD (no gradient flows back); activation_percentiles: the
    ACTIVATION_PERCENTILES of each hidden layer's outputs on the same images or points (hidden ×
    percentiles); histograms: pre-activation densities on `RunInfo.histogram_edges` (hidden ×
    bins); grid: predictions on the decision-boundary grid
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

    A new metric is a field here with its column metadata ("parts" names the values each layer
    has, when more than one) and its value in `Trainer._measure`: the history, its CSV and JSON
    exports and the replays (records_from_history) pick it up.
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
    activation_percentiles: np.ndarray = field(metadata={**PER_HIDDEN, "parts": ACTIVATION_PERCENTILES})
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

