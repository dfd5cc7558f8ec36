"""The figure grid: fewer columns when cells get narrow, whole rows for its wide widgets then, and
rows never lower than their least height (the tab scrolls instead)."""

from PySide6.QtWidgets import QWidget

from actgui.qt.base.widgets import FigureGrid


def test_wide_widgets_take_a_row_in_fewer_columns_and_rows_keep_their_height(qtbot):
    widgets = [QWidget() for _ in range(6)]
    grid = FigureGrid(widgets, columns=3, cell_fonts=14, cell_fonts_high=12, wide=widgets[4:])
    area = grid.scrolling()
    qtbot.addWidget(area)
    assert grid.cells(3) == [(0, 0, 1), (0, 1, 1), (0, 2, 1), (1, 0, 1), (1, 1, 1), (1, 2, 1)]
    assert grid.cells(2) == [(0, 0, 1), (0, 1, 1), (1, 0, 1), (1, 1, 1), (2, 0, 2), (3, 0, 2)]
    line = grid.fontMetrics().height()
    area.resize(round(2.5 * 14 * line), 300)  # room for two columns only
    area.show()
    qtbot.waitUntil(lambda: grid.columns == 2)
    assert grid.minimumHeight() >= 4 * 12 * line
    assert area.verticalScrollBar().maximum() > 0
    qtbot.waitUntil(lambda: widgets[4].width() > 1.8 * widgets[0].width())
    area.resize(round(3.5 * 14 * line), 300)
    qtbot.waitUntil(lambda: grid.columns == 3)
    assert grid.minimumHeight() < 3 * 12 * line
