"""Training data sets: five 2-D toy problems, a 1-D regression, the 8×8 handwritten digits and the
user's own points ("custom": clicked in or read from a CSV file, see actgui.core.data_csv).

Every set is generated from a seed and a noise level and split into training and validation parts.
The digits (1797 images) ship inside the package as resources/digits.npz: the test set of the UCI
"Optical Recognition of Handwritten Digits" data (Alpaydin & Kaynak 1998, CC BY 4.0) as bundled
with scikit-learn (BSD-3-Clause); see resources/digits.txt.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

import numpy as np

from actgui.core.registry import Param, Registry

TASKS = ("binary", "multiclass", "regression")

#: Generates (inputs, targets) from (samples, noise, classes, rng).
Generator = Callable[[int, float, int, np.random.Generator], tuple[np.ndarray, np.ndarray]]

SAMPLES = Param("samples", 1000, 100, 5000, "samples", "样本数", 50, integer=True)
VALIDATION = Param("validation", 0.2, 0.1, 0.5, "validation fraction", "验证集比例", 0.05)
CLASSES = Param("classes", 4, 2, 8, "classes (blobs)", "类别数（簇）", 1, integer=True)
CUSTOM_KEY = "custom"
#: What the last column of the user's points holds: a class label, or a regression target.
POINT_KINDS = ("label", "target")
MAX_POINTS, MAX_POINT_CLASSES, MAX_POINT_INPUTS = 20_000, 10, 64
MIN_POINTS = 4


@dataclass(frozen=True)
class DatasetInfo:
    """One data set: its task, input size and number of classes (0 for regression)."""

    key: str
    name_en: str
    name_zh: str
    task: str
    input_dim: int
    classes: int
    default_noise: float
    generate: Generator
    default_samples: int = 1000
    variable_classes: bool = False
    max_noise: float = 1.0

    @property
    def noise_param(self) -> Param:
        return Param("noise", self.default_noise, 0.0, self.max_noise, "noise", "噪声", 0.01)


@dataclass
class Dataset:
    """Generated data split into training and validation parts (float32 inputs; int64 class labels,
    or float32 column targets for regression)."""

    info: DatasetInfo
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    classes: int
    seed: int
    noise: float

    @property
    def task(self) -> str:
        return self.info.task

    @property
    def input_dim(self) -> int:
        return self.x_train.shape[1]

    def bounds(self, padding: float = 0.15) -> tuple[np.ndarray, np.ndarray]:
        """(low, high) per input dimension over all samples, widened by `padding` of the span."""
        x = np.concatenate([self.x_train, self.x_val])
        low, high = x.min(axis=0), x.max(axis=0)
        span = np.maximum(high - low, 1e-6)
        return low - padding * span, high + padding * span


DATASETS: Registry[DatasetInfo] = Registry("dataset", plugin_group="actgui.datasets")


def _jitter(points: np.ndarray, noise: float, rng: np.random.Generator) -> np.ndarray:
    return (points + noise * rng.standard_normal(points.shape)).astype(np.float32)


def _halves(samples: int) -> tuple[int, int]:
    return samples // 2, samples - samples // 2


def _spiral(samples: int, noise: float, classes: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    parts, labels = [], []
    for arm, n in enumerate(_halves(samples)):
        r = np.sqrt(rng.uniform(0.0025, 1.0, n))  # uniform density along the arm
        theta = 3.0 * np.pi * r + arm * np.pi
        parts.append(np.stack([r * np.cos(theta), r * np.sin(theta)], axis=1))
        labels.append(np.full(n, arm))
    return _jitter(np.concatenate(parts), noise, rng), np.concatenate(labels).astype(np.int64)


def _moons(samples: int, noise: float, classes: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    n_outer, n_inner = _halves(samples)
    t_outer, t_inner = rng.uniform(0, np.pi, n_outer), rng.uniform(0, np.pi, n_inner)
    outer = np.stack([np.cos(t_outer), np.sin(t_outer)], axis=1)
    inner = np.stack([1 - np.cos(t_inner), 0.5 - np.sin(t_inner)], axis=1)
    points = np.concatenate([outer, inner]) - np.array([0.5, 0.25])
    labels = np.concatenate([np.zeros(n_outer), np.ones(n_inner)]).astype(np.int64)
    return _jitter(points, noise, rng), labels


def _circles(samples: int, noise: float, classes: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    parts, labels = [], []
    for label, (n, radius) in enumerate(zip(_halves(samples), (1.0, 0.5), strict=True)):
        t = rng.uniform(0, 2 * np.pi, n)
        parts.append(radius * np.stack([np.cos(t), np.sin(t)], axis=1))
        labels.append(np.full(n, label))
    return _jitter(np.concatenate(parts), noise, rng), np.concatenate(labels).astype(np.int64)


def _xor(samples: int, noise: float, classes: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    points = rng.uniform(-1, 1, (samples, 2))
    labels = ((points[:, 0] > 0) ^ (points[:, 1] > 0)).astype(np.int64)
    return _jitter(points, noise, rng), labels


def _gaussians(samples: int, noise: float, classes: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    labels = np.arange(samples) % classes
    angles = 2 * np.pi * labels / classes
    centres = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    return _jitter(centres, noise, rng), labels.astype(np.int64)


def _sine(samples: int, noise: float, classes: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    x = rng.uniform(-np.pi, np.pi, (samples, 1))
    y = np.sin(x) + noise * rng.standard_normal(x.shape)
    return x.astype(np.float32), y.astype(np.float32)


@cache
def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """The 1797 8×8 digit images (uint8, 0..16) and their labels (0..9), from the package."""
    with resources.files("actgui").joinpath("resources", "digits.npz").open("rb") as handle, \
            np.load(handle) as data:
        return data["images"].copy(), data["labels"].copy()


def _digits(samples: int, noise: float, classes: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    images, labels = load_digits()
    chosen = rng.permutation(len(labels))[:samples]
    pixels = images[chosen].reshape(len(chosen), -1).astype(np.float32) / 16.0
    return _jitter(pixels, noise, rng), labels[chosen].astype(np.int64)


def _starter_points(samples: int, noise: float, classes: int,
                    rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """The custom data set before the user has points: two small clusters to edit."""
    labels = np.arange(samples) % 2
    centres = np.where(labels[:, None] == 0, -0.5, 0.5) * np.ones((samples, 2))
    return _jitter(centres, 0.25 + noise, rng), labels.astype(np.int64)


DATASETS.register(DatasetInfo("spiral", "Two spirals", "双螺旋", "binary", 2, 2, 0.05, _spiral))
DATASETS.register(DatasetInfo("moons", "Two moons", "双月牙", "binary", 2, 2, 0.1, _moons))
DATASETS.register(DatasetInfo("circles", "Concentric circles", "同心圆", "binary", 2, 2, 0.08, _circles))
DATASETS.register(DatasetInfo("xor", "XOR quadrants", "异或（XOR）象限", "binary", 2, 2, 0.05, _xor))
DATASETS.register(DatasetInfo("gaussians", "Gaussian blobs", "高斯簇", "multiclass", 2, 4, 0.3, _gaussians,
                              variable_classes=True))
DATASETS.register(DatasetInfo("sine", "Sine regression", "正弦回归", "regression", 1, 0, 0.1, _sine))
DATASETS.register(DatasetInfo("digits", "Handwritten digits 8×8", "手写数字 8×8", "multiclass", 64, 10, 0.0,
                              _digits, default_samples=1797, max_noise=0.5))
DATASETS.register(DatasetInfo(CUSTOM_KEY, "Your own points", "自己的数据点", "binary", 2, 2, 0.0, _starter_points))


def check_points(points: Sequence[Sequence[float]], kind: str,
                 complete: bool = True) -> tuple[tuple[float, ...], ...]:
    """The user's rows (inputs, then label or target) as float tuples; raises ValueError naming the
    first problem (too many rows, unequal rows, a non-finite value, a bad label and, when `complete`
    (enough to train on), too few rows or a single class)."""
    if kind not in POINT_KINDS:
        raise ValueError(f"points_kind must be one of: {', '.join(POINT_KINDS)} (got '{kind}')")
    rows = tuple(tuple(float(v) for v in row) for row in points)
    if len(rows) > MAX_POINTS or complete and len(rows) < MIN_POINTS:
        raise ValueError(f"points: between {MIN_POINTS} and {MAX_POINTS} points (got {len(rows)})")
    if not rows:
        return rows
    width = len(rows[0])
    if not 2 <= width <= MAX_POINT_INPUTS + 1:
        raise ValueError(f"points: each point needs 1 to {MAX_POINT_INPUTS} inputs and a label or target")
    for index, row in enumerate(rows):
        if len(row) != width:
            raise ValueError(f"points: point {index + 1} has {len(row)} values, the first has {width}")
        if not all(math.isfinite(v) for v in row):
            raise ValueError(f"points: point {index + 1} holds a value that is not a finite number")
        if kind == "label" and (row[-1] != int(row[-1]) or not 0 <= row[-1] < MAX_POINT_CLASSES):
            raise ValueError(f"points: point {index + 1}: a label is a class 0 to {MAX_POINT_CLASSES - 1}")
    if complete and kind == "label" and len({row[-1] for row in rows}) < 2:
        raise ValueError("points: give points of at least two classes")
    return rows


def points_info(points: Sequence[Sequence[float]], kind: str) -> DatasetInfo:
    """The custom data set's entry for these (checked) points: task, inputs and classes."""
    inputs = len(points[0]) - 1
    base = DATASETS.get(CUSTOM_KEY)
    if kind == "target":
        return replace(base, task="regression", input_dim=inputs, classes=0)
    classes = int(max(row[-1] for row in points)) + 1
    return replace(base, task="binary" if classes == 2 else "multiclass", input_dim=inputs, classes=classes)


def make_dataset(key: str, samples: int | None = None, noise: float | None = None, seed: int = 0,
                 validation: float = VALIDATION.default, classes: int | None = None,
                 points: Sequence[Sequence[float]] = (), points_kind: str = "label") -> Dataset:
    """Generates data set `key` and splits it; raises UnknownKeyError or ValueError (out of range).
    The custom data set takes the user's `points` (each row its inputs, then its label or target)
    when there are any."""
    info = DATASETS.get(key)
    if key == CUSTOM_KEY and points:
        rows = np.array(check_points(points, points_kind), dtype=np.float64)
        info = points_info(rows, points_kind)
        fraction = VALIDATION.check(validation)
        x = rows[:, :-1].astype(np.float32)
        y = rows[:, -1].astype(np.float32 if points_kind == "target" else np.int64)
        if points_kind == "target":
            y = y.reshape(-1, 1)
        order = np.random.default_rng(seed).permutation(len(x))
        n_val = max(1, int(round(fraction * len(x))))
        val, train = order[:n_val], order[n_val:]
        return Dataset(info, x[train], y[train], x[val], y[val], info.classes, seed, 0.0)
    n = SAMPLES.check(info.default_samples if samples is None else samples)
    if info.key == "digits":
        n = min(n, len(load_digits()[1]))
    level = info.noise_param.check(info.default_noise if noise is None else noise)
    fraction = VALIDATION.check(validation)
    k = CLASSES.check(info.classes if classes is None else classes) if info.variable_classes else info.classes
    rng = np.random.default_rng(seed)
    x, y = info.generate(n, level, k, rng)
    order = rng.permutation(len(x))
    n_val = max(1, int(round(fraction * len(x))))
    val, train = order[:n_val], order[n_val:]
    return Dataset(info, x[train], y[train], x[val], y[val], k, seed, level)
