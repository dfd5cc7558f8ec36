"""A keyed registry and the shape-parameter description shared by every registry."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from actgui.core.plugins import held_entries, load_group


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (the name Qt's lupdate looks for)
    """Marks `text` for translation in `context` and returns it unchanged.

    The core never imports Qt; lupdate finds these calls by name, and the panels translate the text
    when they show it (actgui.qt.base.i18n.formula_text).
    """
    return text


#: Numbers are printed with at most this many characters; longer ones keep their ends ("123…789").
MAX_NUMBER_TEXT = 24


def format_number(value: object) -> str:
    """`value` as the user would write it, for a message: integers in full (a long one shortened,
    with its digit count), floats in their shortest exact form ("2147483648" for 2147483648.0,
    "1e-06", "nan"); never raises, whatever the size."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return shorten(str(value))
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        value = int(value)
    if isinstance(value, int):
        digits = str(abs(value)) if abs(value).bit_length() < 13000 else None  # str() stops at 4300 digits
        if digits is None:
            return f"{'-' if value < 0 else ''}a number of about {int(value.bit_length() * 0.30103) + 1} digits"
        sign = "-" if value < 0 else ""
        if len(digits) <= MAX_NUMBER_TEXT:
            return sign + digits
        return f"{sign}{digits[:8]}…{digits[-4:]} ({len(digits)} digits)"
    return repr(value)


def shorten(text: str, limit: int = MAX_NUMBER_TEXT) -> str:
    """`text` on one line (control characters escaped) cut to about `limit` characters, its middle
    elided ("abc…xyz")."""
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)  # one line, no lone surrogates
    if len(text) <= limit:
        return text
    return f"{text[:limit - 8]}…{text[-6:]}"


class Keyed(Protocol):
    key: str


T = TypeVar("T", bound=Keyed)


class UnknownKeyError(KeyError):
    """Raised for a key that is not registered; its message lists the valid keys."""

    def __str__(self) -> str:
        return str(self.args[0])


class Registry(Generic[T]):
    """An ordered mapping from key to entry; `register` adds one entry.

    A registry that names its entry-point group (`plugin_group`, e.g. "actgui.activations") loads
    that group's plugins on its first lookup (actgui.core.plugins).
    """

    def __init__(self, kind: str, plugin_group: str | None = None) -> None:
        self.kind = kind
        self.plugin_group = plugin_group
        self._entries: dict[str, T] = {}
        self._plugins_pending = plugin_group is not None

    def _loaded(self) -> dict[str, T]:
        if self._plugins_pending:
            self._plugins_pending = False
            load_group(self.plugin_group, self)
        return self._entries

    def register(self, entry: T) -> T:
        held = held_entries(self)  # a plugin loaded in the background: held aside until added
        if entry.key in self._entries or (held is not None and entry.key in held):
            raise ValueError(f"{self.kind} '{entry.key}' is already registered")
        (self._entries if held is None else held)[entry.key] = entry
        return entry

    def get(self, key: str) -> T:
        try:
            return self._loaded()[key]
        except KeyError:
            choices = ", ".join(self._entries)
            raise UnknownKeyError(f"unknown {self.kind} '{key}' (choose from: {choices})") from None

    def keys(self) -> list[str]:
        return list(self._loaded())

    def __iter__(self) -> Iterator[T]:
        return iter(self._loaded().values())

    def __len__(self) -> int:
        return len(self._loaded())

    def __contains__(self, key: object) -> bool:
        return key in self._loaded()


@dataclass(frozen=True)
class Param:
    """A numeric shape parameter with its default and allowed range."""

    key: str
    default: float
    minimum: float
    maximum: float
    name_en: str
    name_zh: str
    step: float = 0.01
    integer: bool = False

    def check(self, value: float) -> float:
        if not self.minimum <= value <= self.maximum:
            raise ValueError(f"{self.key}={format_number(value)} is out of range "
                             f"[{format_number(self.minimum)}, {format_number(self.maximum)}]")
        return int(round(value)) if self.integer else float(value)


def resolve_params(
    owner: str, params: tuple[Param, ...], overrides: Mapping[str, float] | None = None
) -> dict[str, float]:
    """Defaults updated with `overrides`, each checked against its range.

    Raises ValueError naming the owner and the parameter for an unknown key or a value out of range.
    """
    values = {p.key: p.default for p in params}
    known = {p.key: p for p in params}
    for key, value in (overrides or {}).items():
        if key not in known:
            allowed = ", ".join(known) or "none"
            raise ValueError(f"{owner} has no parameter '{key}' (parameters: {allowed})")
        try:
            values[key] = known[key].check(value if isinstance(value, int) and not isinstance(value, bool)
                                           else float(value))
        except (ValueError, OverflowError) as error:
            raise ValueError(f"{owner}: {error}") from None
    return values
