"""Small builders for the Training panel's controls: every one is named `training.<field>`, the
name the binder ties to the setting of that field."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from actgui.core.registry import Param

#: A text in the window's language: translate("TrainingPanel", text) (the panel's catalogue context).
translate = QCoreApplication.translate


def spin(param: Param, decimals: int = 2) -> QSpinBox | QDoubleSpinBox:
    """A spin box over `param`'s range."""
    box = QSpinBox() if param.integer else QDoubleSpinBox()
    if not param.integer:
        box.setDecimals(decimals)
        box.setStepType(QAbstractSpinBox.AdaptiveDecimalStepType)
    box.setRange(param.minimum, param.maximum)
    box.setObjectName(f"training.{param.key}")
    return box


def combo(name: str, keys: object = (), length: int = 12) -> QComboBox:
    """A combo box of `keys` (item data; texts come with retranslation)."""
    box = QComboBox()
    box.setObjectName(f"training.{name}")
    box.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(length)
    for key in keys:
        box.addItem("", key)
    return box


def button(name: str, slot: Callable[[], object]) -> QPushButton:
    widget = QPushButton()
    widget.setObjectName(f"training.{name}")
    widget.clicked.connect(lambda _=False: slot())
    return widget


class FormBox(QGroupBox):
    """A titled group of labelled rows; `label(key)` is the label of row `key`."""

    def __init__(self, rows: list[tuple[str, QWidget]] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setRowWrapPolicy(QFormLayout.WrapLongRows)
        self.labels: dict[str, QLabel] = {}
        for key, widget in rows:
            self.add_row(key, widget)

    def add_row(self, key: str, widget: QWidget) -> None:
        label = QLabel()
        self.labels[key] = label
        self.form.addRow(label, widget)

    def set_labels(self, texts: dict[str, str]) -> None:
        for key, text in texts.items():
            if key in self.labels:
                self.labels[key].setText(text)
