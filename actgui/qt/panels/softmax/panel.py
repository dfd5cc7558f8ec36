"""The Softmax panel: a logit vector, temperature, softmax once and twice, its Jacobian, and
the overflow of the naive form against the max-subtracted one."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from actgui.core.softmax import NOTES_LOGITS, naive_softmax, parse_logits, softmax
from actgui.qt.base.binding import LineAdapter
from actgui.qt.base.figure import Figure
from actgui.qt.base.panel import Panel
from actgui.qt.base.theme import Theme
from actgui.qt.base.widgets import ParamSlider
from actgui.qt.figures.softmax import JacobianFigure, SoftmaxFigure
from actgui.state.softmax import TEMPERATURE, TWICE_TEMPERATURE, SoftmaxState

LARGE_LOGITS = (1000.0, 1001.0, 1002.0)


def format_logits(values: list[float] | tuple[float, ...]) -> str:
    return ", ".join(f"{v:g}" for v in values)


class SoftmaxPanel(Panel):
    """Softmax over an editable logit vector."""

    key = "softmax"
    state_type = SoftmaxState
    settings: SoftmaxState

    def __init__(self, theme: Theme, parent: QWidget | None = None, state: SoftmaxState | None = None) -> None:
        super().__init__(theme, parent, state)
        self._build()
        self.bind({"logits": LineAdapter(self.logits_edit, parse_logits, format_logits)})
        self.binder.invalid.connect(self._refused)
        self.binder.valid.connect(self._refused)
        self.settings.subscribe(self.refresh)
        self.retranslate()
        self.refresh()  # numpy only: drawn with the controls, without waiting for torch

    def _build(self) -> None:
        controls = QWidget()
        controls.setObjectName("softmax.controls")
        layout = QVBoxLayout(controls)
        self.logits_label = QLabel()
        self.logits_edit = QLineEdit()
        self.logits_edit.setObjectName("softmax.logits")
        self.error_label = QLabel()
        self.error_label.setObjectName("softmax.error")
        self.error_label.setStyleSheet("color: #d62728;")
        self.error_label.setWordWrap(True)
        self.temperature = ParamSlider(TEMPERATURE, "softmax")
        self.temperature.setObjectName("softmax.temperature")
        self.twice_check = QCheckBox()
        self.twice_check.setObjectName("softmax.twice")
        self.twice_temperature = ParamSlider(TWICE_TEMPERATURE, "softmax")
        self.twice_temperature.setObjectName("softmax.twice_temperature")
        self.notes_button = QPushButton()
        self.notes_button.setObjectName("softmax.notes_logits")
        self.notes_button.clicked.connect(lambda: self.set_logits(list(NOTES_LOGITS)))
        self.large_button = QPushButton()
        self.large_button.setObjectName("softmax.large_logits")
        self.large_button.clicked.connect(lambda: self.set_logits(list(LARGE_LOGITS)))
        self.overflow_box = QGroupBox()
        overflow_layout = QVBoxLayout(self.overflow_box)
        self.overflow_note = QLabel()
        self.overflow_note.setWordWrap(True)
        self.overflow_table = QTableWidget(0, 3)
        self.overflow_table.setObjectName("softmax.overflow")
        self.overflow_table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.overflow_table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        overflow_layout.addWidget(self.overflow_note)
        overflow_layout.addWidget(self.overflow_table)
        for widget in (self.logits_label, self.logits_edit, self.error_label, self.temperature, self.twice_check,
                       self.twice_temperature, self.notes_button, self.large_button):
            layout.addWidget(widget)
        layout.addWidget(self.overflow_box, 1)

        self.bars = SoftmaxFigure(self.theme)
        self.jacobian = JacobianFigure(self.theme)
        self.figures = {"softmax": self.bars, "jacobian": self.jacobian}
        plots = QSplitter(Qt.Vertical)
        plots.addWidget(self.bars.widget)
        plots.addWidget(self.jacobian.widget)
        plots.setSizes([450, 400])
        self.fill(self.controls_beside(controls, plots, "softmax"))

    def title(self) -> str:
        return self.tr("Softmax")

    def retranslate(self) -> None:
        self.logits_label.setText(self.tr("Logits z (comma-separated):"))
        self.twice_check.setText(self.tr("Also apply softmax twice"))
        self.notes_button.setText(self.tr("The notes' 10 logits"))
        self.large_button.setText(self.tr("Large logits (1000, 1001, 1002)"))
        self.overflow_box.setTitle(self.tr("Naive vs overflow-safe softmax"))
        self.overflow_note.setText(self.tr(
            "Naive: exp(z) / Σ exp(z) overflows for large z (inf / inf = nan). "
            "Safe: exp(z − max z) / Σ exp(z − max z) gives the same result and never overflows."))
        self.overflow_table.setHorizontalHeaderLabels([self.tr("logit z"), self.tr("naive"), self.tr("safe")])
        self.temperature.retranslate()
        self.twice_temperature.retranslate()
        self.bars.retranslate()
        self.jacobian.retranslate()

    @property
    def logits(self) -> list[float]:
        return self.settings.logits

    def set_logits(self, values: list[float]) -> None:
        self.settings.logits = list(values)
        self.binder.show_state({"logits"})

    def _refused(self, name: str, reason: str = "") -> None:
        if name == "logits":
            self.error_label.setText(self.tr("Not changed: {reason}").format(reason=reason) if reason else "")

    def refresh(self, *_: object) -> None:
        t = self.settings.temperature
        self.twice_temperature.setEnabled(self.settings.twice)
        self.bars.show(self.logits, t, self.settings.twice, self.settings.twice_temperature)
        self.jacobian.show(self.logits, t)
        naive, safe = naive_softmax(self.logits, t), softmax(self.logits, t)
        self.overflow_table.setRowCount(len(self.logits))
        for row, (z, a, b) in enumerate(zip(self.logits, naive, safe, strict=True)):
            for column, value in enumerate((f"{z:g}", f"{a:.4g}", f"{b:.4g}")):
                item = QTableWidgetItem(value)
                item.setToolTip(value)  # the whole number where a narrow column shortens it
                if column == 1 and not np.isfinite(a):
                    item.setForeground(Qt.red)
                self.overflow_table.setItem(row, column, item)

    def export_figure(self, name: str = "softmax") -> Figure:
        t = self.settings.temperature
        if name == "jacobian":
            figure = JacobianFigure(self.theme)
            figure.show(self.logits, t)
            return figure
        figure = SoftmaxFigure(self.theme)
        figure.show(self.logits, t, self.settings.twice, self.settings.twice_temperature)
        return figure
