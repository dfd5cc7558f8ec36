"""The base of every panel's state: typed fields with defaults and ranges, checks, JSON and change callbacks.

Adding a setting to a panel takes one field here and one named widget there:

1. In `actgui/state/<panel>.py`, add a field to the panel's state class, with its range where it has
   one, e.g. ``grid: bool = False``, ``points: int = number(2000, 100, 20000)`` or
   ``temperature: float = param_field(TEMPERATURE)`` for a registry `Param`.
2. In the panel, create the control with ``setObjectName("<panel>.<field>")`` (e.g. ``functions.grid``)
   and read the value from ``self.settings.<field>``. The panel's `Binder` finds the widget by name and
   keeps the two in step; sessions, presets, stamps and the CLI's defaults follow from the field.

`check()` refuses a wrong type (a bool is never a number, a whole number field takes no fractions), a
non-finite number, a value out of range or outside its choices, a list or object with more than `max_length`
entries (MAX_ITEMS unless the field says) and names the field; a subclass adds cross-field rules in
`validate()`. `from_dict` refuses unknown fields and fills missing ones with their defaults; `upgrade()` reads
an older layout. A field may hold another state (a part of a panel, e.g. the Initialisation panel's depth
experiment), whose `panel` names its widgets' prefix (``init.depth`` → ``init.depth.width``).
`subscribe(callback)` calls ``callback(changed_names)`` after fields change (one call for a whole `assign`).
"""

from __future__ import annotations

import copy
import dataclasses
import math
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar, Literal, TypeVar

from actgui.core.registry import Param, format_number

S = TypeVar("S", bound="PanelState")

Callback = Callable[[set[str]], None]

#: The most entries a list or object setting holds unless its field allows more: settings come from
#: files, and a list of a million numbers is refused before it is walked.
MAX_ITEMS = 64


def number(default: float, minimum: float | None = None, maximum: float | None = None, **metadata: Any) -> Any:
    """A numeric field with its default and inclusive range (either bound may be left open)."""
    return dataclasses.field(default=default, metadata={"minimum": minimum, "maximum": maximum, **metadata})


def param_field(param: Param) -> Any:
    """A field for a registry `Param`: its default and the range its slider allows."""
    default = int(round(param.default)) if param.integer else float(param.default)
    return number(default, param.minimum, param.maximum, param=param)


def choice(default: str, choices: Callable[[], Iterable[str]]) -> Any:
    """A text field that must be one of `choices()` (usually a registry's keys, read when checked)."""
    return dataclasses.field(default=default, metadata={"choices": choices})


def items(
    default: Callable[[], list], choices: Callable[[], Iterable[str]] | None = None,
    minimum: float | None = None, maximum: float | None = None, min_length: int = 0, max_length: int = MAX_ITEMS,
) -> Any:
    """A list field built by `default()`; its entries may be restricted to `choices()` or a range."""
    return dataclasses.field(default_factory=default, metadata={
        "choices": choices, "minimum": minimum, "maximum": maximum, "min_length": min_length,
        "max_length": max_length})


def fields(state: PanelState | type[PanelState]) -> tuple[dataclasses.Field, ...]:
    """The settings of a state class (its public dataclass fields)."""
    return tuple(f for f in dataclasses.fields(state) if not f.name.startswith("_"))


class PanelState:
    """Base of the panels' state dataclasses (subclasses are ``@dataclass`` and set `panel`)."""

    panel: ClassVar[str] = "panel"

    # -- checks ---------------------------------------------------------------------------------
    def validate(self) -> None:
        """Cross-field rules of a subclass; raises ValueError naming the fields."""

    def check(self) -> None:
        """Raises ValueError naming the first bad field (type, finiteness, range, choices, cross-field)."""
        hints = _hints(type(self))
        for f in fields(self):
            check_value(f"{self.panel}.{f.name}", hints[f.name], getattr(self, f.name), f.metadata)
        try:
            self.validate()
        except (ValueError, KeyError) as error:
            raise ValueError(f"{self.panel}: {_message(error)}") from None

    def check_field(self, name: str, value: Any) -> None:
        """Raises ValueError if setting `name` to `value` would leave the state invalid (nothing changes)."""
        trial = copy.deepcopy(self)
        trial._callbacks = []
        object.__setattr__(trial, name, value)
        trial.check()

    # -- JSON -----------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The settings as JSON-compatible data (a deep copy)."""
        return {f.name: _to_json(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def upgrade(cls, data: dict[str, Any]) -> dict[str, Any]:
        """`data` in the current layout; a subclass converts what older versions wrote."""
        return data

    @classmethod
    def from_dict(cls: type[S], data: Any) -> S:
        """A checked state from `data`; missing fields take defaults; raises ValueError for anything wrong."""
        if not isinstance(data, dict):
            raise ValueError(f"{cls.panel}: settings must be an object, not {type(data).__name__}")
        data = cls.upgrade(data)
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            shown = ", ".join(unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
            raise ValueError(f"{cls.panel}: unknown setting(s) {shown} "
                             f"(settings: {', '.join(sorted(known))})")
        state = cls()
        hints = _hints(cls)
        for name, value in data.items():
            part = _part_type(hints[name])
            object.__setattr__(state, name, part.from_dict(value) if part else copy.deepcopy(value))
        state.check()
        for name in data:
            object.__setattr__(state, name, _as_declared(hints[name], getattr(state, name)))
        return state

    def copy(self: S) -> S:
        clone = copy.deepcopy(self)
        clone._callbacks = []
        return clone

    # -- changes --------------------------------------------------------------------------------
    def subscribe(self, callback: Callback) -> None:
        """Calls ``callback(changed_field_names)`` after fields change."""
        self.__dict__.setdefault("_callbacks", []).append(callback)

    def unsubscribe(self, callback: Callback) -> None:
        self._callbacks.remove(callback)

    def __setattr__(self, name: str, value: Any) -> None:
        old = self.__dict__.get(name, _MISSING)
        super().__setattr__(name, value)
        if not name.startswith("_") and old is not _MISSING and old != value:
            self._notify({name})

    def assign(self, other: PanelState) -> None:
        """Takes every setting of `other` (same class) and reports the changed ones in one call."""
        if type(other) is not type(self):
            raise TypeError(f"cannot assign {type(other).__name__} to {type(self).__name__}")
        changed = set()
        for f in fields(self):
            value = copy.deepcopy(getattr(other, f.name))
            if isinstance(value, PanelState):  # a part keeps its identity (its widgets are bound to it)
                getattr(self, f.name).assign(value)
            elif getattr(self, f.name) != value:
                object.__setattr__(self, f.name, value)
                changed.add(f.name)
        if changed:
            self._notify(changed)

    @contextmanager
    def changes(self) -> Iterator[None]:
        """Groups several assignments into one notification."""
        before = self.to_dict()
        callbacks, self._callbacks = self.__dict__.get("_callbacks", []), []
        try:
            yield
        finally:
            self._callbacks = callbacks
            after = self.to_dict()
            changed = {name for name, value in before.items() if after[name] != value}
            if changed:
                self._notify(changed)

    def _notify(self, changed: set[str]) -> None:
        for callback in list(self.__dict__.get("_callbacks", [])):
            callback(changed)

    def __deepcopy__(self, memo: dict) -> PanelState:
        clone = object.__new__(type(self))
        for key, value in self.__dict__.items():
            if key != "_callbacks":
                object.__setattr__(clone, key, copy.deepcopy(value, memo))
        object.__setattr__(clone, "_callbacks", [])
        return clone


_MISSING = object()


def state_classes() -> list[type[PanelState]]:
    """Every state class defined under actgui.state (imports the modules), for tests and tools."""
    import importlib
    import pkgutil

    import actgui.state as package

    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")
    found: list[type[PanelState]] = []
    pending = list(PanelState.__subclasses__())
    while pending:
        cls = pending.pop(0)
        pending.extend(cls.__subclasses__())
        if dataclasses.is_dataclass(cls) and cls.__module__.startswith(package.__name__):
            found.append(cls)
    return found


# -- value checks ---------------------------------------------------------------------------------
def check_value(name: str, hint: Any, value: Any, metadata: typing.Mapping[str, Any] | None = None) -> None:
    """Raises ValueError naming `name` when `value` does not fit the type `hint` and the field's limits."""
    metadata = metadata or {}
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return
        options = [a for a in args if a is not type(None)]
        errors = []
        for option in options:
            try:
                check_value(name, option, value, metadata)
                return
            except ValueError as error:
                errors.append(str(error))
        raise ValueError(errors[0] if len(errors) == 1 else f"{name}: {value!r} is not a valid value")
    if origin is Literal:
        if value not in args:
            raise ValueError(f"{name}: {value!r} is not one of {', '.join(map(repr, args))}")
        return
    if origin in (list, tuple):
        if not isinstance(value, list | tuple):
            raise ValueError(f"{name} must be a list, not {_kind(value)}")
        _check_length(name, value, metadata)
        if len(value) < metadata.get("min_length", 0):
            raise ValueError(f"{name} needs at least {metadata['min_length']} entr"
                             f"{'y' if metadata['min_length'] == 1 else 'ies'}")
        inner_metadata = {k: v for k, v in metadata.items() if k not in ("min_length", "max_length")}
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            if len(value) != len(args):
                raise ValueError(f"{name} must have {len(args)} entries, not {len(value)}")
            for index, (item_hint, item) in enumerate(zip(args, value, strict=True)):
                check_value(f"{name}[{index}]", item_hint, item, inner_metadata)
            return
        for index, item in enumerate(value):
            check_value(f"{name}[{index}]", args[0] if args else Any, item, inner_metadata)
        return
    if origin is dict:
        if not isinstance(value, dict):
            raise ValueError(f"{name} must be an object, not {_kind(value)}")
        _check_length(name, value, metadata)
        key_hint, value_hint = args or (str, Any)
        for key, item in value.items():
            check_value(f"{name} key", key_hint, key, {"choices": metadata.get("choices")})
            check_value(f"{name}.{key}", value_hint, item, {})
        return
    if hint is Any:
        return
    part = _part_type(hint)
    if part is not None:
        if not isinstance(value, part):
            raise ValueError(f"{name} must be an object of settings, not {_kind(value)}")
        value.check()
        return
    if hint is bool:
        if not isinstance(value, bool):
            raise ValueError(f"{name} must be true or false, not {value!r}")
        return
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{name} must be a whole number, not {value!r}")
        _check_range(name, value, metadata)
        return
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{name} must be a number, not {value!r}")
        if not math.isfinite(value):
            raise ValueError(f"{name} must be a finite number, not {value!r}")
        _check_range(name, value, metadata)
        return
    if hint is str:
        if not isinstance(value, str):
            raise ValueError(f"{name} must be text, not {_kind(value)}")
        choices = metadata.get("choices")
        if choices is not None:
            allowed = list(choices())
            if value not in allowed:
                raise ValueError(f"{name}: unknown value '{value}' (choose from: {', '.join(allowed)})")
        return
    raise TypeError(f"{name}: unsupported field type {hint!r}")


def _check_length(name: str, value: list | tuple | dict, metadata: typing.Mapping[str, Any]) -> None:
    limit = metadata.get("max_length", MAX_ITEMS)
    if len(value) > limit:
        raise ValueError(f"{name} has {len(value)} entries; at most {limit} are allowed")


def _check_range(name: str, value: float, metadata: typing.Mapping[str, Any]) -> None:
    low, high = metadata.get("minimum"), metadata.get("maximum")
    if low is not None and value < low or high is not None and value > high:
        low_text = "-∞" if low is None else format_number(low)
        high_text = "∞" if high is None else format_number(high)
        raise ValueError(f"{name}={format_number(value)} is out of range [{low_text}, {high_text}]")


def _part_type(hint: Any) -> type[PanelState] | None:
    return hint if isinstance(hint, type) and issubclass(hint, PanelState) else None


def _to_json(value: Any) -> Any:
    if isinstance(value, PanelState):
        return value.to_dict()
    if isinstance(value, list | tuple):
        return [_to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_json(v) for k, v in value.items()}
    return value


def _as_declared(hint: Any, value: Any) -> Any:
    """A checked value with whole numbers in float fields made floats, so a round trip keeps types."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is float and isinstance(value, int):
        return float(value)
    if origin in (typing.Union, types.UnionType) and value is not None:
        options = [a for a in args if a is not type(None)]
        return _as_declared(options[0], value) if len(options) == 1 else value
    if origin is list and args:
        return [_as_declared(args[0], v) for v in value]
    if origin is tuple and args:
        hints = [args[0]] * len(value) if len(args) == 2 and args[1] is Ellipsis else args
        return tuple(_as_declared(h, v) for h, v in zip(hints, value, strict=True))
    if origin is dict and len(args) == 2:
        return {k: _as_declared(args[1], v) for k, v in value.items()}
    return value


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _message(error: Exception) -> str:
    return str(error.args[0]) if isinstance(error, KeyError) and error.args else str(error)


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]
