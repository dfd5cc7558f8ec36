"""The Backprop panel: one SGD step of a small network, stepped through phase by phase (forward,
loss, backward, update) with the keyboard or a clicker, every number from autograd."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from actgui.core.activations import ACTIVATIONS
from actgui.core.backprop import (
    BATCH_SIZE,
    LOSSES,
    LR,
    MAX_HIDDEN_LAYERS,
    MAX_UNITS,
    PHASES,
    BackpropStep,
    compute_step,
    supported_datasets,
)
from actgui.core.datasets import CLASSES, DATASETS, SAMPLES
from actgui.core.registry import UnknownKeyError
from actgui.core.training.config import parse_hidden
from actgui.qt.base.binding import Adapter, LineAdapter
from actgui.qt.base.figure import Figure
from actgui.qt.base.i18n import display_name
from actgui.qt.base.panel import Panel
from actgui.qt.base.theme import Theme
from actgui.qt.base.warmup import when_torch_ready
from actgui.qt.figures.backprop import BackpropDataFigure, BackpropFigure
from actgui.state.backprop import BackpropState, phase_steps

#: Settings that change the step itself (the others only move through it).
STEP_FIELDS = frozenset({"dataset", "classes", "samples", "hidden", "activation", "loss", "batch_size", "first", "lr",
                         "seed"})
NEXT_KEYS = (Qt.Key_PageDown, Qt.Key_Right, Qt.Key_Down)
PREVIOUS_KEYS = (Qt.Key_PageUp, Qt.Key_Left, Qt.Key_Up)
DATA_PLOT_HEIGHT = 220


class StepAdapter(Adapter):
    """The step-through's position (how far the phase has gone) shown by the panel's own label; the
    buttons, keys and the phase box move it, and a position written here reaches the state."""

    def __init__(self, widget: QLabel, show) -> None:
        super().__init__(widget)
        self.show = show
        self.value = 0
        self.edited = None

    def read(self) -> int:
        return self.value

    def write(self, value: object) -> None:
        self.value = int(value)
        self.show()
        if self.edited is not None:  # ignored while the binder itself writes
            self.edited()

    def connect(self, edited) -> None:
        self.edited = edited


#: The characters a combo box shows at least (its whole text when it has room, else shortened with a tooltip).
COMBO_CHARACTERS = 12


class BackpropPanel(Panel):
    """One SGD step, neuron by neuron, with the chain rule's numbers."""

    key = "backprop"
    state_type = BackpropState
    settings: BackpropState

    def __init__(self, theme: Theme, parent: QWidget | None = None, state: BackpropState | None = None) -> None:
        super().__init__(theme, parent, state)
        self.step: BackpropStep | None = None
        self.error = ""
        self._build()
        self.bind({"hidden": LineAdapter(self.hidden_edit, lambda text: list(parse_hidden(text)),
                                         lambda v: ", ".join(map(str, v))),
                   "layer": StepAdapter(self.position_label, self._show_position)})
        self.binder.invalid.connect(lambda name, reason: self.message.setText(reason))
        self.binder.valid.connect(lambda name: self.message.setText(self.error))
        self.settings.subscribe(self._changed)
        for keys, move in ((NEXT_KEYS, 1), (PREVIOUS_KEYS, -1)):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self, lambda move=move: self.move(move))
                shortcut.setContext(Qt.WidgetWithChildrenShortcut)
        self.retranslate()
        when_torch_ready(self, self.recompute)

    # -- building -------------------------------------------------------------------------------
    def _build(self) -> None:
        controls = QWidget()
        controls.setObjectName("backprop.controls")
        layout = QVBoxLayout(controls)
        stepper = QVBoxLayout()  # one above the other: each keeps its key's name at lecture sizes
        self.previous_button = QPushButton()
        self.previous_button.setObjectName("backprop.previous")
        self.previous_button.clicked.connect(lambda: self.move(-1))
        self.next_button = QPushButton()
        self.next_button.setObjectName("backprop.next")
        self.next_button.clicked.connect(lambda: self.move(1))
        stepper.addWidget(self.previous_button)
        stepper.addWidget(self.next_button)
        layout.addLayout(stepper)
        self.position_label = QLabel()
        self.position_label.setObjectName("backprop.layer")
        self.position_label.setWordWrap(True)
        layout.addWidget(self.position_label)
        self.phase_combo = self._combo("phase", PHASES)
        self.step_form = QFormLayout()
        self.phase_label = QLabel()
        self.step_form.addRow(self.phase_label, self.phase_combo)
        layout.addLayout(self.step_form)

        self.network_box = QGroupBox()
        self.network_form = QFormLayout(self.network_box)
        self.dataset_combo = self._combo("dataset", supported_datasets())
        self.classes_spin = self._spin("classes", CLASSES.minimum, CLASSES.maximum)
        self.hidden_edit = QLineEdit()
        self.hidden_edit.setObjectName("backprop.hidden")
        self.activation_combo = self._combo("activation", ACTIVATIONS.keys())
        self.loss_combo = self._combo("loss", ["", *LOSSES])
        self.lr_spin = QDoubleSpinBox()
        self.lr_spin.setObjectName("backprop.lr")
        self.lr_spin.setRange(LR.minimum, LR.maximum)
        self.lr_spin.setDecimals(4)
        self.lr_spin.setSingleStep(LR.step)
        self.seed_spin = self._spin("seed", 0, 2**31 - 1)
        self.training_button = QPushButton()
        self.training_button.setObjectName("backprop.take_training")
        self.training_button.clicked.connect(self.take_training_network)
        for name, widget in (("dataset", self.dataset_combo), ("classes", self.classes_spin),
                             ("hidden", self.hidden_edit), ("activation", self.activation_combo),
                             ("loss", self.loss_combo), ("lr", self.lr_spin), ("seed", self.seed_spin)):
            self.network_form.addRow(name, widget)
        self.network_form.addRow(self.training_button)
        layout.addWidget(self.network_box)

        self.batch_box = QGroupBox()
        self.batch_form = QFormLayout(self.batch_box)
        self.samples_spin = self._spin("samples", SAMPLES.minimum, SAMPLES.maximum)
        self.batch_spin = self._spin("batch_size", BATCH_SIZE.minimum, BATCH_SIZE.maximum)
        self.first_spin = self._spin("first", 0, SAMPLES.maximum - 1)
        self.unit_spin = self._spin("unit", 1, MAX_UNITS)
        self.source_spin = self._spin("source", 1, MAX_UNITS)
        for name, widget in (("samples", self.samples_spin), ("batch_size", self.batch_spin),
                             ("first", self.first_spin), ("unit", self.unit_spin), ("source", self.source_spin)):
            self.batch_form.addRow(name, widget)
        layout.addWidget(self.batch_box)
        self.data = BackpropDataFigure(self.theme, self.pick_example)
        self.data.widget.setMinimumHeight(DATA_PLOT_HEIGHT)
        layout.addWidget(self.data.widget)
        self.message = QLabel()
        self.message.setObjectName("backprop.message")
        self.message.setStyleSheet("color: #d62728;")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addStretch(1)

        self.figure = BackpropFigure(self.theme)
        self.figures = {"backprop": self.figure, "backprop_data": self.data}
        self.fill(self.controls_beside(controls, self.figure.widget, "backprop"))

    def _combo(self, name: str, values) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(f"backprop.{name}")
        for value in values:
            combo.addItem(value, value)
        combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(COMBO_CHARACTERS)  # narrower, the form puts it under its label
        return combo

    def _spin(self, name: str, low: float, high: float) -> QSpinBox:
        spin = QSpinBox()
        spin.setObjectName(f"backprop.{name}")
        spin.setRange(int(low), int(high))
        return spin

    def showEvent(self, event: QShowEvent) -> None:
        """The network takes the keyboard focus, so a clicker's PageDown/PageUp step through at once."""
        super().showEvent(event)
        QTimer.singleShot(0, self, self._focus_figure)

    def _focus_figure(self) -> None:
        if self.isVisible() and not self.isAncestorOf(QApplication.focusWidget()):
            self.figure.widget.setFocus(Qt.OtherFocusReason)

    # -- texts ----------------------------------------------------------------------------------
    def title(self) -> str:
        return self.tr("Backprop")

    def retranslate(self) -> None:
        self.previous_button.setText(self.tr("◀ Previous (PageUp)"))
        self.next_button.setText(self.tr("Next (PageDown) ▶"))
        self.phase_label.setText(self.tr("Phase"))
        phases = {"forward": self.tr("① Forward"), "loss": self.tr("② Loss"), "backward": self.tr("③ Backward"),
                  "update": self.tr("④ Update")}
        for index, phase in enumerate(PHASES):
            self.phase_combo.setItemText(index, phases[phase])
        self.network_box.setTitle(self.tr("Network and data"))
        self.batch_box.setTitle(self.tr("Batch and chain rule"))
        labels = {"dataset": self.tr("Data set"), "classes": self.tr("Classes (blobs)"),
                  "hidden": self.tr("Hidden layers (units)"), "activation": self.tr("Activation"),
                  "loss": self.tr("Loss"), "lr": self.tr("Learning rate η"), "seed": self.tr("Seed"),
                  "samples": self.tr("Samples"), "batch_size": self.tr("Batch size"),
                  "first": self.tr("First example"), "unit": self.tr("Paths of w[unit, input]: unit"),
                  "source": self.tr("input")}
        for form in (self.network_form, self.batch_form):
            for row in range(form.rowCount()):
                label = form.itemAt(row, QFormLayout.LabelRole)
                field = form.itemAt(row, QFormLayout.FieldRole)
                if label is not None and field is not None and field.widget() is not None:
                    label.widget().setText(labels[field.widget().objectName().partition(".")[2]])
                    label.widget().setWordWrap(True)  # a long label wraps instead of widening the column
        for combo, registry in ((self.dataset_combo, DATASETS), (self.activation_combo, ACTIVATIONS)):
            for index in range(combo.count()):
                combo.setItemText(index, display_name(registry.get(combo.itemData(index))))
        losses = {"": self.tr("the task's own"), "bce_with_logits": self.tr("binary cross-entropy (logits)"),
                  "mse": self.tr("mean squared error"), "cross_entropy": self.tr("cross-entropy")}
        for index in range(self.loss_combo.count()):
            self.loss_combo.setItemText(index, losses[self.loss_combo.itemData(index)])
        self.training_button.setText(self.tr("Take the Training panel's network"))
        self.figure.retranslate()
        self.data.retranslate()
        self._show_position()

    def _show_position(self) -> None:
        steps = phase_steps(self.settings.layers)
        position = self.settings.position()
        self.position_label.setText(self.tr("Step {index} of {count}").format(index=position + 1, count=len(steps)))
        self.previous_button.setEnabled(position > 0)
        self.next_button.setEnabled(position < len(steps) - 1)

    # -- the step -------------------------------------------------------------------------------
    def move(self, offset: int) -> None:
        """Moves the step-through `offset` steps (PageDown/PageUp, arrows, the buttons)."""
        self.settings.go(offset)

    def pick_example(self, index: int) -> None:
        """A click on the data plot: the batch starts at example `index`."""
        self.settings.first = index

    def _changed(self, names: set[str]) -> None:
        if names & STEP_FIELDS:
            when_torch_ready(self, self.recompute)
        else:
            self.redraw()

    def recompute(self) -> None:
        try:
            self.step, self.error = compute_step(self.settings.step_settings()), ""
        except (ValueError, UnknownKeyError) as error:
            self.step, self.error = None, str(error)
        self.message.setText(self.error)
        self.data.show(self.step)
        self.redraw()

    def redraw(self) -> None:
        self._show_position()
        self.classes_spin.setEnabled(DATASETS.get(self.settings.dataset).variable_classes)
        self._show(self.figure)

    def _show(self, figure: BackpropFigure) -> None:
        steps = phase_steps(self.settings.layers)
        phase, layer = steps[self.settings.position()]
        figure.show(self.step, phase, layer, self.settings.weight, self.error)

    def take_training_network(self) -> None:
        """Takes the data set, hidden sizes and activation of the Training panel's settings, when the
        microscope can draw that network."""
        states = getattr(self.window(), "states", None)
        training = states["training"] if states is not None and "training" in states else None
        if training is None:
            return
        hidden = [int(n) for n in training.hidden]
        if len(hidden) > MAX_HIDDEN_LAYERS or any(n > MAX_UNITS for n in hidden) \
                or training.dataset not in supported_datasets():
            self.message.setText(self.tr(
                "The Training panel's network ({dataset}, {hidden}) is larger than the microscope draws: at most "
                "{layers} hidden layers of {units} units, on data of at most {units} inputs").format(
                dataset=training.dataset, hidden=", ".join(map(str, hidden)), layers=MAX_HIDDEN_LAYERS,
                units=MAX_UNITS))
            return
        with self.settings.changes():
            self.settings.dataset, self.settings.hidden = training.dataset, hidden
            self.settings.activation = training.activation
            if DATASETS.get(training.dataset).variable_classes:
                self.settings.classes = training.classes
            self.settings.loss = ""

    def export_figure(self, name: str = "backprop") -> Figure:
        if name == "backprop_data":
            figure = BackpropDataFigure(self.theme)
            figure.show(self.step)
            return figure
        figure = BackpropFigure(self.theme)
        self._show(figure)
        return figure
