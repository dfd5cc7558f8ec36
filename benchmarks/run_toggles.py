"""How long the GUI thread blocks when runs start and stop, against the idle event loop.

The real Training panel (offscreen, 1400 × 860) starts and stops runs `--toggles` times, `--every`
seconds apart, while a 10 ms timer ticks in the GUI thread; the longest gap between ticks is
printed for the idle loop (the baseline, same run) and during the toggles, with the CPU time of
the GUI thread in the panel's slow slots. Target: no slot above 100 ms.

    python benchmarks/run_toggles.py [--toggles 20] [--every 0.3]
"""

from __future__ import annotations

import argparse
import functools
import os
import time

SLOTS = ("start", "stop", "_run_started", "_records_arrived", "_run_finished", "_draw_due_details",
         "_draw_due_histograms", "_clear")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--toggles", type=int, default=20)
    parser.add_argument("--every", type=float, default=0.3)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import numpy as np
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from actgui.qt.base.theme import LIGHT
    from actgui.qt.panels.training.panel import TrainingPanel

    panel = TrainingPanel(LIGHT)
    panel.resize(1400, 860)
    cpu: dict[str, list[float]] = {}
    for name in SLOTS:
        method = getattr(panel, name)

        @functools.wraps(method)
        def timed(*a, _method=method, _name=name, **k):
            started = time.thread_time()
            try:
                return _method(*a, **k)
            finally:
                cpu.setdefault(_name, []).append(time.thread_time() - started)

        setattr(panel, name, timed)
    panel.show()

    def spin(seconds: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(round(seconds * 1000), loop.quit)
        loop.exec()

    while not panel.worker.process_ready:
        spin(0.1)

    def longest_gap(action) -> float:
        ticks: list[float] = []
        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
        timer.start()
        action()
        timer.stop()
        return float(np.diff(ticks).max() * 1000)

    idle = longest_gap(lambda: spin(args.toggles * args.every))

    def toggles() -> None:
        for _ in range(args.toggles):
            panel.toggle_running()
            spin(args.every)
        panel.stop()
        while panel._running():
            spin(0.05)

    busy = longest_gap(toggles)
    print(f"longest GUI-thread gap: idle {idle:.0f} ms, during {args.toggles} start/stop toggles {busy:.0f} ms "
          f"(ratio {busy / idle:.1f})")
    for name, values in sorted(cpu.items(), key=lambda item: -max(item[1])):
        print(f"  {name:22s} calls {len(values):4d}  CPU max {max(values) * 1000:6.1f} ms")
    panel.shutdown()
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
