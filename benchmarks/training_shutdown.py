"""How long closing the Training panel takes mid-run, against closing it with an idle training process.

Both panels are real (offscreen QApplication): each starts its child process and waits until it has
imported torch; the baseline closes a panel whose process waits for a Start, the measured one closes
a panel whose run streams records at full speed. Closing ends the process (quit, then terminate, then
kill) and the relay thread. The rounds alternate, so load from other programs hits both alike.
Target: a mid-run close within 1 s.

    python benchmarks/training_shutdown.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

TARGET_S = 1.0


def run_events(seconds: float, until=None) -> None:
    """Runs the Qt event loop for `seconds`, or until `until()` holds (checked every 10 ms)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    check = QTimer()
    if until is not None:
        check.timeout.connect(lambda: until() and loop.quit())
        check.start(10)
    loop.exec()
    check.stop()


def ready_panel(config):
    from actgui.qt.base.theme import LIGHT
    from actgui.qt.panels.training.panel import TrainingPanel

    panel = TrainingPanel(LIGHT)
    panel.resize(1400, 860)
    panel.settings.set_config(config)
    panel.show()
    run_events(60, lambda: panel.worker.process_ready)
    if not panel.worker.process_ready:
        raise SystemExit(f"the training process did not start: {panel.status_label.text()}")
    return panel


def timed_close(panel) -> float:
    started = time.perf_counter()
    panel.close()
    seconds = time.perf_counter() - started
    if panel.worker.is_alive():
        raise SystemExit("the training process outlived the close")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    QApplication([])
    from actgui.core.training.config import TrainingConfig

    config = TrainingConfig(samples=1000, hidden=(64, 64), steps=10_000_000, device="cpu")
    idle, busy = [], []
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    for round_ in range(args.rounds):
        idle.append(timed_close(ready_panel(config)))
        panel = ready_panel(config)
        panel.start()
        run_events(60, lambda p=panel: p.current is not None and len(p.current) >= 20)
        if panel.current is None:
            raise SystemExit(f"the run did not start: {panel.status_label.text()}")
        steps = panel.current.latest.step
        busy.append(timed_close(panel))
        print(f"round {round_ + 1}: idle close {idle[-1] * 1000:6.1f} ms | mid-run close (at step {steps}) "
              f"{busy[-1] * 1000:6.1f} ms")
    baseline, measured = statistics.median(idle), statistics.median(busy)
    ratio = measured / baseline
    verdict = "meets" if max(busy) < TARGET_S else "misses"
    print(f"median: idle close {baseline * 1000:.1f} ms, mid-run close {measured * 1000:.1f} ms")
    print(f"ratio mid-run / idle close: {ratio:.2f}; slowest mid-run close {max(busy) * 1000:.0f} ms "
          f"({verdict} the target < {TARGET_S:g} s)")


if __name__ == "__main__":
    main()
