"""Small builders for the Training panel's controls: every one is named `training.<field>`, the
name the binder ties to the setting of that field; `SettingsBox` makes a drawer group's rows from
the settings' declarations (actgui.core.training.settings.FormRow)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import Field

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
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
from actgui.core.training.config import TrainingConfig
from actgui.core.training.settings import FormRow, Setting, form_rows

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

    def add_row(self, key: str, widget: QWidget, at: int = -1) -> None:
        """A labelled row `key` at the end, or at row `at`."""
        label = QLabel()
        self.labels[key] = label
        self.form.insertRow(at, label, widget)

    def set_labels(self, texts: dict[str, str]) -> None:
        for key, text in texts.items():
            if key in self.labels:
                self.labels[key].setText(text)


def setting_widget(item: Field, declared: Setting, row: FormRow) -> QWidget:
    """The widget a declared setting gets unless its group makes its own: a spin box over its range
    (reaching down to a default below the range, which stands for a choice made elsewhere, e.g. 0
    channels: the input size's), or a check box for a yes/no setting."""
    if declared.param is not None:
        box = spin(declared.param, row.decimals)
        if isinstance(item.default, int | float) and item.default < declared.param.minimum:
            box.setMinimum(item.default)
    elif isinstance(item.default, bool):
        box = QCheckBox()
    else:
        raise ValueError(f"setting '{item.name}': neither a range nor yes/no; its drawer group must make its widget")
    box.setObjectName(f"training.{item.name}")
    return box


class SettingsBox(FormBox):
    """A group of the settings drawer whose rows are the settings `config_class` declares for
    `group`, in field order: each setting's widget (`widgets[name]`, named `training.<name>`) is the
    one in `own` (a combo box with its texts, …) or `setting_widget`'s; `retranslate_rows` sets the
    declared labels and tooltips."""

    def __init__(self, group: str, own: Mapping[str, QWidget] | None = None,
                 config_class: type = TrainingConfig) -> None:
        super().__init__()
        own = own or {}
        self.rows = form_rows(config_class, group)
        unknown = set(own) - {item.name for item, _, _ in self.rows}
        if unknown:
            raise ValueError(f"{', '.join(sorted(unknown))}: no setting of the drawer's '{group}' group")
        self.widgets: dict[str, QWidget] = {}
        for item, declared, row in self.rows:
            widget = own.get(item.name) or setting_widget(item, declared, row)
            self.widgets[item.name] = widget
            if row.label:
                self.add_row(item.name, widget)
            else:
                self.form.addRow(widget)

    def row_of(self, name: str) -> int:
        """The form row of setting `name`'s widget."""
        return self.form.getWidgetPosition(self.widgets[name])[0]

    def retranslate_rows(self) -> None:
        for item, _, row in self.rows:
            if row.label:
                self.labels[item.name].setText(translate("TrainingPanel", row.label))
            if row.tooltip:
                self.widgets[item.name].setToolTip(translate("TrainingPanel", row.tooltip))
