"""Points edited with the mouse on the decision-boundary plot (click adds class 0, right-click
class 1, Shift+click the chosen class, Ctrl+click or Ctrl+drag erases), and read from or written to
CSV: the custom data set's points, kept in the TrainingState."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from actgui.core.data_csv import DataFileError, read_points, write_points
from actgui.core.datasets import CUSTOM_KEY
from actgui.qt.base.export import ExportError, check_writable
from actgui.qt.figures.training import BoundaryFigure
from actgui.qt.panels.training.data_editor import PointsEditor
from actgui.qt.panels.training.widgets import translate
from actgui.state.training import TrainingState

#: Ctrl+click erases the points within this share of the plot's width.
ERASE_SHARE = 0.03


class PointEditing:
    """Ties the boundary plot's mouse to the points editor; `report(kind, **values)` shows a status."""

    def __init__(
        self, settings: TrainingState, figure: BoundaryFigure, editor: PointsEditor, report: Callable[..., None]
    ) -> None:
        self.settings, self.figure, self.editor, self.report = settings, figure, editor, report
        figure.plot.setMenuEnabled(False)
        scene = figure.plot.scene()
        scene.sigMouseClicked.connect(self._clicked)
        scene.sigMouseMoved.connect(self._dragged)

    def show_own_points(self) -> None:
        settings = self.settings
        self.figure.show_own(settings.points if settings.dataset == CUSTOM_KEY else None)

    def _edit(self, change: Callable[[list[list[float]]], list[list[float]] | None]) -> bool:
        """Applies `change` to the custom data set's points (switching to it first, starting from the
        data shown); False when the points cannot be edited on the plane."""
        settings = self.settings
        if settings.dataset != CUSTOM_KEY:
            settings.choose("dataset", CUSTOM_KEY)
        points = [list(row) for row in settings.points]
        width = len(points[0]) if points else 3
        if width not in (2, 3) or (width == 3) != (settings.points_kind == "label"):
            self.report(
                "error",
                message=translate(
                    "TrainingPanel", "these points have more than two inputs; edit them in their CSV file"
                ),
            )
            return False
        changed = change(points)
        if changed is None:
            return False
        self.editor.change(changed)
        return True

    def add_point(self, x: float, y: float, label: int) -> bool:
        """Adds the point (x, y) of class `label` (for 1-D regression points: input x, target y)."""

        def add(points: list[list[float]]) -> list[list[float]]:
            width = len(points[0]) if points else 3
            return [*points, [x, y, float(label)] if width == 3 else [x, y]]

        return self._edit(add)

    def erase_near(self, x: float, y: float, radius: float) -> bool:
        """Removes the points within `radius` of (x, y)."""

        def erase(points: list[list[float]]) -> list[list[float]] | None:
            kept = [row for row in points if (row[0] - x) ** 2 + (row[1] - y) ** 2 > radius**2]
            return kept if len(kept) < len(points) else None

        return self._edit(erase)

    def _view_point(self, position) -> tuple[float, float] | None:
        box = self.figure.plot.vb
        if not box.sceneBoundingRect().contains(position):
            return None
        point = box.mapSceneToView(position)
        return point.x(), point.y()

    def _erase_radius(self) -> float:
        (x0, x1), _ = self.figure.plot.vb.viewRange()
        return ERASE_SHARE * (x1 - x0)

    def _clicked(self, event) -> None:
        point = self._view_point(event.scenePos())
        if point is None:
            return
        modifiers = event.modifiers()
        if modifiers & Qt.ControlModifier:
            self.erase_near(*point, self._erase_radius())
        elif modifiers & Qt.ShiftModifier:
            self.add_point(*point, self.settings.point_class)
        elif event.button() == Qt.LeftButton:
            self.add_point(*point, 0)
        elif event.button() == Qt.RightButton:
            self.add_point(*point, 1)
        else:
            return
        event.accept()

    def _dragged(self, position) -> None:
        if not (QApplication.keyboardModifiers() & Qt.ControlModifier and QApplication.mouseButtons()):
            return
        point = self._view_point(position)
        if point is not None and self.settings.dataset == CUSTOM_KEY:
            self.erase_near(*point, self._erase_radius())

    def open_points(self, path: str | Path) -> bool:
        """Reads the points of a CSV file into the custom data set; a bad file changes nothing and
        says which line and column are wrong."""
        try:
            rows, kind = read_points(path)
        except DataFileError as error:
            self.report("error", message=str(error))
            return False
        settings = self.settings
        previous = [list(row) for row in settings.points]
        with settings.changes():
            settings.dataset = CUSTOM_KEY
            settings.points_kind = kind
            settings.points = rows
        self.editor.history.append(previous)
        self.editor.show_points(rows)
        self.report("loaded", path=str(path), count=len(rows))
        return True

    def save_points(self, path: str | Path) -> Path:
        """Writes the custom data set's points as CSV; raises ExportError."""
        path = Path(path)
        settings = self.settings
        if not settings.points:
            raise ExportError(translate("TrainingPanel", "no points to save"))
        check_writable(path)
        try:
            return write_points(path, settings.points, settings.points_kind)
        except OSError as error:
            raise ExportError(f"cannot write {path}: {error.strerror or error}") from None
