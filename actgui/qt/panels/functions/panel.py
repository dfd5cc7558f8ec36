"""The Functions panel: pick activations, move their shape parameters, read f, f′, f″ live."""

from __future__ import annotations

import contextlib
import math
import threading
from typing import Any

from PySide6.QtCore import QObject, QPointF, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from actgui.core.activations import ACTIVATIONS, Activation, Curves
from actgui.core.custom import CUSTOM_KEY
from actgui.core.device import resolve_device
from actgui.core.function_plot import MAX_POINTS, MIN_POINTS, X_LIMIT, FunctionPlotSpec, curve_key, sample_one
from actgui.core.properties import Properties, cost_relative_to_relu, measured_cost, properties
from actgui.core.safe_expr import ExpressionError
from actgui.qt.base.binding import ParamSliders
from actgui.qt.base.figure import Figure
from actgui.qt.base.i18n import display_name, formula_text
from actgui.qt.base.panel import Panel
from actgui.qt.base.theme import Theme
from actgui.qt.base.warmup import torch_ready, when_prefetched, when_torch_ready
from actgui.qt.base.widgets import ParamSlider, swatch
from actgui.qt.figures.functions import FunctionsFigure, readout
from actgui.state.functions import FunctionsState

CUSTOM_COLOR = "#000000"
#: What the cost column shows while the activation's cost is being measured.
MEASURING = "…"


class CostMeter(QObject):
    """Times activations against ReLU on a daemon thread (torch releases the GIL while it computes),
    one batch at a time, so the table fills in without holding up the window; `measured` fires on
    the GUI thread when a batch is done."""

    measured = Signal()

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.busy = False

    def measure(self, jobs: list[tuple[Activation, dict | None, str]]) -> None:
        """Measures `jobs` (activation, params, device) unless a batch is in flight (the panel asks
        again when that one is done)."""
        if self.busy or not jobs:
            return
        self.busy = True
        threading.Thread(target=self._run, args=(jobs,), name="actgui-cost-meter", daemon=True).start()

    def _run(self, jobs: list[tuple[Activation, dict | None, str]]) -> None:
        for activation, params, device in jobs:
            cost_relative_to_relu(activation, params, device)
        self.busy = False
        with contextlib.suppress(RuntimeError):  # the panel was closed meanwhile
            self.measured.emit()


class FunctionsPanel(Panel):
    """Activation curves with autograd derivatives, parameter sliders, properties and formulas."""

    key = "functions"
    state_type = FunctionsState
    settings: FunctionsState

    def __init__(self, theme: Theme, parent: QWidget | None = None, state: FunctionsState | None = None) -> None:
        super().__init__(theme, parent, state)
        self.data: list[tuple[Activation, Curves]] = []
        self.cursor_x: float | None = None
        self.props: dict[str, Properties] = {}
        self.spec = self.settings.spec()
        self._curve_cache: dict[tuple, tuple[Activation, Curves]] = {}  # by curve_key
        self._properties_cache: dict[tuple, Properties] = {}
        # The properties table and formulas trail a slider drag by 150 ms; the curves never do.
        self._info_timer = QTimer(self, singleShot=True, interval=150)
        self._info_timer.timeout.connect(self._show_info)
        self.cost_meter = CostMeter(self)
        self.cost_meter.measured.connect(self._info_timer.start)
        self._build()
        self.param_sliders = ParamSliders(self.params_box, self.settings, "params")
        self.sliders = self.param_sliders.sliders
        self.bind({"params": self.param_sliders})
        self.binder.invalid.connect(self._refused)
        self.binder.valid.connect(self._refused)
        self.binder.edited.connect(self._edited)
        self.settings.subscribe(self._settings_changed)
        self._rebuild_figure()
        self._update_sliders()
        self.retranslate()
        when_prefetched(self, self.key, self._take_first_numbers)  # drawn before torch is imported here
        when_torch_ready(self, self.refresh, self._show_info)

    # -- building -------------------------------------------------------------------------------
    def _build(self) -> None:
        controls = QWidget()
        controls.setObjectName("functions.controls")
        form = QVBoxLayout(controls)

        self.activation_list = QListWidget()
        self.activation_list.setObjectName("functions.names")
        self.activation_list.setSelectionMode(QAbstractItemView.NoSelection)
        for activation in ACTIVATIONS:
            self._add_list_item(activation.key, activation.color)
        self._add_list_item(CUSTOM_KEY, CUSTOM_COLOR)
        self.activation_label = QLabel()
        form.addWidget(self.activation_label)
        form.addWidget(self.activation_list, 1)

        self.custom_edit = QLineEdit()
        self.custom_edit.setObjectName("functions.custom_expression")
        self.custom_edit.editingFinished.connect(self._custom_finished)
        self.custom_error = QLabel()
        self.custom_error.setObjectName("functions.custom_error")
        self.custom_error.setWordWrap(True)
        self.custom_error.setStyleSheet("color: #d62728;")
        self.custom_label = QLabel()
        form.addWidget(self.custom_label)
        form.addWidget(self.custom_edit)
        form.addWidget(self.custom_error)

        self.view_box = QGroupBox()
        view_form = QFormLayout(self.view_box)
        self.layout_combo = QComboBox()
        self.layout_combo.setObjectName("functions.overlay")
        self.layout_combo.addItem("", False)
        self.layout_combo.addItem("", True)
        self.derivative_check = QCheckBox()
        self.derivative_check.setObjectName("functions.derivative")
        self.second_check = QCheckBox()
        self.second_check.setObjectName("functions.second")
        self.grid_check = QCheckBox()
        self.grid_check.setObjectName("functions.grid")
        self.tanh_identity_check = QCheckBox()
        self.tanh_identity_check.setObjectName("functions.tanh_identity")
        self.effective_range_check = QCheckBox()
        self.effective_range_check.setObjectName("functions.effective_range")
        self.xmin_spin = self._spin("functions.xmin")
        self.xmax_spin = self._spin("functions.xmax")
        self.points_spin = QSpinBox()
        self.points_spin.setObjectName("functions.points")
        self.points_spin.setRange(MIN_POINTS, MAX_POINTS)
        self.points_spin.setSingleStep(500)
        self.layout_label, self.xmin_label, self.xmax_label, self.points_label = (QLabel() for _ in range(4))
        view_form.addRow(self.layout_label, self.layout_combo)
        view_form.addRow(self.derivative_check)
        view_form.addRow(self.second_check)
        view_form.addRow(self.grid_check)
        view_form.addRow(self.tanh_identity_check)
        view_form.addRow(self.effective_range_check)
        view_form.addRow(self.xmin_label, self.xmin_spin)
        view_form.addRow(self.xmax_label, self.xmax_spin)
        view_form.addRow(self.points_label, self.points_spin)
        self.range_error = QLabel()
        self.range_error.setObjectName("functions.range_error")
        self.range_error.setStyleSheet("color: #d62728;")
        view_form.addRow(self.range_error)
        form.addWidget(self.view_box)

        self.params_box = QGroupBox()
        self.params_box.setObjectName("functions.params")
        self.params_layout = QVBoxLayout(self.params_box)
        form.addWidget(self.params_box)

        self.figure = FunctionsFigure(self.theme)
        self.figures = {"functions": self.figure}
        self.figure.widget.scene().sigMouseMoved.connect(self._mouse_moved)

        self.readout_label = QLabel()
        self.readout_label.setObjectName("functions.readout")
        self.readout_label.setTextFormat(Qt.RichText)
        self.formula_label = QLabel()
        self.formula_label.setObjectName("functions.formula")
        self.formula_label.setTextFormat(Qt.RichText)
        self.formula_label.setWordWrap(True)
        self.properties_table = QTableWidget(0, 8)
        self.properties_table.setObjectName("functions.properties")
        self.properties_table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        # Every column shares the width (nothing scrolls sideways): long cells and headers wrap at spaces.
        header = self.properties_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Stretch)
        header.setDefaultAlignment(Qt.AlignCenter | Qt.TextWordWrap)
        self.properties_table.setWordWrap(True)
        self.properties_table.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        header.sectionResized.connect(lambda *_: self._fit_table_rows())

        info = QWidget()
        info_layout = QVBoxLayout(info)
        info_layout.setContentsMargins(0, 0, 0, 0)
        info_layout.addWidget(self.readout_label)
        info_layout.addWidget(self.formula_label)
        info_layout.addWidget(self.properties_table, 1)

        right = QSplitter(Qt.Vertical)
        right.addWidget(self.figure.widget)
        right.addWidget(info)
        right.setSizes([560, 300])
        self.fill(self.controls_beside(controls, right, "functions"))

    def _add_list_item(self, key: str, color: str, row: int | None = None) -> None:
        item = QListWidgetItem(swatch(color), "")
        item.setData(Qt.UserRole, key)
        item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
        item.setCheckState(Qt.Unchecked)
        self.activation_list.insertItem(self.activation_list.count() if row is None else row, item)

    def registries_changed(self, added: dict[str, tuple[str, ...]], registries: dict[str, Any]) -> None:
        """Plugins' activations join the list, before the custom expression."""
        for key in added.get("actgui.activations", ()):
            self._add_list_item(key, ACTIVATIONS.get(key).color, self.activation_list.count() - 1)
        super().registries_changed(added, registries)

    def _spin(self, name: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setObjectName(name)
        spin.setRange(-X_LIMIT, X_LIMIT)
        spin.setDecimals(1)
        spin.setSingleStep(1.0)
        return spin

    # -- texts ----------------------------------------------------------------------------------
    def title(self) -> str:
        return self.tr("Functions")

    def retranslate(self) -> None:
        self.activation_label.setText(self.tr("Activations (tick to plot):"))
        blocked = self.activation_list.blockSignals(True)  # a new text is no edit of the ticked names
        for row in range(self.activation_list.count()):
            item = self.activation_list.item(row)
            key = item.data(Qt.UserRole)
            item.setText(self.tr("Custom expression") if key == CUSTOM_KEY else display_name(ACTIVATIONS.get(key)))
        self.activation_list.blockSignals(blocked)
        self.custom_label.setText(self.tr("Custom f(x), e.g. x * tanh(softplus(x)):"))
        self.view_box.setTitle(self.tr("View"))
        self.layout_label.setText(self.tr("Layout"))
        self.layout_combo.setItemText(0, self.tr("Side by side"))
        self.layout_combo.setItemText(1, self.tr("Overlaid"))
        self.derivative_check.setText(self.tr("Show f′ (autograd)"))
        self.second_check.setText(self.tr("Show f″ (double backward)"))
        self.grid_check.setText(self.tr("Show grid"))
        self.tanh_identity_check.setText(self.tr("Overlay tanh(x) = 2σ(2x) − 1"))
        self.effective_range_check.setText(self.tr("Shade the effective input range (|f′| ≥ 0.01)"))
        self.xmin_label.setText(self.tr("x from"))
        self.xmax_label.setText(self.tr("x to"))
        self.points_label.setText(self.tr("Points"))
        self.params_box.setTitle(self.tr("Shape parameters"))
        self.properties_table.setHorizontalHeaderLabels([
            self.tr("Activation"), self.tr("Output range"), self.tr("max |f′| at x"), self.tr("E[f(z)], z~N(0,1)"),
            self.tr("Monotonic"), self.tr("Saturates (|f′|<0.01)"), self.tr("Zero-gradient share"),
            self.tr("Cost (× ReLU, median)"),
        ])
        for slider in self.sliders.values():
            slider.retranslate()
        self.figure.retranslate()
        if self.data:
            self._show_info()

    # -- state ----------------------------------------------------------------------------------
    def selected_names(self) -> list[str]:
        return list(self.settings.names)

    def set_selected(self, names: list[str]) -> None:
        """Ticks exactly `names` (in list order) and redraws."""
        self.settings.names = [key for key in self._keys() if key in names]

    def _keys(self) -> list[str]:
        return [self.activation_list.item(r).data(Qt.UserRole) for r in range(self.activation_list.count())]

    def next_activation(self, step: int = 1) -> None:
        """Plots only the activation after (step=1) or before (step=-1) the last one ticked."""
        keys = self._keys()
        names = self.selected_names()
        index = keys.index(names[-1]) if names else -step
        self.set_selected([keys[(index + step) % len(keys)]])

    def toggle_derivative(self) -> None:
        self.settings.derivative = not self.settings.derivative

    def current_spec(self) -> FunctionPlotSpec:
        return self.settings.spec()

    # -- reactions ------------------------------------------------------------------------------
    def _settings_changed(self, changed: set[str]) -> None:
        if "overlay" in changed:
            self._rebuild_figure()
        if "names" in changed:
            self._update_sliders()
        self.refresh()

    def _edited(self, name: str) -> None:
        """What a user's choice implies: the tanh identity is shown with tanh ticked, in one click."""
        if name == "tanh_identity" and self.settings.tanh_identity and "tanh" not in self.settings.names:
            self.set_selected([*self.settings.names, "tanh"])

    def _update_sliders(self) -> None:
        """One slider per shape parameter of each ticked activation."""
        names = self.settings.names
        for (owner, key) in [k for k in self.sliders if k[0] not in names]:
            slider = self.sliders.pop((owner, key))
            self.params_layout.removeWidget(slider)
            slider.deleteLater()
        for name in names:
            if name == CUSTOM_KEY:
                continue
            activation = ACTIVATIONS.get(name)
            for param in activation.params:
                if (name, param.key) not in self.sliders:
                    slider = ParamSlider(param, name)
                    slider.label.setText(f"{display_name(activation)}: {display_name(param)}")
                    self.param_sliders.add(name, slider)
                    self.params_layout.addWidget(slider)
        self.params_box.setVisible(bool(self.sliders))

    def _refused(self, name: str, reason: str = "") -> None:
        """Shows why an edit was not taken (empty `reason`: the field is valid again)."""
        if name in ("xmin", "xmax"):
            refused = {"xmin", "xmax"} & set(self.binder.refused)
            self.range_error.setText(self.tr("“x from” must be smaller than “x to”.") if refused else "")
        elif name == "custom_expression":
            self.custom_error.setText(reason)

    def _custom_finished(self) -> None:
        """A finished, valid custom expression is ticked so it shows."""
        if "custom_expression" not in self.binder.refused and CUSTOM_KEY not in self.settings.names:
            self.set_selected([*self.settings.names, CUSTOM_KEY])

    def _rebuild_figure(self) -> None:
        overlay = self.settings.overlay
        if overlay == self.figure.overlay:
            return
        old = self.figure
        self.figure = FunctionsFigure(self.theme, overlay)
        self.figures = {"functions": self.figure}
        self.figure.widget.scene().sigMouseMoved.connect(self._mouse_moved)
        splitter: QSplitter = old.widget.parentWidget()
        splitter.replaceWidget(splitter.indexOf(old.widget), self.figure.widget)
        old.widget.deleteLater()

    def refresh(self, *_: object) -> None:
        """Recomputes and redraws every selected curve."""
        spec = self.current_spec()
        self.spec = spec
        try:
            self.data = self._sample(spec)
        except ExpressionError as error:  # an expression that fails only on this range of x
            self.custom_error.setText(str(error))
            spec.names = [n for n in spec.names if n != CUSTOM_KEY]
            self.data = self._sample(spec)
        self.figure.show(spec, self.data)
        if self.cursor_x is not None:  # the read-out lists exactly the curves now plotted
            self.show_readout(self.cursor_x)
        self._info_timer.start()

    def _sample(self, spec: FunctionPlotSpec) -> list[tuple[Activation, Curves]]:
        """compute(spec), reusing the curves of activations whose settings did not change (so a
        slider recomputes and redraws one activation, not all of them)."""
        cache, data = {}, []
        for name in spec.names:
            key = curve_key(spec, name)
            if key not in cache:
                cache[key] = self._curve_cache[key] if key in self._curve_cache else sample_one(spec, name)
            data.append(cache[key])
        self._curve_cache = cache
        self._properties_cache = {key: p for key, p in self._properties_cache.items() if key in cache}
        return data

    def _take_first_numbers(self, sampled: list[tuple[tuple, Curves, Properties]]) -> None:
        """Draws the curves and properties the start-up helper computed (actgui.state.functions.first_numbers),
        those that match the current settings, so the plots need no torch in this process."""
        spec = self.current_spec()
        activations = dict(zip(spec.names, spec.activations(), strict=True))
        for key, curves, props in sampled:
            name = key[0]
            if name in activations and key == curve_key(spec, name):
                self._curve_cache[key] = (activations[name], curves)
                self._properties_cache[key] = props
        self.refresh()
        self._show_info()

    def _show_info(self) -> None:
        self.props = {}
        for name, (activation, curves) in zip(self.spec.names, self.data, strict=True):
            key = curve_key(self.spec, name)
            if key not in self._properties_cache:
                self._properties_cache[key] = properties(curves, activation)
            self.props[activation.key] = self._properties_cache[key]
        self._fill_table()
        rows = []
        for activation, _ in self.data:
            rows.append(f"<span style='color:{activation.color}'>■</span> <b>{display_name(activation)}</b>: "
                        f"{formula_text(activation.formula)}; {formula_text(activation.derivative_formula)}")
        self.formula_label.setText("<br>".join(rows))

    def _fill_table(self) -> None:
        device = resolve_device("auto")[0] if torch_ready() else None  # costs are measured once torch is here
        yes, no = self.tr("yes"), self.tr("no")
        centred, not_centred = self.tr("zero-centred"), self.tr("not zero-centred")
        self.properties_table.setRowCount(len(self.data))
        unmeasured = []
        for row, (activation, _) in enumerate(self.data):
            p = self.props[activation.key]
            saturation = ", ".join(f"[{a:.2g}, {b:.2g}]" for a, b in p.saturation) or self.tr("none")
            cost = None if device is None else measured_cost(activation, device)
            if cost is None and device is not None:
                unmeasured.append((activation, self.spec.params.get(activation.key), device))
            cells = [
                display_name(activation), f"[{p.output_min:.3g}, {p.output_max:.3g}]",
                f"{p.max_abs_grad:.3g} @ {p.argmax_abs_grad:.2f}",
                f"{p.mean_under_normal:+.3f} ({centred if p.zero_centred else not_centred})",
                yes if p.monotonic else no, saturation, f"{p.zero_grad_fraction:.0%}",
                MEASURING if cost is None else f"{cost:.2g}× ({device})",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 0:
                    item.setIcon(swatch(activation.color))
                self.properties_table.setItem(row, column, item)
        self._fit_table_rows()
        self.cost_meter.measure(unmeasured)

    def _fit_table_rows(self) -> None:
        """Rows and the header as tall as their wrapped text (three lines of header at most)."""
        table = self.properties_table
        table.resizeRowsToContents()
        table.horizontalHeader().setMinimumHeight(3 * table.horizontalHeader().fontMetrics().height() + 6)

    def _mouse_moved(self, position: QPointF) -> None:
        plots = {id(p): p for p in (self.figure.value_plot, self.figure.derivative_plot)}.values()
        for plot in plots:
            if plot.sceneBoundingRect().contains(position):
                x = plot.vb.mapSceneToView(position).x()
                self.show_readout(x)
                return

    def show_readout(self, x: float) -> None:
        """Moves the cursor line to `x` and lists x, f(x), f′(x) for every curve."""
        if not math.isfinite(x):
            return
        self.cursor_x = x
        if not self.data:
            self.figure.set_cursor(None)
            self.readout_label.setText("")
            return
        self.figure.set_cursor(x)
        parts = [f"<b>x = {x:.3f}</b>"]
        for activation, y, dy in readout(self.data, x):
            parts.append(f"<span style='color:{activation.color}'>■</span> {display_name(activation)}: "
                         f"f = {y:.4g}" + (f", f′ = {dy:.4g}" if self.spec.derivative else ""))
        self.readout_label.setText("&nbsp;&nbsp; ".join(parts))

    def export_figure(self, name: str = "functions") -> Figure:
        figure = FunctionsFigure(self.theme, self.figure.overlay)
        figure.show(self.spec, self.data)
        return figure

