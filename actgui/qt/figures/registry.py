"""One registry of every figure kind, each with demo data of its own (see `demos`): the tests walk
`FIGURES` at several window sizes and text sizes in both languages and check that no legend covers a
data point and no axis is rescaled. A new figure kind is one `FIGURES.register(...)`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from actgui.qt.base.figure import Figure
from actgui.qt.base.theme import Theme


@dataclass(frozen=True)
class FigureKind:
    """A registered figure kind: its key and how a figure of it is built showing its demo data."""

    key: str
    demo: Callable[[Theme], Figure]


class FigureRegistry:
    """Figure kinds by key, in the order registered."""

    def __init__(self) -> None:
        self._kinds: dict[str, FigureKind] = {}

    def register(self, key: str, demo: Callable[[Theme], Figure]) -> FigureKind:
        """Adds a figure kind built by `demo(theme)`; a key is registered once."""
        if key in self._kinds:
            raise ValueError(f"a figure '{key}' is registered already")
        kind = FigureKind(key, demo)
        self._kinds[key] = kind
        return kind

    def keys(self) -> list[str]:
        return list(self._kinds)

    def get(self, key: str) -> FigureKind:
        return self._kinds[key]

    def __iter__(self) -> Iterator[FigureKind]:
        return iter(self._kinds.values())


FIGURES = FigureRegistry()
