"""The loss landscape of a trained network (Li et al. 2018, "Visualizing the Loss Landscape of Neural Nets").

The loss L(θ* + a·δ + b·η) over a 2-D grid of (a, b) through the trained weights θ*, along two
directions δ, η: either filter-normalised random directions (each direction's row of every weight
matrix — one neuron's incoming weights, the MLP's "filter" — rescaled to the norm of the same row of
the weights; biases, batch-norm and other one-dimensional parameters get a zero direction, as the
paper recommends) or the first two principal directions of the weight trajectory θ_i − θ*. Also the
1-D interpolation L((1 − t)·θ₀ + t·θ*) from the initial to the final weights, and the recorded
trajectory projected on the plane.

`WeightTrajectory` records the weights during training and round-trips through JSON (the
`weights` entry of `actgui train --weights --out run.json`).
"""

from __future__ import annotations

import base64
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from actgui.core.lazy import lazy_module, no_grad
from actgui.core.training.config import TrainingConfig
from actgui.core.training.trainer import Trainer

if TYPE_CHECKING:
    from torch import Tensor

torch = lazy_module("torch")
nn = lazy_module("torch.nn")
torch_func = lazy_module("torch.func")


#: The Landscape panel's and the CLI's name for the surface "the trained network".
NETWORK_SURFACE = "network"
RANDOM, PCA = "random", "pca"
DIRECTIONS = (RANDOM, PCA)
DEFAULT_RESOLUTION = 41
MAX_RESOLUTION = 201
#: Random directions span [-1, 1] in units of the (filter-normalised) direction, as in the paper.
DEFAULT_SPAN = 1.0
#: The interpolation runs a little before θ₀ and past θ* so both ends show as points on a curve.
INTERPOLATION_RANGE = (-0.25, 1.25)
INTERPOLATION_POINTS = 61
#: At most this many weight snapshots are kept along a run (evenly spread over its records), and at
#: most SNAPSHOT_NUMBERS numbers in all, so a large network's run file stays small.
MAX_SNAPSHOTS = 60
SNAPSHOT_NUMBERS = 2**24
#: Parameter sets evaluated in one vmapped call: CHUNK, or fewer so a chunk holds at most CHUNK_NUMBERS.
CHUNK = 64
CHUNK_NUMBERS = 2**25


class LandscapeCancelled(Exception):
    """The computation was cancelled by its caller."""


# -- recorded weights -------------------------------------------------------------------------------
def _encode(array: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(array, dtype="<f4").tobytes()).decode("ascii")


#: The largest dimension of a recorded weight shape, and the most recorded snapshots.
MAX_RECORDED_SIZE = 1 << 28


def _decode(text: str, count: int) -> np.ndarray:
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise ValueError("the weights are not valid base64") from None
    if len(raw) != 4 * count:
        raise ValueError(f"the weights hold {len(raw) // 4} numbers where {count} were expected")
    return np.frombuffer(raw, dtype="<f4").astype(np.float32)


@dataclass
class WeightTrajectory:
    """The trainable parameters (names, shapes) at recorded steps, the first at step 0 and the last the
    final weights, and the final buffers (batch-norm statistics)."""

    names: list[str]
    shapes: list[tuple[int, ...]]
    steps: list[int]
    snapshots: list[np.ndarray]  # flat float32 vectors, one per step
    buffers: dict[str, np.ndarray]

    @classmethod
    def empty(cls, model: nn.Module) -> WeightTrajectory:
        named = list(model.named_parameters())
        return cls([n for n, _ in named], [tuple(p.shape) for _, p in named], [], [], {})

    def stride(self, steps: int, record_every: int) -> int:
        """Every how many records a snapshot is taken so a run keeps at most MAX_SNAPSHOTS of them
        (fewer for a large network, at least the first and the last)."""
        records = steps // max(record_every, 1) + 1
        return max(1, math.ceil(records / (self.kept - 1)))

    def step_interval(self, steps: int) -> int:
        """Every how many optimiser steps a snapshot is taken so `steps` steps keep about `kept`."""
        return max(1, math.ceil(steps / (self.kept - 1)))

    @property
    def kept(self) -> int:
        """Snapshots kept along a run: MAX_SNAPSHOTS, fewer for a large network, at least two."""
        return max(2, min(MAX_SNAPSHOTS, SNAPSHOT_NUMBERS // max(self.size, 1)))

    def capture(self, model: nn.Module, step: int) -> None:
        """Adds the model's parameters at `step` (replacing a snapshot already taken at that step) and
        keeps its current buffers."""
        vector = torch.cat([p.detach().reshape(-1).float().cpu() for p in model.parameters()]).numpy()
        if self.steps and self.steps[-1] == step:
            self.snapshots[-1] = vector
        else:
            self.steps.append(int(step))
            self.snapshots.append(vector)
        self.buffers = {name: b.detach().float().cpu().numpy().copy() for name, b in model.named_buffers()
                        if b.is_floating_point()}

    @property
    def size(self) -> int:
        return int(sum(math.prod(shape) for shape in self.shapes))

    @property
    def initial(self) -> np.ndarray:
        return self.snapshots[0]

    @property
    def final(self) -> np.ndarray:
        return self.snapshots[-1]

    def to_json(self) -> dict:
        return {
            "names": self.names, "shapes": [list(s) for s in self.shapes], "steps": self.steps,
            "snapshots": _encode(np.stack(self.snapshots)) if self.snapshots else "",
            "buffers": {name: {"shape": list(b.shape), "data": _encode(b)} for name, b in self.buffers.items()},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> WeightTrajectory:
        """Raises ValueError naming what is missing or inconsistent."""
        try:
            names = [str(n) for n in data["names"]]  # type: ignore[union-attr]
            shapes = [tuple(int(v) for v in s) for s in data["shapes"]]  # type: ignore[union-attr]
            steps = [int(s) for s in data["steps"]]  # type: ignore[union-attr]
            buffers_data = dict(data.get("buffers", {}))  # type: ignore[call-overload, union-attr]
            encoded = str(data["snapshots"])
        except (KeyError, TypeError, ValueError, OverflowError) as error:
            raise ValueError(f"the weights entry is incomplete or malformed ({error})") from None
        if len(names) != len(shapes) or not steps:
            raise ValueError("the weights entry needs one shape per name and at least one snapshot")
        if any(not 0 < v <= MAX_RECORDED_SIZE for shape in shapes for v in shape) or len(steps) > MAX_RECORDED_SIZE:
            raise ValueError("the weights entry holds a shape or step count out of range")
        trajectory = cls(names, shapes, steps, [], {})
        flat = _decode(encoded, len(steps) * trajectory.size).reshape(len(steps), trajectory.size)
        if not np.isfinite(flat).all():
            raise ValueError("the recorded weights hold NaN or infinite values (the run diverged); "
                             "a landscape needs a run whose weights stayed finite")
        trajectory.snapshots = list(flat)
        for name, entry in buffers_data.items():
            try:
                shape = tuple(int(v) for v in entry["shape"])
                trajectory.buffers[str(name)] = _decode(str(entry["data"]), math.prod(shape)).reshape(shape)
            except (KeyError, TypeError, ValueError, OverflowError) as error:
                raise ValueError(f"buffer '{name}' is malformed ({error})") from None
        return trajectory


#: Run files larger than this are refused before they are read.
MAX_RUN_BYTES = 256 * 1024 * 1024


def read_run_file(path, index: int = 0) -> tuple[dict, WeightTrajectory]:
    """(config, weights) of run `index` in a file of `actgui train --weights --out RUN.json`; raises
    ValueError naming what is wrong."""
    from pathlib import Path

    from actgui.core.files import parse_json, read_text_bounded
    from actgui.core.training.runfile import is_run_file

    path = Path(path)
    if is_run_file(path):
        return _read_weights(path, index)
    try:  # NaN and Infinity (a diverged run's metrics) read as null; numbers bounded; nesting too
        data = parse_json(read_text_bounded(path, MAX_RUN_BYTES), str(path), 64, 30, non_finite="null")
    except OSError as error:  # a folder, FIFO or device, a larger file or bytes that are not UTF-8
        raise ValueError(str(error)) from None
    runs = data.get("runs") if isinstance(data, dict) else None
    if not isinstance(runs, list) or not runs:
        raise ValueError(f"{path} is not a run file of `actgui train --out RUN.json`")
    if not 0 <= index < len(runs):
        raise ValueError(f"run {index}: {path} holds {len(runs)} run(s)")
    run = runs[index]
    if not isinstance(run, dict) or "weights" not in run:
        raise ValueError(f"{path} holds no weights: train with `actgui train --weights --out {path.name}`")
    try:
        return dict(run["config"]), WeightTrajectory.from_json(run["weights"])
    except (KeyError, TypeError) as error:
        raise ValueError(f"{path}: {error}") from None
    except ValueError as error:
        raise ValueError(f"{path}: {error}") from None


def _read_weights(path, index: int) -> tuple[dict, WeightTrajectory]:
    """(config, weights) of run `index` of a run file (actgui.core.training.runfile); raises ValueError."""
    from actgui.core.training.runfile import read_run

    document = read_run(path)
    if not 0 <= index < len(document.plan):
        raise ValueError(f"run {index}: {path} holds {len(document.plan)} run(s)")
    weights = document.weights.get(index)
    if weights is None or not weights.steps:
        raise ValueError(f"{path} holds no weights: train with `actgui train --weights --save-run FILE`")
    trajectory = WeightTrajectory(weights.names, weights.shapes, weights.steps, weights.snapshots, weights.buffers)
    return dict(document.plan[index].config), trajectory


# -- the network and its loss ---------------------------------------------------------------------
@dataclass
class TrainedNetwork:
    """A model with its training data, loss and recorded weights, ready for the landscape."""

    model: nn.Module
    x: Tensor
    y: Tensor
    loss: Callable[[Tensor, Tensor], Tensor]
    trajectory: WeightTrajectory

    @classmethod
    def from_trainer(cls, trainer: Trainer, trajectory: WeightTrajectory) -> TrainedNetwork:
        """The trainer's model (at its current weights) on its training data, on the model's device."""
        device = next(trainer.model.parameters()).device
        x = torch.as_tensor(trainer.dataset.x_train, device=device)
        return cls(trainer.model, x, trainer.head.targets(trainer.dataset.y_train, device), trainer.head.loss,
                   trajectory)

    @classmethod
    def from_run(cls, config: Mapping[str, object], trajectory: WeightTrajectory) -> TrainedNetwork:
        """Rebuilds the run's network and data on the CPU from its config and loads the final weights;
        raises ValueError when the weights do not fit the network."""
        checked = replace(TrainingConfig.from_dict(config), device="cpu")
        trainer = Trainer(checked)
        named = list(trainer.model.named_parameters())
        if [n for n, _ in named] != trajectory.names or [tuple(p.shape) for _, p in named] != trajectory.shapes:
            raise ValueError("the recorded weights do not fit the network the run's config describes")
        network = cls.from_trainer(trainer, trajectory)
        network.load(trajectory.final)
        buffers = dict(trainer.model.named_buffers())
        for name, value in trajectory.buffers.items():
            if name not in buffers or tuple(buffers[name].shape) != value.shape:
                raise ValueError(f"the recorded buffer '{name}' does not fit the network")
            buffers[name].copy_(torch.as_tensor(value))
        return network

    def load(self, vector: np.ndarray) -> None:
        """Sets the model's parameters from a flat vector."""
        with torch.no_grad():
            torch.nn.utils.vector_to_parameters(torch.as_tensor(vector, dtype=torch.float32),
                                                list(self.model.parameters()))

    @no_grad
    def current_loss(self) -> float:
        """The loss of the model as it is, in evaluation mode, on the whole training set."""
        mode = self.model.training
        self.model.eval()
        try:
            return float(self.loss(self.model(self.x), self.y))
        finally:
            self.model.train(mode)


# -- directions -----------------------------------------------------------------------------------
def filter_normalised_direction(weights: Sequence[Tensor], generator: torch.Generator) -> list[Tensor]:
    """A Gaussian random direction with each row of every matrix (a neuron's incoming weights) scaled
    to the norm of the same row of `weights`; one-dimensional parameters get zeros."""
    direction = []
    for w in weights:
        if w.dim() <= 1:
            direction.append(torch.zeros_like(w))
            continue
        d = torch.randn(w.shape, generator=generator, dtype=w.dtype)
        rows_w = w.reshape(w.shape[0], -1).norm(dim=1)
        rows_d = d.reshape(d.shape[0], -1).norm(dim=1).clamp_min(1e-12)
        direction.append(d * (rows_w / rows_d).reshape(-1, *([1] * (w.dim() - 1))))
    return direction


def filter_norms(tensors: Sequence[Tensor]) -> list[Tensor]:
    """The per-row norms of every matrix in `tensors` (one-dimensional tensors skipped)."""
    return [t.reshape(t.shape[0], -1).norm(dim=1) for t in tensors if t.dim() > 1]


def _split(flat: Tensor, shapes: Sequence[tuple[int, ...]]) -> list[Tensor]:
    """A flat parameter vector cut into tensors of `shapes`."""
    parts, start = [], 0
    for shape in shapes:
        count = math.prod(shape)
        parts.append(flat[start:start + count].reshape(shape))
        start += count
    return parts


def _flatten(tensors: Sequence[Tensor]) -> np.ndarray:
    return torch.cat([t.reshape(-1) for t in tensors]).numpy().astype(np.float32)


def pca_directions(trajectory: WeightTrajectory) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The first two principal directions (unit vectors) of θ_i − θ* over the trajectory and the
    share of the variance each explains; raises ValueError with fewer than three snapshots."""
    if len(trajectory.snapshots) < 3:
        raise ValueError("PCA directions need a trajectory of at least three recorded weights "
                         "(train with --weights)")
    matrix = np.stack(trajectory.snapshots[:-1]).astype(np.float64) - trajectory.final.astype(np.float64)
    centred = matrix - matrix.mean(axis=0)
    _, singular, vt = np.linalg.svd(centred, full_matrices=False)
    variance = singular**2
    share = variance[:2] / max(float(variance.sum()), 1e-300)
    return vt[0].astype(np.float32), vt[1].astype(np.float32), share


def project(vectors: np.ndarray, origin: np.ndarray, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Least-squares coordinates (a, b) of each vector − origin in the plane spanned by the directions."""
    basis = np.stack([first, second], axis=1).astype(np.float64)
    offsets = (np.atleast_2d(vectors) - origin).astype(np.float64).T
    coordinates, *_ = np.linalg.lstsq(basis, offsets, rcond=None)
    return coordinates.T


# -- the computation --------------------------------------------------------------------------------
@dataclass
class LandscapeSettings:
    """What to compute: the plane's directions, its resolution and half-width, and the random seed."""

    directions: str = RANDOM
    resolution: int = DEFAULT_RESOLUTION
    span: float | None = None  # None: ±1 (random) or the trajectory's extent with a margin (PCA)
    seed: int = 0

    def check(self) -> LandscapeSettings:
        if self.directions not in DIRECTIONS:
            raise ValueError(f"directions must be one of: {', '.join(DIRECTIONS)} (got '{self.directions}')")
        if not 3 <= int(self.resolution) <= MAX_RESOLUTION:
            raise ValueError(f"resolution must be 3 to {MAX_RESOLUTION} points a side (got {self.resolution})")
        if self.span is not None and not (math.isfinite(self.span) and 0 < self.span <= 1000):
            raise ValueError(f"span must be in (0, 1000] (got {self.span:g})")
        return replace(self, resolution=int(self.resolution))


@dataclass
class NetworkLandscape:
    """loss[row, col] is L(θ* + xs[col]·δ + ys[row]·η); the interpolation θ₀ → θ* and the projected
    trajectory (path_x, path_y at path_steps, with the loss at each recorded weight)."""

    xs: np.ndarray
    ys: np.ndarray
    loss: np.ndarray
    centre_loss: float
    directions: str
    explained: tuple[float, float] | None  # PCA: the variance share of each direction
    interpolation_t: np.ndarray
    interpolation_loss: np.ndarray
    path_steps: np.ndarray
    path_x: np.ndarray
    path_y: np.ndarray
    path_loss: np.ndarray
    seconds: float


class _Evaluator:
    """L at many parameter vectors: vmapped functional calls, CHUNK parameter sets at a time."""

    def __init__(self, network: TrainedNetwork) -> None:
        self.network = network
        self.names = network.trajectory.names
        self.shapes = network.trajectory.shapes
        model = network.model
        self.buffers = {name: b.detach() for name, b in model.named_buffers()}

        def one(flat: Tensor) -> Tensor:
            params = dict(zip(self.names, _split(flat, self.shapes), strict=True))
            output = torch_func.functional_call(model, (params, self.buffers), (network.x,))
            return network.loss(output, network.y)

        self.batched = torch.vmap(one)
        self.single = one

    @no_grad
    def losses(self, count: int, vectors: Callable[[int, int], Tensor], progress: Callable[[int], None] | None = None,
               cancelled: Callable[[], bool] | None = None) -> np.ndarray:
        """L at the parameter vectors vectors(start, stop) for start, stop covering range(count)."""
        model = self.network.model
        mode = model.training
        model.eval()
        out = []
        size = max(1, min(CHUNK, CHUNK_NUMBERS // max(sum(math.prod(s) for s in self.shapes), 1)))
        try:
            for start in range(0, count, size):
                if cancelled is not None and cancelled():
                    raise LandscapeCancelled
                chunk = vectors(start, min(start + size, count))
                try:
                    values = self.batched(chunk)
                except RuntimeError:  # an operation vmap cannot batch (e.g. a custom activation): one by one
                    values = torch.stack([self.single(v) for v in chunk])
                out.append(values.float())
                if progress is not None:
                    progress(len(chunk))
        finally:
            model.train(mode)
        return torch.cat(out).numpy().astype(np.float64)


def compute_landscape(network: TrainedNetwork, settings: LandscapeSettings | None = None,
                      progress: Callable[[int, int], None] | None = None,
                      cancelled: Callable[[], bool] | None = None) -> NetworkLandscape:
    """The 2-D loss grid, the 1-D interpolation and the projected trajectory of `network` around its
    final weights. `progress(done, total)` counts loss evaluations; `cancelled()` returning True stops
    the computation with LandscapeCancelled."""
    import time

    started = time.perf_counter()
    settings = (settings or LandscapeSettings()).check()
    trajectory = network.trajectory
    final = trajectory.final
    shapes = trajectory.shapes
    n = settings.resolution
    path = np.stack(trajectory.snapshots)
    explained = None
    if settings.directions == RANDOM:
        generator = torch.Generator().manual_seed(settings.seed)
        weights = _split(torch.as_tensor(final), shapes)
        first = _flatten(filter_normalised_direction(weights, generator))
        second = _flatten(filter_normalised_direction(weights, generator))
        coordinates = project(path, final, first, second)
        span = settings.span or DEFAULT_SPAN
        x_range = y_range = (-span, span)
    else:
        first, second, share = pca_directions(trajectory)
        explained = (float(share[0]), float(share[1]))
        coordinates = project(path, final, first, second)
        if settings.span is not None:
            x_range = y_range = (-settings.span, settings.span)
        else:
            x_range, y_range = (_extent(coordinates[:, 0]), _extent(coordinates[:, 1]))
    xs = np.linspace(*x_range, n)
    ys = np.linspace(*y_range, n)
    t = np.linspace(*INTERPOLATION_RANGE, INTERPOLATION_POINTS)
    total = n * n + len(t) + len(path)
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(done, total)

    evaluator = _Evaluator(network)
    centre = torch.as_tensor(final)
    d1, d2 = torch.as_tensor(first), torch.as_tensor(second)
    gy, gx = np.meshgrid(ys, xs, indexing="ij")
    a = torch.as_tensor(gx.reshape(-1), dtype=torch.float32)[:, None]
    b = torch.as_tensor(gy.reshape(-1), dtype=torch.float32)[:, None]
    grid = evaluator.losses(n * n, lambda i, j: centre + a[i:j] * d1 + b[i:j] * d2, advance, cancelled).reshape(n, n)
    initial = torch.as_tensor(trajectory.initial)
    tt = torch.as_tensor(t, dtype=torch.float32)[:, None]
    interpolation = evaluator.losses(len(t), lambda i, j: (1 - tt[i:j]) * initial + tt[i:j] * centre, advance,
                                     cancelled)
    snapshots = torch.as_tensor(path)
    path_loss = evaluator.losses(len(path), lambda i, j: snapshots[i:j], advance, cancelled)
    centre_loss = float(evaluator.losses(1, lambda i, j: centre[None])[0])
    return NetworkLandscape(
        xs=xs, ys=ys, loss=grid, centre_loss=centre_loss, directions=settings.directions, explained=explained,
        interpolation_t=t, interpolation_loss=interpolation, path_steps=np.asarray(trajectory.steps),
        path_x=coordinates[:, 0], path_y=coordinates[:, 1], path_loss=path_loss,
        seconds=time.perf_counter() - started,
    )


def _extent(values: np.ndarray, margin: float = 0.25) -> tuple[float, float]:
    """[min, max] of `values` and 0, widened by `margin` of its width on each side."""
    low, high = min(float(values.min()), 0.0), max(float(values.max()), 0.0)
    width = max(high - low, 1e-3)
    return low - margin * width, high + margin * width


class TrajectoryRecorder:
    """Records a trainer's weights while something else drives its training: `observe()` after each
    record takes a snapshot at step 0 and then about every steps/(kept − 1) steps; `finish()` adds
    the final weights. A run with no step limit starts with a snapshot every `record_every` steps;
    when `kept` are taken, every second one is dropped and the interval doubles, so the snapshots
    span the whole run in bounded memory."""

    def __init__(self, trainer: Trainer) -> None:
        self.trainer = trainer
        self.trajectory = WeightTrajectory.empty(trainer.model)
        steps = trainer.config.steps
        self.every = self.trajectory.step_interval(steps) if steps > 0 else trainer.config.record_every
        self._next = 0

    def observe(self) -> None:
        step = self.trainer.step
        if step >= self._next:
            trajectory = self.trajectory
            if len(trajectory.steps) >= trajectory.kept and trajectory.steps[-1] != step:
                trajectory.steps, trajectory.snapshots = trajectory.steps[::2], trajectory.snapshots[::2]
                self.every *= 2
            trajectory.capture(self.trainer.model, step)
            self._next = (step // self.every + 1) * self.every

    def finish(self) -> WeightTrajectory:
        self.trajectory.capture(self.trainer.model, self.trainer.step)
        return self.trajectory


def train_with_trajectory(config: TrainingConfig, on_record: Callable[[object], None] | None = None,
                          stop: Callable[[], bool] | None = None) -> tuple[Trainer, WeightTrajectory]:
    """Trains `config` in-process, recording the weights (at most MAX_SNAPSHOTS of them, the first and
    the last included); `on_record` gets every record."""
    trainer = Trainer(config)
    trajectory = WeightTrajectory.empty(trainer.model)
    stride = trajectory.stride(trainer.config.steps, trainer.config.record_every)
    records = trainer.records(stop=stop)
    index = 0
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        if index % stride == 0:
            trajectory.capture(trainer.model, trainer.step)
        index += 1
        if on_record is not None:
            on_record(record)
    trajectory.capture(trainer.model, trainer.step)
    return trainer, trajectory
