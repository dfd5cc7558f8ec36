"""Runs an exported script the way a student would, with torch, numpy and matplotlib only, and returns
every line and bar series it plotted, to compare with the app's CSV export."""

from __future__ import annotations

import atexit
import json
import selectors
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

#: A runner that imports what every script imports (numpy, torch, matplotlib drawing off screen) once,
#: then for each script path read from stdin forks a child, a fresh copy of that interpreter, which runs
#: the script in the script's folder (its HOME too) and writes the data of every Line2D and bar
#: container of every figure as JSON beside it; the runner answers each path with the child's exit code.
#: Nothing runs in the runner between the imports and the forks, so each script starts from the same
#: state a new interpreter would reach by importing those modules: without paying ~2 s to import them.
_RUNNER = r"""
import json, os, runpy, sys, traceback
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy, torch

def plotted():
    series = []
    for number in plt.get_fignums():
        for ax in plt.figure(number).axes:
            for line in ax.get_lines():
                series.append({"kind": "line", "label": line.get_label(),
                               "x": [float(v) for v in line.get_xdata()],
                               "y": [float(v) for v in line.get_ydata()]})
            for container in ax.containers:
                patches = getattr(container, "patches", container)
                series.append({"kind": "bars", "label": str(container.get_label()),
                               "x": [float(p.get_x() + p.get_width() / 2) for p in patches],
                               "width": [float(p.get_width()) for p in patches],
                               "y": [float(p.get_height()) for p in patches]})
    return series

def run(path, out, err, timeout):
    child = os.fork()
    if child == 0:
        status = 1
        try:
            fd = os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(fd, 2)
            os.dup2(fd, 1)
            os.chdir(os.path.dirname(path))
            os.environ["HOME"] = os.path.dirname(path)
            sys.argv = [path]
            plt.show = lambda *a, **k: None
            runpy.run_path(path, run_name="__main__")
            with open(out, "w") as file:
                json.dump(plotted(), file)
            status = 0
        except SystemExit as exit_:
            status = exit_.code if isinstance(exit_.code, int) else 1
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)
    import signal, time
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(child, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
            return "timed out"
        time.sleep(0.01)

for line in sys.stdin:
    request = json.loads(line)
    print(json.dumps(run(**request)), flush=True)
"""

_runner: subprocess.Popen | None = None


def _started_runner() -> subprocess.Popen:
    """The runner of this test process, started on first use and ended with the process."""
    global _runner
    if _runner is None or _runner.poll() is not None:
        home = tempfile.TemporaryDirectory(prefix="actgui-script-runner-")
        _runner = subprocess.Popen([sys.executable, "-c", _RUNNER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   text=True, env={"PATH": "/usr/bin:/bin", "MPLBACKEND": "Agg", "HOME": home.name,
                                                   "MPLCONFIGDIR": home.name})
        atexit.register(home.cleanup)
        atexit.register(_runner.kill)
    return _runner


def run_script(path: Path, timeout: float = 300) -> list[dict]:
    """The series the script at `path` plots, in plotting order; fails with its output if it fails."""
    path = Path(path).resolve()
    out, err = path.with_suffix(".plotted.json"), path.with_suffix(".output.txt")
    runner = _started_runner()
    runner.stdin.write(json.dumps({"path": str(path), "out": str(out), "err": str(err), "timeout": timeout}) + "\n")
    runner.stdin.flush()
    with selectors.DefaultSelector() as selector:
        selector.register(runner.stdout, selectors.EVENT_READ)
        if not selector.select(timeout + 30):
            runner.kill()
            raise AssertionError(f"the script runner did not answer for {path.name}")
    status = json.loads(runner.stdout.readline() or '"the script runner ended"')
    output = err.read_text(errors="replace") if err.exists() else ""
    assert status == 0, f"{path.name} exited with {status}:\n{output[-3000:]}"
    return json.loads(out.read_text())


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
