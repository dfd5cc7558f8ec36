"""Named columns of plotted data, written as CSV by every export."""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np


class Table:
    """Ordered, equally long columns; numbers are written with full precision."""

    def __init__(self, columns: Mapping[str, Sequence | np.ndarray]) -> None:
        self.columns = {name: list(np.asarray(values).tolist()) for name, values in columns.items()}
        lengths = {len(v) for v in self.columns.values()}
        if len(lengths) > 1:
            raise ValueError(f"columns differ in length: {sorted(lengths)}")

    @property
    def header(self) -> list[str]:
        return list(self.columns)

    def rows(self) -> list[list]:
        return [list(row) for row in zip(*self.columns.values(), strict=True)]

    def write_csv(self, path: str | Path) -> None:
        """Writes the table atomically (a temporary file beside it, flushed, then renamed); raises
        OSError when the path cannot be written."""
        path = Path(path)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "w", newline="", encoding="utf-8") as stream:
                writer = csv.writer(stream)
                writer.writerow(self.header)
                writer.writerows([_cell(v) for v in row] for row in self.rows())
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


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
