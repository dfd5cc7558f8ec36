"""Small reusable controls: a labelled parameter slider with its spin box, colour swatches, a
status label of steady height, and wheel events that scroll the controls column."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QWidget,
)
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


class StatusLabel(QLabel):
    """A word-wrapped label always `lines` lines high, so the controls below it never jump as the
    message grows or shrinks (the height follows the font: lecture mode)."""

    def __init__(self, lines: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines = lines
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self._fit()

    def _fit(self) -> None:
        margins = self.contentsMargins()
        self.setFixedHeight(self.fontMetrics().lineSpacing() * self.lines + margins.top() + margins.bottom())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.FontChange:
            self._fit()
        super().changeEvent(event)


VALUE_WIDGETS = (QAbstractSpinBox, QComboBox, QAbstractSlider)


class WheelScrollsColumn(QObject):
    """Sends the mouse wheel over an unfocused spin box, combo box or slider to the scroll area
    around it: scrolling the controls column never changes a value on the way. Click a control
    (it takes the focus) and the wheel changes it as before."""

    def __init__(self, scroll: QAbstractScrollArea) -> None:
        super().__init__(scroll)
        self.scroll = scroll

    def watch(self) -> None:
        """Filters every value control now in the column (call again when controls are added)."""
        for widget in self.scroll.widget().findChildren(QWidget):
            if isinstance(widget, VALUE_WIDGETS):
                widget.setFocusPolicy(Qt.StrongFocus)
                widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Wheel and isinstance(watched, VALUE_WIDGETS) and not watched.hasFocus():
            bar = self.scroll.verticalScrollBar()
            steps = event.angleDelta().y() / 120
            bar.setValue(bar.value() - round(steps * bar.singleStep() * 3))
            return True
        return False
