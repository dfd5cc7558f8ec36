"""Runs an exported script (or notebook) the way a student would, with torch, numpy and matplotlib
only, and returns every line and bar series it plotted, to compare with the app's CSV export."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np

#: Runs the script in a fresh interpreter, with matplotlib drawing off screen, then prints the data
#: of every Line2D and bar container of every figure as JSON.
_RUNNER = r"""
import json, runpy, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
plt.show = lambda *a, **k: None
runpy.run_path(sys.argv[1], run_name="__main__")
series = []
for number in plt.get_fignums():
    for ax in plt.figure(number).axes:
        for line in ax.get_lines():
            series.append({"kind": "line", "label": line.get_label(),
                           "x": [float(v) for v in line.get_xdata()], "y": [float(v) for v in line.get_ydata()]})
        for container in ax.containers:
            patches = getattr(container, "patches", container)
            series.append({"kind": "bars", "label": str(container.get_label()),
                           "x": [float(p.get_x() + p.get_width() / 2) for p in patches],
                           "width": [float(p.get_width()) for p in patches],
                           "y": [float(p.get_height()) for p in patches]})
json.dump(series, sys.stdout)
"""


def run_script(path: Path, timeout: float = 300) -> list[dict]:
    """The series the script at `path` plots, in plotting order; fails with its stderr if it fails."""
    done = subprocess.run([sys.executable, "-c", _RUNNER, str(path)], capture_output=True, text=True,
                          timeout=timeout, cwd=path.parent, env={"PATH": "/usr/bin:/bin", "MPLBACKEND": "Agg",
                                                                 "HOME": str(path.parent)})
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def csv_columns(path: Path) -> dict[str, np.ndarray]:
    """The numeric columns of a CSV export, by header."""
    lines = [line for line in path.read_text().splitlines() if line and not line.startswith("#")]
    header = lines[0].split(",")
    rows = [line.split(",") for line in lines[1:]]
    columns = {}
    for i, name in enumerate(header):
        values = [row[i] for row in rows]
        try:
            columns[name] = np.array([float(v) for v in values])
        except ValueError:  # a label column (the case or run of a comparison)
            columns[name] = np.array(values)
    return columns


def split_by_labels(columns: dict[str, np.ndarray], labels: tuple[str, ...] = ()) -> dict[str, np.ndarray]:
    """A comparison's CSV, stacked case after case, as one column per case and quantity; the case is
    the first of `labels` or of the text columns."""
    labels = [*labels, *(name for name, values in columns.items() if values.dtype.kind in "US")]
    if not labels:
        return columns
    key = columns[labels[0]]
    split = {}
    for case in dict.fromkeys(key.tolist()):
        rows = key == case
        split.update({f"{name}[{case}]": values[rows] for name, values in columns.items() if name not in labels})
    return split


def assert_same_numbers(series: list[dict], columns: dict[str, np.ndarray], axis_columns: tuple[str, ...],
                        rtol: float = 1e-5, atol: float = 1e-8, only: tuple[str, ...] = (),
                        labels: tuple[str, ...] = ()) -> None:
    """Every data column of the CSV (or of `only`) is plotted by some series, and every series plots a
    CSV column; rtol = atol = 0 asks for the same numbers bit for bit."""
    data = {name: values for name, values in split_by_labels(columns, labels).items()
            if name.partition("[")[0] not in axis_columns and (not only or name.partition("[")[0] in only)}
    plotted = [np.array(s["y"]) for s in series]

    def same(a: np.ndarray, b: np.ndarray) -> bool:
        return a.shape == b.shape and np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True)

    missing = [name for name, values in data.items() if not any(same(values, p) for p in plotted)]
    assert not missing, f"CSV columns not plotted by the code: {missing}"
    extra = [s["label"] for s, p in zip(series, plotted, strict=True)
             if not any(same(p, values) for values in data.values())]
    assert not extra, f"the code plots series that are not in the CSV: {extra}"
