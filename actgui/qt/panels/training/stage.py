"""The Training panel's stage: the live figures in tabs. The first tab is one screen as a lecture
needs it — the data with the network's output (decision boundary or fitted curve), the network with
its live node heat maps, and the loss and accuracy curves; the others hold the per-layer views, the
image views, the shoot-out per epoch, the compared runs and the results table. A view with nothing
to show for this kind of data says so in words."""

from __future__ import annotations

import copy
import time
from collections.abc import Sequence

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from actgui.core.datasets import CUSTOM_KEY, DATASETS, make_dataset
from actgui.core.training.history import RunHistory
from actgui.core.training.records import FEATURE_IMAGES
from actgui.qt.base.figure import Figure
from actgui.qt.base.theme import Theme
from actgui.qt.base.widgets import FigureGrid
from actgui.qt.figures.training_views import IMAGE_VIEWS, LAYERS, OVERVIEW, TRAINING_FIGURES, TrainingScene
from actgui.qt.panels.training.comparison import ResultsView, SmallMultiples
from actgui.qt.panels.training.widgets import button, combo, translate
from actgui.state.training import FEATURE_LAYERS, TrainingState

#: The per-layer tab's plots in up to LAYERS_COLUMNS columns (two at least) while each keeps this
#: many lines of text in width…
LAYERS_CELL_FONTS = 14
LAYERS_COLUMNS = 3
#: …and at least this many lines high (the tab scrolls where the rows do not fit).
LAYERS_CELL_FONTS_HIGH = 12
#: Share of one core the live plots may use; above it they redraw less often (30 down to 4 times a second).
GUI_BUDGET = 0.65
MAX_REFRESH_HZ, MIN_REFRESH_HZ = 30.0, 4.0
#: How much of a faded "before" run's colour is its own (the rest is grey).
FADED_SHARE = 0.35
FADED_GREY = QColor("#9a9a9a")


def faded(runs: Sequence[RunHistory]) -> list[RunHistory]:
    """Copies of `runs` drawn as "before": greyed colours, labels marked."""
    shown = []
    for run in runs:
        view = copy.copy(run)
        own = QColor(run.color or "#808080")
        mixed = QColor.fromRgbF(
            *(
                FADED_SHARE * a + (1 - FADED_SHARE) * b
                for a, b in zip(own.getRgbF()[:3], FADED_GREY.getRgbF()[:3], strict=True)
            )
        )
        view.color = mixed.name()
        view.label = translate("TrainingPanel", "before: {label}").format(label=run.label)
        shown.append(view)
    return shown


class RefreshPacer:
    """Keeps the GUI thread's share of a core near GUI_BUDGET by redrawing less (or more) often, so on
    a slow machine the plots never starve the training process or the rest of the GUI."""

    def __init__(self) -> None:
        self.interval = 1.0 / MAX_REFRESH_HZ
        self.restart()

    def restart(self) -> None:
        """Time spent paused or idle says nothing about the load: measure afresh from now."""
        self._mark = (time.monotonic(), time.thread_time())

    def measure(self) -> float | None:
        """The new least time between two redraws, or None while it stays as it is."""
        now, cpu = time.monotonic(), time.thread_time()
        wall = now - self._mark[0]
        if wall < 1.0:
            return None
        load = (cpu - self._mark[1]) / wall
        self._mark = (now, cpu)
        if wall > 3.0:  # records stopped for a while (paused, idle): that window says nothing
            return None
        interval = self.interval
        if load > GUI_BUDGET:
            interval = min(1.0 / MIN_REFRESH_HZ, interval * load / GUI_BUDGET)
        elif load < 0.6 * GUI_BUDGET:
            interval = max(1.0 / MAX_REFRESH_HZ, interval * 0.75)
        if interval == self.interval:
            return None
        self.interval = interval
        return interval


class TrainingStage(QTabWidget):
    """The live figures, in tabs; `figures` maps every figure's name to it."""

    def __init__(self, theme: Theme, panel: object) -> None:
        super().__init__()
        self.setObjectName("training.views")
        self.settings: TrainingState = panel.settings
        self.figures: dict[str, Figure] = {key: kind.live_figure(theme) for key, kind in TRAINING_FIGURES.items()}
        figures = self.figures
        self.loss_figure, self.accuracy_figure = figures["loss"], figures["accuracy"]
        self.boundary_figure, self.network_figure = figures["boundary"], figures["network"]
        self.image_grid_figure, self.confusion_figure = figures["image_grid"], figures["confusion"]
        self.filter_figure, self.feature_figure = figures["filters"], figures["feature_maps"]
        self.shootout_figure = figures["shootout"]
        self.stage_page = self._build_stage()
        self.addTab(self.stage_page, "")
        layers = FigureGrid(
            [self.figures[key].widget for key in self.keys(LAYERS)],
            columns=LAYERS_COLUMNS,
            cell_fonts=LAYERS_CELL_FONTS,
            cell_fonts_high=LAYERS_CELL_FONTS_HIGH,
        )
        layers.setObjectName("training.curves")
        self.addTab(layers.scrolling(), "")
        self.images_page = self._build_image_views()
        self.addTab(self.images_page, "")
        self.addTab(self.shootout_figure.widget, "")
        self.small_multiples = SmallMultiples(theme)
        self.results_view = ResultsView()
        self.export_results_button = button("export_results", panel.exports.ask_export_results)
        self.results_view.layout().addWidget(self.export_results_button)
        self.addTab(self.small_multiples, "")
        self.addTab(self.results_view, "")

    def _build_stage(self) -> QWidget:
        """Data and output, the network, loss and accuracy: one screen; a comparison's run to show above."""
        page = QWidget()
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4)
        chooser = QHBoxLayout()
        self.shown_run_label = QLabel()
        self.shown_run_combo = combo("shown_run", length=14)
        chooser.addWidget(self.shown_run_label)
        chooser.addWidget(self.shown_run_combo)
        chooser.addStretch(1)
        self.shown_run_row = QWidget()
        self.shown_run_row.setLayout(chooser)
        chooser.setContentsMargins(0, 0, 0, 0)
        self.shown_run_row.setVisible(False)
        grid.addWidget(self.shown_run_row, 0, 0, 1, 3)
        grid.addWidget(self.boundary_figure.widget, 1, 0, 2, 1)
        grid.addWidget(self.network_figure.widget, 1, 1, 2, 1)
        grid.addWidget(self.loss_figure.widget, 1, 2)
        grid.addWidget(self.accuracy_figure.widget, 2, 2)
        for figure in (self.boundary_figure, self.network_figure, self.loss_figure, self.accuracy_figure):
            figure.widget.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Ignored)
            figure.widget.setMinimumSize(160, 120)
        for column, stretch in enumerate((3, 5, 4)):  # the network's columns need the width
            grid.setColumnStretch(column, stretch)
        grid.setRowStretch(1, 5)  # the loss's legend (four entries) keeps its curves in view
        grid.setRowStretch(2, 4)
        return page

    def _build_image_views(self) -> QStackedWidget:
        """The image data sets' views (validation images with predictions, the confusion matrix, conv1's
        filters, a chosen image's feature maps), or words saying they need an image data set."""
        area = QWidget()
        grid = QGridLayout(area)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4)
        grid.addWidget(self.image_grid_figure.widget, 0, 0, 1, 2)
        grid.addWidget(self.confusion_figure.widget, 0, 2)
        grid.addWidget(self.filter_figure.widget, 1, 0)
        feature_area = QWidget()
        feature_column = QVBoxLayout(feature_area)
        feature_column.setContentsMargins(0, 0, 0, 0)
        choices = QHBoxLayout()
        self.feature_image_label = QLabel()
        self.feature_image_label.setWordWrap(True)
        self.feature_image_spin = QSpinBox()
        self.feature_image_spin.setObjectName("training.feature_image")
        self.feature_image_spin.setRange(0, FEATURE_IMAGES - 1)
        self.feature_layer_combo = combo("feature_layer", FEATURE_LAYERS, length=5)
        for index, layer in enumerate(FEATURE_LAYERS):
            self.feature_layer_combo.setItemText(index, layer)
        for widget in (self.feature_image_label, self.feature_image_spin, self.feature_layer_combo):
            choices.addWidget(widget)
        choices.addStretch(1)
        feature_column.addLayout(choices)
        feature_column.addWidget(self.feature_figure.widget, 1)
        grid.addWidget(feature_area, 1, 1, 1, 2)
        for figure in (self.image_grid_figure, self.confusion_figure, self.filter_figure, self.feature_figure):
            figure.widget.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Expanding)
            figure.widget.setMinimumSize(160, 160)
        for column, stretch in enumerate((2, 2, 3)):  # the confusion matrix's axis names need room
            grid.setColumnStretch(column, stretch)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 1)
        self.images_note = QLabel()
        self.images_note.setObjectName("training.images_note")
        self.images_note.setWordWrap(True)
        stack = QStackedWidget()
        stack.addWidget(self.images_note)
        stack.addWidget(area)
        self.images_area = area
        return stack

    def retranslate(self) -> None:
        texts = [
            translate("TrainingPanel", "Overview"),
            translate("TrainingPanel", "Layers"),
            translate("TrainingPanel", "Images"),
            translate("TrainingPanel", "Shoot-out per epoch"),
            translate("TrainingPanel", "Compared runs"),
            translate("TrainingPanel", "Results"),
        ]
        for index, text in enumerate(texts):
            self.setTabText(index, text)
        self.feature_image_label.setText(translate("TrainingPanel", "Validation image"))
        self.shown_run_label.setText(translate("TrainingPanel", "Run shown in the network and per-layer views"))
        self.images_note.setText(
            translate(
                "TrainingPanel",
                "The image views show a run on an image data set (the 8×8 digits, Fashion-MNIST or an IDX "
                "folder): choose one as the data set. This data set's points and the network's output are on "
                "the first tab.",
            )
        )
        self.export_results_button.setText(translate("TrainingPanel", "Export results CSV…"))
        self.small_multiples.retranslate()
        self.results_view.retranslate()
        for figure in self.figures.values():
            figure.retranslate()

    def set_theme(self, theme: Theme) -> None:
        self.small_multiples.set_theme(theme)

    def preview(self, settings: TrainingState) -> None:
        """Draws the chosen data set's validation points before a run (numpy only, a millisecond)."""
        if settings.dataset not in DATASETS or settings.dataset == CUSTOM_KEY:
            return  # image data sets have no plane to show; own points are drawn as they are edited
        try:
            data = make_dataset(
                settings.dataset, settings.samples, settings.noise, settings.seed, settings.validation, settings.classes
            )
        except (ValueError, KeyError):
            return
        if data.input_dim in (1, 2):
            low, high = data.bounds()
            extent = tuple(float(v) for pair in zip(low, high, strict=True) for v in pair)
            self.boundary_figure.preview(data.x_val, data.y_val.reshape(len(data.y_val)), extent)
        else:
            self.boundary_figure.preview(data.x_val[:, :0], data.y_val[:0], ())

    # -- drawing -------------------------------------------------------------------------------
    def show_runs_to_pick(self, runs: Sequence[RunHistory], picked: int) -> None:
        """A comparison offers which of its runs the network and per-layer views show."""
        combo_box: QComboBox = self.shown_run_combo
        blocked = combo_box.blockSignals(True)
        combo_box.clear()
        for index, run in enumerate(runs):
            seed = run.info.config.get("seed", 0)
            combo_box.addItem(f"{run.label} · seed {seed}", index)
        combo_box.setCurrentIndex(max(0, min(picked, len(runs) - 1)))
        combo_box.blockSignals(blocked)
        self.shown_run_row.setVisible(len(runs) > 1)

    def scene(self, runs: Sequence[RunHistory], run: RunHistory | None) -> TrainingScene:
        """What the figures draw, with the settings of how they draw it."""
        settings = self.settings
        return TrainingScene(
            runs,
            run,
            settings.log_y,
            settings.smoothing,
            settings.x_axis,
            settings.network_units,
            settings.network_first,
            settings.feature_layer,
            settings.feature_image,
        )

    @staticmethod
    def keys(tab: str, every_record: bool | None = None) -> list[str]:
        """The registered figures shown in `tab` (only those redrawn with every record, or only the others)."""
        return [key for key, kind in TRAINING_FIGURES.items()
                if kind.tab == tab and every_record in (None, kind.every_record)]

    def _draw(self, keys: Sequence[str], scene: TrainingScene) -> None:
        for key in keys:
            TRAINING_FIGURES[key].draw(self.figures[key], scene)

    def draw_curves(self, runs: Sequence[RunHistory], before: Sequence[RunHistory], run: RunHistory | None) -> None:
        """The figures that change with every record; the faded "before" runs under the current ones."""
        self._draw(self.keys(OVERVIEW, every_record=True), self.scene([*faded(before), *runs], run))
        if self.currentIndex() == 1:
            self._draw(self.keys(LAYERS, every_record=True), self.scene(runs, run))

    def draw_details(self, run: RunHistory | None, runs: Sequence[RunHistory], preview: bool) -> None:
        """The figures that change with the histograms and grids (a few times a second); the image
        views, or the words saying they need an image data set."""
        scene = self.scene(runs, run)
        if run is not None or not preview:
            self._draw(("boundary",), scene)
        self._draw(("network",), scene)
        if self.currentIndex() == 1:
            self._draw(self.keys(LAYERS), scene)
        if self.currentWidget() is self.small_multiples:
            self.small_multiples.show_runs(runs)
        image_run = run is not None and bool(run.info.image_shape)
        self.images_page.setCurrentWidget(self.images_area if image_run else self.images_note)
        if image_run:
            self._draw(self.keys(IMAGE_VIEWS), scene)
        self._draw(("shootout",), scene)
