"""Image data sets for the CNN: the shipped 8×8 digits, Fashion-MNIST and any folder of MNIST-format
IDX files (MNIST, KMNIST, EMNIST …).

Images come as float32 arrays (N, channels, height, width) scaled to [0, 1]; `ImageDataset.flat`
gives the (N, channels·height·width) rows an MLP takes. A training subset (default 10 000 images,
drawn by the seed) keeps CPU runs live; asking for more than a set holds gives all of it. Sets that
ship a test split validate on (a subset of) it, the others hold out a fraction of their images.

Fashion-MNIST (Xiao, Rasul & Vollgraf 2017, MIT licence) comes from Debian's dataset-fashion-mnist
package; where it is not installed the set reports why (`unavailable`) instead of loading.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from actgui.core.datasets import DATASETS, VALIDATION, load_digits
from actgui.core.files import format_size
from actgui.core.idx import IdxError, Progress, read_images_and_labels
from actgui.core.registry import Param, Registry

FASHION_MNIST_DIR = Path("/usr/share/datasets/fashion-mnist")
TRAIN_SAMPLES = Param("train_samples", 10_000, 100, 10_000_000, "training images (subset)",
                      "训练图像数（子集）", 1000, integer=True)
VAL_SAMPLES = Param("val_samples", 2000, 50, 10_000_000, "validation images (subset)",
                    "验证图像数（子集）", 500, integer=True)

FASHION_CLASSES_EN = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
                      "Bag", "Ankle boot")
FASHION_CLASSES_ZH = ("T恤/上衣", "裤子", "套头衫", "连衣裙", "外套", "凉鞋", "衬衫", "运动鞋", "包", "短靴")
DIGIT_CLASSES = tuple(str(d) for d in range(10))


@dataclass(frozen=True)
class ImageSource:
    """A set's raw images (N, H, W) of integers 0..`max_value`, labels 0..classes-1, and an optional
    separate test split."""

    train_images: np.ndarray
    train_labels: np.ndarray
    test_images: np.ndarray | None
    test_labels: np.ndarray | None
    max_value: int


@dataclass(frozen=True)
class ImageDatasetInfo:
    """One image data set: names, image shape (channels, height, width), class names and loader.

    `unavailable()` says why the set cannot be loaded here (None when it can); `load()` returns
    its ImageSource and raises IdxError for bad files.
    """

    key: str
    name_en: str
    name_zh: str
    shape: tuple[int, int, int]
    class_names_en: tuple[str, ...]
    class_names_zh: tuple[str, ...]
    load: Callable[[], ImageSource]
    unavailable: Callable[[], str | None] = lambda: None
    kind: str = "images"
    task: str = "multiclass"

    @property
    def classes(self) -> int:
        return len(self.class_names_en)

    @property
    def input_dim(self) -> int:
        """Values per image: what an MLP takes after flattening."""
        channels, height, width = self.shape
        return channels * height * width


@dataclass
class ImageDataset:
    """Images split into training and validation parts: float32 (N, C, H, W) in [0, 1], int64 labels."""

    info: ImageDatasetInfo
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    seed: int

    @property
    def kind(self) -> str:
        return self.info.kind

    @property
    def task(self) -> str:
        return self.info.task

    @property
    def classes(self) -> int:
        return self.info.classes

    @property
    def shape(self) -> tuple[int, int, int]:
        return self.info.shape

    @property
    def input_dim(self) -> int:
        return self.info.input_dim

    @staticmethod
    def flat(images: np.ndarray) -> np.ndarray:
        """(N, C, H, W) images as (N, C·H·W) rows (a view), as an MLP takes them."""
        return images.reshape(len(images), -1)


IMAGE_DATASETS: Registry[ImageDatasetInfo] = Registry("image data set")


def _load_digit_images() -> ImageSource:
    images, labels = load_digits()
    return ImageSource(images, labels.astype(np.int64), None, None, 16)


FASHION_FILES = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                 "t10k-labels-idx1-ubyte.gz")


def _fashion_unavailable() -> str | None:
    missing = [name for name in FASHION_FILES if not (FASHION_MNIST_DIR / name).is_file()]
    if missing:
        return (f"Fashion-MNIST is not installed ({FASHION_MNIST_DIR} lacks {', '.join(missing)}); "
                "install Debian's dataset-fashion-mnist package (scripts/setup.sh does)")
    return None


@cache
def _load_fashion() -> ImageSource:
    reason = _fashion_unavailable()
    if reason is not None:
        raise FileNotFoundError(reason)
    train = read_images_and_labels(*(FASHION_MNIST_DIR / name for name in FASHION_FILES[:2]))
    test = read_images_and_labels(*(FASHION_MNIST_DIR / name for name in FASHION_FILES[2:]))
    return ImageSource(*train, *test, 255)


IMAGE_DATASETS.register(ImageDatasetInfo("digits", "Handwritten digits 8×8", "手写数字 8×8", (1, 8, 8),
                                         DIGIT_CLASSES, DIGIT_CLASSES, _load_digit_images))
IMAGE_DATASETS.register(ImageDatasetInfo("fashion_mnist", "Fashion-MNIST 28×28", "Fashion-MNIST 服饰 28×28",
                                         (1, 28, 28), FASHION_CLASSES_EN, FASHION_CLASSES_ZH, _load_fashion,
                                         _fashion_unavailable))


# -- a folder of IDX files ------------------------------------------------------------------------
_IMAGES = re.compile(r"images?[-_.]idx3", re.IGNORECASE)
_LABELS = re.compile(r"labels?[-_.]idx1", re.IGNORECASE)
_TEST = re.compile(r"(t10k|test)", re.IGNORECASE)


def find_idx_files(directory: str | Path) -> tuple[Path, Path, Path | None, Path | None]:
    """(train images, train labels, test images, test labels) in `directory`, by the MNIST naming
    (`train-images-idx3-ubyte[.gz]`, `t10k-…`/`…-test-…` for the test split; prefixes such as
    `emnist-digits-` allowed). Raises IdxError when the folder has no image/label pair, or several."""
    folder = Path(directory)
    if not folder.is_dir():
        raise IdxError(folder, "not a folder")
    files = sorted(p for p in folder.iterdir() if p.is_file())
    found: dict[tuple[bool, bool], list[Path]] = {}
    for path in files:
        for is_images, pattern in ((True, _IMAGES), (False, _LABELS)):
            if pattern.search(path.name):
                found.setdefault((is_images, bool(_TEST.search(path.name))), []).append(path)
    for (is_images, is_test), paths in found.items():
        if len(paths) > 1:
            kind = "image" if is_images else "label"
            split = "test" if is_test else "training"
            raise IdxError(folder, f"several {split} {kind} files ({', '.join(p.name for p in paths)}); "
                                   "keep one set per folder")
    train_images, train_labels = found.get((True, False)), found.get((False, False))
    test_images, test_labels = found.get((True, True)), found.get((False, True))
    if not (train_images and train_labels) and test_images and test_labels:  # only one split: use it
        train_images, train_labels, test_images, test_labels = test_images, test_labels, None, None
    if not (train_images and train_labels):
        raise IdxError(folder, "no IDX image/label pair found (expected names such as "
                               "train-images-idx3-ubyte.gz and train-labels-idx1-ubyte.gz)")
    if bool(test_images) != bool(test_labels):
        have = (test_images or test_labels)[0].name  # type: ignore[index]
        raise IdxError(folder, f"{have} has no matching {'label' if test_images else 'image'} file")
    return (train_images[0], train_labels[0], test_images[0] if test_images else None,
            test_labels[0] if test_labels else None)


#: The largest image side an IDX folder may have (an MLP's first layer grows with the pixels).
MAX_IMAGE_SIDE = 256
#: The most memory a run's images may take as float32 (training and validation subsets together).
MAX_DATASET_BYTES = 1 << 30
#: The fewest images a run trains on and validates on.
MIN_TRAIN_IMAGES, MIN_VALIDATION_IMAGES = 2, 1


def open_idx_folder(directory: str | Path, progress: Progress | None = None) -> ImageDatasetInfo:
    """An image data set (not registered) from the IDX files in `directory`, read and checked now.

    `progress(bytes_done, bytes_of_this_file)` is called as the files are read (returning False
    cancels: ReadCancelled), so a large folder can be read off the GUI thread with a Cancel button.
    Raises IdxError naming the file and the problem (missing, truncated, mismatched, images too
    large, too few images or classes, …)."""
    folder = Path(directory)
    train_images, train_labels, test_images, test_labels = find_idx_files(folder)
    train = read_images_and_labels(train_images, train_labels, progress, MAX_IMAGE_SIDE)
    height, width = train[0].shape[1:]
    test = (read_images_and_labels(test_images, test_labels, progress, MAX_IMAGE_SIDE) if test_images and test_labels
            else (None, None))
    if test[0] is not None and test[0].shape[1:] != train[0].shape[1:]:
        raise IdxError(test_images, f"images are {'×'.join(map(str, test[0].shape[1:]))}, the training images "  # type: ignore[arg-type]
                                    f"{'×'.join(map(str, train[0].shape[1:]))}")
    check_split_sizes(train_images, train[1], test[1])
    labels = np.concatenate([train[1]] + ([test[1]] if test[1] is not None else []))
    names = tuple(str(c) for c in range(int(labels.max()) + 1))
    source = ImageSource(*train, *test, 255)
    return ImageDatasetInfo(f"idx:{folder}", folder.name, folder.name, (1, height, width), names, names,
                            lambda: source)


def check_split_sizes(path: Path, train_labels: np.ndarray, test_labels: np.ndarray | None) -> None:
    """Raises IdxError when the images cannot make a training and a validation split with at least
    two classes to tell apart."""
    held_out = 0 if test_labels is not None else 1  # without a test split, one image at least is held out
    count = len(train_labels) - held_out
    if count < MIN_TRAIN_IMAGES or (test_labels is not None and len(test_labels) < MIN_VALIDATION_IMAGES):
        raise IdxError(path, f"holds {len(train_labels)} image(s); training needs at least {MIN_TRAIN_IMAGES} "
                             f"and validation {MIN_VALIDATION_IMAGES} besides")
    if np.count_nonzero(np.bincount(train_labels)) < 2:  # a bincount is quick and short (no sort)
        raise IdxError(path, f"every image has the label {int(train_labels[0])}; training needs at least two classes")


# -- the data sets training offers ----------------------------------------------------------------
#: The data set value that stands for a folder of IDX files the user opened (`data_dir` names it).
IDX_FOLDER = "idx_folder"


def training_dataset_keys() -> list[str]:
    """The data sets the Training panel and `actgui train` offer: the 2-D sets, the regression and the
    digits of actgui.core.datasets, then the image sets not among them (e.g. fashion_mnist)."""
    return [*DATASETS.keys(), *(info.key for info in IMAGE_DATASETS if info.key not in DATASETS)]


def image_dataset_info(key: str, data_dir: str = "") -> ImageDatasetInfo:
    """The image set `key`, or the IDX folder `data_dir` for IDX_FOLDER (read and checked now: raises
    IdxError); raises UnknownKeyError for a key that names no image set."""
    if key == IDX_FOLDER:
        if not data_dir:
            raise ValueError("dataset: an IDX folder needs a data folder (File → Open data set…, --data DIR)")
        return open_idx_folder(data_dir)
    return IMAGE_DATASETS.get(key)


# -- subsets and splits ---------------------------------------------------------------------------
def _subset(count: int, wanted: int, rng: np.random.Generator) -> np.ndarray:
    return np.sort(rng.permutation(count)[:min(wanted, count)])


def _scaled(images: np.ndarray, max_value: int) -> np.ndarray:
    return (images.astype(np.float32) / np.float32(max_value))[:, None, :, :]


def make_image_dataset(info: ImageDatasetInfo | str, train_samples: int | None = None,
                       val_samples: int | None = None, seed: int = 0,
                       validation: float = VALIDATION.default) -> ImageDataset:
    """Loads image set `info` (or its key) and draws the training and validation subsets by `seed`.

    Sets without a test split hold out `validation` of their images first. Raises UnknownKeyError,
    ValueError (a subset size out of range), FileNotFoundError (set not installed) or IdxError.
    """
    info = IMAGE_DATASETS.get(info) if isinstance(info, str) else info
    n_train = int(TRAIN_SAMPLES.check(TRAIN_SAMPLES.default if train_samples is None else train_samples))
    n_val = int(VAL_SAMPLES.check(VAL_SAMPLES.default if val_samples is None else val_samples))
    fraction = VALIDATION.check(validation)
    reason = info.unavailable()
    if reason is not None:
        raise FileNotFoundError(reason)
    source = info.load()
    rng = np.random.default_rng(seed)
    if source.test_images is None:
        order = rng.permutation(len(source.train_labels))
        held = max(1, int(round(fraction * len(order))))
        val_pool, train_pool = np.sort(order[:held]), np.sort(order[held:])
        train_x, train_y = source.train_images[train_pool], source.train_labels[train_pool]
        val_x, val_y = source.train_images[val_pool], source.train_labels[val_pool]
    else:
        train_x, train_y = source.train_images, source.train_labels
        val_x, val_y = source.test_images, source.test_labels
    chosen_train = _subset(len(train_y), n_train, rng)
    chosen_val = _subset(len(val_y), n_val, rng)
    if len(chosen_train) < MIN_TRAIN_IMAGES or len(chosen_val) < MIN_VALIDATION_IMAGES:
        raise ValueError(f"{info.name_en}: {len(chosen_train)} training and {len(chosen_val)} validation image(s); "
                         f"a run needs at least {MIN_TRAIN_IMAGES} and {MIN_VALIDATION_IMAGES} (lower the "
                         "validation share or add images)")
    footprint = (len(chosen_train) + len(chosen_val)) * int(np.prod(train_x.shape[1:])) * 4
    if footprint > MAX_DATASET_BYTES:
        raise ValueError(f"{info.name_en}: {len(chosen_train) + len(chosen_val)} images of "
                         f"{'×'.join(map(str, train_x.shape[1:]))} take {format_size(footprint)} as float32, over the "
                         f"{format_size(MAX_DATASET_BYTES)} allowed; train on fewer images (--train-samples)")
    return ImageDataset(info, _scaled(train_x[chosen_train], source.max_value), train_y[chosen_train].astype(np.int64),
                        _scaled(val_x[chosen_val], source.max_value), val_y[chosen_val].astype(np.int64), seed)
