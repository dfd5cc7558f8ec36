"""A checkerboard data set, registered by a function the entry point names."""

import numpy as np

from actgui.core.datasets import DATASETS, DatasetInfo


def checkerboard(samples: int, noise: float, classes: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Points in [-1, 1]², labelled by the colour of their square on a 3×3 board."""
    points = rng.uniform(-1, 1, (samples, 2))
    cells = np.floor((points + 1) * 1.5).clip(0, 2).astype(np.int64)
    labels = (cells[:, 0] + cells[:, 1]) % 2
    return (points + noise * rng.standard_normal(points.shape)).astype(np.float32), labels


def register_datasets() -> None:
    DATASETS.register(DatasetInfo("checkerboard", "Checkerboard 3×3", "3×3 棋盘格", "binary", 2, 2, 0.02, checkerboard))
