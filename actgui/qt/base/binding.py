"""Binding a panel's state object to its widgets by objectName (`<panel>.<field>`).

`Binder(state, root)` finds, for every field of the state, the widget named `<panel>.<field>` under
`root` and keeps both in step: a state change shows in the widget (the binder guards its own writes,
so no caller blocks signals) and an edit sets the field. An edit the state refuses (text that does not
parse yet, a value the state's `check()` rejects) leaves the field at its last valid value and marks
the widget (property ``invalid``, a red frame and the reason as tooltip) until it is valid again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QListWidget,
    QSpinBox,
    QTabWidget,
    QWidget,
)

from actgui.qt.base.widgets import ParamSlider
from actgui.state.base import PanelState, fields

INVALID_STYLE = "border: 2px solid #d62728;"


class Adapter:
    """Reads, writes and watches one widget for one field. `read` raises ValueError for unusable input."""

    def __init__(self, widget: QWidget) -> None:
        self.widget = widget

    def read(self) -> Any:
        raise NotImplementedError

    def write(self, value: Any) -> None:
        raise NotImplementedError

    def connect(self, edited: Callable[[], None]) -> None:
        raise NotImplementedError


class SpinAdapter(Adapter):
    """QSpinBox / QDoubleSpinBox: text that is not (yet) an acceptable number is refused."""

    widget: QAbstractSpinBox

    def read(self) -> Any:
        if not self.widget.hasAcceptableInput():
            raise ValueError(f"“{self.widget.lineEdit().text()}” is not a valid number")
        text = self.widget.lineEdit().text()
        value = self.widget.valueFromText(self.widget.cleanText()) if text else self.widget.value()
        return int(value) if isinstance(self.widget, QSpinBox) else float(value)

    def write(self, value: Any) -> None:
        self.widget.setValue(value)

    def connect(self, edited: Callable[[], None]) -> None:
        self.widget.valueChanged.connect(edited)
        self.widget.lineEdit().textEdited.connect(edited)


class ComboAdapter(Adapter):
    """QComboBox: the field holds the current item's data (None is a value); the text if no item has data."""

    widget: QComboBox

    def _values(self) -> list[Any]:
        data = [self.widget.itemData(i) for i in range(self.widget.count())]
        return data if any(d is not None for d in data) else [self.widget.itemText(i) for i in range(len(data))]

    def read(self) -> Any:
        return self._values()[self.widget.currentIndex()]

    def write(self, value: Any) -> None:
        values = self._values()
        if value not in values:
            raise ValueError(f"{self.widget.objectName()} has no item {value!r}")
        self.widget.setCurrentIndex(values.index(value))

    def connect(self, edited: Callable[[], None]) -> None:
        self.widget.currentIndexChanged.connect(edited)


class CheckAdapter(Adapter):
    widget: QAbstractButton

    def read(self) -> bool:
        return self.widget.isChecked()

    def write(self, value: Any) -> None:
        self.widget.setChecked(bool(value))

    def connect(self, edited: Callable[[], None]) -> None:
        self.widget.toggled.connect(edited)


class LineAdapter(Adapter):
    """QLineEdit with `parse(text)` (raises ValueError) and `format(value)`; plain text by default.

    `live` takes the text as it is typed; otherwise when editing finishes (for costly redraws).
    """

    widget: QLineEdit

    def __init__(self, widget: QLineEdit, parse: Callable[[str], Any] = str,
                 format: Callable[[Any], str] = str, live: bool = True) -> None:  # noqa: A002 (the natural name)
        super().__init__(widget)
        self.parse, self.format, self.live = parse, format, live

    def read(self) -> Any:
        return self.parse(self.widget.text())

    def write(self, value: Any) -> None:
        text = self.format(value)
        try:
            same = self.parse(self.widget.text()) == value
        except ValueError:
            same = False
        if not same:  # keep the user's spelling of an equal value (e.g. "1,2" for [1.0, 2.0])
            self.widget.setText(text)

    def connect(self, edited: Callable[[], None]) -> None:
        (self.widget.textChanged if self.live else self.widget.editingFinished).connect(edited)


class SliderAdapter(Adapter):
    widget: ParamSlider

    def read(self) -> Any:
        value = self.widget.value()
        return int(round(value)) if self.widget.param.integer else value

    def write(self, value: Any) -> None:
        self.widget.setValue(value)

    def connect(self, edited: Callable[[], None]) -> None:
        self.widget.valueChanged.connect(edited)


class ParamSliders(Adapter):
    """ParamSliders of several owners bound to one `{owner: {key: value}}` field of `state`.

    Values of owners without a slider now are kept; a slider added later shows its stored value.
    """

    def __init__(self, widget: QWidget, state: PanelState, field: str) -> None:
        super().__init__(widget)
        self.state, self.field = state, field
        self.sliders: dict[tuple[str, str], ParamSlider] = {}
        self._edited: Callable[[], None] = lambda: None

    def add(self, owner: str, slider: ParamSlider) -> None:
        slider.setValue(getattr(self.state, self.field).get(owner, {}).get(slider.param.key, slider.param.default))
        slider.valueChanged.connect(lambda *_: self._edited())
        self.sliders[(owner, slider.param.key)] = slider

    def read(self) -> dict[str, dict[str, float]]:
        values = {owner: dict(v) for owner, v in getattr(self.state, self.field).items()}
        for (owner, key), slider in self.sliders.items():
            values.setdefault(owner, {})[key] = slider.value()
        return values

    def write(self, value: dict[str, dict[str, float]]) -> None:
        for (owner, key), slider in self.sliders.items():
            slider.setValue(value.get(owner, {}).get(key, slider.param.default))

    def connect(self, edited: Callable[[], None]) -> None:
        self._edited = edited


class CheckListAdapter(Adapter):
    """A QListWidget of checkable items: the field is the list of the checked items' data, in list order."""

    widget: QListWidget

    def _items(self):
        return (self.widget.item(row) for row in range(self.widget.count()))

    def read(self) -> list:
        return [item.data(Qt.UserRole) for item in self._items() if item.checkState() == Qt.Checked]

    def write(self, value: Any) -> None:
        unknown = set(value) - {item.data(Qt.UserRole) for item in self._items()}
        if unknown:
            raise ValueError(f"{self.widget.objectName()} has no item(s) {', '.join(map(str, sorted(unknown)))}")
        for item in self._items():
            item.setCheckState(Qt.Checked if item.data(Qt.UserRole) in value else Qt.Unchecked)

    def connect(self, edited: Callable[[], None]) -> None:
        self.widget.itemChanged.connect(edited)


class ButtonGroupAdapter(Adapter):
    """Buttons of a container widget, each with a ``value`` property.

    An exclusive QButtonGroup gives one value; otherwise the field is the list of checked values in
    button order.
    """

    def __init__(self, widget: QWidget, group: QButtonGroup) -> None:
        super().__init__(widget)
        self.group = group

    def read(self) -> Any:
        checked = [b.property("value") for b in self.group.buttons() if b.isChecked()]
        if self.group.exclusive():
            if not checked:
                raise ValueError("nothing chosen")
            return checked[0]
        return checked

    def write(self, value: Any) -> None:
        chosen = [value] if self.group.exclusive() else list(value)
        known = [b.property("value") for b in self.group.buttons()]
        unknown = [v for v in chosen if v not in known]
        if unknown:
            raise ValueError(f"{self.widget.objectName()} has no choice(s) {', '.join(map(str, unknown))}")
        for button in self.group.buttons():
            button.setChecked(button.property("value") in chosen)

    def connect(self, edited: Callable[[], None]) -> None:
        self.group.buttonToggled.connect(edited)


class TabAdapter(Adapter):
    """A QTabWidget whose pages carry a ``value`` property: the field is the current page's value."""

    widget: QTabWidget

    def read(self) -> Any:
        return self.widget.currentWidget().property("value")

    def write(self, value: Any) -> None:
        for index in range(self.widget.count()):
            if self.widget.widget(index).property("value") == value:
                self.widget.setCurrentIndex(index)
                return
        raise ValueError(f"{self.widget.objectName()} has no page {value!r}")

    def connect(self, edited: Callable[[], None]) -> None:
        self.widget.currentChanged.connect(edited)


def adapter_for(widget: QWidget) -> Adapter:
    """The adapter for a widget kind the panels use; raises TypeError for any other kind."""
    if isinstance(widget, QSpinBox | QDoubleSpinBox):
        return SpinAdapter(widget)
    if isinstance(widget, QComboBox):
        return ComboAdapter(widget)
    if isinstance(widget, QCheckBox):
        return CheckAdapter(widget)
    if isinstance(widget, QLineEdit):
        return LineAdapter(widget)
    if isinstance(widget, ParamSlider):
        return SliderAdapter(widget)
    if isinstance(widget, QListWidget):
        return CheckListAdapter(widget)
    if isinstance(widget, QTabWidget):
        return TabAdapter(widget)
    group = widget.findChild(QButtonGroup)
    if group is not None:
        return ButtonGroupAdapter(widget, group)
    raise TypeError(f"no binding for {type(widget).__name__} '{widget.objectName()}'")


class Binder(QObject):
    """Keeps `state` and the widgets named `<panel>.<field>` under `root` in step.

    `adapters` gives a field a non-default adapter (a LineAdapter with its parser, or a panel's own);
    a field of a part is named `part.field`. A part (a field holding a state) gets its own binder in
    `parts`. `invalid` is emitted with (field, reason) when an edit is refused, `valid` with the field
    when the widget holds a usable value again (a part's fields as `part.field`). `edited` is emitted
    with the field when an edit from its widget was taken, before the state reports the change, so a
    handler's own changes (what a user's choice implies) arrive in the same report.
    """

    invalid = Signal(str, str)
    valid = Signal(str)
    edited = Signal(str)

    def __init__(self, state: PanelState, root: QWidget, adapters: dict[str, Adapter] | None = None) -> None:
        super().__init__(root)
        self.state = state
        self.adapters: dict[str, Adapter] = {}
        self.refused: dict[str, str] = {}
        self._looks: dict[str, tuple[str, str]] = {}
        self._writing = False
        self._source: str | None = None
        self.parts: dict[str, Binder] = {}
        adapters = adapters or {}
        for f in fields(state):
            value = getattr(state, f.name)
            if isinstance(value, PanelState):
                prefix = f"{f.name}."
                part = Binder(value, root, {k[len(prefix):]: a for k, a in adapters.items() if k.startswith(prefix)})
                part.invalid.connect(lambda name, reason, p=prefix: self.invalid.emit(p + name, reason))
                part.valid.connect(lambda name, p=prefix: self.valid.emit(p + name))
                part.edited.connect(lambda name, p=prefix: self.edited.emit(p + name))
                self.parts[f.name] = part
                continue
            adapter = adapters.get(f.name)
            if adapter is None:
                widget = root.findChild(QWidget, f"{state.panel}.{f.name}")
                if widget is None:
                    raise LookupError(f"no widget named '{state.panel}.{f.name}' for {type(state).__name__}")
                adapter = adapter_for(widget)
            self.adapters[f.name] = adapter
            adapter.connect(lambda *_, name=f.name: self._edited(name))
        state.subscribe(self._state_changed)
        self.show_state()

    def widget(self, name: str) -> QWidget:
        """The widget of field `name` (`part.field` for a part's field)."""
        part, _, rest = name.partition(".")
        return self.parts[part].widget(rest) if rest else self.adapters[name].widget

    def is_refused(self, name: str) -> bool:
        """Whether the widget of `name` (`part.field` for a part's field) holds a refused edit."""
        part, _, rest = name.partition(".")
        return self.parts[part].is_refused(rest) if rest else name in self.refused

    def show_state(self, names: set[str] | None = None) -> None:
        """Writes the state's values into the widgets (all, or `names`) and clears their marks."""
        self._writing = True
        try:
            for name in self.adapters if names is None else names:
                self.adapters[name].write(getattr(self.state, name))
                self._mark(name, None)
        finally:
            self._writing = False

    def _state_changed(self, names: set[str]) -> None:
        self.show_state((names & set(self.adapters)) - {self._source})
        self._retry(names)

    def _edited(self, name: str) -> None:
        if self._writing:
            return
        if self._take(name):
            self._retry({name})
        elif len(self.refused) > 1:
            self._take_together(list(self.refused))

    def _retry(self, changed: set[str]) -> None:
        """Takes refused edits again after other fields changed (a rule spanning fields may hold now)."""
        for name in [n for n in self.refused if n not in changed]:
            self._take(name)

    def _take(self, name: str) -> bool:
        """Sets the field from its widget if the state accepts the value; marks the widget if not."""
        try:
            value = self.adapters[name].read()
            self.state.check_field(name, value)
        except ValueError as error:
            self._mark(name, str(error))
            return False
        self._mark(name, None)
        self._source = name
        try:
            with self.state.changes():
                setattr(self.state, name, value)
                self.edited.emit(name)
        finally:
            self._source = None
        return True

    def _take_together(self, names: list[str]) -> None:
        """Sets several refused fields at once if together they are valid (e.g. P and Q resized)."""
        try:
            values = {name: self.adapters[name].read() for name in names}
            trial = self.state.copy()
            for name, value in values.items():
                object.__setattr__(trial, name, value)
            trial.check()
        except ValueError:
            return
        for name in names:
            self._mark(name, None)
        self._source = None
        with self.state.changes():
            for name, value in values.items():
                setattr(self.state, name, value)

    def _mark(self, name: str, reason: str | None) -> None:
        widget = self.adapters[name].widget
        if reason is None:
            if self.refused.pop(name, None) is None:
                return
            style, tip = self._looks.pop(name)
            widget.setProperty("invalid", False)
            widget.setStyleSheet(style)
            widget.setToolTip(tip)
            self.valid.emit(name)
            return
        if name not in self.refused:
            self._looks[name] = (widget.styleSheet(), widget.toolTip())
        self.refused[name] = reason
        widget.setProperty("invalid", True)
        widget.setStyleSheet(INVALID_STYLE)
        widget.setToolTip(reason)
        self.invalid.emit(name, reason)
