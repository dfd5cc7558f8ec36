"""The Initialisation panel's depth page: a deep stack's activations and gradients for a chosen
activation and initialisation, the notes' cases and comparisons, and the recommended initialisation."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from actgui.core.activations import ACTIVATIONS
from actgui.core.depth import (
    DEPTH_COMPARISONS,
    DEPTH_PRESETS,
    MAX_BATCH,
    MAX_DEPTH,
    MAX_WIDTH,
    DepthResult,
    DepthSpec,
    run_depth,
    signal_drift,
)
from actgui.core.inits import INITS, Recommendation, recommended_init
from actgui.qt.base.i18n import current_language, display_name
from actgui.qt.base.warmup import torch_ready
from actgui.qt.base.widgets import SideBySideWhenWide
from actgui.qt.figures.init import case_label, distinct_text
from actgui.qt.panels.init.params import ERROR_STYLE, SCHEME_CHARACTERS, ParamEditor, number, spin
from actgui.state.init import MAX_SEED

#: The least widths (pixels) of the depth plots with their legend and of the histogram side by side, and
#: the depth plots' least height, in lines of text, with the histogram under them.
DEPTH_PLOT_WIDTHS, DEPTH_STACKED_LINES = (520, 300), 16

translate = QCoreApplication.translate


class DepthPage:
    """The depth page of InitPanel: its controls, texts and runs (texts in the InitPanel context)."""

    def _build_depth_page(self) -> QWidget:
        controls = QWidget()
        layout = QVBoxLayout(controls)

        self.preset_label = QLabel()
        self.preset_label.setWordWrap(True)
        self.preset_combo = QComboBox()
        self.preset_combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.preset_combo.setMinimumContentsLength(SCHEME_CHARACTERS)
        self.preset_combo.setObjectName("init.depth.preset")
        self.preset_combo.addItem("", None)
        for preset in DEPTH_PRESETS:
            self.preset_combo.addItem(display_name(preset), preset.key)
        layout.addWidget(self.preset_label)
        layout.addWidget(self.preset_combo)

        # Several activation × init cases on one plot, one button each (None: the single network below).
        self.depth_results: list[DepthResult] = []
        self.cases_label = QLabel()
        self.cases_label.setWordWrap(True)
        layout.addWidget(self.cases_label)
        self.cases_box = QWidget()
        self.cases_box.setObjectName("init.depth.cases")
        cases_layout = QVBoxLayout(self.cases_box)
        cases_layout.setContentsMargins(0, 0, 0, 0)
        self.cases_group = QButtonGroup(self.cases_box)
        self.case_buttons: dict[str | None, QPushButton] = {}
        for key in (None, *DEPTH_COMPARISONS.keys()):
            button = QPushButton()
            button.setObjectName(f"init.depth_cases.{key or 'single'}")
            button.setCheckable(True)
            button.setProperty("value", key)
            self.cases_group.addButton(button)
            cases_layout.addWidget(button)
            self.case_buttons[key] = button
        layout.addWidget(self.cases_box)
        self.cases_group.buttonClicked.connect(self.refresh_depth)  # a click runs at once, as a preset does

        self.network_box = QGroupBox()
        network_layout = QVBoxLayout(self.network_box)
        self.activation_label = QLabel()
        self.activation_combo = QComboBox()
        self.activation_combo.setObjectName("init.depth.activation")
        for activation in ACTIVATIONS:
            self.activation_combo.addItem(display_name(activation), activation.key)
        self.activation_params = ParamEditor("depth_activation")
        self.activation_params.setObjectName("init.depth.activation_params")
        self.depth_scheme_label = QLabel()
        self.depth_scheme_label.setWordWrap(True)
        self.depth_scheme_combo = self._scheme_combo("init.depth.init")
        self.depth_scheme_params = ParamEditor("depth_init")
        self.depth_scheme_params.setObjectName("init.depth.init_params")
        for widget in (self.activation_label, self.activation_combo, self.activation_params,
                       self.depth_scheme_label, self.depth_scheme_combo, self.depth_scheme_params):
            network_layout.addWidget(widget)
        layout.addWidget(self.network_box)

        self.recommended_label = QLabel()
        self.recommended_label.setObjectName("init.depth.recommended")
        self.recommended_label.setWordWrap(True)
        self.recommended_label.setTextFormat(Qt.RichText)
        self.recommended_button = QPushButton()
        self.recommended_button.setObjectName("init.depth.use_recommended")
        layout.addWidget(self.recommended_label)
        layout.addWidget(self.recommended_button)

        self.size_box = QGroupBox()
        size_form = QFormLayout(self.size_box)
        self.depth_spin = spin("init.depth.depth", 1, MAX_DEPTH)
        self.width_spin = spin("init.depth.width", 1, MAX_WIDTH)
        self.batch_spin = spin("init.depth.batch", 1, MAX_BATCH)
        self.depth_seed_spin = spin("init.depth.seed", 0, MAX_SEED)
        self.depth_label, self.width_label, self.batch_label, self.depth_seed_label = (QLabel() for _ in range(4))
        size_form.addRow(self.depth_label, self.depth_spin)
        size_form.addRow(self.width_label, self.width_spin)
        size_form.addRow(self.batch_label, self.batch_spin)
        size_form.addRow(self.depth_seed_label, self.depth_seed_spin)
        layout.addWidget(self.size_box)

        self.summary_label = QLabel()
        self.summary_label.setObjectName("init.depth.summary")
        self.summary_label.setWordWrap(True)
        self.depth_error_label = QLabel()
        self.depth_error_label.setObjectName("init.depth.error")
        self.depth_error_label.setWordWrap(True)
        self.depth_error_label.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.depth_error_label)
        layout.addStretch(1)

        self.preset_combo.activated.connect(self._preset_chosen)
        self.recommended_button.clicked.connect(self.use_recommended)

        # side by side (4:3) where both keep their least width, else the histogram under the depth plots
        # (the guide open in lecture mode at 1280 × 720): a narrow depth plot stacks its title word by word
        plots = SideBySideWhenWide(DEPTH_PLOT_WIDTHS, DEPTH_STACKED_LINES, (570, 430))
        plots.addWidget(self.depth_figure.widget)
        plots.addWidget(self.depth_histogram_figure.widget)
        plots.setStretchFactor(0, 4)  # the depth plot, its legend and note need the room; the histogram
        plots.setStretchFactor(1, 3)  # less, but room for its colour bar's labels beside its view
        plots.setSizes([570, 430])
        return self.controls_beside(controls, plots, "init.depth_page")

    def _retranslate_depth(self) -> None:
        for index in range(self.activation_combo.count()):
            activation = ACTIVATIONS.get(self.activation_combo.itemData(index))
            self.activation_combo.setItemText(index, display_name(activation))
        self.preset_label.setText(translate("InitPanel", "Cases from the notes (one click):"))
        self.cases_label.setText(translate("InitPanel", "Compare cases on one plot (one click):"))
        for key, button in self.case_buttons.items():
            text = (translate("InitPanel", "One network (set below)") if key is None
                    else display_name(DEPTH_COMPARISONS.get(key)))
            button.setText(text)
        self.preset_combo.setItemText(0, translate("InitPanel", "(custom)"))
        for index in range(1, self.preset_combo.count()):
            self.preset_combo.setItemText(index, display_name(DEPTH_PRESETS.get(self.preset_combo.itemData(index))))
        self.network_box.setTitle(translate("InitPanel", "Network"))
        self.activation_label.setText(translate("InitPanel", "Activation"))
        self.depth_scheme_label.setText(translate("InitPanel", "Weight initialisation (biases zero)"))
        self.recommended_button.setText(translate("InitPanel", "Use the recommended initialisation"))
        self.size_box.setTitle(translate("InitPanel", "Sizes and batch"))
        self.depth_label.setText(translate("InitPanel", "Layers (depth)"))
        self.width_label.setText(translate("InitPanel", "Units per layer (width)"))
        self.batch_label.setText(translate("InitPanel", "Batch size"))
        self.depth_seed_label.setText(translate("InitPanel", "Random seed"))

    def _depth_changed(self, changed: set[str]) -> None:
        self._show_entries()
        self._show_preset()
        self._show_recommendation()
        self.depth_timer.start()

    def _view_changed(self, changed: set[str]) -> None:
        """The depth experiment first runs when its page is shown, so opening the app stays quick."""
        if self.settings.view == "depth" and self.depth_result is None:
            self.refresh_depth()

    # -- depth ----------------------------------------------------------------------------------
    def _preset_chosen(self, index: int) -> None:
        key = self.preset_combo.itemData(index)
        if key is not None:
            self.apply_preset(key)

    def apply_preset(self, key: str) -> None:
        """Switches the depth experiment to one of the notes' cases and reruns it."""
        preset = DEPTH_PRESETS.get(key)
        depth = self.settings.depth
        with depth.changes():
            depth.activation = preset.activation
            depth.activation_params = {k: v for k, v in depth.activation_params.items() if k != preset.activation}
            depth.init = preset.init
            depth.init_params = {**depth.init_params, preset.init: dict(preset.init_params)}
            depth.cases = None
        self.refresh_depth()

    def _show_preset(self) -> None:
        """The preset combo names the notes' case the network is, or '(custom)' (also while comparing)."""
        spec = self.settings.depth.spec()
        matching = [p.key for p in DEPTH_PRESETS if self.depth_cases is None
                    and p.activation == spec.activation and p.init == spec.init
                    and INITS.get(p.init).resolve(p.init_params) == spec.init_params
                    and ACTIVATIONS.get(p.activation).resolve() == spec.activation_params]
        self.preset_combo.setCurrentIndex(DEPTH_PRESETS.keys().index(matching[0]) + 1 if matching else 0)

    def _recommendation(self) -> Recommendation:
        spec = self.settings.depth.spec()
        return recommended_init(spec.activation, spec.activation_params)

    def use_recommended(self) -> None:
        """Sets the init the notes recommend for the chosen activation."""
        recommendation = self._recommendation()
        depth = self.settings.depth
        with depth.changes():
            depth.init = recommendation.scheme
            depth.init_params = {**depth.init_params, recommendation.scheme: dict(recommendation.params)}
            depth.cases = None
        self.refresh_depth()

    def show_comparison(self, key: str) -> None:
        """Draws one of the notes' comparisons (several activation × init cases) on one plot."""
        DEPTH_COMPARISONS.get(key)
        self.settings.depth.cases = key
        self.refresh_depth()

    @property
    def depth_cases(self) -> str | None:
        """The notes' comparison drawn (None: the single network)."""
        return self.settings.depth.cases

    def _edited(self, name: str) -> None:
        """What a user's choice implies: a hand edit of the network goes back to the single network."""
        if name in ("depth.activation", "depth.activation_params", "depth.init", "depth.init_params"):
            self.settings.depth.cases = None

    def _show_recommendation(self) -> None:
        if not torch_ready():  # the gains are computed (Gauss–Hermite, with torch); shown once it is here
            return
        try:
            recommendation = self._recommendation()
        except ValueError:
            self.recommended_label.setText("")
            return
        reason = recommendation.reason_zh if current_language() == "zh_CN" else recommendation.reason_en
        params = ", ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}"
                           for k, v in recommendation.params.items())
        text = translate("InitPanel", "<b>Notes recommend:</b> {scheme}{params}<br>{reason}")
        self.recommended_label.setText(text.format(
            scheme=display_name(INITS.get(recommendation.scheme)), params=f" ({params})" if params else "",
            reason=reason))

    def depth_spec(self) -> DepthSpec:
        return self.settings.depth.spec()

    def refresh_depth(self, *_: object) -> None:
        """Runs the forward and backward pass now and redraws both depth figures."""
        self.depth_timer.stop()
        spec = self.depth_spec()
        try:
            specs = [spec] if self.depth_cases is None else DEPTH_COMPARISONS.get(self.depth_cases).specs(spec)
            results = [run_depth(case) for case in specs]
        except ValueError as error:
            self.depth_error_label.setText(translate("InitPanel", "Not run: {reason}").format(reason=error))
            return
        self.depth_error_label.setText("")
        self.depth_results = results
        self.depth_result = results[0]
        self.depth_figure.show_cases(results)
        self.depth_histogram_figure.show(results[0])
        self._show_summary()

    def _show_summary(self) -> None:
        result = self.depth_result
        if result is None:
            return
        if self.depth_cases is not None:
            self.summary_label.setText("\n".join(
                translate("InitPanel",
                          "{case}: activation std {first} → {last}, ∂L/∂h std {grad_first} → {grad_last}").format(
                    case=case_label(case), first=number(case.act_std[0]), last=number(case.act_std[-1]),
                    grad_first=number(case.signal_grad_std[0]), grad_last=number(case.signal_grad_std[-1]))
                for case in self.depth_results))
            return
        act, grad = result.act_std, result.grad_std
        lines = [translate("InitPanel", "Loss L = mean(output²) = {loss}").format(loss=number(result.loss)),
                 translate("InitPanel", "Activation std, first → last layer: {first} → {last}").format(
                     first=number(act[0]), last=number(act[-1])),
                 translate("InitPanel", "Gradient std, first → last layer: {first} → {last}").format(
                     first=number(grad[0]), last=number(grad[-1])),
                 distinct_text(result)]
        recommendation = self._recommendation()
        if (result.spec.init, dict(result.spec.init_params)) == (recommendation.scheme, recommendation.params):
            drift = signal_drift(result.spec.activation, result.spec.activation_params)
            lines.append(drift.text_zh if current_language() == "zh_CN" else drift.text_en)
        if result.collapsed:  # the lesson of a constant init, told before any overflow
            lines.append(translate("InitPanel",
                                   "Constant weights: every unit of a layer is identical, symmetry is never broken."))
        if result.overflow_layer is not None:
            lines.append(translate("InitPanel", "The activations overflow from layer {layer}.").format(
                layer=result.overflow_layer))
        elif result.gradient_overflow:
            lines.append(translate("InitPanel", "The gradients overflow in the backward pass."))
        self.summary_label.setText("\n".join(lines))
