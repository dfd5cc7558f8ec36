"""A lockstep comparison (6 activations × 3 seeds) against the same 18 runs back to back in a bare loop.

Three ways of training the same 18 networks (spiral, hidden 64,64, Adam, batch 128) for `--steps`
steps each, with the training process's torch thread count:

- bare: each run alone in a plain forward/backward/step loop, one after another (no metrics);
- lockstep: the core's `Lockstep` driver as the training process runs it (records every 20 steps
  with every metric, histograms and grids every 0.3 s, divergence watch on);
- panel: the Training panel's "Run comparison" (child process, relay, bands, results table),
  timed from the first record to the last run's end.

Summed steps/s are compared. Target: lockstep and panel ≥ 0.9 × bare.

    python benchmarks/lockstep.py [--steps 400] [--hidden 64,64] [--no-panel]
"""

from __future__ import annotations

import argparse
import os
import time

TARGET = 0.9
VALUES = ("sigmoid", "relu", "elu", "leaky_relu", "selu", "gelu")
SEEDS = 3


def bare_rate(configs) -> float:
    """Summed steps/s of the runs one after another in a plain loop."""
    import torch

    from actgui.core.training.trainer import Trainer

    steps, seconds = 0, 0.0
    for config in configs:
        trainer = Trainer(config)
        model, optimizer, head = trainer.model, trainer.optimizer, trainer.head
        x = torch.as_tensor(trainer.dataset.x_train)
        y = head.targets(trainer.dataset.y_train, "cpu")
        generator = torch.Generator().manual_seed(config.seed + 1)
        order = torch.randperm(len(x), generator=generator)
        xs, ys, cursor, size = x[order], y[order], 0, config.batch_size
        start = time.perf_counter()
        for _ in range(config.steps):
            if cursor + size > len(x):
                order = torch.randperm(len(x), generator=generator)
                xs, ys, cursor = x[order], y[order], 0
            loss = head.loss(model(xs[cursor:cursor + size]), ys[cursor:cursor + size])
            cursor += size
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
        seconds += time.perf_counter() - start
        steps += config.steps
    return steps / seconds


def lockstep_rate(configs) -> float:
    """Summed steps/s of the runs in the core's lockstep driver, as the training process runs it."""
    from actgui.core.training.lockstep import Lockstep
    from actgui.core.training.process import DETAIL_SECONDS
    from actgui.core.training.trainer import Trainer

    trainers = [Trainer(config) for config in configs]
    start = time.perf_counter()
    lockstep = Lockstep(trainers, detail_seconds=DETAIL_SECONDS, watch=True)
    lockstep.start()
    while not lockstep.done:
        lockstep.advance()
    seconds = time.perf_counter() - start
    return sum(trainer.step for trainer in trainers) / seconds


def panel_rate(base, steps: int) -> tuple[float, int]:
    """Summed steps/s of the panel's comparison (first record to the end) and its result rows."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from actgui.qt.base.theme import LIGHT
    from actgui.qt.panels.training.panel import TrainingPanel

    QApplication.instance() or QApplication([])

    def run_events(seconds: float, until) -> None:
        loop = QEventLoop()
        QTimer.singleShot(round(seconds * 1000), loop.quit)
        check = QTimer()
        check.timeout.connect(lambda: until() and loop.quit())
        check.start(5)
        loop.exec()
        check.stop()

    panel = TrainingPanel(LIGHT)
    panel.resize(1400, 860)
    panel.show()
    run_events(60, lambda: panel.worker.process_ready)
    panel.settings.set_config(base)
    panel.settings.compare_by = "activation"
    panel.settings.compare_values = ", ".join(VALUES)
    panel.settings.seeds = SEEDS
    panel.compare()
    run_events(60, lambda: len(panel.runs) == len(VALUES) * SEEDS and all(r.latest is not None for r in panel.runs))
    start = time.perf_counter()
    first = sum(run.latest.step for run in panel.runs)
    run_events(600, lambda: panel.run_id is None)
    seconds = time.perf_counter() - start
    done = sum(run.latest.step for run in panel.runs)
    rows = panel.results_view.row_count()
    panel.shutdown()
    return (done - first) / seconds, rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=400, help="steps per run")
    parser.add_argument("--hidden", default="64,64")
    parser.add_argument("--no-panel", action="store_true", help="skip the GUI measurement")
    args = parser.parse_args()
    import torch

    from actgui.core.training.config import TrainingConfig, parse_hidden
    from actgui.core.training.experiment import compare_plan
    from actgui.core.training.process import default_threads

    threads = default_threads()
    torch.set_num_threads(threads)
    base = TrainingConfig(dataset="spiral", hidden=parse_hidden(args.hidden), optimizer="adam", batch_size=128,
                          steps=args.steps, device="cpu")
    configs = [run.config for run in compare_plan(base, "activation", VALUES, seeds=SEEDS)]
    print(f"{len(configs)} runs ({len(VALUES)} activations x {SEEDS} seeds) of {args.steps} steps, hidden "
          f"{args.hidden}, {threads} torch thread(s); {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    bare_rate(configs[:2])  # warm-up
    bare = bare_rate(configs)
    print(f"bare loop, back to back: {bare:7.0f} steps/s (summed)")
    lockstep = lockstep_rate(configs)
    ratio = lockstep / bare
    print(f"core lockstep driver:    {lockstep:7.0f} steps/s; ratio {ratio:.2f} "
          f"({'meets' if ratio >= TARGET else 'misses'} the target >= {TARGET})")
    if not args.no_panel:
        gui, rows = panel_rate(base, args.steps)
        ratio = gui / bare
        print(f"panel comparison:        {gui:7.0f} steps/s ({rows} result rows); ratio {ratio:.2f} "
              f"({'meets' if ratio >= TARGET else 'misses'} the target >= {TARGET})")


if __name__ == "__main__":
    main()
