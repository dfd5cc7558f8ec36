"""GUI responsiveness during live training, and memory over a simulated 1 000 000-step run.

Latency: a 16 ms QTimer (Qt::PreciseTimer) runs in the GUI thread while the real Training panel
(offscreen, 1400 × 860) trains and redraws; its lateness (time between ticks minus 16 ms) is
measured, first with the panel idle (the baseline, same run), then during training. Target: p99
below 30 ms.

Memory: a 1 000 000-step run is simulated by feeding records through the worker's signals into the
panel (a record every `--record-every` steps, in batches as the relay delivers them, with
histograms and a decision-boundary grid every tenth batch, every figure redrawn per batch). The
resident set size is printed as the run goes: it stays flat because histories thin themselves
out to at most 4096 rows and only the latest histograms and grid are kept.

    python benchmarks/gui_latency.py [--seconds 10] [--steps 1000000] [--record-every 20]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import time

import numpy as np

TICK_MS = 16
TARGET_P99_MS = 30.0


def rss_mib() -> float:
    """This process's resident set size in MiB (Linux /proc; elsewhere the peak from getrusage)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def lateness(seconds: float) -> np.ndarray:
    """Lateness in ms of every tick of a 16 ms precise timer over `seconds` of the event loop."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    ticks: list[float] = []
    timer = QTimer()
    timer.setTimerType(Qt.PreciseTimer)
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    timer.start()
    loop.exec()
    timer.stop()
    return np.maximum(np.diff(ticks) * 1000 - TICK_MS, 0.0)


def describe(name: str, late: np.ndarray) -> float:
    p50, p99 = np.percentile(late, [50, 99])
    print(f"{name}: {len(late) + 1} ticks, lateness p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {late.max():.1f} ms")
    return float(p99)


def wait(seconds: float, until) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    check = QTimer()
    check.timeout.connect(lambda: until() and loop.quit())
    check.start(10)
    loop.exec()
    check.stop()


def simulate_long_run(app, panel, steps: int, record_every: int) -> None:
    """Feeds `steps` worth of records through the worker's signals into the panel."""
    from actgui.core.training.config import TrainingConfig
    from actgui.core.training.experiment import single_run
    from actgui.core.training.trainer import Trainer

    trainer = Trainer(TrainingConfig(hidden=(64, 64), record_every=record_every))
    records = trainer.records()
    template = next(records)  # a real record with histograms and a grid
    records.close()
    run_id = 10_000
    panel.session.run_id = run_id
    panel.session.plan = [single_run(trainer.config)]
    panel.worker.runStarted.emit(run_id, trainer.info, 0)
    app.processEvents()
    rng = np.random.default_rng(0)
    per_batch = 26  # about what the relay delivers per frame at 800 steps/s and 30 Hz
    total = steps // record_every
    marks = {round(total * f) for f in (0.01, 0.1, 0.25, 0.5, 0.75, 1.0)}
    sent, batch_index, started = 0, 0, time.perf_counter()
    rss = {}
    while sent < total:
        batch = []
        for _ in range(min(per_batch, total - sent)):
            sent += 1
            step = sent * record_every
            batch.append(dataclasses.replace(
                template, step=step, elapsed=step / 800, train_loss=float(np.exp(-step / 2e5) + 0.05 * rng.random()),
                val_loss=float(np.exp(-step / 2e5) + 0.02), val_accuracy=float(min(1.0, 0.5 + step / 2e6)),
                grad_norm=(template.grad_norm * rng.random(3)).astype(np.float32),
                histograms=template.histograms.copy() if batch_index % 10 == 0 and not batch else None,
                grid=template.grid.copy() if batch_index % 10 == 0 and not batch else None))
        panel.worker.recordsArrived.emit(run_id, batch, 0)
        app.processEvents()
        batch_index += 1
        for mark in sorted(m for m in marks if m <= sent):
            marks.discard(mark)
            rss[mark] = rss_mib()
            print(f"  {mark * record_every:>9,} steps ({mark:>6,} records): RSS {rss[mark]:7.1f} MiB, "
                  f"history rows {len(panel.current):>5}")
    elapsed = time.perf_counter() - started
    first, last = min(rss), max(rss)
    tenth = min(k for k in rss if k >= total * 0.1)
    print(f"simulated {steps:,} steps ({total:,} records, {batch_index:,} redraws) in {elapsed:.1f} s; "
          f"RSS growth from 10 % to 100 % of the run: {rss[last] - rss[tenth]:+.1f} MiB "
          f"(from the first 1 %: {rss[last] - rss[first]:+.1f} MiB)")
    panel.session.run_id = None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--steps", type=int, default=1_000_000)
    parser.add_argument("--record-every", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from actgui.core.training.config import TrainingConfig
    from actgui.qt.base.theme import LIGHT
    from actgui.qt.panels.training.panel import TrainingPanel

    panel = TrainingPanel(LIGHT)
    panel.resize(1400, 860)
    panel.show()
    wait(60, lambda: panel.worker.process_ready)
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    describe("idle panel (baseline)", lateness(args.seconds / 2))
    panel.settings.set_config(TrainingConfig(hidden=(64, 64), steps=10_000_000))
    panel.start()
    wait(60, lambda: panel.current is not None and panel.current.latest is not None)
    wait(1.0, lambda: False)
    p99 = describe("during training, plots redrawing", lateness(args.seconds))
    rate = panel.session.rate()
    print(f"  (the plots redrew every {panel.pacer.interval * 1000:.0f} ms or more; training at "
          f"{rate or 0:.0f} steps/s)")
    verdict = "meets" if p99 < TARGET_P99_MS else "misses"
    print(f"16 ms timer lateness p99 during training: {p99:.1f} ms ({verdict} the target < {TARGET_P99_MS:g} ms)")
    panel.stop()
    wait(30, lambda: panel.run_id is None)
    panel.settings.set_config(TrainingConfig(hidden=(64, 64), steps=10_000_000))
    panel.settings.compare_values = "sigmoid, relu, elu, leaky_relu, selu, gelu"
    panel.settings.seeds = 3
    panel.compare()
    wait(60, lambda: len(panel.runs) == 18 and all(run.latest is not None for run in panel.runs))
    wait(1.0, lambda: False)
    p99 = describe("during a lockstep comparison (6 values x 3 seeds), bands redrawing", lateness(args.seconds))
    verdict = "meets" if p99 < TARGET_P99_MS else "misses"
    print(f"16 ms timer lateness p99 during the comparison: {p99:.1f} ms ({verdict} the target < {TARGET_P99_MS:g} ms)")
    panel.stop()
    wait(30, lambda: panel.run_id is None)

    print(f"memory over a simulated {args.steps:,}-step run (a record every {args.record_every} steps):")
    simulate_long_run(app, panel, args.steps, args.record_every)
    panel.shutdown()


if __name__ == "__main__":
    main()
