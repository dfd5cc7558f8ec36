"""The Training panel's comparison views: small multiples (one row per compared value: its gradient
norms, dead/saturated units and decision boundary) and the sortable results table with its CSV export.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QGridLayout, QHeaderView, QLabel, QScrollArea, QTableView, QVBoxLayout, QWidget

from actgui.core.table import Table
from actgui.core.training.history import RunHistory
from actgui.qt.base.theme import Theme
from actgui.qt.figures.training import BoundaryFigure, GradientFigure, HealthFigure, seed_groups

#: Height of one small-multiples row (pixels).
ROW_HEIGHT = 220


class SmallMultiples(QScrollArea):
    """One row per compared value (its first seed): gradient norms, dead/saturated units and the
    decision boundary, so every value is seen, not only the last run."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("training.small_multiples")
        self.setWidgetResizable(True)
        self.theme = theme
        self._body = QWidget()
        self._grid = QGridLayout(self._body)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(4)
        self.setWidget(self._body)
        self.rows: list[tuple[QLabel, GradientFigure, HealthFigure, BoundaryFigure]] = []
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignCenter)
        self._grid.addWidget(self.empty, 0, 0, 1, 4)
        self.retranslate()

    def retranslate(self) -> None:
        self.empty.setText(QCoreApplication.translate(
            "TrainingPanel", "Run a comparison: each compared value gets a row here."))
        for row in self.rows:
            for figure in row[1:]:
                figure.retranslate()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        for row in self.rows:
            for figure in row[1:]:
                figure.set_theme(theme)

    def show_runs(self, runs: Sequence[RunHistory]) -> None:
        """Draws the first seed of each compared value (of several values; nothing for one run)."""
        groups = seed_groups(runs) if len(seed_groups(runs)) > 1 else []
        while len(self.rows) < len(groups):
            index = len(self.rows) + 1
            label = QLabel()
            label.setObjectName(f"training.small_multiples.label{index}")
            figures = (GradientFigure(self.theme, live=True), HealthFigure(self.theme, live=True),
                       BoundaryFigure(self.theme, live=True))
            self._grid.addWidget(label, index, 0)
            for column, figure in enumerate(figures, start=1):
                figure.widget.setMinimumSize(220, ROW_HEIGHT)
                self._grid.addWidget(figure.widget, index, column)
            self.rows.append((label, *figures))
        for index, (label, gradient, health, boundary) in enumerate(self.rows):
            shown = index < len(groups)
            for widget in (label, gradient.widget, health.widget, boundary.widget):
                widget.setVisible(shown)
            if not shown:
                continue
            run = groups[index][0]
            label.setText(f"<b style='color:{run.color}'>{run.label}</b>")
            gradient.show(run)
            health.show(run)
            boundary.show(run)
        self.empty.setVisible(not groups)


class ResultsView(QWidget):
    """The results table (one row per compared value), sortable by any column."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.model = QStandardItemModel(0, 0, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.UserRole)
        self.view = QTableView()
        self.view.setObjectName("training.results")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.view.verticalHeader().setVisible(False)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.note)
        self.table: Table | None = None
        self.retranslate()

    def _label_columns(self) -> None:
        """Headers in the window's language; the CSV column name is each one's tooltip."""
        if self.table is None:
            return
        for index, name in enumerate(self.table.header):
            item = QStandardItem(column_title(name))
            item.setToolTip(name)
            self.model.setHorizontalHeaderItem(index, item)

    def retranslate(self) -> None:
        self._label_columns()
        self.note.setText(QCoreApplication.translate(
            "TrainingPanel", "Mean over the seeds of each value (min and max for the final validation accuracy "
            "and loss); steps_to_90: first recorded step with 90 % validation accuracy. Click a header to sort."))

    def show_table(self, table: Table | None) -> None:
        """Shows `table` (None: empty), keeping the chosen sort order."""
        self.table = table
        header = self.view.horizontalHeader()
        column, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
        self.model.clear()
        if table is None:
            return
        self._label_columns()
        for row in table.rows():
            items = []
            for value in row:
                item = QStandardItem(_text(value))
                item.setData(value if isinstance(value, int | float) and not _nan(value) else
                             (math.inf if _nan(value) else str(value)), Qt.UserRole)
                item.setEditable(False)
                items.append(item)
            self.model.appendRow(items)
        if 0 <= column < len(table.header):
            self.proxy.sort(column, order)

    def row_count(self) -> int:
        return self.proxy.rowCount()


def column_title(name: str) -> str:
    """A results-table column's header: what it holds and over what, e.g. "final val. accuracy (mean)"."""
    translate = QCoreApplication.translate
    titles = {
        "value": translate("ResultsView", "value"), "activation": translate("ResultsView", "activation"),
        "init": translate("ResultsView", "initialisation"), "lr": translate("ResultsView", "learning rate"),
        "label": translate("ResultsView", "run"),
        "runs": translate("ResultsView", "runs"), "seeds": translate("ResultsView", "seeds"),
        "final_val_accuracy": translate("ResultsView", "final val. accuracy"),
        "final_val_loss": translate("ResultsView", "final val. loss"),
        "best_val_accuracy": translate("ResultsView", "best val. accuracy"),
        "best_val_loss": translate("ResultsView", "best val. loss"),
        "steps_to_90": translate("ResultsView", "steps to 90 %"),
        "dead_share": translate("ResultsView", "dead units"),
        "saturated_share": translate("ResultsView", "saturated units"),
        "seconds": translate("ResultsView", "seconds"),
    }
    statistics = {"mean": translate("ResultsView", "mean"), "min": translate("ResultsView", "min"),
                  "max": translate("ResultsView", "max")}
    base, _, statistic = name.rpartition("_")
    if name not in titles and base in titles and statistic in statistics:
        return f"{titles[base]} ({statistics[statistic]})"
    return titles.get(name, name)


def _nan(value: object) -> bool:
    return isinstance(value, float) and not math.isfinite(value)


def _text(value: object) -> str:
    if isinstance(value, float):
        return "–" if not math.isfinite(value) else f"{value:.4g}"
    return str(value)
