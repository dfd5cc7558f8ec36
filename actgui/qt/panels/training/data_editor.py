"""The Training panel's data controls: the input-feature toggles and the editor of the user's own
points (clicked onto the decision-boundary plot, read from or saved to CSV, cleared, undone).

Both are bound to the TrainingState like every control: `training.features` (FeatureToggles) and
`training.points` (PointsEditor).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from actgui.core.features import FEATURES
from actgui.qt.base.binding import Adapter

#: Undo keeps this many earlier point sets.
UNDO_DEPTH = 100


class FeatureToggles(QWidget):
    """One check box per input feature (x₁, x₂, x₁², x₂², x₁·x₂, sin x₁, sin x₂)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("training.features")
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for index, feature in enumerate(FEATURES.values()):
            box = QCheckBox(feature.label)
            box.setObjectName(f"training.features.{feature.key}")
            self.boxes[feature.key] = box
            layout.addWidget(box, index // 4, index % 4)

    def chosen(self) -> list[str]:
        return [key for key, box in self.boxes.items() if box.isChecked()]


class FeaturesAdapter(Adapter):
    widget: FeatureToggles

    def read(self) -> Any:
        return self.widget.chosen()

    def write(self, value: Any) -> None:
        # turned on before off, so no step in between leaves no feature chosen
        boxes = self.widget.boxes
        for key in sorted(boxes, key=lambda key: key not in value):
            boxes[key].setChecked(key in value)

    def connect(self, edited: Callable[[], None]) -> None:
        for box in self.widget.boxes.values():
            box.toggled.connect(lambda _=False: edited())


class PointsEditor(QWidget):
    """The user's points (rows: inputs, then label or target) with Clear, Undo, Open CSV and Save
    CSV; `edited` is emitted when the user changes them, `openRequested`/`saveRequested` ask the
    panel for a file."""

    edited = Signal()
    openRequested = Signal()
    saveRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("training.points")
        self.points: list[list[float]] = []
        self.history: list[list[list[float]]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.count_label = QLabel()
        self.count_label.setObjectName("training.points.count")
        self.count_label.setWordWrap(True)
        layout.addWidget(self.count_label)
        buttons = QHBoxLayout()
        self.clear_button = QPushButton()
        self.undo_button = QPushButton()
        self.open_button = QPushButton()
        self.save_button = QPushButton()
        for name, button in (("clear", self.clear_button), ("undo", self.undo_button), ("open", self.open_button),
                             ("save", self.save_button)):
            button.setObjectName(f"training.points.{name}")
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.clear_button.clicked.connect(lambda: self.change([]))
        self.undo_button.clicked.connect(self.undo)
        self.open_button.clicked.connect(self.openRequested)
        self.save_button.clicked.connect(self.saveRequested)
        self.retranslate()

    def show_points(self, points: list[list[float]]) -> None:
        """Shows `points` (from the state) without recording an edit."""
        self.points = [list(row) for row in points]
        self._update()

    def change(self, points: list[list[float]]) -> None:
        """A user's edit: remembers the current points for Undo, then takes `points`."""
        if points == self.points:
            return
        self.history.append(self.points)
        del self.history[:-UNDO_DEPTH]
        self.points = [list(row) for row in points]
        self._update()
        self.edited.emit()

    def undo(self) -> None:
        if not self.history:
            return
        self.points = self.history.pop()
        self._update()
        self.edited.emit()

    def _update(self) -> None:
        self.undo_button.setEnabled(bool(self.history))
        self.clear_button.setEnabled(bool(self.points))
        self.save_button.setEnabled(bool(self.points))
        self.retranslate()

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        self.count_label.setText(translate(
            "TrainingPanel", "{count} points. On the boundary plot: click adds class 0, right-click class 1, "
            "Shift+click the class below; Ctrl+drag erases.").format(count=len(self.points)))
        self.clear_button.setText(translate("TrainingPanel", "Clear"))
        self.undo_button.setText(translate("TrainingPanel", "Undo"))
        self.open_button.setText(translate("TrainingPanel", "Open CSV…"))
        self.save_button.setText(translate("TrainingPanel", "Save CSV…"))


class PointsAdapter(Adapter):
    widget: PointsEditor

    def read(self) -> Any:
        return [list(row) for row in self.widget.points]

    def write(self, value: Any) -> None:
        self.widget.show_points(value)

    def connect(self, edited: Callable[[], None]) -> None:
        self.widget.edited.connect(edited)
