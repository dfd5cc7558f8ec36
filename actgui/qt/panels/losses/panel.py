"""The Losses panel: regression and classification losses with their autograd gradients, and two
editable distributions P and Q with entropy, cross-entropy and KL divergence."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from actgui.core.losses import CLASSIFICATION, LOGIT, LOSSES, REGRESSION, VALUE, curves
from actgui.core.table import parse_numbers
from actgui.qt.base.binding import LineAdapter, ParamSliders
from actgui.qt.base.figure import Figure
from actgui.qt.base.i18n import display_name, formula_text
from actgui.qt.base.panel import Panel
from actgui.qt.base.theme import Theme
from actgui.qt.base.warmup import when_torch_ready
from actgui.qt.base.widgets import ParamSlider, WrappingCheckBox, swatch
from actgui.qt.figures.losses import (
    ClassificationLossFigure,
    DistributionFigure,
    RegressionLossFigure,
    SigmoidOutputLossFigure,
    format_nats,
)
from actgui.state.losses import (
    AXES,
    KINDS,
    LABEL,
    MAX_CLASSES,
    REGRESSION_WINDOW,
    SIGMOID_OUTPUT_LOSSES,
    TARGET,
    LossesState,
)

#: The regression view keeps its prediction range while the target moves, so the valley visibly moves.
SIGMOID_VIEW = 2
ERROR_STYLE = "color: #d62728;"


def format_weights(values: tuple[float, ...] | list[float]) -> str:
    return ", ".join(f"{v:g}" for v in values)


def parse_weights(text: str) -> list[float]:
    """'0.2, 0.5, 0.3' → [0.2, 0.5, 0.3]; raises ValueError naming the bad entry."""
    values = parse_numbers(text)
    if len(values) > MAX_CLASSES:
        raise ValueError(f"at most {MAX_CLASSES} classes")
    return values


class LossesPanel(Panel):
    """Losses and gradients against the prediction, and the information behind cross-entropy."""

    key = "losses"
    state_type = LossesState
    settings: LossesState

    def __init__(self, theme: Theme, parent: QWidget | None = None, state: LossesState | None = None) -> None:
        super().__init__(theme, parent, state)
        self._build()
        self.bind({"params": self.param_sliders,
                   "p": LineAdapter(self.p_edit, parse_weights, format_weights),
                   "q": LineAdapter(self.q_edit, parse_weights, format_weights)})
        self.binder.invalid.connect(self._refused)
        self.binder.valid.connect(self._refused)
        self.binder.edited.connect(self._edited)
        self.settings.subscribe(self._settings_changed)
        self._view_changed()
        self.retranslate()
        when_torch_ready(self, self.refresh)

    # -- building -------------------------------------------------------------------------------
    def _build(self) -> None:
        controls = QWidget()
        controls.setObjectName("losses.controls")
        layout = QVBoxLayout(controls)
        self.view_label = QLabel()
        self.view_combo = QComboBox()
        self.view_combo.setObjectName("losses.view")
        for kind in KINDS:
            self.view_combo.addItem("", kind)
        self.view_combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        layout.addWidget(self.view_label)
        layout.addWidget(self.view_combo)

        self.control_pages = QStackedWidget()
        self.lists: dict[str, QListWidget] = {}
        self.list_labels: dict[str, QLabel] = {}
        pages = {}
        for kind in KINDS:
            page = QWidget()
            page_layout = QVBoxLayout(page)
            page_layout.setContentsMargins(0, 0, 0, 0)
            label = QLabel()
            names = QListWidget()
            names.setObjectName(f"losses.{kind}")
            names.setSelectionMode(QAbstractItemView.NoSelection)
            for loss in LOSSES:
                if loss.kind == kind:
                    item = QListWidgetItem(swatch(loss.color), "")
                    item.setData(Qt.UserRole, loss.key)
                    item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
                    item.setCheckState(Qt.Unchecked)
                    names.addItem(item)
            names.setMaximumHeight(names.sizeHintForRow(0) * (names.count() + 1) + 8)
            page_layout.addWidget(label)
            page_layout.addWidget(names)
            self.lists[kind], self.list_labels[kind] = names, label
            pages[kind] = page_layout
            self.control_pages.addWidget(page)

        self.target_slider = ParamSlider(TARGET, "losses")
        self.target_slider.setObjectName("losses.target")
        pages[REGRESSION].addWidget(self.target_slider)
        self.params_box = QGroupBox()
        self.params_box.setObjectName("losses.params")
        params_layout = QVBoxLayout(self.params_box)
        self.param_sliders = ParamSliders(self.params_box, self.settings, "params")
        self.sliders = self.param_sliders.sliders
        for loss in LOSSES:
            for param in loss.params:
                slider = ParamSlider(param, loss.key)
                self.param_sliders.add(loss.key, slider)
                params_layout.addWidget(slider)
        pages[REGRESSION].addWidget(self.params_box)
        pages[REGRESSION].addStretch(1)

        self.label_slider = ParamSlider(LABEL, "losses")
        self.label_slider.setObjectName("losses.label")
        self.axis_label = QLabel()
        self.axis_combo = QComboBox()
        self.axis_combo.setObjectName("losses.axis")
        for axis in AXES:
            self.axis_combo.addItem("", axis)
        self.sigmoid_output_check = WrappingCheckBox()
        self.sigmoid_output_check.setObjectName("losses.mse_vs_bce")
        self.distribution_box = QGroupBox()
        distribution_form = QFormLayout(self.distribution_box)
        self.distribution_note = QLabel()
        self.distribution_note.setWordWrap(True)
        distribution_form.addRow(self.distribution_note)
        self.p_edit = QLineEdit()
        self.p_edit.setObjectName("losses.p")
        self.q_edit = QLineEdit()
        self.q_edit.setObjectName("losses.q")
        self.p_label, self.q_label = QLabel(), QLabel()
        distribution_form.addRow(self.p_label, self.p_edit)
        distribution_form.addRow(self.q_label, self.q_edit)
        self.distribution_error = QLabel()
        self.distribution_error.setObjectName("losses.distribution_error")
        self.distribution_error.setStyleSheet(ERROR_STYLE)
        self.distribution_error.setWordWrap(True)
        self.information_label = QLabel()
        self.information_label.setObjectName("losses.information")
        self.information_label.setTextFormat(Qt.RichText)
        self.information_label.setWordWrap(True)
        distribution_form.addRow(self.distribution_error)
        distribution_form.addRow(self.information_label)
        for widget in (self.label_slider, self.axis_label, self.axis_combo, self.sigmoid_output_check,
                       self.distribution_box):
            pages[CLASSIFICATION].addWidget(widget)
        pages[CLASSIFICATION].addStretch(1)
        layout.addWidget(self.control_pages)

        self.error_label = QLabel()
        self.error_label.setObjectName("losses.error")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.formula_label = QLabel()
        self.formula_label.setObjectName("losses.formula")
        self.formula_label.setTextFormat(Qt.RichText)
        self.formula_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        layout.addWidget(self.formula_label)
        layout.addStretch(1)

        self.regression_figure = RegressionLossFigure(self.theme)
        self.classification_figure = ClassificationLossFigure(self.theme)
        self.distribution_figure = DistributionFigure(self.theme)
        self.sigmoid_output_figure = SigmoidOutputLossFigure(self.theme)
        self.figures = {"regression": self.regression_figure, "classification": self.classification_figure,
                        "distributions": self.distribution_figure, "sigmoid_output": self.sigmoid_output_figure}
        classification_view = QSplitter(Qt.Vertical)
        classification_view.addWidget(self.classification_figure.widget)
        classification_view.addWidget(self.distribution_figure.widget)
        classification_view.setSizes([560, 300])
        self.views = QStackedWidget()
        self.views.setObjectName("losses.views")
        self.views.addWidget(self.regression_figure.widget)
        self.views.addWidget(classification_view)
        self.views.addWidget(self.sigmoid_output_figure.widget)

        self.fill(self.controls_beside(controls, self.views, "losses"))

    # -- texts ----------------------------------------------------------------------------------
    def title(self) -> str:
        return self.tr("Losses")

    def retranslate(self) -> None:
        self.view_label.setText(self.tr("View"))
        self.view_combo.setItemText(0, self.tr("Regression"))
        self.view_combo.setItemText(1, self.tr("Classification"))
        self.list_labels[REGRESSION].setText(self.tr("Regression losses (tick to overlay):"))
        self.list_labels[CLASSIFICATION].setText(self.tr("Classification losses (tick to overlay):"))
        for names in self.lists.values():
            for row in range(names.count()):
                item = names.item(row)
                item.setText(display_name(LOSSES.get(item.data(Qt.UserRole))))
        self.params_box.setTitle(self.tr("Loss parameters"))
        self.axis_label.setText(self.tr("Horizontal axis"))
        self.axis_combo.setItemText(0, self.tr("Probability p of the class"))
        self.axis_combo.setItemText(1, self.tr("Logit z (p = σ(z))"))
        self.sigmoid_output_check.setText(self.tr("MSE vs BCE on a sigmoid output"))
        self.distribution_box.setTitle(self.tr("Distributions P and Q"))
        self.distribution_note.setText(self.tr("Comma-separated weights per class, normalised to sum to 1."))
        self.p_label.setText(self.tr("P (true)"))
        self.q_label.setText(self.tr("Q (predicted)"))
        self.target_slider.retranslate()
        self.label_slider.retranslate()
        for slider in self.sliders.values():
            slider.retranslate()
        for figure in self.figures.values():
            figure.retranslate()
        self._show_texts()

    # -- state ----------------------------------------------------------------------------------
    @property
    def p(self) -> list[float]:
        return self.settings.p

    @property
    def q(self) -> list[float]:
        return self.settings.q

    def current_kind(self) -> str:
        return self.settings.view

    def current_axis(self) -> str:
        return self.settings.axis

    def selected_names(self, kind: str) -> list[str]:
        return self.settings.names(kind)

    def set_selected(self, kind: str, names: list[str]) -> None:
        """Ticks exactly `names` among the `kind` losses and redraws."""
        setattr(self.settings, kind, [loss.key for loss in LOSSES if loss.kind == kind and loss.key in names])

    def set_distributions(self, p: list[float], q: list[float]) -> None:
        """Shows the weights P and Q (normalised); raises ValueError for weights that are no distribution."""
        trial = self.settings.copy()
        trial.p, trial.q = [float(v) for v in p], [float(v) for v in q]
        trial.check()
        with self.settings.changes():
            self.settings.p, self.settings.q = trial.p, trial.q
        self.binder.show_state({"p", "q"})

    def _settings_changed(self, changed: set[str]) -> None:
        if changed & {"view", "mse_vs_bce"}:
            self._view_changed()
        self.refresh()

    def _refused(self, name: str, reason: str = "") -> None:
        if name in ("p", "q"):
            refused = [self.binder.refused[n] for n in ("p", "q") if n in self.binder.refused]
            self.distribution_error.setText(
                self.tr("Not changed: {reason}").format(reason=refused[-1]) if refused else "")

    def _view_changed(self) -> None:
        index = KINDS.index(self.settings.view)
        self.control_pages.setCurrentIndex(index)
        # Only the current page counts for the stack's size, so the formulas follow it directly.
        for page_index in range(self.control_pages.count()):
            page = self.control_pages.widget(page_index)
            policy = QSizePolicy.Preferred if page_index == index else QSizePolicy.Ignored
            page.setSizePolicy(policy, policy)
        self.control_pages.adjustSize()
        mse_vs_bce = self.settings.view == CLASSIFICATION and self.settings.mse_vs_bce
        self.views.setCurrentIndex(SIGMOID_VIEW if mse_vs_bce else index)

    def _edited(self, name: str) -> None:
        """What a user's choice implies: MSE vs BCE shows against the logit, for the true class, in one click."""
        if name == "mse_vs_bce" and self.settings.mse_vs_bce:
            self.settings.axis, self.settings.label = LOGIT, 1.0

    # -- drawing --------------------------------------------------------------------------------
    def refresh(self, *_: object) -> None:
        """Recomputes both views' curves (autograd) and the distributions."""
        self.error_label.setText("")
        for kind, figure in ((REGRESSION, self.regression_figure), (CLASSIFICATION, self.classification_figure)):
            names = self.selected_names(kind)
            target = self.settings.target if kind == REGRESSION else self.settings.label
            axis = VALUE if kind == REGRESSION else self.current_axis()
            window = REGRESSION_WINDOW if kind == REGRESSION else None
            try:
                data = curves(names, target, self.settings.loss_params(names), axis, window) if names else []
                figure.show(data, target, axis)
            except ValueError as error:
                self.error_label.setText(str(error))
        label = self.settings.label
        self.sigmoid_output_figure.show(curves(SIGMOID_OUTPUT_LOSSES, label, {}, self.current_axis()), label,
                                        self.current_axis())
        self.distribution_figure.show(self.p, self.q)
        self._show_texts()

    def _show_texts(self) -> None:
        kind = self.current_kind()
        names = self.selected_names(kind)
        if kind == CLASSIFICATION and self.settings.mse_vs_bce:
            names = list(SIGMOID_OUTPUT_LOSSES)
        self.params_box.setVisible(any(owner in names for owner, _ in self.sliders))
        for (owner, _), slider in self.sliders.items():
            slider.setVisible(owner in names)
        rows = []
        for key in names:
            loss = LOSSES.get(key)
            rows.append(f"<p><b style='color:{loss.color}'>{display_name(loss)}</b><br>{formula_text(loss.formula)}<br>"
                        f"{formula_text(loss.gradient_formula)}</p>")
        if not names:
            rows.append(self.tr("Tick at least one loss."))
        self.formula_label.setText("".join(rows))
        measures = self.distribution_figure.measures
        identity = self.tr("H(P) + KL(P‖Q) = {h} + {kl} = {total} = H(P, Q)").format(
            h=format_nats(measures.entropy), kl=format_nats(measures.kl),
            total=format_nats(measures.entropy + measures.kl))
        self.information_label.setText(
            self.tr("Entropy H(P) = {h} nats<br>Cross-entropy H(P, Q) = {ce} nats<br>"
                    "KL divergence KL(P‖Q) = {kl} nats").format(
                h=format_nats(measures.entropy), ce=format_nats(measures.cross_entropy),
                kl=format_nats(measures.kl)) + f"<br><b>{identity}</b>")

    def export_figure(self, name: str = "regression") -> Figure:
        if name == "distributions":
            figure = DistributionFigure(self.theme)
            figure.show(self.p, self.q)
            return figure
        live = self.figures[name]
        figure = {"regression": RegressionLossFigure, "classification": ClassificationLossFigure,
                  "sigmoid_output": SigmoidOutputLossFigure}[name](self.theme)
        figure.show(live.curves, live.target, live.axis)
        return figure
