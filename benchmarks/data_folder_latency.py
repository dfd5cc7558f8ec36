"""GUI freezes while File → Open data set… reads a large IDX folder: the lateness of a 16 ms timer
on the GUI thread while the Training panel reads a folder on the GUI thread (`open_data`, the
baseline, same run) and off it with progress and Cancel (`read_data`). Target: max < 100 ms.

    python benchmarks/data_folder_latency.py [--images 300000]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import numpy as np
from gui_latency import describe, wait  # the same timer and report as benchmarks/gui_latency.py

TICK_MS = 16


def during(action) -> np.ndarray:
    """Lateness in ms of every tick of a 16 ms precise timer while `action()` runs on the GUI thread
    and until what it started has finished (action returns a callable saying so)."""
    from PySide6.QtCore import QCoreApplication, Qt, QTimer

    ticks: list[float] = []
    timer = QTimer()
    timer.setTimerType(Qt.PreciseTimer)
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    wait(0.2, lambda: False)
    finished = action()
    wait(120, finished)
    wait(0.2, lambda: False)
    timer.stop()
    QCoreApplication.processEvents()
    return np.maximum(np.diff(ticks) * 1000 - TICK_MS, 0.0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--images", type=int, default=300_000)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication([])  # noqa: F841 (kept alive)
    from actgui.core.idx import write_idx
    from actgui.qt.base.theme import LIGHT
    from actgui.qt.panels.training.panel import TrainingPanel

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        images = np.zeros((args.images, 28, 28), np.uint8)
        images[:, 14, 14] = np.arange(args.images) % 251
        write_idx(folder / "train-images-idx3-ubyte.gz", images)
        write_idx(folder / "train-labels-idx1-ubyte.gz", (np.arange(args.images) % 10).astype(np.uint8))
        print(f"{args.images} images ({images.nbytes / 2**20:.0f} MiB as read), "
              f"load average {os.getloadavg()[0]:.2f}")
        panel = TrainingPanel(LIGHT)
        panel.resize(1400, 860)
        panel.show()
        wait(60, lambda: panel.worker.process_ready)

        def on_gui_thread():
            panel.open_data(folder)
            return lambda: True

        def in_thread():
            done = [False]
            panel.read_data(folder).finished.connect(lambda: done.__setitem__(0, True))
            return lambda: done[0]

        baseline = describe("read on the GUI thread (baseline)", during(on_gui_thread))
        panel.settings.dataset = "spiral"
        threaded = describe("read off the GUI thread, with progress", during(in_thread))
        late = during(in_thread)
        print(f"max lateness: {late.max():.1f} ms off the GUI thread vs the baseline's p99 {baseline:.1f} ms "
              f"(ratio {late.max() / max(baseline, 1e-9):.3f}); target max < 100 ms: "
              f"{'met' if late.max() < 100 else 'missed'}; p99 {threaded:.1f} ms")
        panel.shutdown()


if __name__ == "__main__":
    main()
