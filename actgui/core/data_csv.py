"""A user's own data as CSV: columns x1, x2[, more inputs], then a label (classes 0, 1, …) or a
target (a number to fit). The header is optional, the separator a comma or a semicolon.

Reading is bounded (at most MAX_BYTES, MAX_ROWS rows) and refuses a bad file with one message naming
the line and column; writing is atomic.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from actgui.core import files
from actgui.core.datasets import MAX_POINT_CLASSES, MAX_POINTS, POINT_KINDS
from actgui.core.registry import format_number, shorten

MAX_BYTES = 8 * 1024 * 1024
#: The largest magnitude of a value (beyond it a network's inputs, squared features or loss overflow
#: float32 and training "diverges" for a reason that is not the learning rate).
MAX_MAGNITUDE = 1e6
MAX_ROWS = MAX_POINTS


class DataFileError(ValueError):
    """A data file that cannot be used; the message names the file, line and column."""


def read_bounded(path: str | Path, limit: int = MAX_BYTES) -> str:
    """The UTF-8 text of `path` (a byte-order mark dropped); raises DataFileError when it is larger
    than `limit` bytes, not UTF-8, or cannot be read."""
    path = Path(path)
    try:
        data = files.read_bounded(path, limit)  # regular files only: a FIFO or device is refused at once
    except OSError as error:
        if "allowed" in str(error):
            raise DataFileError(f"{path.name} is larger than {limit // (1024 * 1024)} MB") from None
        raise DataFileError(files.describe(error, path.name, "read")) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise DataFileError(f"{path.name} line {line}: not UTF-8 text") from None


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return None if math.isnan(value) else value  # ±inf: refused as too large, by line and column


def _parses(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def parse_points(text: str, name: str = "data") -> tuple[list[list[float]], str]:
    """(rows, kind) from CSV text: each row its inputs then its label or target; kind is "label"
    (whole numbers ≥ 0 in the last column, or a header naming it label/class) or "target"."""
    lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), 1) if line.strip()]
    if not lines:
        raise DataFileError(f"{name}: the file holds no data")
    separator = ";" if ";" in lines[0][1] else ","
    header: list[str] | None = None
    first_cells = [cell.strip() for cell in lines[0][1].split(separator)]
    if any(not _parses(cell) for cell in first_cells):
        header, lines = [cell.lower() for cell in first_cells], lines[1:]
    width = len(header) if header else len(first_cells)
    if width < 2:
        raise DataFileError(f"{name} line {lines[0][0] if lines else 1}: needs at least two columns "
                            "(x1 and a label or target)")
    if len(lines) > MAX_ROWS:
        raise DataFileError(f"{name}: more than {MAX_ROWS} rows")
    rows: list[list[float]] = []
    for number, line in lines:
        cells = [cell.strip() for cell in line.split(separator)]
        if len(cells) != width:
            raise DataFileError(f"{name} line {number}: {len(cells)} columns, expected {width}")
        row = []
        for column, cell in enumerate(cells, 1):
            value = _number(cell)
            if value is None:
                raise DataFileError(f"{name} line {number}, column {column}: '{shorten(cell)}' is not a finite number")
            if abs(value) > MAX_MAGNITUDE:
                raise DataFileError(f"{name} line {number}, column {column}: {shorten(cell)} is too large (values "
                                    f"must lie within ±{format_number(MAX_MAGNITUDE)}; rescale the data)")
            row.append(value)
        rows.append(row)
    if not rows:
        raise DataFileError(f"{name}: the file holds a header but no data")
    last = [row[-1] for row in rows]
    if header and header[-1] in ("label", "class"):
        kind = "label"
    elif header and header[-1] in ("target", "y"):
        kind = "target"
    else:
        kind = "label" if all(v >= 0 and v == int(v) for v in last) else "target"
    if kind == "label":
        for (number, _), value in zip(lines, last, strict=True):
            if value < 0 or value != int(value) or value >= MAX_POINT_CLASSES:
                raise DataFileError(f"{name} line {number}, column {width}: a label is a class 0 to "
                                    f"{MAX_POINT_CLASSES - 1}, not {value:g}")
    return rows, kind


def read_points(path: str | Path) -> tuple[list[list[float]], str]:
    """The rows and kind of the CSV file `path`; raises DataFileError naming the line and column."""
    return parse_points(read_bounded(path), Path(path).name)


def points_text(rows: Sequence[Sequence[float]], kind: str) -> str:
    """`rows` as CSV with a header x1, x2, …, label/target."""
    if kind not in POINT_KINDS:
        raise ValueError(f"kind must be one of {', '.join(POINT_KINDS)}")
    width = len(rows[0]) if rows else 3
    header = [f"x{i + 1}" for i in range(width - 1)] + [kind]
    lines = [",".join(header)]
    for row in rows:
        cells = [f"{v:.9g}" for v in row[:-1]]
        cells.append(str(int(row[-1])) if kind == "label" else f"{row[-1]:.9g}")
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"


def write_points(path: str | Path, rows: Sequence[Sequence[float]], kind: str) -> Path:
    """Writes `rows` as CSV atomically; raises OSError (FileAccessError) when it cannot be written,
    leaving any old file as it was."""
    return files.atomic_write(path, points_text(rows, kind))
