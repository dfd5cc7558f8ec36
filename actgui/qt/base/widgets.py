"""Small reusable controls: a labelled parameter slider with its spin box, colour swatches."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget
from superqt import QLabeledDoubleSlider

from actgui.core.registry import Param
from actgui.qt.base.i18n import display_name


class ParamSlider(QWidget):
    """A name label and superqt's labelled slider (slider + editable spin box) for one Param."""

    valueChanged = Signal(str, float)

    def __init__(self, param: Param, owner: str, value: float | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.param = param
        self.setObjectName(f"param.{owner}.{param.key}")
        self.label = QLabel(display_name(param))
        self.slider = QLabeledDoubleSlider(Qt.Horizontal)
        self.slider.setObjectName(f"slider.{owner}.{param.key}")
        self.slider.setRange(param.minimum, param.maximum)
        self.slider.setSingleStep(param.step)
        self.slider.setDecimals(3 if param.step < 0.01 else 2)
        self.slider.setValue(param.default if value is None else value)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.slider, 1)
        self.slider.valueChanged.connect(lambda v: self.valueChanged.emit(self.param.key, float(v)))

    def value(self) -> float:
        return float(self.slider.value())

    def setValue(self, value: float) -> None:
        self.slider.setValue(value)

    def retranslate(self) -> None:
        self.label.setText(display_name(self.param))


def swatch(color: str) -> QIcon:
    """A small square icon filled with `color` (a registry entry's colour)."""
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)
