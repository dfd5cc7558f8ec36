"""The Training panel: train an MLP live on a toy data set or the 8×8 digits and watch loss,
accuracy, gradient norms, dead/saturated units, the decision boundary and the pre-activation
histograms move; or train the same network with several activations (inits, learning rates) and
seeds in lockstep, curves growing side by side as mean lines with min–max bands, with small
multiples and a results table: the notes' comparison experiment in one click.

Learning rate, momentum, weight decay, clipping and batch size change the running network at once
(marked on the curves); the other settings need a new network, which the panel offers. A speed
control slows training down to a few steps a second (each one drawn) or one step at a time.

Training runs in a child process (`TrainingWorker`); this panel only sends commands and draws.
Each ended run's network is offered on the window's TrainedNetworkLink, so the Landscape panel can
ask the training process for its loss landscape.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from actgui.core.activations import ACTIVATIONS
from actgui.core.cnn import CHANNELS1, CHANNELS2, DENSE
from actgui.core.data_csv import DataFileError, read_points, write_points
from actgui.core.datasets import CLASSES, CUSTOM_KEY, DATASETS, POINT_KINDS, SAMPLES, VALIDATION, make_dataset
from actgui.core.device import available_devices
from actgui.core.files import describe
from actgui.core.idx import IdxError
from actgui.core.image_datasets import (
    IDX_FOLDER,
    IMAGE_DATASETS,
    TRAIN_SAMPLES,
    open_idx_folder,
    training_dataset_keys,
)
from actgui.core.inits import INITS
from actgui.core.model import BINARY_OUTPUTS
from actgui.core.models import MODELS
from actgui.core.network_landscape import LandscapeSettings
from actgui.core.registry import Param
from actgui.core.table import Table
from actgui.core.training.config import (
    BATCH_SIZE,
    CLIP_NORM,
    CLIP_VALUE,
    DEVICES,
    DROPOUT,
    EPOCHS,
    LIVE_PARAMS,
    LR,
    MOMENTUM,
    RECOMMENDED_INIT,
    RECORD_EVERY,
    SEED,
    STEPS,
    TRAINING_OPTIMIZERS,
    WEIGHT_DECAY,
    parse_hidden,
)
from actgui.core.training.experiment import (
    COMPARE_KINDS,
    NOTES_COMPARISON,
    SEEDS,
    PlannedRun,
    compare_plan,
    merge_runs,
    results_table,
    runs_json,
    single_run,
    split_values,
    write_json,
)
from actgui.core.training.history import RunHistory
from actgui.core.training.records import FEATURE_IMAGES, GRID_IMAGES, Record, RunInfo, RunResult
from actgui.qt.base.binding import Adapter, ComboAdapter, LineAdapter, ParamSliders
from actgui.qt.base.export import ExportError, check_writable
from actgui.qt.base.figure import Figure
from actgui.qt.base.i18n import current_language, display_name
from actgui.qt.base.panel import Panel
from actgui.qt.base.theme import Theme
from actgui.qt.base.trained_network import TrainedNetworkLink
from actgui.qt.base.warmup import torch_ready, when_torch_ready
from actgui.qt.base.widgets import FigureGrid, ParamSlider, StatusLabel
from actgui.qt.figures.images import (
    ConfusionMatrixFigure,
    FeatureMapFigure,
    FilterFigure,
    ImageGridFigure,
    ShootoutFigure,
    shootout_series,
)
from actgui.qt.figures.network import NetworkFigure
from actgui.qt.figures.training import (
    AccuracyFigure,
    BoundaryFigure,
    GradientFigure,
    HealthFigure,
    HistogramFigure,
    LossFigure,
)
from actgui.qt.panels.training.comparison import ResultsView, SmallMultiples
from actgui.qt.panels.training.data_editor import FeaturesAdapter, FeatureToggles, PointsAdapter, PointsEditor
from actgui.qt.panels.training.worker import TrainingWorker
from actgui.state.training import FEATURE_LAYERS, SMOOTHING, SPEEDS, X_AXES, TrainingState

#: Rows a live run keeps per metric (older rows are thinned, so memory stays bounded).
HISTORY_ROWS = 4096
#: The curves tab's plots in three columns while each keeps this many lines of text in width, else in two.
CURVES_CELL_FONTS = 14
#: …and at least this many lines high (a legend of three entries beside its curves); the tab scrolls
#: where the rows do not fit (lecture mode on a projector's 720 lines).
CURVES_CELL_FONTS_HIGH = 12
RATE_WINDOW_S = 2.0
#: Share of one core the live plots may use; above it they redraw less often (30 down to 4 times a second).
GUI_BUDGET = 0.65
MAX_REFRESH_HZ, MIN_REFRESH_HZ = 30.0, 4.0
DETAILS_DELAY_MS = 12
#: The one-click shoot-out: the notes' CNN experiment (Adam, clip value 0.5, batch 128) on
#: Fashion-MNIST, or on the digits where the data package is not installed.
SHOOTOUT = {"model": "cnn", "optimizer": "adam", "lr": 0.001, "clip_value": 0.5, "clip_norm": 0.0,
            "batch_size": 128, "weight_decay": 0.0, "epochs": 3, "compare_by": "activation",
            "compare_values": NOTES_COMPARISON, "seeds": 1, "x_axis": "epoch"}
#: Settings that need a new network: changing one during a run offers a restart.
NETWORK_SETTINGS = frozenset({"dataset", "samples", "noise", "classes", "validation", "model", "hidden", "activation",
                              "activation_params", "init", "init_params", "binary_output", "dropout", "batch_norm",
                              "optimizer", "nesterov", "seed", "device", "steps", "record_every", "features",
                              "points", "points_kind", "epochs", "train_samples", "data_dir", "channels1",
                              "channels2", "dense", "clip_value", "bf16"})
#: Settings whose change redraws the data set before a run.
DATA_SETTINGS = frozenset({"dataset", "samples", "noise", "classes", "validation", "seed", "points", "points_kind"})
#: The results table is recomputed at most this often while a comparison runs (seconds).
RESULTS_INTERVAL_S = 0.5
#: What the cures after a divergence set: gradient clipping's max norm, the learning rate's divisor.
CURE_CLIP_NORM, CURE_LR_DIVISOR = 1.0, 10.0


class ChoiceAdapter(Adapter):
    """A combo box whose choice goes through `TrainingState.choose`, so the settings that follow
    from it change with it."""

    def __init__(self, combo: QComboBox, state: TrainingState, name: str) -> None:
        super().__init__(combo)
        self.combo, self.state, self.name = ComboAdapter(combo), state, name

    def read(self) -> Any:
        return self.combo.read()

    def write(self, value: Any) -> None:
        self.combo.write(value)

    def connect(self, edited: Callable[[], None]) -> None:
        self.widget.currentIndexChanged.connect(self._chosen)

    def _chosen(self) -> None:
        value = self.read()
        if value != getattr(self.state, self.name):  # a user's choice, not the binder showing the state
            self.state.choose(self.name, value)


class TrainingPanel(Panel):
    """Live training with controls on the left and six live figures on the right; the settings
    live in a TrainingState bound to the controls."""

    key = "training"
    state_type = TrainingState
    settings: TrainingState

    def __init__(self, theme: Theme, parent: QWidget | None = None, state: TrainingState | None = None) -> None:
        super().__init__(theme, parent, state)
        self.runs: list[RunHistory] = []
        self.current: RunHistory | None = None
        self.run_id: int | None = None
        self.plan: list[PlannedRun] = []
        self._histories: dict[int, RunHistory] = {}
        self._comparing = False
        self._restart_pending = False
        self.trained_network: TrainedNetworkLink | None = None
        self._landscape_request: int | None = None
        self._results_shown = 0.0
        self._paused = False
        self._process_threads: int | None = None
        self._rate_marks: list[tuple[float, int]] = []
        self._details_due = False
        self._images_due = False
        self._shut_down = False
        self.refresh_interval = 1.0 / MAX_REFRESH_HZ
        self._load_mark = (time.monotonic(), time.thread_time())
        self._status_kind = "idle"
        self._status_args: dict[str, object] = {}
        self._build()
        settings = self.settings
        self.activation_sliders = ParamSliders(self.activation_params, settings, "activation_params")
        self.init_sliders = ParamSliders(self.init_params, settings, "init_params")
        # before the binder: ranges, sliders and enabled controls follow a change before its values are shown
        settings.subscribe(self._settings_changed)
        self._settings_changed({"dataset", "optimizer", "activation", "init"})
        self.bind({
            "hidden": LineAdapter(self.hidden_edit, lambda text: list(parse_hidden(text)),
                                  lambda sizes: ",".join(str(n) for n in sizes)),
            "activation_params": self.activation_sliders, "init_params": self.init_sliders,
            "dataset": ChoiceAdapter(self.dataset_combo, settings, "dataset"),
            "optimizer": ChoiceAdapter(self.optimizer_combo, settings, "optimizer"),
            "compare_by": ChoiceAdapter(self.compare_by_combo, settings, "compare_by"),
            "features": FeaturesAdapter(self.features_toggles), "points": PointsAdapter(self.points_editor),
        })
        self.points_editor.openRequested.connect(self._ask_open_points)
        self.points_editor.saveRequested.connect(self._ask_save_points)
        self.boundary_figure.plot.setMenuEnabled(False)
        scene = self.boundary_figure.plot.scene()
        scene.sigMouseClicked.connect(self._boundary_clicked)
        scene.sigMouseMoved.connect(self._boundary_dragged)
        self._show_own_points()
        self.worker = TrainingWorker(self)
        self.worker.ready.connect(self._process_ready)
        self.worker.runStarted.connect(self._run_started)
        self.worker.recordsArrived.connect(self._records_arrived)
        self.worker.runAdjusted.connect(self._run_adjusted)
        self.worker.networkEnded.connect(self._network_ended)
        self.worker.pausedChanged.connect(self._paused_changed)
        self.worker.runFinished.connect(self._run_finished)
        self.worker.runFailed.connect(self._run_failed)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self.retranslate()
        self._update_buttons()
        self._preview_data()
        when_torch_ready(self, self._show_bf16_availability, self._show_device)

    # -- construction ----------------------------------------------------------------------------
    def _spin(self, param: Param, decimals: int = 2) -> QSpinBox | QDoubleSpinBox:
        box = QSpinBox() if param.integer else QDoubleSpinBox()
        if not param.integer:
            box.setDecimals(decimals)
            box.setStepType(QAbstractSpinBox.AdaptiveDecimalStepType)
        box.setRange(param.minimum, param.maximum)
        box.setObjectName(f"training.{param.key}")
        return box

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(f"training.{name}")
        combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)
        return combo

    def _button(self, name: str, slot) -> QPushButton:
        button = QPushButton()
        button.setObjectName(f"training.{name}")
        button.clicked.connect(slot)
        return button

    def _build(self) -> None:
        controls = QWidget()
        controls.setObjectName("training.controls")
        column = QVBoxLayout(controls)
        self.labels: dict[str, QLabel] = {}

        def form(box: QGroupBox, rows: list[tuple[str, QWidget]]) -> QFormLayout:
            layout = QFormLayout(box)
            for key, widget in rows:
                label = QLabel()
                self.labels[key] = label
                layout.addRow(label, widget)
            column.addWidget(box)
            return layout

        # run buttons and status first: they matter most while training
        self.start_button = self._button("start", self.start)
        self.pause_button = self._button("pause", self.toggle_pause)
        self.step_button = self._button("step", self.step_once)
        self.stop_button = self._button("stop", self.stop)
        self.reset_button = self._button("reset", self.reset)
        buttons = QGridLayout()
        buttons.addWidget(self.start_button, 0, 0)
        buttons.addWidget(self.pause_button, 0, 1)
        buttons.addWidget(self.step_button, 0, 2)
        buttons.addWidget(self.stop_button, 1, 0)
        buttons.addWidget(self.reset_button, 1, 1)
        self.speed_combo = self._combo("speed")
        self.speed_combo.setMinimumContentsLength(8)
        for key in SPEEDS:
            self.speed_combo.addItem("", key)
        self.speed_label = QLabel()
        speed_row = QHBoxLayout()
        speed_row.addWidget(self.speed_label)
        speed_row.addWidget(self.speed_combo, 1)
        column.addLayout(buttons)
        column.addLayout(speed_row)
        self.status_label = StatusLabel(lines=4)
        self.status_label.setObjectName("training.status")
        self.status_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        column.addWidget(self.status_label)
        # shown while a run goes and a setting that needs a new network was changed
        self.restart_bar = QWidget()
        restart_layout = QVBoxLayout(self.restart_bar)
        restart_layout.setContentsMargins(0, 0, 0, 0)
        self.restart_note = QLabel()
        self.restart_note.setObjectName("training.restart_note")
        self.restart_note.setWordWrap(True)
        self.restart_button = self._button("restart", self.restart)
        restart_layout.addWidget(self.restart_note)
        restart_layout.addWidget(self.restart_button)
        self.restart_bar.setVisible(False)
        column.addWidget(self.restart_bar)
        # shown after a divergence: one click changes the setting and trains again
        self.cures_bar = QWidget()
        cures = QGridLayout(self.cures_bar)
        cures.setContentsMargins(0, 0, 0, 0)
        self.cure_buttons = {
            "clip": self._button("cure_clip", lambda: self.cure("clip")),
            "batch_norm": self._button("cure_batch_norm", lambda: self.cure("batch_norm")),
            "lr": self._button("cure_lr", lambda: self.cure("lr")),
        }
        for index, button in enumerate(self.cure_buttons.values()):
            cures.addWidget(button, index // 2, index % 2)
        self.cures_bar.setVisible(False)
        column.addWidget(self.cures_bar)

        self.data_box = QGroupBox()
        self.dataset_combo = self._combo("dataset")
        for key in [*training_dataset_keys(), IDX_FOLDER]:
            self.dataset_combo.addItem("", key)
        self.samples_spin = self._spin(SAMPLES)
        self.noise_spin = QDoubleSpinBox()
        self.noise_spin.setObjectName("training.noise")
        self.noise_spin.setDecimals(2)
        self.noise_spin.setSingleStep(0.01)
        self.classes_spin = self._spin(CLASSES)
        self.validation_spin = self._spin(VALIDATION)
        self.train_samples_spin = self._spin(TRAIN_SAMPLES)
        self.data_dir_edit = QLineEdit()
        self.data_dir_edit.setObjectName("training.data_dir")
        self.data_dir_edit.setReadOnly(True)
        self.open_data_button = self._button("open_data", self.ask_open_data)
        self.features_toggles = FeatureToggles()
        self.points_editor = PointsEditor()
        self.points_kind_combo = self._combo("points_kind")
        for kind in POINT_KINDS:
            self.points_kind_combo.addItem("", kind)
        self.point_class_spin = QSpinBox()
        self.point_class_spin.setObjectName("training.point_class")
        self.point_class_spin.setRange(0, 9)
        data_layout = form(self.data_box, [("dataset", self.dataset_combo), ("samples", self.samples_spin),
                                           ("noise", self.noise_spin), ("classes", self.classes_spin),
                                           ("validation", self.validation_spin), ("features", self.features_toggles),
                                           ("points_kind", self.points_kind_combo),
                                           ("point_class", self.point_class_spin),
                                           ("train_samples", self.train_samples_spin),
                                           ("data_dir", self.data_dir_edit)])
        data_layout.addRow(self.open_data_button)
        data_layout.addRow(self.points_editor)

        self.network_box = QGroupBox()
        self.model_combo = self._combo("model")
        for model in MODELS:
            self.model_combo.addItem("", model.key)
        self.hidden_edit = QLineEdit()
        self.hidden_edit.setObjectName("training.hidden")
        self.activation_combo = self._combo("activation")
        for activation in ACTIVATIONS:
            self.activation_combo.addItem("", activation.key)
        self.activation_params = QWidget()
        self.activation_params.setObjectName("training.activation_params")
        QVBoxLayout(self.activation_params).setContentsMargins(0, 0, 0, 0)
        self.init_combo = self._combo("init")
        self.init_combo.addItem("", RECOMMENDED_INIT)
        for scheme in INITS:
            self.init_combo.addItem("", scheme.key)
        self.init_params = QWidget()
        self.init_params.setObjectName("training.init_params")
        QVBoxLayout(self.init_params).setContentsMargins(0, 0, 0, 0)
        self.output_combo = self._combo("binary_output")
        for output in BINARY_OUTPUTS:
            self.output_combo.addItem("", output)
        self.dropout_spin = self._spin(DROPOUT)
        self.batch_norm_check = QCheckBox()
        self.batch_norm_check.setObjectName("training.batch_norm")
        self.channel_spins = []
        for param in (CHANNELS1, CHANNELS2, DENSE):
            spin = self._spin(param)
            spin.setMinimum(0)  # 0: the input size's default
            self.channel_spins.append(spin)
        layout = form(self.network_box, [("model", self.model_combo), ("hidden", self.hidden_edit),
                                         ("activation", self.activation_combo), ("init", self.init_combo),
                                         ("output", self.output_combo), ("dropout", self.dropout_spin),
                                         ("batch_norm", self.batch_norm_check),
                                         *zip(("channels1", "channels2", "dense"), self.channel_spins, strict=True)])
        layout.insertRow(3, self.activation_params)
        layout.insertRow(5, self.init_params)

        self.optimizer_box = QGroupBox()
        self.optimizer_combo = self._combo("optimizer")
        for optimizer in TRAINING_OPTIMIZERS:
            self.optimizer_combo.addItem("", optimizer.key)
        self.lr_spin = self._spin(LR, decimals=6)
        self.momentum_spin = self._spin(MOMENTUM, decimals=3)
        self.nesterov_check = QCheckBox()
        self.nesterov_check.setObjectName("training.nesterov")
        self.weight_decay_spin = self._spin(WEIGHT_DECAY, decimals=5)
        self.batch_size_spin = self._spin(BATCH_SIZE)
        self.clip_spin = self._spin(CLIP_NORM)
        self.clip_value_spin = self._spin(CLIP_VALUE)
        form(self.optimizer_box, [("optimizer", self.optimizer_combo), ("lr", self.lr_spin),
                                  ("momentum", self.momentum_spin), ("nesterov", self.nesterov_check),
                                  ("weight_decay", self.weight_decay_spin), ("batch_size", self.batch_size_spin),
                                  ("clip_norm", self.clip_spin), ("clip_value", self.clip_value_spin)])

        self.run_box = QGroupBox()
        self.steps_spin = self._spin(STEPS)
        self.record_spin = self._spin(RECORD_EVERY)
        self.seed_spin = self._spin(SEED)
        self.device_combo = self._combo("device")
        for device in DEVICES:
            self.device_combo.addItem("", device)
        self.epochs_spin = self._spin(EPOCHS)
        self.bf16_check = QCheckBox()
        self.bf16_check.setObjectName("training.bf16")
        self.bf16_check.setEnabled(False)  # until torch can tell whether there is a CUDA device
        self.device_label = QLabel()
        self.device_label.setObjectName("training.device_in_use")
        self.device_label.setWordWrap(True)
        form(self.run_box, [("steps", self.steps_spin), ("epochs", self.epochs_spin),
                            ("record_every", self.record_spin), ("seed", self.seed_spin),
                            ("device", self.device_combo), ("bf16", self.bf16_check)]).addRow(self.device_label)

        self.compare_box = QGroupBox()
        self.compare_by_combo = self._combo("compare_by")
        for kind in COMPARE_KINDS:
            self.compare_by_combo.addItem("", kind)
        self.compare_values_edit = QLineEdit()
        self.compare_values_edit.setObjectName("training.compare_values")
        self.seeds_spin = self._spin(SEEDS)
        self.compare_button = self._button("compare", self.compare)
        self.compare_note = QLabel()
        self.compare_note.setWordWrap(True)
        compare_layout = form(self.compare_box, [("compare_by", self.compare_by_combo),
                                                 ("compare_values", self.compare_values_edit),
                                                 ("seeds", self.seeds_spin)])
        compare_layout.addRow(self.compare_note)
        compare_layout.addRow(self.compare_button)
        self.shootout_button = self._button("shootout", self.shootout)
        compare_layout.addRow(self.shootout_button)

        self.view_box = QGroupBox()
        view_layout = QVBoxLayout(self.view_box)
        self.log_check = QCheckBox()
        self.log_check.setObjectName("training.log_y")
        self.smoothing = ParamSlider(SMOOTHING, "training")
        self.smoothing.setObjectName("training.smoothing")
        self.export_csv_button = self._button("export_csv", self._ask_export_csv)
        self.export_json_button = self._button("export_json", self._ask_export_json)
        exports = QHBoxLayout()
        exports.addWidget(self.export_csv_button)
        exports.addWidget(self.export_json_button)
        self.x_axis_combo = self._combo("x_axis")
        for axis in X_AXES:
            self.x_axis_combo.addItem("", axis)
        view_layout.addWidget(self.log_check)
        view_layout.addWidget(self.smoothing)
        view_layout.addWidget(self.x_axis_combo)
        view_layout.addLayout(exports)
        column.addWidget(self.view_box)
        column.addStretch(1)

        self.loss_figure = LossFigure(self.theme, live=True)
        self.accuracy_figure = AccuracyFigure(self.theme, live=True)
        self.gradient_figure = GradientFigure(self.theme, live=True)
        self.health_figure = HealthFigure(self.theme, live=True)
        self.boundary_figure = BoundaryFigure(self.theme, live=True)
        self.histogram_figure = HistogramFigure(self.theme, live=True)
        self.network_figure = NetworkFigure(self.theme, live=True)
        self.figures = {figure.name: figure for figure in (
            self.loss_figure, self.accuracy_figure, self.gradient_figure, self.boundary_figure, self.health_figure,
            self.histogram_figure, self.network_figure)}
        curves = list(self.figures.values())[:6]
        for figure in curves:
            figure.widget.setMinimumSize(200, 150)
        plots = FigureGrid([figure.widget for figure in curves], columns=3, cell_fonts=CURVES_CELL_FONTS,
                           cell_fonts_high=CURVES_CELL_FONTS_HIGH,  # per-layer figures: a row each in two columns
                           wide=[self.health_figure.widget, self.histogram_figure.widget])
        plots.setObjectName("training.curves")
        self.views = QTabWidget()
        self.views.setObjectName("training.views")
        self.views.addTab(plots.scrolling(), "")
        self.views.addTab(self._build_image_views(), "")
        self.views.addTab(self.shootout_figure.widget, "")
        self.views.addTab(self._build_network_view(), "")
        self.small_multiples = SmallMultiples(self.theme)
        self.results_view = ResultsView()
        self.export_results_button = self._button("export_results", self._ask_export_results)
        self.results_view.layout().addWidget(self.export_results_button)
        self.views.addTab(self.small_multiples, "")
        self.views.addTab(self.results_view, "")
        self.views.currentChanged.connect(self._view_changed)
        self.fill(self.controls_beside(controls, self.views, "training"))

    def _build_network_view(self) -> QWidget:
        """The network view with the choice of which units each column shows."""
        self.network_page = QWidget()
        network_layout = QVBoxLayout(self.network_page)
        network_layout.setContentsMargins(0, 0, 0, 0)
        network_row = QHBoxLayout()
        self.network_units_spin = QSpinBox()
        self.network_units_spin.setObjectName("training.network_units")
        self.network_units_spin.setRange(1, 64)
        self.network_first_spin = QSpinBox()
        self.network_first_spin.setObjectName("training.network_first")
        self.network_first_spin.setRange(0, 1023)
        self.network_units_label, self.network_first_label = QLabel(), QLabel()
        for widget in (self.network_units_label, self.network_units_spin, self.network_first_label,
                       self.network_first_spin):
            network_row.addWidget(widget)
        network_row.addStretch(1)
        network_layout.addLayout(network_row)
        network_layout.addWidget(self.network_figure.widget, 1)
        return self.network_page

    def _build_image_views(self) -> QWidget:
        """The image data sets' views: validation images with their predictions, the confusion matrix,
        conv1's filters and the feature maps of a chosen image (the per-epoch shoot-out curves get a
        tab of their own)."""
        self.image_grid_figure = ImageGridFigure(self.theme)
        self.confusion_figure = ConfusionMatrixFigure(self.theme)
        self.filter_figure = FilterFigure(self.theme)
        self.feature_figure = FeatureMapFigure(self.theme)
        self.shootout_figure = ShootoutFigure(self.theme)
        image_figures = (self.image_grid_figure, self.confusion_figure, self.filter_figure, self.feature_figure,
                         self.shootout_figure)
        self.figures.update({figure.name: figure for figure in image_figures})
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
        self.feature_image_spin = QSpinBox()
        self.feature_image_spin.setObjectName("training.feature_image")
        self.feature_image_spin.setRange(0, FEATURE_IMAGES - 1)
        self.feature_layer_combo = self._combo("feature_layer")
        self.feature_layer_combo.setMinimumContentsLength(5)
        self.feature_image_label.setWordWrap(True)
        for layer in FEATURE_LAYERS:
            self.feature_layer_combo.addItem(layer, layer)
        choices.addWidget(self.feature_image_label)
        choices.addWidget(self.feature_image_spin)
        choices.addWidget(self.feature_layer_combo)
        choices.addStretch(1)
        feature_column.addLayout(choices)
        feature_column.addWidget(self.feature_figure.widget, 1)
        grid.addWidget(feature_area, 1, 1, 1, 2)
        for figure in image_figures[:-1]:  # sized by the grid, not by their titles' lengths
            figure.widget.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Expanding)
            figure.widget.setMinimumSize(160, 160)
        for column, stretch in enumerate((2, 2, 3)):  # the confusion matrix's axis names need room
            grid.setColumnStretch(column, stretch)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 1)
        return area

    # -- texts -----------------------------------------------------------------------------------
    def title(self) -> str:
        return self.tr("Training")

    def _show_bf16_availability(self) -> None:
        """bfloat16 is offered on a CUDA device only (known once torch is imported)."""
        if torch_ready():
            self.bf16_check.setEnabled("cuda" in available_devices())
        self.bf16_check.setToolTip(self.tr("bfloat16 autocast of the forward pass (CUDA GPUs only)")
                                   if self.bf16_check.isEnabled()
                                   else self.tr("bfloat16 autocast needs a CUDA GPU; none is available here"))

    def retranslate(self) -> None:
        texts = {
            "dataset": self.tr("Data set"), "samples": self.tr("Samples"), "noise": self.tr("Noise"),
            "classes": self.tr("Classes (blobs)"), "validation": self.tr("Validation share"),
            "model": self.tr("Model"), "hidden": self.tr("Hidden layers (units)"),
            "activation": self.tr("Activation"),
            "init": self.tr("Initialisation"), "output": self.tr("Binary output"), "dropout": self.tr("Dropout"),
            "batch_norm": self.tr("Batch norm"), "optimizer": self.tr("Optimiser"), "lr": self.tr("Learning rate"),
            "momentum": self.tr("Momentum"), "nesterov": self.tr("Nesterov"), "weight_decay": self.tr("Weight decay"),
            "batch_size": self.tr("Batch size"), "clip_norm": self.tr("Clip grad norm"),
            "steps": self.tr("Steps"), "record_every": self.tr("Record every k steps"), "seed": self.tr("Seed"),
            "device": self.tr("Device"), "compare_by": self.tr("Compare"), "compare_values": self.tr("Values"),
            "train_samples": self.tr("Training images"), "data_dir": self.tr("IDX folder"),
            "channels1": self.tr("Conv 1 channels"), "channels2": self.tr("Conv 2 channels"),
            "dense": self.tr("Dense units"), "clip_value": self.tr("Clip grad value"), "epochs": self.tr("Epochs"),
            "bf16": self.tr("bf16 autocast"),
            "features": self.tr("Input features"), "points_kind": self.tr("Last column"),
            "point_class": self.tr("Shift+click class"),
            "seeds": self.tr("Seeds per value"),
        }
        for key, text in texts.items():
            self.labels[key].setText(text)
        self.data_box.setTitle(self.tr("Data"))
        self.network_box.setTitle(self.tr("Network"))
        self.optimizer_box.setTitle(self.tr("Optimiser"))
        self.run_box.setTitle(self.tr("Run"))
        self.compare_box.setTitle(self.tr("Compare runs"))
        self.view_box.setTitle(self.tr("Plots and export"))
        self.start_button.setText(self.tr("Start"))
        self.step_button.setText(self.tr("Step"))
        self.stop_button.setText(self.tr("Stop"))
        self.reset_button.setText(self.tr("Reset"))
        self.compare_button.setText(self.tr("Run comparison"))
        self.shootout_button.setText(self.tr("CNN activation shoot-out (the notes' experiment)"))
        self.shootout_button.setToolTip(self.tr(
            "The notes' CNN trained with sigmoid, relu, elu, leaky-relu (α = 0.2), selu and gelu (tanh form), "
            "Adam with clip value 0.5, batch 128, on Fashion-MNIST (the 8×8 digits where it is not installed); "
            "validation accuracy and loss per epoch in the Shoot-out tab"))
        self.open_data_button.setText(self.tr("Open IDX folder…"))
        self.data_dir_edit.setPlaceholderText(self.tr("none (File → Open data set…)"))
        self.train_samples_spin.setToolTip(self.tr("Image data sets: how many training images an epoch uses"))
        self.clip_value_spin.setToolTip(self.tr("Clips every gradient entry to ± this value (0 = off); the notes "
                                                "use 0.5"))
        self.epochs_spin.setToolTip(self.tr("Train this many epochs (0: the number of steps decides)"))
        for spin in self.channel_spins:
            spin.setToolTip(self.tr("CNN only; 0: the default for the image size"))
        self.bf16_check.setText(self.tr("bfloat16 mixed precision"))
        self._show_bf16_availability()
        self.x_axis_combo.setItemText(0, self.tr("x axis: steps"))
        self.x_axis_combo.setItemText(1, self.tr("x axis: epochs"))
        self.feature_image_label.setText(self.tr("Validation image"))
        self.views.setTabText(0, self.tr("Curves"))
        self.views.setTabText(1, self.tr("Images"))
        self.views.setTabText(2, self.tr("Shoot-out per epoch"))
        self._show_device()
        self.compare_note.setText(self.tr(
            "Trains the same network once per value and seed, all runs together, and draws each value's mean "
            "with a min–max band over the seeds. Activations: {notes} is the notes' experiment.").format(
            notes=NOTES_COMPARISON))
        self.speed_label.setText(self.tr("Speed"))
        speeds = {"step": self.tr("one step at a time"), "1": self.tr("1 step/s"), "5": self.tr("5 steps/s"),
                  "20": self.tr("20 steps/s"), "100": self.tr("100 steps/s"), "full": self.tr("full speed")}
        for index, key in enumerate(SPEEDS):
            self.speed_combo.setItemText(index, speeds[key])
        self.speed_combo.setToolTip(self.tr("Below full speed every step is recorded and drawn"))
        self.restart_note.setText(self.tr("This change needs a new network: the running one keeps its "
                                          "settings. Learning rate, momentum, weight decay, clipping and batch "
                                          "size change the running network at once."))
        self.restart_button.setText(self.tr("Restart with these settings"))
        self.cure_buttons["clip"].setText(self.tr("Clip gradients"))
        self.cure_buttons["clip"].setToolTip(self.tr("Train again with the gradient norm clipped at {norm:g}").format(
            norm=CURE_CLIP_NORM))
        self.cure_buttons["batch_norm"].setText(self.tr("Batch norm"))
        self.cure_buttons["batch_norm"].setToolTip(self.tr("Train again with batch normalisation"))
        self.cure_buttons["lr"].setText(self.tr("Learning rate ÷ {divisor:g}").format(divisor=CURE_LR_DIVISOR))
        self.cure_buttons["lr"].setToolTip(self.tr("Train again with a smaller learning rate"))
        self.views.setTabText(self.views.indexOf(self.small_multiples), self.tr("Compared runs"))
        self.views.setTabText(self.views.indexOf(self.results_view), self.tr("Results"))
        self.export_results_button.setText(self.tr("Export results CSV…"))
        self.small_multiples.retranslate()
        self.results_view.retranslate()
        self.log_check.setText(self.tr("Logarithmic loss axis"))
        self.batch_norm_check.setToolTip(self.tr("BatchNorm between each linear layer and its activation"))
        self.nesterov_check.setToolTip(self.tr("Nesterov momentum (SGD only)"))
        self.export_csv_button.setText(self.tr("Export run CSV…"))
        self.export_json_button.setText(self.tr("Export run JSON…"))
        self.points_kind_combo.setItemText(0, self.tr("class label"))
        self.points_kind_combo.setItemText(1, self.tr("regression target"))
        self.features_toggles.setToolTip(self.tr("Computed from x₁ and x₂ before the network (2-D data sets)"))
        self.points_editor.retranslate()
        self.views.setTabText(self.views.indexOf(self.network_page), self.tr("Network"))
        self.network_units_label.setText(self.tr("Units shown per layer"))
        self.network_first_label.setText(self.tr("First unit shown"))
        for index in range(self.dataset_combo.count()):
            key = self.dataset_combo.itemData(index)
            if key == IDX_FOLDER:
                folder = Path(self.settings.data_dir).name if self.settings.data_dir else ""
                text = self.tr("IDX folder: {name}").format(name=folder) if folder else self.tr("IDX folder")
            else:
                text = display_name(DATASETS.get(key) if key in DATASETS else IMAGE_DATASETS.get(key))
            self.dataset_combo.setItemText(index, text)
        for index, activation in enumerate(ACTIVATIONS):
            self.activation_combo.setItemText(index, display_name(activation))
        self.init_combo.setItemText(0, self.tr("Recommended for the activation (notes' rule)"))
        for index, scheme in enumerate(INITS, start=1):
            self.init_combo.setItemText(index, display_name(scheme))
        self.output_combo.setItemText(0, self.tr("1 sigmoid unit + BCE loss"))
        self.output_combo.setItemText(1, self.tr("2 softmax units + cross-entropy"))
        for index, model in enumerate(MODELS):
            self.model_combo.setItemText(index, display_name(model))
        for index, optimizer in enumerate(TRAINING_OPTIMIZERS):
            self.optimizer_combo.setItemText(index, display_name(optimizer))
        device_names = {"auto": self.tr("auto (CUDA, then MPS, then CPU)"), "cpu": self.tr("CPU"),
                        "cuda": self.tr("CUDA GPU"), "mps": self.tr("Apple MPS")}
        for index, device in enumerate(DEVICES):
            self.device_combo.setItemText(index, device_names[device])
        kinds = {"activation": self.tr("activations"), "init": self.tr("initialisations"),
                 "lr": self.tr("learning rates")}
        for index, kind in enumerate(COMPARE_KINDS):
            self.compare_by_combo.setItemText(index, kinds[kind])
        for slider in (*self.activation_sliders.sliders.values(), *self.init_sliders.sliders.values()):
            slider.retranslate()
        self.clip_spin.setToolTip(self.tr("Gradient clipping: the largest gradient norm allowed (0 = off)"))
        self.smoothing.retranslate()
        self._update_buttons()
        self.fit_controls()
        self._show_status()
        for figure in self.figures.values():
            figure.retranslate()

    def _set_status(self, kind: str, **args: object) -> None:
        self._status_kind, self._status_args = kind, args
        self._show_status()

    def _show_status(self) -> None:
        kind, args = self._status_kind, self._status_args
        texts = {
            "starting": self.tr("Starting the training process (loading torch)…"),
            "ready": self.tr("Ready. The training process uses {threads} torch thread(s)."),
            "idle": self.tr("Ready."),
            "launching": self.tr("Starting run {label}…"),
            "running": self.tr("{label} step {step} · {rate} steps/s · training loss {train} · "
                               "validation loss {val} · accuracy {accuracy} · {device}"),
            "paused": self.tr("Paused at step {step}: Step runs one optimiser step."),
            "finished": self.tr("{label} finished {step} steps: validation loss {val}, accuracy {accuracy}."),
            "stopped": self.tr("{label} stopped at step {step}."),
            "diverged": self.tr("{label} diverged at step {step}: the loss became infinite or NaN. "
                                "Cures, one click each: clip the gradients, batch norm, a smaller learning rate."),
            "compared": self.tr("Comparison done: {count} runs of {values} values ({diverged} diverged). "
                                "See the Results and Compared runs tabs."),
            "error": self.tr("Could not train: {message}"),
            "reset": self.tr("Reset: the plots are cleared."),
            "exported": self.tr("Saved {path}"),
            "opened": self.tr("Opened {name}: {shape} images, {classes} classes."),
            "loaded": self.tr("Read {count} points from {path}"),
        }
        text = texts[kind].format(**args)
        messages = [] if self.current is None else [m for m in self.current.messages if m]
        if messages and kind in ("running", "finished", "paused"):
            text += "\n" + "\n".join(messages)
        self.status_label.setText(text)
        bad = kind in ("diverged", "error")
        self.status_label.setStyleSheet("color: #d62728; font-weight: bold;" if bad else "")

    # -- settings --------------------------------------------------------------------------------
    def _settings_changed(self, names: set[str]) -> None:
        """Ranges and enabled controls that follow the settings; redraws for the view settings."""
        settings = self.settings
        if "dataset" in names and settings.dataset in DATASETS:
            info = DATASETS.get(settings.dataset)
            param = info.noise_param
            self.noise_spin.setRange(param.minimum, param.maximum)
            self.samples_spin.setEnabled(info.key != "digits")
            self.classes_spin.setEnabled(info.variable_classes)
            self.output_combo.setEnabled(info.task == "binary")
        if "optimizer" in names and settings.optimizer in TRAINING_OPTIMIZERS:
            info = TRAINING_OPTIMIZERS.get(settings.optimizer)
            self.momentum_spin.setEnabled(info.uses_momentum)
            self.nesterov_check.setEnabled(info.key == "sgd")
        if "activation" in names and settings.activation in ACTIVATIONS:
            self._show_sliders(self.activation_sliders, settings.activation,
                               ACTIVATIONS.get(settings.activation).params, "training.activation")
        if "init" in names and (settings.init == RECOMMENDED_INIT or settings.init in INITS):
            params = () if settings.init == RECOMMENDED_INIT else INITS.get(settings.init).params
            self._show_sliders(self.init_sliders, settings.init, params, "training.init")
        if names & {"dataset", "model", "data_dir"}:
            self._show_image_controls()
        if "device" in names:
            self._show_device()
        if names & {"log_y", "smoothing", "x_axis"}:
            self._draw_curves()
        if names & {"feature_image", "feature_layer"}:
            self._draw_images()
        if names & {"dataset", "points", "points_kind"}:
            self._show_own_points()
        if names & {"network_units", "network_first"}:
            self._draw_network()
        if "speed" in names:
            self._speed_changed()
        if self._running():
            # an image run counts its epochs in steps of its batch size: a new one needs a restart
            fixed = {"batch_size"} if self.current is not None and self.current.info.image_shape else set()
            self._adjust_live(names - fixed)
            if names & (NETWORK_SETTINGS | fixed):
                self._restart_pending = True
                self._update_buttons()
        elif names & DATA_SETTINGS and not self.runs:
            self._preview_data()

    def _preview_data(self) -> None:
        """Draws the chosen data set's validation points before a run (numpy only, a millisecond)."""
        settings = self.settings
        if settings.dataset not in DATASETS or settings.dataset == CUSTOM_KEY:
            return  # image data sets have no plane to show; own points are drawn as they are edited
        try:
            data = make_dataset(settings.dataset, settings.samples, settings.noise, settings.seed,
                                settings.validation, settings.classes)
        except (ValueError, KeyError):
            return
        if data.input_dim in (1, 2):
            low, high = data.bounds()
            extent = tuple(float(v) for pair in zip(low, high, strict=True) for v in pair)
            self.boundary_figure.preview(data.x_val, data.y_val.reshape(len(data.y_val)), extent)
        else:
            self.boundary_figure.preview(data.x_val[:, :0], data.y_val[:0], ())

    def _image_run(self) -> bool:
        """Whether the current settings train on an image data set."""
        settings = self.settings
        return settings.dataset not in DATASETS or (settings.dataset in IMAGE_DATASETS and settings.model in MODELS
                                                    and MODELS.get(settings.model).images)

    def _show_image_controls(self) -> None:
        """Image runs: the subset size and (for the CNN) the layer sizes apply, samples and noise do not."""
        images = self._image_run()
        cnn = self.settings.model in MODELS and MODELS.get(self.settings.model).images
        self.train_samples_spin.setEnabled(images)
        for spin in self.channel_spins:
            spin.setEnabled(cnn)
        self.hidden_edit.setEnabled(not cnn)
        dataset = self.settings.dataset
        custom = dataset == CUSTOM_KEY
        self.points_kind_combo.setEnabled(custom)
        self.features_toggles.setEnabled(not images and (custom or dataset in DATASETS
                                                         and DATASETS.get(dataset).input_dim == 2))
        if images:
            for widget in (self.samples_spin, self.noise_spin, self.classes_spin, self.output_combo):
                widget.setEnabled(False)
        elif self.settings.dataset in DATASETS:
            info = DATASETS.get(self.settings.dataset)
            custom = info.key == CUSTOM_KEY
            self.samples_spin.setEnabled(not custom and info.key != "digits")
            self.noise_spin.setEnabled(not custom)
            self.classes_spin.setEnabled(info.variable_classes)
            self.output_combo.setEnabled(info.task == "binary")
        index = self.dataset_combo.findData(IDX_FOLDER)
        folder = Path(self.settings.data_dir).name if self.settings.data_dir else ""
        self.dataset_combo.setItemText(index, self.tr("IDX folder: {name}").format(name=folder) if folder
                                       else self.tr("IDX folder"))

    def _show_device(self) -> None:
        """The device runs use: the running run's, else what the device setting picks here."""
        if self.current is not None:
            device = self.current.info.device
        elif not torch_ready():  # which devices there are is known once torch is imported
            device = "…"
        else:
            devices = available_devices()
            device = devices[0] if self.settings.device == "auto" else (
                self.settings.device if self.settings.device in devices else "cpu")
        self.device_label.setText(self.tr("Device in use: {device}").format(device=device))

    def _show_sliders(self, sliders: ParamSliders, owner: str, params: tuple[Param, ...], name: str) -> None:
        """The sliders of `owner`'s parameters (an activation's or init scheme's), showing its stored values."""
        layout = sliders.widget.layout()
        while layout.count():
            layout.takeAt(0).widget().deleteLater()
        sliders.sliders.clear()
        for param in params:
            slider = ParamSlider(param, name)
            layout.addWidget(slider)
            sliders.add(owner, slider)
        sliders.widget.setVisible(bool(params))

    # -- commands --------------------------------------------------------------------------------
    def _running(self) -> bool:
        return self.run_id is not None

    def _update_buttons(self) -> None:
        running = self._running()
        self.start_button.setEnabled(not running)
        self.compare_button.setEnabled(not running)
        self.shootout_button.setEnabled(not running)
        self.pause_button.setEnabled(running)
        self.stop_button.setEnabled(running)
        self.step_button.setEnabled(not running or self._paused)
        self.pause_button.setText(self.tr("Resume") if self._paused else self.tr("Pause"))
        self.restart_bar.setVisible(running and self._restart_pending)
        if running:
            self.cures_bar.setVisible(False)

    def _refused(self) -> bool:
        """Shows why when a setting being edited is not valid yet (its last valid value would run)."""
        if self.binder is None or not self.binder.refused:
            return False
        name, reason = next(iter(self.binder.refused.items()))
        self._set_status("error", message=f"{name}: {reason}")
        return True

    def start(self, paused: bool = False) -> bool:
        """Starts a single run with the current settings; False (with a message) when they are invalid."""
        if self._running() or self._refused():
            return False
        try:
            plan = [single_run(self.settings.config(), display_name)]
        except (ValueError, KeyError) as error:
            self._set_status("error", message=str(error))
            return False
        return self._start_runs(plan, paused)

    def compare_plan(self) -> list[PlannedRun]:
        """The runs a comparison of the current settings trains (every value × seed); raises
        ValueError for an invalid value."""
        settings = self.settings
        try:
            return compare_plan(settings.config(), settings.compare_by, split_values(settings.compare_values),
                                display_name, settings.seeds, settings.activation_params)
        except ValueError as error:
            raise ValueError(QCoreApplication.translate("TrainingPanel", str(error))) from None

    def compare(self) -> bool:
        """Trains the network once per compared value and seed, all in lockstep, curves side by side."""
        if self._running() or self._refused():
            return False
        try:
            plan = self.compare_plan()
        except (ValueError, KeyError) as error:
            self._set_status("error", message=str(error))
            return False
        return self._start_runs(plan, comparing=True)

    def shootout(self) -> bool:
        """One click: the notes' CNN with their six activations on Fashion-MNIST (the digits where the
        data package is missing), compared per epoch in the Images tab."""
        if self._running():
            return False
        dataset = "fashion_mnist" if IMAGE_DATASETS.get("fashion_mnist").unavailable() is None else "digits"
        self._set_settings(**SHOOTOUT, dataset=dataset)
        started = self.compare()
        if started:
            self.views.setCurrentIndex(2)
        return started

    def open_data(self, folder: str | Path) -> bool:
        """Takes the IDX files in `folder` as the data set; a bad folder leaves everything as it was and
        says why (False)."""
        try:
            info = open_idx_folder(folder)
        except IdxError as error:
            self._set_status("error", message=str(error))
            return False
        self._data_opened(Path(folder), info)
        return True

    def _data_opened(self, folder: Path, info) -> None:
        self._set_settings(data_dir=str(folder), dataset=IDX_FOLDER)
        self._set_status("opened", name=info.name_en, shape="×".join(str(v) for v in info.shape[1:]),
                         classes=info.classes)

    def read_data(self, folder: str | Path):
        """Reads the IDX folder off the GUI thread, with progress and Cancel; the data set changes
        when it was read and checked (a bad folder or Cancel leaves everything as it was)."""
        from actgui.qt.panels.training.data_folder import read_data_folder

        def failed(message: str) -> None:
            if message:
                self._set_status("error", message=message)

        self._data_reader = read_data_folder(self, folder, self._data_opened, failed)
        return self._data_reader

    def _set_settings(self, **values: object) -> None:
        with self.settings.changes():
            for name, value in values.items():
                setattr(self.settings, name, value)

    def ask_open_data(self) -> None:
        """File → Open data set…: a folder of MNIST-format IDX files."""
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open data set (a folder of IDX files)"),
                                                  self.settings.data_dir)
        if folder:
            self.read_data(folder)

    def _start_runs(self, plan: list[PlannedRun], paused: bool = False, comparing: bool = False) -> bool:
        self._clear()
        if self.trained_network is not None:
            self.trained_network.withdraw()
        self._shut_down = False
        self.plan = list(plan)
        self._comparing = comparing
        self._restart_pending = False
        speed = self.settings.speed
        self._paused = paused or speed == "step"
        self._rate_marks = []
        self.run_id = self.worker.start([run.config for run in plan], self._paused, SPEEDS[speed])
        self._set_status("launching", label=plan[0].label if len(plan) == 1 else self.tr("{count} runs").format(
            count=len(plan)))
        self._update_buttons()
        return True

    def restart(self) -> bool:
        """Starts the run again (a single run, or the comparison) with the settings as they are now."""
        comparing = self._comparing
        if self._running():
            self.worker.stop()
            self.run_id = None
        return self.compare() if comparing else self.start()

    def cure(self, kind: str) -> bool:
        """After a divergence: trains again with gradient clipping ("clip"), batch norm
        ("batch_norm") or a learning rate CURE_LR_DIVISOR times smaller ("lr")."""
        settings = self.settings
        with settings.changes():
            if kind == "clip":
                settings.clip_norm = CURE_CLIP_NORM
            elif kind == "batch_norm":
                settings.batch_norm = True
            elif kind == "lr":
                settings.lr = max(LR.minimum, settings.lr / CURE_LR_DIVISOR)
            else:
                raise ValueError(f"no cure '{kind}'")
        return self.restart()

    def toggle_running(self) -> None:
        """Starts a run, or stops the one in progress (the main window's Ctrl+T)."""
        if self._running():
            self.stop()
        else:
            self.start()

    def toggle_pause(self) -> None:
        if not self._running():
            return
        if self._paused:
            self.worker.resume()
        else:
            self.worker.pause()

    def step_once(self) -> None:
        """One optimiser step: of the paused run, or of a new run started paused."""
        if not self._running():
            if not self.start(paused=True):
                return
        elif not self._paused:
            return
        self.worker.step()

    def stop(self) -> None:
        if self._running():
            self.worker.stop()

    def reset(self) -> None:
        """Stops any run and clears the plots."""
        if self._running():
            self.worker.stop()
            self.run_id = None
        self._paused = False
        self._restart_pending = False
        self._clear()
        self._set_status("reset")
        self._update_buttons()
        self._preview_data()

    def _clear(self) -> None:
        self.runs = []
        self._histories = {}
        self.current = None
        self.cures_bar.setVisible(False)
        self.results_view.show_table(None)
        self.refresh()

    def _speed_changed(self) -> None:
        """A new speed for the running run: "step" pauses it; any other resumes it at that speed."""
        if not self._running():
            return
        speed = self.settings.speed
        if speed == "step":
            if not self._paused:
                self.worker.pause()
            return
        self.worker.set_speed(SPEEDS[speed])
        if self._paused:
            self.worker.resume()

    def _adjust_live(self, names: set[str]) -> None:
        """Sends the changed live settings to the running networks (not the compared one)."""
        compared = self.settings.compare_by if self._comparing else None
        changes = {name: getattr(self.settings, name) for name in names & set(LIVE_PARAMS) if name != compared}
        if changes:
            self.worker.adjust(changes)

    # -- worker signals --------------------------------------------------------------------------
    def _process_ready(self, threads: int) -> None:
        self._process_threads = threads
        if not self._running() and self._status_kind == "starting":
            self._set_status("ready", threads=threads)

    def _run_started(self, run_id: int, info: RunInfo, index: int) -> None:
        if run_id != self.run_id or index >= len(self.plan):
            return
        run = self.plan[index]
        self._load_mark = (time.monotonic(), time.thread_time())
        history = RunHistory(info, HISTORY_ROWS, run.label, run.color)
        self._histories[index] = history
        self.runs = [self._histories[i] for i in sorted(self._histories)]
        if index == 0:
            self.current = history
            if info.image_shape:  # the Shoot-out tab for a comparison, the Images tab for one run
                self.views.setCurrentIndex(2 if len(self.plan) > 1 else 1)
            self._show_device()
            self._draw_curves()
            self._schedule_details()  # the slower figures in later event-loop turns: Start never freezes the window

    def _schedule_details(self) -> None:
        if not self._details_due:
            self._details_due = True
            QTimer.singleShot(DETAILS_DELAY_MS, self._draw_due_details)

    def _records_arrived(self, run_id: int, records: list[Record], index: int) -> None:
        history = self._histories.get(index)
        if run_id != self.run_id or history is None:
            return
        for record in records:
            history.add(record)
        if history is not self.current:
            self._compared_records_arrived(records)
            return
        for record in records:
            self._rate_marks.append((record.elapsed, record.step))
        latest = records[-1]
        while len(self._rate_marks) > 2 and latest.elapsed - self._rate_marks[0][0] > RATE_WINDOW_S:
            self._rate_marks.pop(0)
        self._draw_curves()
        self._images_due |= any(r.predictions is not None for r in records)
        if self._images_due or any(r.histograms is not None or r.grid is not None for r in records):
            # after the curves have been painted: two shorter pauses of the GUI thread instead of one long one
            self._schedule_details()
        self._adapt_refresh_rate()
        self._compared_records_arrived([])
        if self._paused:
            self._set_status("paused", step=latest.step)
        else:
            label = self.current.label if len(self.runs) == 1 else self.tr("{count} runs").format(count=len(self.runs))
            self._set_status("running", label=label, step=latest.step, rate=self._rate(),
                             train=_number(latest.train_loss), val=_number(latest.val_loss),
                             accuracy=_number(latest.val_accuracy), device=self.current.info.device)

    def _compared_records_arrived(self, records: list[Record]) -> None:
        """The results table, at most every RESULTS_INTERVAL_S while a comparison runs."""
        if not self._comparing:
            return
        now = time.monotonic()
        if now - self._results_shown >= RESULTS_INTERVAL_S:
            self._results_shown = now
            self._show_results()

    def _run_adjusted(self, run_id: int, step: int, changes: dict, message: str) -> None:
        if run_id != self.run_id:
            return
        if message:
            self._set_status("error", message=message)
            return
        names = {"lr": "lr", "momentum": "momentum", "weight_decay": "wd", "clip_norm": "clip",
                 "batch_size": "batch"}
        text = ", ".join(f"{names[key]} {value:g}" for key, value in changes.items())
        for history in self.runs:
            history.marks.append((int(step), text))
        self._draw_curves()

    def _network_ended(self, run_id: int, index: int, result: RunResult) -> None:
        history = self._histories.get(index)
        if run_id == self.run_id and history is not None:
            history.result = result
            self._draw_curves()

    def _adapt_refresh_rate(self) -> None:
        """Keeps the GUI thread's share of a core near GUI_BUDGET by redrawing less (or more) often,
        so on a slow machine the plots never starve the training process or the rest of the GUI."""
        now, cpu = time.monotonic(), time.thread_time()
        wall = now - self._load_mark[0]
        if wall < 1.0:
            return
        load = (cpu - self._load_mark[1]) / wall
        self._load_mark = (now, cpu)
        if wall > 3.0:  # records stopped for a while (paused, idle): that window says nothing
            return
        interval = self.refresh_interval
        if load > GUI_BUDGET:
            interval = min(1.0 / MIN_REFRESH_HZ, interval * load / GUI_BUDGET)
        elif load < 0.6 * GUI_BUDGET:
            interval = max(1.0 / MAX_REFRESH_HZ, interval * 0.75)
        if interval != self.refresh_interval:
            self.refresh_interval = interval
            self.worker.set_refresh_interval(interval)

    def _rate(self) -> str:
        if len(self._rate_marks) < 2:
            return "–"
        (t0, s0), (t1, s1) = self._rate_marks[0], self._rate_marks[-1]
        return f"{(s1 - s0) / (t1 - t0):.0f}" if t1 > t0 else "–"

    def _paused_changed(self, run_id: int, paused: bool) -> None:
        if run_id != self.run_id:
            return
        self._paused = paused
        self._update_buttons()
        self._load_mark = (time.monotonic(), time.thread_time())  # time spent paused says nothing about load
        if paused and self.current is not None and self.current.latest is not None:
            self._set_status("paused", step=self.current.latest.step)

    def _run_finished(self, run_id: int, result: RunResult) -> None:
        if run_id != self.run_id:
            return
        self.run_id = None
        self._paused = False
        self._restart_pending = False
        history = self.current
        if history is not None and len(self.runs) == 1:
            history.result = result
        for run in self.runs:
            if run.result is None:
                run.result = RunResult(result.status, run.latest.step if run.latest else 0, result.message)
        label = history.label if history is not None else ""
        latest = history.latest if history is not None else None
        diverged = [run for run in self.runs if run.result is not None and run.result.status == "diverged"]
        if self._comparing:
            self._show_results()
            self._set_status("compared", count=len(self.runs), values=len(self.results_view.table.rows())
                             if self.results_view.table is not None else 0, diverged=len(diverged))
        elif result.status == "diverged":
            self._set_status("diverged", label=label, step=result.step)
        elif result.status == "stopped":
            self._set_status("stopped", label=label, step=result.step)
        else:
            self._set_status("finished", label=label, step=result.step,
                             val=_number(latest.val_loss if latest else math.nan),
                             accuracy=_number(latest.val_accuracy if latest else math.nan))
        self.cures_bar.setVisible(bool(diverged))
        self._offer_network(run_id)
        self._draw_curves()
        self._schedule_details()
        self._update_buttons()

    def _run_failed(self, run_id: int, message: str) -> None:
        if run_id not in (self.run_id, -1):
            return
        if self.trained_network is not None:
            self.trained_network.withdraw()
        self.run_id = None
        self._paused = False
        self._restart_pending = False
        self._set_status("error", message=message)
        self._update_buttons()

    def _show_results(self) -> None:
        if not self._comparing or len(self.runs) != len(self.plan):
            return
        self.results_view.show_table(results_table(self.plan, self.runs, self.settings.compare_by))

    def _view_changed(self, *_: object) -> None:
        if self.views.currentWidget() is self.small_multiples:
            self.small_multiples.show_runs(self.runs)

    # -- drawing ---------------------------------------------------------------------------------
    def refresh(self, *_: object) -> None:
        """Redraws every figure from the histories."""
        self._draw_curves()
        self._draw_details()

    def _draw_curves(self) -> None:
        """The figures that change with every record."""
        self.loss_figure.show(self.runs, self.settings.log_y, self.settings.smoothing, self.settings.x_axis)
        self.accuracy_figure.show(self.runs, self.settings.x_axis)
        self.gradient_figure.show(self.current)

    def _draw_due_details(self) -> None:
        # in two event-loop turns, each followed by its own repaint, to keep the GUI thread's pauses short
        self.health_figure.show(self.current)
        self.boundary_figure.show(self.current)
        if self.views.currentWidget() is self.small_multiples:
            self.small_multiples.show_runs(self.runs)
        QTimer.singleShot(DETAILS_DELAY_MS, self._draw_due_histograms)

    def _draw_due_histograms(self) -> None:
        self._details_due = False
        self.histogram_figure.show(self.current)
        self._draw_network()
        if self._images_due:
            self._images_due = False
            self._draw_images()

    def _class_names(self, run: RunHistory) -> list[str]:
        info = run.info
        return list(info.class_names_zh if current_language().startswith("zh") else info.class_names_en)

    def _draw_images(self) -> None:
        """The image views from the latest image payloads (image data sets only)."""
        self.draw_image_views(self.current, self.image_grid_figure, self.confusion_figure, self.filter_figure,
                              self.feature_figure)
        self.shootout_figure.show(shootout_series(self.runs))

    def draw_image_views(self, run: RunHistory | None, grid: ImageGridFigure | None = None,
                         confusion: ConfusionMatrixFigure | None = None, filters: FilterFigure | None = None,
                         features: FeatureMapFigure | None = None) -> None:
        """Draws `run`'s latest image payloads into the given figures."""
        if run is None or run.images is None or run.info.val_labels is None:
            return
        info, record = run.info, run.images
        names = self._class_names(run)
        labels = info.val_labels
        predicted = record.predictions.astype(int)
        if grid is not None:
            grid.show(info.grid_images, labels[:GRID_IMAGES], predicted[:GRID_IMAGES], names)
        if confusion is not None:
            confusion.show(labels, predicted, names)
        if filters is not None and record.filters is not None:
            filters.show(record.filters)
        if features is not None and record.feature_maps:
            layer = FEATURE_LAYERS.index(self.settings.feature_layer)
            maps = record.feature_maps[min(layer, len(record.feature_maps) - 1)]
            index = min(self.settings.feature_image, len(maps) - 1)
            caption = self.tr("image {index}: {predicted} ({true})").format(
                index=index, predicted=names[predicted[index]], true=names[int(labels[index])])
            features.show(info.grid_images[index], maps[index].astype("float32"), self.settings.feature_layer,
                          caption)

    def _draw_details(self) -> None:
        """The figures that change with the histograms and grids (a few times a second)."""
        self.health_figure.show(self.current)
        if self.current is not None or self._running():
            self.boundary_figure.show(self.current)
        self.histogram_figure.show(self.current)
        self.small_multiples.show_runs(self.runs)
        self._draw_images()
        self._draw_network()

    def _draw_network(self) -> None:
        """The network view, while its tab is shown (its detail arrives with the grids, ≤ 10 Hz)."""
        if self.views.currentWidget() is self.network_page:
            self.network_figure.show(self.current, self.settings.network_units, self.settings.network_first)

    # -- own points ------------------------------------------------------------------------------
    def _show_own_points(self) -> None:
        settings = self.settings
        custom = settings.dataset == CUSTOM_KEY
        self.boundary_figure.show_own(settings.points if custom else None)

    def _edit_points(self, change: Callable[[list[list[float]]], list[list[float]] | None]) -> bool:
        """Applies `change` to the custom data set's points (switching to it first, starting from
        the data shown); False when the points cannot be edited on the plane."""
        settings = self.settings
        if settings.dataset != CUSTOM_KEY:
            settings.choose("dataset", CUSTOM_KEY)
        points = [list(row) for row in settings.points]
        width = len(points[0]) if points else 3
        if width not in (2, 3) or (width == 3) != (settings.points_kind == "label"):
            self._set_status("error", message=self.tr("these points have more than two inputs; edit them in "
                                                      "their CSV file"))
            return False
        changed = change(points)
        if changed is None:
            return False
        self.points_editor.change(changed)
        return True

    def add_point(self, x: float, y: float, label: int) -> bool:
        """Adds the point (x, y) of class `label` (for 1-D regression points: input x, target y)."""
        def add(points: list[list[float]]) -> list[list[float]]:
            width = len(points[0]) if points else 3
            return [*points, [x, y, float(label)] if width == 3 else [x, y]]
        return self._edit_points(add)

    def erase_near(self, x: float, y: float, radius: float) -> bool:
        """Removes the points within `radius` of (x, y)."""
        def erase(points: list[list[float]]) -> list[list[float]] | None:
            kept = [row for row in points if (row[0] - x) ** 2 + (row[1] - y) ** 2 > radius ** 2]
            return kept if len(kept) < len(points) else None
        return self._edit_points(erase)

    def _view_point(self, position) -> tuple[float, float] | None:
        box = self.boundary_figure.plot.vb
        if not box.sceneBoundingRect().contains(position):
            return None
        point = box.mapSceneToView(position)
        return point.x(), point.y()

    def _erase_radius(self) -> float:
        (x0, x1), _ = self.boundary_figure.plot.vb.viewRange()
        return 0.03 * (x1 - x0)

    def _boundary_clicked(self, event) -> None:
        point = self._view_point(event.scenePos())
        if point is None:
            return
        modifiers = event.modifiers()
        if modifiers & Qt.ControlModifier:
            self.erase_near(*point, self._erase_radius())
        elif modifiers & Qt.ShiftModifier:
            self.add_point(*point, self.settings.point_class)
        elif event.button() == Qt.LeftButton:
            self.add_point(*point, 0)
        elif event.button() == Qt.RightButton:
            self.add_point(*point, 1)
        else:
            return
        event.accept()

    def _boundary_dragged(self, position) -> None:
        if not (QApplication.keyboardModifiers() & Qt.ControlModifier and QApplication.mouseButtons()):
            return
        point = self._view_point(position)
        if point is not None and self.settings.dataset == CUSTOM_KEY:
            self.erase_near(*point, self._erase_radius())

    def open_points(self, path: str | Path) -> bool:
        """Reads the points of a CSV file into the custom data set; a bad file changes nothing and
        says which line and column are wrong."""
        try:
            rows, kind = read_points(path)
        except DataFileError as error:
            self._set_status("error", message=str(error))
            return False
        settings = self.settings
        previous = [list(row) for row in settings.points]
        with settings.changes():
            settings.dataset = CUSTOM_KEY
            settings.points_kind = kind
            settings.points = rows
        self.points_editor.history.append(previous)
        self.points_editor.show_points(rows)
        self._set_status("loaded", path=str(path), count=len(rows))
        return True

    def save_points(self, path: str | Path) -> Path:
        """Writes the custom data set's points as CSV; raises ExportError."""
        path = Path(path)
        settings = self.settings
        if not settings.points:
            raise ExportError(self.tr("no points to save"))
        check_writable(path)
        try:
            return write_points(path, settings.points, settings.points_kind)
        except OSError as error:
            raise ExportError(f"cannot write {path}: {error.strerror or error}") from None

    def _ask_open_points(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Open points"), "", "CSV (*.csv *.txt)")
        if name:
            self.open_points(name)

    def _ask_save_points(self) -> None:
        self._ask_export("csv", self.save_points)

    def export_figure(self, name: str = "loss") -> Figure:
        figures = {"loss": LossFigure, "accuracy": AccuracyFigure, "gradients": GradientFigure,
                   "health": HealthFigure, "boundary": BoundaryFigure, "histograms": HistogramFigure,
                   "image_grid": ImageGridFigure, "confusion": ConfusionMatrixFigure, "filters": FilterFigure,
                   "feature_maps": FeatureMapFigure, "shootout": ShootoutFigure,
                   "network": NetworkFigure}
        if name not in figures:
            raise ValueError(f"no figure '{name}' (figures: {', '.join(figures)})")
        figure = figures[name](self.theme)
        if name == "loss":
            figure.show(self.runs, self.settings.log_y, self.settings.smoothing, self.settings.x_axis)
        elif name == "accuracy":
            figure.show(self.runs, self.settings.x_axis)
        elif name == "shootout":
            figure.show(shootout_series(self.runs))
        elif name in ("image_grid", "confusion", "filters", "feature_maps"):
            views = {"image_grid": "grid", "confusion": "confusion", "filters": "filters", "feature_maps": "features"}
            self.draw_image_views(self.current, **{views[name]: figure})
        elif name == "network":
            figure.show(self.current, self.settings.network_units, self.settings.network_first)
        else:
            figure.show(self.current)
        return figure

    # -- run export ------------------------------------------------------------------------------
    def run_table(self) -> Table:
        """Every metric column of every shown run (with a leading `run` column when comparing)."""
        if not self.runs:
            raise ExportError(self.tr("nothing to export yet: start a run first"))
        try:
            return merge_runs(self.runs)
        except ValueError as error:
            raise ExportError(QCoreApplication.translate("TrainingPanel", str(error))) from None

    def export_csv(self, path: str | Path) -> Path:
        """Writes the runs' metrics as CSV; raises ExportError with a message for the user."""
        path = Path(path)
        table = self.run_table()
        check_writable(path)
        try:
            table.write_csv(path)
        except OSError as error:
            raise ExportError(describe(error, path)) from None
        return path

    def export_json(self, path: str | Path) -> Path:
        """Writes config and metrics of every shown run as JSON; raises ExportError."""
        path = Path(path)
        if not self.runs:
            raise ExportError(self.tr("nothing to export yet: start a run first"))
        check_writable(path)
        try:
            write_json(path, runs_json(self.runs, app="actgui", panel=self.key))
        except OSError as error:
            raise ExportError(describe(error, path)) from None
        return path

    def _ask_export(self, suffix: str, write) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export run"), f"training.{suffix}",
                                              f"{suffix.upper()} (*.{suffix})")
        if not name:
            return
        try:
            path = write(name)
        except ExportError as error:
            self._set_status("error", message=str(error))
            return
        self._set_status("exported", path=str(path))

    def results(self) -> Table:
        """The comparison's results table (one row per compared value); raises ExportError before one."""
        if self.results_view.table is None:
            raise ExportError(self.tr("no results yet: run a comparison first"))
        return self.results_view.table

    def export_results(self, path: str | Path) -> Path:
        """Writes the results table as CSV; raises ExportError with a message for the user."""
        path = Path(path)
        table = self.results()
        check_writable(path)
        try:
            table.write_csv(path)
        except OSError as error:
            raise ExportError(f"cannot write {path}: {error.strerror or error}") from None
        return path

    def _ask_export_results(self) -> None:
        self._ask_export("csv", self.export_results)

    def _ask_export_csv(self) -> None:
        self._ask_export("csv", self.export_csv)

    def _ask_export_json(self) -> None:
        self._ask_export("json", self.export_json)

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self.small_multiples.set_theme(theme)

    # -- lifetime --------------------------------------------------------------------------------
    # -- the trained network on offer ------------------------------------------------------------
    def attach_trained_network(self, link: TrainedNetworkLink) -> None:
        """Offers each ended run's (first) network on `link`; its landscape is computed in the training process."""
        self.trained_network = link
        self.worker.landscapeProgress.connect(self._landscape_progress)
        self.worker.landscapeComputed.connect(self._landscape_computed)
        self.worker.landscapeFailed.connect(self._landscape_failed)

    def _offer_network(self, run_id: int) -> None:
        history = self.current
        if self.trained_network is None or history is None or history.latest is None:
            return
        if history.result is not None and history.result.status == "diverged":
            self.trained_network.withdraw()
            return
        description = self.tr("{label} (step {step}, training loss {loss})").format(
            label=history.label, step=history.latest.step, loss=_number(history.latest.train_loss))
        self.trained_network.offer(description, lambda settings: self._compute_landscape(run_id, settings),
                                   self.worker.cancel_landscape)

    def _compute_landscape(self, run_id: int, settings: LandscapeSettings) -> bool:
        self._landscape_request = self.worker.compute_landscape(run_id, settings)
        return self._landscape_request is not None

    def _landscape_progress(self, request: int, done: int, total: int) -> None:
        if request == self._landscape_request:
            self.trained_network.report_progress(done, total)

    def _landscape_computed(self, request: int, landscape: object) -> None:
        if request == self._landscape_request:
            self._landscape_request = None
            self.trained_network.report_computed(landscape)

    def _landscape_failed(self, request: int, reason: str) -> None:
        if request == self._landscape_request:
            self._landscape_request = None
            self.trained_network.report_failed(reason)

    def shutdown(self) -> None:
        """Ends the training process and the relay thread (within about a second)."""
        self._shut_down = True
        self.run_id = None
        self.worker.shutdown()

    def showEvent(self, event: QShowEvent) -> None:
        """The first time the tab is shown, the training process starts and imports torch, so Start
        is immediate (a window whose Training tab is never opened starts no process)."""
        if not self.worker.is_alive() and not self._shut_down:
            self.worker.launch()
            if not self._running():
                self._set_status("starting")
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)


def _number(value: float) -> str:
    return "–" if value is None or not math.isfinite(value) else f"{value:.4g}"
