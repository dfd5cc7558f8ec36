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

from actgui.core.registry import Param
from actgui.core.softmax import NOTES_LOGITS, naive_softmax, parse_logits, softmax
from actgui.qt.base.figure import Figure
from actgui.qt.base.panel import Panel
from actgui.qt.base.theme import Theme
from actgui.qt.base.widgets import ParamSlider
from actgui.qt.figures.softmax import JacobianFigure, SoftmaxFigure

TEMPERATURE = Param("temperature", 1.0, 0.05, 10.0, "temperature T", "温度 T", 0.05)
TWICE_TEMPERATURE = Param("twice_temperature", 1.0, 0.05, 10.0, "temperature T₂ of the second softmax",
                          "第二次 softmax 的温度 T₂", 0.05)
LARGE_LOGITS = (1000.0, 1001.0, 1002.0)


def format_logits(values: list[float] | tuple[float, ...]) -> str:
    return ", ".join(f"{v:g}" for v in values)


class SoftmaxPanel(Panel):
    """Softmax over an editable logit vector."""

    key = "softmax"

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        self.logits = list(NOTES_LOGITS)
        self._build()
        self.retranslate()
        self.refresh()

    def _build(self) -> None:
        controls = QWidget()
        controls.setObjectName("softmax.controls")
        layout = QVBoxLayout(controls)
        self.logits_label = QLabel()
        self.logits_edit = QLineEdit(format_logits(self.logits))
        self.logits_edit.setObjectName("softmax.logits")
        self.logits_edit.editingFinished.connect(self._logits_edited)
        self.error_label = QLabel()
        self.error_label.setObjectName("softmax.error")
        self.error_label.setStyleSheet("color: #d62728;")
        self.error_label.setWordWrap(True)
        self.temperature = ParamSlider(TEMPERATURE, "softmax")
        self.temperature.valueChanged.connect(self.refresh)
        self.twice_check = QCheckBox()
        self.twice_check.setObjectName("softmax.twice")
        self.twice_check.toggled.connect(self.refresh)
        self.twice_temperature = ParamSlider(TWICE_TEMPERATURE, "softmax")
        self.twice_temperature.valueChanged.connect(self.refresh)
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

    def set_logits(self, values: list[float]) -> None:
        self.logits = values
        self.logits_edit.setText(format_logits(values))
        self.error_label.setText("")
        self.refresh()

    def _logits_edited(self) -> None:
        try:
            values = parse_logits(self.logits_edit.text())
        except ValueError as error:
            self.error_label.setText(self.tr("Not changed: {reason}").format(reason=error))
            return
        self.set_logits(values)

    def refresh(self, *_: object) -> None:
        t = self.temperature.value()
        self.twice_temperature.setEnabled(self.twice_check.isChecked())
        self.bars.show(self.logits, t, self.twice_check.isChecked(), self.twice_temperature.value())
        self.jacobian.show(self.logits, t)
        naive, safe = naive_softmax(self.logits, t), softmax(self.logits, t)
        self.overflow_table.setRowCount(len(self.logits))
        for row, (z, a, b) in enumerate(zip(self.logits, naive, safe, strict=True)):
            for column, value in enumerate((f"{z:g}", f"{a:.4g}", f"{b:.4g}")):
                item = QTableWidgetItem(value)
                if column == 1 and not np.isfinite(a):
                    item.setForeground(Qt.red)
                self.overflow_table.setItem(row, column, item)

    def state(self) -> dict:
        return {"logits": self.logits, "temperature": self.temperature.value(), "twice": self.twice_check.isChecked(),
                "twice_temperature": self.twice_temperature.value()}

    def set_state(self, state: dict) -> None:
        try:
            logits = parse_logits(format_logits([float(v) for v in state["logits"]]))
            temperature = TEMPERATURE.check(float(state["temperature"]))
            twice = bool(state["twice"])
            twice_temperature = TWICE_TEMPERATURE.check(float(state.get("twice_temperature", 1.0)))
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"softmax panel: {error}") from None
        self.twice_check.setChecked(twice)
        self.temperature.setValue(temperature)
        self.twice_temperature.setValue(twice_temperature)
        self.set_logits(logits)

    def export_figure(self, name: str = "softmax") -> Figure:
        t = self.temperature.value()
        if name == "jacobian":
            figure = JacobianFigure(self.theme)
            figure.show(self.logits, t)
            return figure
        figure = SoftmaxFigure(self.theme)
        figure.show(self.logits, t, self.twice_check.isChecked(), self.twice_temperature.value())
        return figure
