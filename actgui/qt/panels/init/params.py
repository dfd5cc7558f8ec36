"""Editors of a registry entry's parameters (sliders and choices), bound to per-entry settings."""

from __future__ import annotations

import math
from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from actgui.core.inits import Choice
from actgui.core.registry import Param
from actgui.qt.base.binding import Adapter
from actgui.qt.base.i18n import display_name
from actgui.qt.base.widgets import ParamSlider
from actgui.state.base import PanelState

ERROR_STYLE = "color: #d62728;"


def spin(name: str, minimum: int, maximum: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setRange(minimum, maximum)
    return spin


def number(value: float) -> str:
    return f"{value:.4g}" if math.isfinite(value) else "—"


class ParamEditor(QWidget):
    """Sliders for an entry's numeric parameters and combo boxes for its choices (mode, nonlinearity).

    Slider objectNames are `param.<owner>.<key>`, combo boxes `choice.<owner>.<key>`; the panel names
    the editor after the state field it is bound to.
    """

    changed = Signal()

    def __init__(self, owner: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.owner = owner
        self.setObjectName(f"params.{owner}")
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.rows: list[QWidget] = []
        self.sliders: dict[str, ParamSlider] = {}
        self.combos: dict[str, tuple[Choice, QLabel, QComboBox]] = {}
        #: The registry key of the entry whose parameters are shown (None: none shown).
        self.entry_key: str | None = None

    def set_entry(self, key: str | None, params: tuple[Param, ...], choices: tuple[Choice, ...] = (),
                  values: Mapping[str, object] | None = None) -> None:
        """Replaces the controls by those of entry `key`'s `params` and `choices`, set to `values`."""
        self.entry_key = key
        for widget in self.rows:
            self.layout_.removeWidget(widget)
            widget.setParent(None)  # out of the widget tree now, so findChild never finds a stale control
            widget.deleteLater()
        self.rows, self.sliders, self.combos = [], {}, {}
        values = values or {}
        for param in params:
            slider = ParamSlider(param, self.owner, float(values.get(param.key, param.default)))
            slider.valueChanged.connect(lambda *_: self.changed.emit())
            self.sliders[param.key] = slider
            self.rows.append(slider)
            self.layout_.addWidget(slider)
        for choice in choices:
            label = QLabel(display_name(choice))
            combo = QComboBox()
            combo.setObjectName(f"choice.{self.owner}.{choice.key}")
            combo.addItems(list(choice.options))
            combo.setCurrentText(str(values.get(choice.key, choice.default)))
            combo.currentIndexChanged.connect(lambda *_: self.changed.emit())
            row = QWidget()
            row_layout = QHBoxLayout(row)
            row_layout.setContentsMargins(0, 0, 0, 0)
            row_layout.addWidget(label)
            row_layout.addWidget(combo, 1)
            self.rows.append(row)
            self.layout_.addWidget(row)
            self.combos[choice.key] = (choice, label, combo)

    def values(self) -> dict[str, object]:
        result: dict[str, object] = {key: slider.value() for key, slider in self.sliders.items()}
        result.update({key: combo.currentText() for key, (_, _, combo) in self.combos.items()})
        return result

    def show_values(self, values: Mapping[str, object]) -> None:
        for key, slider in self.sliders.items():
            slider.setValue(float(values.get(key, slider.param.default)))
        for key, (choice, _, combo) in self.combos.items():
            combo.setCurrentText(str(values.get(key, choice.default)))

    def retranslate(self) -> None:
        for slider in self.sliders.values():
            slider.retranslate()
        for choice, label, _ in self.combos.values():
            label.setText(display_name(choice))


class EntryParams(Adapter):
    """A ParamEditor bound to per-entry parameters (`{entry: {key: value}}`) of the entry it shows."""

    def __init__(self, editor: ParamEditor, state: PanelState, field: str) -> None:
        super().__init__(editor)
        self.editor, self.state, self.field = editor, state, field

    def read(self) -> dict:
        values = {key: dict(entry) for key, entry in getattr(self.state, self.field).items()}
        if self.editor.entry_key is not None:
            values[self.editor.entry_key] = self.editor.values()
        return values

    def write(self, value: dict) -> None:
        if self.editor.entry_key is not None:
            self.editor.show_values(value.get(self.editor.entry_key, {}))

    def connect(self, edited) -> None:
        self.editor.changed.connect(edited)


#: A scheme choice box is this many characters wide; longer names are elided (shown whole when open).
SCHEME_CHARACTERS = 18

