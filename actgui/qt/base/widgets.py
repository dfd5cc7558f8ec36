"""Small reusable controls: a labelled parameter slider with its spin box, colour swatches, a
status label of steady height, wheel events that scroll the controls column, the whole text of a
combo box too narrow for it as its tooltip, two widgets side by side when wide enough (else one above
the other), and a grid of figures that takes fewer columns when its
cells would be too narrow."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyle,
    QStyleOptionComboBox,
    QToolTip,
    QWidget,
)
from superqt import QLabeledDoubleSlider

from actgui.core.registry import Param
from actgui.qt.base.i18n import display_name
from actgui.qt.base.theme import combo_text_room


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


class ElidedComboTips(QObject):
    """Application-wide: a combo box whose current text is shortened ("…") shows the whole text as
    its tooltip (before its own tooltip, if any), and its list opens wide enough for every entry."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QComboBox):
            if event.type() == QEvent.ToolTip:
                text = watched.currentText()
                option = QStyleOptionComboBox()
                watched.initStyleOption(option)
                if watched.fontMetrics().horizontalAdvance(text) > combo_text_room(watched.style(), option, watched):
                    own = watched.toolTip()
                    QToolTip.showText(event.globalPos(), f"{text}\n\n{own}" if own else text, watched)
                    return True
            elif event.type() == QEvent.MouseButtonPress:
                widen_popup(watched)
        return False


def widen_popup(box: QComboBox) -> None:
    """Lets the combo box's list be as wide as its longest entry (never narrower than the box)."""
    view: QAbstractItemView = box.view()
    widest = view.sizeHintForColumn(0) if box.count() else 0
    view.setMinimumWidth(widest + view.verticalScrollBar().sizeHint().width() + 8)


class WrappingCheckBox(QCheckBox):
    """A check box whose text wraps at words where the column is narrow (a QCheckBox's own text is
    one line, cut or scrolled sideways at lecture sizes); the text is clickable as usual."""

    def __init__(self) -> None:
        super().__init__()
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setAttribute(Qt.WA_TransparentForMouseEvents)  # clicks on the text reach the box
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Preferred)
        self.sizePolicy().setHeightForWidth(True)

    def _indent(self) -> int:
        style = self.style()
        return style.pixelMetric(QStyle.PM_IndicatorWidth) + style.pixelMetric(QStyle.PM_CheckBoxLabelSpacing) + 2

    def setText(self, text: str) -> None:
        self.label.setText(text)
        self.updateGeometry()

    def text(self) -> str:
        return self.label.text()

    def hitButton(self, pos: QPoint) -> bool:
        return self.rect().contains(pos)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max(self.label.heightForWidth(max(width - self._indent(), 1)), super().sizeHint().height())

    def sizeHint(self) -> QSize:
        label = self.label.sizeHint()
        return QSize(self._indent() + label.width(), max(label.height(), super().sizeHint().height()))

    def minimumSizeHint(self) -> QSize:
        words = max((self.fontMetrics().horizontalAdvance(word) for word in self.text().split()), default=0)
        width = self._indent() + min(words, 8 * self.fontMetrics().averageCharWidth()) + 4
        return QSize(width, self.heightForWidth(width))

    def resizeEvent(self, event: QResizeEvent) -> None:
        indent = self._indent()
        height = self.label.heightForWidth(max(self.width() - indent, 1))
        self.label.setGeometry(indent, max(0, (self.height() - height) // 2), self.width() - indent, height)
        super().resizeEvent(event)


class SideBySideWhenWide(QSplitter):
    """Its widgets side by side when each gets its least width (its own minimum or the one given),
    else one above the other (lecture fonts, the guide open, a 1280 × 720 projector), the first then
    at least `stacked_lines` lines of text high; `sizes` share the room on each change of direction."""

    def __init__(self, least_widths: Sequence[int], stacked_lines: int, sizes: Sequence[int]) -> None:
        super().__init__(Qt.Horizontal)
        self.least_widths, self.stacked_lines, self.shares = list(least_widths), stacked_lines, list(sizes)

    def resizeEvent(self, event: QResizeEvent) -> None:
        needed = sum(max(self.widget(i).minimumWidth(), least) for i, least in enumerate(self.least_widths))
        orientation = Qt.Horizontal if event.size().width() >= needed else Qt.Vertical
        if orientation != self.orientation():
            self.setOrientation(orientation)
            first = self.widget(0)
            stacked = orientation == Qt.Vertical
            first.setMinimumHeight(self.stacked_lines * first.fontMetrics().height() if stacked else 0)
            self.setSizes(self.shares)
        super().resizeEvent(event)


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


class FigureGrid(QWidget):
    """Widgets in a grid of `columns` columns, or of fewer while a cell would be narrower than
    `cell_fonts` lines of the widget's font (lecture mode's large fonts on a projector's 1280 × 720:
    six plots in two columns of three rows instead of three columns of two). No row is lower than
    `cell_fonts_high` lines: where the rows do not fit, the grid grows taller than its place and the
    scroll area holding it (`scrolling()`) scrolls, so every plot keeps room for its legend."""

    def __init__(self, widgets: list[QWidget], columns: int, cell_fonts: float, cell_fonts_high: float = 0,
                 wide: Sequence[QWidget] = (), parent: QWidget | None = None):
        super().__init__(parent)
        self.widgets, self.most_columns = list(widgets), columns
        self.cell_fonts, self.cell_fonts_high = cell_fonts, cell_fonts_high
        self.wide = list(wide)  #: widgets that take a whole row while the grid has fewer columns
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(4)
        self.columns = 0
        self._arrange(columns)

    def scrolling(self) -> QScrollArea:
        """A vertical scroll area holding the grid (it scrolls only while the rows do not fit)."""
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        area.setWidget(self)
        return area

    def fitting_columns(self, width: int) -> int:
        """The most columns (at least 2, at most `columns`) whose cells keep `cell_fonts` lines of width."""
        least = self.cell_fonts * self.fontMetrics().height()
        return next((n for n in range(self.most_columns, 1, -1) if width / n >= least), min(2, self.most_columns))

    def cells(self, columns: int) -> list[tuple[int, int, int]]:
        """(row, column, columns spanned) of each widget in a grid of `columns` columns."""
        cells, row, column = [], 0, 0
        for widget in self.widgets:
            if widget in self.wide and columns < self.most_columns:
                if column:
                    row, column = row + 1, 0
                cells.append((row, 0, columns))
                row += 1
                continue
            cells.append((row, column, 1))
            row, column = (row + 1, 0) if column + 1 == columns else (row, column + 1)
        return cells

    def _arrange(self, columns: int) -> None:
        cells = self.cells(columns)
        rows = max(row for row, _, _ in cells) + 1
        line = self.fontMetrics().height()
        self.setMinimumHeight(round(rows * self.cell_fonts_high * line + (rows - 1) * self.grid.spacing()))
        if columns == self.columns:
            return
        for widget in self.widgets:
            self.grid.removeWidget(widget)
        for index in range(len(self.widgets)):  # cells of an earlier arrangement stretch no more
            self.grid.setColumnStretch(index, 1 if index < columns else 0)
            self.grid.setRowStretch(index, 1 if index < rows else 0)
        for widget, (row, column, span) in zip(self.widgets, cells, strict=True):
            self.grid.addWidget(widget, row, column, 1, span)
        self.columns = columns

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(self.fitting_columns(event.size().width()))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.FontChange:
            self._arrange(self.fitting_columns(self.width()))
