"""One registry of the training figures: each entry names a figure class, its title, the kinds of
data it applies to ("points": 1-D/2-D data sets and the digits' MLP; "images": an image data set),
how it draws a `TrainingScene`, the Training panel's tab that shows it and whether a recorded run
can be replayed onto it. The panel's tabs and exports, File → Export, the animations and their
dialog, `actgui train --view` and the tests walk `TRAINING_FIGURES`; a new figure is one
`register(...)` (by default it joins the per-layer tab)."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from actgui.core.training.history import RunHistory
from actgui.core.training.records import GRID_IMAGES
from actgui.qt.base.figure import Figure
from actgui.qt.base.i18n import current_language
from actgui.qt.base.theme import Theme
from actgui.qt.figures import images, network, training

POINTS, IMAGES = "points", "images"
DATA_KINDS = (POINTS, IMAGES)
#: The Training panel's tabs a figure is shown in: the overview (data, network, loss), the per-layer
#: views, the image views, or a tab of its own.
OVERVIEW, LAYERS, IMAGE_VIEWS, OWN_TAB = "overview", "layers", "image_views", "own_tab"
TABS = (OVERVIEW, LAYERS, IMAGE_VIEWS, OWN_TAB)


def always(_run: RunHistory) -> bool:
    """Every recorded run can be replayed onto a figure drawn from the records' rows alone."""
    return True


def kept_grids(run: RunHistory) -> bool:
    """Whether the run kept its decision boundary over its course (RunHistory.grids)."""
    return len(run.grids) > 1


def kept_histograms(run: RunHistory) -> bool:
    """Whether the run kept its histograms over its course (RunHistory.histogram_snapshots)."""
    return len(run.histogram_snapshots) > 1


@dataclass(frozen=True)
class TrainingScene:
    """What the training figures draw: the shown runs (a comparison's several), the one run the
    per-run views show, and how the curves and the network and image views are drawn."""

    runs: Sequence[RunHistory]
    run: RunHistory | None
    log_y: bool = False
    smoothing: float = 0.6
    x_axis: str = "step"
    network_units: int = 8
    network_first: int = 0
    feature_layer: str = "conv1"
    feature_image: int = 0

    @property
    def class_names(self) -> list[str]:
        info = self.run.info
        return list(info.class_names_zh if current_language().startswith("zh") else info.class_names_en)


@dataclass(frozen=True)
class TrainingFigureKind:
    """A registered training figure: its key (export, file and `--view` names), English and Chinese
    titles, its class, how a scene is drawn on it, the data kinds it applies to, the panel's tab
    that shows it, whether it is redrawn with every record (curves) or with the details a few times
    a second, and `replays(run)`: whether a recorded run can be replayed onto it (None: never,
    e.g. the network view, drawn from the latest details only)."""

    key: str
    title_en: str
    title_zh: str
    figure: type[Figure]
    draw: Callable[[Figure, TrainingScene], None]
    data: tuple[str, ...] = DATA_KINDS
    tab: str = LAYERS
    every_record: bool = False
    replays: Callable[[RunHistory], bool] | None = None

    @property
    def replayable(self) -> bool:
        """Whether animations can replay a run onto it or record it live."""
        return self.replays is not None

    def title(self) -> str:
        """The figure's name in the window's language."""
        return self.title_zh if current_language().startswith("zh") else self.title_en

    def applies_to(self, run: RunHistory | None) -> bool:
        """Whether this figure has something to show for `run`'s kind of data (True before a run)."""
        return run is None or (IMAGES if run.info.image_shape else POINTS) in self.data

    def build(self, theme: Theme, scene: TrainingScene, **options: object) -> Figure:
        """A new figure showing `scene`."""
        figure = self.figure(theme, **options)
        self.draw(figure, scene)
        return figure

    def live_figure(self, theme: Theme) -> Figure:
        """A new, empty figure for the panel, made cheap to redraw where its class offers that."""
        takes_live = "live" in inspect.signature(self.figure).parameters
        return self.figure(theme, live=True) if takes_live else self.figure(theme)


TRAINING_FIGURES: dict[str, TrainingFigureKind] = {}


def register(kind: TrainingFigureKind) -> TrainingFigureKind:
    """Adds `kind` to TRAINING_FIGURES; raises ValueError for a taken key or an unknown tab or data kind."""
    if kind.key in TRAINING_FIGURES:
        raise ValueError(f"a training figure '{kind.key}' is registered already")
    if kind.tab not in TABS or not set(kind.data) <= set(DATA_KINDS):
        raise ValueError(f"training figure '{kind.key}': tab one of {', '.join(TABS)}, data of {', '.join(DATA_KINDS)}")
    TRAINING_FIGURES[kind.key] = kind
    return kind


def _one_run(figure: Figure, scene: TrainingScene) -> None:
    figure.show(scene.run)


def _image_payload(scene: TrainingScene) -> tuple | None:
    run = scene.run
    if run is None or run.images is None or run.info.val_labels is None:
        return None
    return run.info, run.images, scene.class_names, run.images.predictions.astype(int)


def draw_image_grid(figure: images.ImageGridFigure, scene: TrainingScene) -> None:
    payload = _image_payload(scene)
    if payload is not None:
        info, _, names, predicted = payload
        figure.show(info.grid_images, info.val_labels[:GRID_IMAGES], predicted[:GRID_IMAGES], names)


def draw_confusion(figure: images.ConfusionMatrixFigure, scene: TrainingScene) -> None:
    payload = _image_payload(scene)
    if payload is not None:
        info, _, names, predicted = payload
        figure.show(info.val_labels, predicted, names)


def draw_filters(figure: images.FilterFigure, scene: TrainingScene) -> None:
    payload = _image_payload(scene)
    if payload is not None and payload[1].filters is not None:
        figure.show(payload[1].filters)


def draw_feature_maps(figure: images.FeatureMapFigure, scene: TrainingScene) -> None:
    payload = _image_payload(scene)
    if payload is None or not payload[1].feature_maps:
        return
    info, record, names, predicted = payload
    layers = ("conv1", "conv2")
    layer = layers.index(scene.feature_layer) if scene.feature_layer in layers else 0
    maps = record.feature_maps[min(layer, len(record.feature_maps) - 1)]
    index = min(scene.feature_image, len(maps) - 1)
    caption = QCoreApplication.translate("TrainingPanel", "image {index}: {predicted} ({true})").format(
        index=index, predicted=names[predicted[index]], true=names[int(info.val_labels[index])])
    figure.show(info.grid_images[index], maps[index].astype("float32"), scene.feature_layer, caption)


register(TrainingFigureKind("loss", "loss", "损失", training.LossFigure,
                            lambda f, s: f.show(s.runs, s.log_y, s.smoothing, s.x_axis), tab=OVERVIEW,
                            every_record=True, replays=always))
register(TrainingFigureKind("accuracy", "accuracy", "准确率", training.AccuracyFigure,
                            lambda f, s: f.show(s.runs, s.x_axis), tab=OVERVIEW, every_record=True, replays=always))
register(TrainingFigureKind("boundary", "decision boundary", "决策边界", training.BoundaryFigure, _one_run,
                            (POINTS,), tab=OVERVIEW, replays=kept_grids))
register(TrainingFigureKind("network", "network", "网络", network.NetworkFigure,
                            lambda f, s: f.show(s.run, s.network_units, s.network_first), (POINTS,), tab=OVERVIEW))
register(TrainingFigureKind("gradients", "gradient norms", "梯度范数", training.GradientFigure, _one_run,
                            every_record=True, replays=always))
register(TrainingFigureKind("update_ratio", "update-to-data ratio", "更新/参数比", training.UpdateRatioFigure,
                            _one_run, every_record=True, replays=always))
register(TrainingFigureKind("health", "dead / saturated units", "死亡/饱和单元", training.HealthFigure, _one_run,
                            replays=always))
register(TrainingFigureKind("histograms", "histograms", "直方图", training.HistogramFigure, _one_run,
                            replays=kept_histograms))
register(TrainingFigureKind("distributions", "activation distributions", "激活分布",
                            training.ActivationDistributionFigure, _one_run, every_record=True, replays=always))
register(TrainingFigureKind("image_grid", "validation images", "验证图像", images.ImageGridFigure, draw_image_grid,
                            (IMAGES,), tab=IMAGE_VIEWS))
register(TrainingFigureKind("confusion", "confusion matrix", "混淆矩阵", images.ConfusionMatrixFigure, draw_confusion,
                            (IMAGES,), tab=IMAGE_VIEWS))
register(TrainingFigureKind("filters", "conv1 filters", "conv1 卷积核", images.FilterFigure, draw_filters, (IMAGES,),
                            tab=IMAGE_VIEWS))
register(TrainingFigureKind("feature_maps", "feature maps", "特征图", images.FeatureMapFigure, draw_feature_maps,
                            (IMAGES,), tab=IMAGE_VIEWS))
register(TrainingFigureKind("shootout", "shoot-out per epoch", "每轮对比", images.ShootoutFigure,
                            lambda f, s: f.show(images.shootout_series(s.runs)), (IMAGES,), tab=OWN_TAB))
