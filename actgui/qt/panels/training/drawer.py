"""The Training panel's settings drawer: every setting a lecturer does not touch live (the data's
size and noise, the network's details, the optimiser, the run's limit, comparisons, the plots and
exports), in groups, in a pane that opens and closes beside the stage. The rows of the data,
network, optimiser and run groups are the run's settings as TrainingConfig declares them (a new
setting is its declaration); each group makes the widgets only it knows (combo boxes and their
texts) and adds the panel's own settings."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from actgui.core.activations import ACTIVATIONS
from actgui.core.datasets import CUSTOM_KEY, DATASETS, POINT_KINDS
from actgui.core.device import available_devices
from actgui.core.image_datasets import IMAGE_DATASETS
from actgui.core.inits import INITS
from actgui.core.model import BINARY_OUTPUTS
from actgui.core.models import MODELS
from actgui.core.registry import Param
from actgui.core.training.config import DEVICES, RECOMMENDED_INIT, TRAINING_OPTIMIZERS
from actgui.core.training.experiment import COMPARE_KINDS, NOTES_COMPARISON, SEEDS
from actgui.core.training.history import RunHistory
from actgui.core.training.settings import DATA_GROUP, NETWORK_GROUP, OPTIMIZER_GROUP, RUN_GROUP
from actgui.qt.base.binding import ParamSliders
from actgui.qt.base.i18n import display_name
from actgui.qt.base.warmup import torch_ready
from actgui.qt.base.widgets import ParamSlider
from actgui.qt.panels.training.data_editor import FeatureToggles, PointsEditor
from actgui.qt.panels.training.widgets import FormBox, SettingsBox, button, combo, spin, translate
from actgui.state.training import SMOOTHING, X_AXES, TrainingState


class DataBox(SettingsBox):
    """The data set's size, noise, classes, validation share, input features and own points."""

    def __init__(self, open_data: Callable[[], None]) -> None:
        self.noise_spin = QDoubleSpinBox()
        self.noise_spin.setObjectName("training.noise")
        self.noise_spin.setDecimals(2)
        self.noise_spin.setSingleStep(0.01)
        self.data_dir_edit = QLineEdit()
        self.data_dir_edit.setObjectName("training.data_dir")
        self.data_dir_edit.setReadOnly(True)
        self.features_toggles = FeatureToggles()
        self.points_kind_combo = combo("points_kind", POINT_KINDS)
        super().__init__(DATA_GROUP, {"noise": self.noise_spin, "features": self.features_toggles,
                                      "points_kind": self.points_kind_combo, "data_dir": self.data_dir_edit})
        self.samples_spin, self.classes_spin = self.widgets["samples"], self.widgets["classes"]
        self.train_samples_spin = self.widgets["train_samples"]
        self.point_class_spin = QSpinBox()  # the panel's own setting: the class Shift+click adds
        self.point_class_spin.setObjectName("training.point_class")
        self.point_class_spin.setRange(0, 9)
        self.add_row("point_class", self.point_class_spin, self.row_of("points_kind") + 1)
        self.open_data_button = button("open_data", open_data)
        self.points_editor = PointsEditor()
        self.form.addRow(self.open_data_button)
        self.form.addRow(self.points_editor)

    def retranslate(self) -> None:
        self.setTitle(translate("TrainingPanel", "Data"))
        self.retranslate_rows()
        self.set_labels({"point_class": translate("TrainingPanel", "Shift+click class")})
        self.open_data_button.setText(translate("TrainingPanel", "Open IDX folder…"))
        self.data_dir_edit.setPlaceholderText(translate("TrainingPanel", "none (File → Open data set…)"))
        self.points_kind_combo.setItemText(0, translate("TrainingPanel", "class label"))
        self.points_kind_combo.setItemText(1, translate("TrainingPanel", "regression target"))
        self.points_editor.retranslate()

    def follow(self, settings: TrainingState, images: bool) -> None:
        """Enables what applies to the chosen data set."""
        dataset = settings.dataset
        custom = dataset == CUSTOM_KEY
        self.train_samples_spin.setEnabled(images)
        self.points_kind_combo.setEnabled(custom)
        self.features_toggles.setEnabled(
            not images and (custom or dataset in DATASETS and DATASETS.get(dataset).input_dim == 2)
        )
        if images or dataset not in DATASETS:
            for widget in (self.samples_spin, self.noise_spin, self.classes_spin):
                widget.setEnabled(False)
            return
        info = DATASETS.get(dataset)
        param = info.noise_param
        self.noise_spin.setRange(param.minimum, param.maximum)
        self.samples_spin.setEnabled(not custom and info.key != "digits")
        self.noise_spin.setEnabled(not custom)
        self.classes_spin.setEnabled(info.variable_classes)


class NetworkBox(SettingsBox):
    """The model, the activation's parameters, the initialisation, the output, dropout, batch norm, CNN sizes."""

    def __init__(self) -> None:
        self.model_combo = combo("model", [model.key for model in MODELS])
        self.activation_params = QWidget()
        self.activation_params.setObjectName("training.activation_params")
        QVBoxLayout(self.activation_params).setContentsMargins(0, 0, 0, 0)
        self.init_combo = combo("init", [RECOMMENDED_INIT, *INITS.keys()])
        self.init_params = QWidget()
        self.init_params.setObjectName("training.init_params")
        QVBoxLayout(self.init_params).setContentsMargins(0, 0, 0, 0)
        self.output_combo = combo("binary_output", BINARY_OUTPUTS)
        super().__init__(NETWORK_GROUP, {"model": self.model_combo, "activation_params": self.activation_params,
                                         "init": self.init_combo, "init_params": self.init_params,
                                         "binary_output": self.output_combo})
        self.channel_spins = [self.widgets[name] for name in ("channels1", "channels2", "dense")]

    def retranslate(self) -> None:
        self.setTitle(translate("TrainingPanel", "Network"))
        self.retranslate_rows()
        self.init_combo.setItemText(0, translate("TrainingPanel", "Recommended for the activation (notes' rule)"))
        for index, scheme in enumerate(INITS, start=1):
            self.init_combo.setItemText(index, display_name(scheme))
        self.output_combo.setItemText(0, translate("TrainingPanel", "1 sigmoid unit + BCE loss"))
        self.output_combo.setItemText(1, translate("TrainingPanel", "2 softmax units + cross-entropy"))
        for index, model in enumerate(MODELS):
            self.model_combo.setItemText(index, display_name(model))

    def follow(self, settings: TrainingState, images: bool) -> None:
        cnn = settings.model in MODELS and MODELS.get(settings.model).images
        for channels in self.channel_spins:
            channels.setEnabled(cnn)
        binary = settings.dataset in DATASETS and DATASETS.get(settings.dataset).task == "binary"
        self.output_combo.setEnabled(binary and not images)


class OptimizerBox(SettingsBox):
    """The optimiser and the settings a running network takes at once (momentum, decay, batch, clipping)."""

    def __init__(self) -> None:
        self.optimizer_combo = combo("optimizer", TRAINING_OPTIMIZERS.keys())
        super().__init__(OPTIMIZER_GROUP, {"optimizer": self.optimizer_combo})
        self.momentum_spin, self.nesterov_check = self.widgets["momentum"], self.widgets["nesterov"]

    def retranslate(self) -> None:
        self.setTitle(translate("TrainingPanel", "Optimiser"))
        self.retranslate_rows()
        for index, optimizer in enumerate(TRAINING_OPTIMIZERS):
            self.optimizer_combo.setItemText(index, display_name(optimizer))

    def follow(self, settings: TrainingState) -> None:
        if settings.optimizer in TRAINING_OPTIMIZERS:
            info = TRAINING_OPTIMIZERS.get(settings.optimizer)
            self.momentum_spin.setEnabled(info.uses_momentum)
            self.nesterov_check.setEnabled(info.key == "sgd")


class RunBox(SettingsBox):
    """How long a run goes (until paused, or a number of steps or epochs), recording, seed and device."""

    def __init__(self) -> None:
        self.device_combo = combo("device", DEVICES)
        super().__init__(RUN_GROUP, {"device": self.device_combo})
        self.steps_spin, self.bf16_check = self.widgets["steps"], self.widgets["bf16"]
        self.bf16_check.setEnabled(False)  # until torch can tell whether there is a CUDA device
        self.until_paused_check = QCheckBox()  # the panel's own setting: a run in the window goes on until paused
        self.until_paused_check.setObjectName("training.until_paused")
        self.add_row("until_paused", self.until_paused_check, self.row_of("steps"))
        self.device_label = QLabel()
        self.device_label.setObjectName("training.device_in_use")
        self.device_label.setWordWrap(True)
        self.form.addRow(self.device_label)

    def retranslate(self) -> None:
        self.setTitle(translate("TrainingPanel", "Run"))
        self.retranslate_rows()
        self.set_labels({"until_paused": translate("TrainingPanel", "Train until paused")})
        self.until_paused_check.setToolTip(
            translate(
                "TrainingPanel",
                "A run in the window goes on until you pause or stop it; "
                "untick to stop after the steps (or epochs) below",
            )
        )
        self.bf16_check.setText(translate("TrainingPanel", "bfloat16 mixed precision"))
        self.show_bf16_availability()
        device_names = {
            "auto": translate("TrainingPanel", "auto (CUDA, then MPS, then CPU)"),
            "cpu": translate("TrainingPanel", "CPU"),
            "cuda": translate("TrainingPanel", "CUDA GPU"),
            "mps": translate("TrainingPanel", "Apple MPS"),
        }
        for index, device in enumerate(DEVICES):
            self.device_combo.setItemText(index, device_names[device])

    def show_bf16_availability(self) -> None:
        """bfloat16 is offered on a CUDA device only (known once torch is imported)."""
        if torch_ready():
            self.bf16_check.setEnabled("cuda" in available_devices())
        self.bf16_check.setToolTip(
            translate("TrainingPanel", "bfloat16 autocast of the forward pass (CUDA GPUs only)")
            if self.bf16_check.isEnabled()
            else translate("TrainingPanel", "bfloat16 autocast needs a CUDA GPU; none is available here")
        )

    def show_device(self, device: str) -> None:
        self.device_label.setText(translate("TrainingPanel", "Device in use: {device}").format(device=device))

    def follow(self, settings: TrainingState) -> None:
        self.steps_spin.setEnabled(not settings.until_paused)


class CompareBox(FormBox):
    """A comparison of values (activations, inits, learning rates) over seeds, and the notes' shoot-out."""

    def __init__(self, compare: Callable[[], object], shootout: Callable[[], object]) -> None:
        self.compare_by_combo = combo("compare_by", COMPARE_KINDS)
        self.compare_values_edit = QLineEdit()
        self.compare_values_edit.setObjectName("training.compare_values")
        self.seeds_spin = spin(SEEDS)
        self.compare_button = button("compare", compare)
        self.compare_note = QLabel()
        self.compare_note.setWordWrap(True)
        super().__init__(
            [
                ("compare_by", self.compare_by_combo),
                ("compare_values", self.compare_values_edit),
                ("seeds", self.seeds_spin),
            ]
        )
        self.shootout_button = button("shootout", shootout)
        for widget in (self.compare_note, self.compare_button, self.shootout_button):
            self.form.addRow(widget)

    def retranslate(self) -> None:
        self.setTitle(translate("TrainingPanel", "Compare runs"))
        self.set_labels(
            {
                "compare_by": translate("TrainingPanel", "Compare"),
                "compare_values": translate("TrainingPanel", "Values"),
                "seeds": translate("TrainingPanel", "Seeds per value"),
            }
        )
        self.compare_button.setText(translate("TrainingPanel", "Run comparison"))
        self.shootout_button.setText(translate("TrainingPanel", "CNN activation shoot-out (the notes' experiment)"))
        self.shootout_button.setToolTip(
            translate(
                "TrainingPanel",
                "The notes' CNN trained with sigmoid, relu, elu, leaky-relu (α = 0.2), selu and gelu (tanh form), "
                "Adam with clip value 0.5, batch 128, on Fashion-MNIST (the 8×8 digits where it is not installed); "
                "validation accuracy and loss per epoch in the Shoot-out tab",
            )
        )
        self.compare_note.setText(
            translate(
                "TrainingPanel",
                "Trains the same network once per value and seed, all runs together, and draws each value's mean "
                "with a min–max band over the seeds. Activations: {notes} is the notes' experiment.",
            ).format(notes=NOTES_COMPARISON)
        )
        kinds = {
            "activation": translate("TrainingPanel", "activations"),
            "init": translate("TrainingPanel", "initialisations"),
            "lr": translate("TrainingPanel", "learning rates"),
        }
        for index, kind in enumerate(COMPARE_KINDS):
            self.compare_by_combo.setItemText(index, kinds[kind])


class PlotsBox(FormBox):
    """How the curves are drawn, the network view's units, and the run's exports."""

    def __init__(self, export_csv: Callable[[], None], export_json: Callable[[], None]) -> None:
        super().__init__()
        self.log_check = QCheckBox()
        self.log_check.setObjectName("training.log_y")
        self.smoothing = ParamSlider(SMOOTHING, "training")
        self.smoothing.setObjectName("training.smoothing")
        self.x_axis_combo = combo("x_axis", X_AXES)
        self.network_units_spin = QSpinBox()
        self.network_units_spin.setObjectName("training.network_units")
        self.network_units_spin.setRange(1, 64)
        self.network_first_spin = QSpinBox()
        self.network_first_spin.setObjectName("training.network_first")
        self.network_first_spin.setRange(0, 1023)
        self.export_csv_button = button("export_csv", export_csv)
        self.export_json_button = button("export_json", export_json)
        exports = QHBoxLayout()
        exports.addWidget(self.export_csv_button)
        exports.addWidget(self.export_json_button)
        self.form.addRow(self.log_check)
        self.form.addRow(self.smoothing)
        self.form.addRow(self.x_axis_combo)
        self.add_row("network_units", self.network_units_spin)
        self.add_row("network_first", self.network_first_spin)
        self.form.addRow(exports)

    def retranslate(self) -> None:
        self.setTitle(translate("TrainingPanel", "Plots and export"))
        self.set_labels(
            {
                "network_units": translate("TrainingPanel", "Units shown per layer"),
                "network_first": translate("TrainingPanel", "First unit shown"),
            }
        )
        self.log_check.setText(translate("TrainingPanel", "Logarithmic loss axis"))
        self.smoothing.retranslate()
        self.x_axis_combo.setItemText(0, translate("TrainingPanel", "x axis: steps"))
        self.x_axis_combo.setItemText(1, translate("TrainingPanel", "x axis: epochs"))
        self.export_csv_button.setText(translate("TrainingPanel", "Export run CSV…"))
        self.export_json_button.setText(translate("TrainingPanel", "Export run JSON…"))


class SettingsDrawer(QWidget):
    """Every group of settings, one under the other (the panel puts it in a scrolling side pane)."""

    def __init__(self, panel: object) -> None:
        super().__init__()
        self.setObjectName("training.controls")
        self.settings: TrainingState = panel.settings
        self.data = DataBox(panel.ask_open_data)
        self.network = NetworkBox()
        self.optimizer = OptimizerBox()
        self.run = RunBox()
        self.compare = CompareBox(panel.compare, panel.shootout)
        self.plots = PlotsBox(panel.exports.ask_export_csv, panel.exports.ask_export_json)
        column = QVBoxLayout(self)
        for box in (self.data, self.network, self.optimizer, self.run, self.compare, self.plots):
            column.addWidget(box)
        column.addStretch(1)
        self.activation_sliders = ParamSliders(self.network.activation_params, self.settings, "activation_params")
        self.init_sliders = ParamSliders(self.network.init_params, self.settings, "init_params")

    def retranslate(self) -> None:
        for box in (self.data, self.network, self.optimizer, self.run, self.compare, self.plots):
            box.retranslate()
        for slider in (*self.activation_sliders.sliders.values(), *self.init_sliders.sliders.values()):
            slider.retranslate()

    def show_device(self, current: RunHistory | None) -> None:
        """The device runs use: the current run's, else what the device setting picks here."""
        if current is not None:
            device = current.info.device
        elif not torch_ready():  # which devices there are is known once torch is imported
            device = "…"
        else:
            devices = available_devices()
            setting = self.settings.device
            device = devices[0] if setting == "auto" else (setting if setting in devices else "cpu")
        self.run.show_device(device)

    def image_run(self) -> bool:
        """Whether the current settings train on an image data set."""
        settings = self.settings
        return settings.dataset not in DATASETS or (
            settings.dataset in IMAGE_DATASETS and settings.model in MODELS and MODELS.get(settings.model).images
        )

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

    def follow(self, names: set[str]) -> None:
        """Ranges, sliders and enabled controls that follow the settings `names` just changed."""
        settings, images = self.settings, self.image_run()
        if "activation" in names and settings.activation in ACTIVATIONS:
            self._show_sliders(
                self.activation_sliders,
                settings.activation,
                ACTIVATIONS.get(settings.activation).params,
                "training.activation",
            )
        if "init" in names and (settings.init == RECOMMENDED_INIT or settings.init in INITS):
            params = () if settings.init == RECOMMENDED_INIT else INITS.get(settings.init).params
            self._show_sliders(self.init_sliders, settings.init, params, "training.init")
        if names & {"dataset", "model", "data_dir", "points", "points_kind"}:
            self.data.follow(settings, images)
            self.network.follow(settings, images)
        if "optimizer" in names:
            self.optimizer.follow(settings)
        if "until_paused" in names:
            self.run.follow(settings)
