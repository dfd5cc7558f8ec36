"""Named columns of plotted data, written as CSV by every export."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from actgui.core.files import atomic_writer


class Table:
    """Ordered, equally long columns; numbers are written with full precision."""

    #: Rows formatted at a time by `write_csv`: a large table is streamed in bounded memory.
    CHUNK_ROWS = 65536

    def __init__(self, columns: Mapping[str, Sequence | np.ndarray]) -> None:
        self.columns = {name: np.asarray(values) for name, values in columns.items()}
        lengths = {len(v) for v in self.columns.values()}
        if len(lengths) > 1:
            raise ValueError(f"columns differ in length: {sorted(lengths)}")

    @property
    def header(self) -> list[str]:
        return list(self.columns)

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()), ()))

    def rows(self) -> list[list]:
        return self._rows(0, len(self))

    def _rows(self, start: int, stop: int) -> list[list]:
        return [list(row) for row in zip(*(v[start:stop].tolist() for v in self.columns.values()), strict=True)]

    def write_csv(self, path: str | Path) -> None:
        """Writes the table atomically, streamed in chunks; raises OSError (FileAccessError) when
        the path cannot be written, leaving any old file as it was."""
        numeric = all(v.dtype.kind in "biuf" for v in self.columns.values())
        with atomic_writer(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(self.header)
            for start in range(0, len(self), self.CHUNK_ROWS):
                stop = start + self.CHUNK_ROWS
                if numeric:  # the same text as the csv module writes, several times faster
                    lines = map(",".join, zip(*(map(repr, v[start:stop].tolist()) for v in self.columns.values()),
                                             strict=True))
                    handle.write("\r\n".join(lines) + "\r\n")
                else:
                    writer.writerows([_cell(v) for v in row] for row in self._rows(start, stop))


def _cell(value: object) -> object:
    if isinstance(value, float):
        return repr(value)
    return value


def parse_numbers(text: str) -> list[float]:
    """'0.2, 1; 3.75' → [0.2, 1.0, 3.75] (commas or semicolons); raises ValueError naming a bad entry."""
    values = []
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            values.append(float(part))
        except ValueError:
            raise ValueError(f"'{part}' is not a number") from None
    return values
