"""Training throughput with the GUI attached, against the same model in a bare torch loop.

The GUI side is the real Training panel (offscreen QApplication, shown at 1400 × 860): its child
process trains and streams records, the relay thread hands them over (at up to 30 Hz) and the
figures redraw. Steps/s come from the records' own step counts and timestamps. The baseline is the
same network, data, optimiser object and batch size in a plain forward/backward/step loop in this
process, with as many torch threads as the training process uses.

The two alternate in short slices (`--rounds` × `--seconds`): the live run is resumed for a slice,
paused, then the bare loop runs for a slice, so load from other programs on the machine hits both
alike. The totals over all slices are compared. Target: ratio ≥ 0.9.

    python benchmarks/training_throughput.py [--rounds 8] [--seconds 2] [--hidden 64,64] [--batch-size 128]
    python benchmarks/training_throughput.py --network --hidden 8,8,8,8   # the network view shown, heat maps live
"""

from __future__ import annotations

import argparse
import os
import time

TARGET = 0.9


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


class BareLoop:
    """The same model, data and optimiser in a plain torch loop (no metrics, no GUI)."""

    def __init__(self, config) -> None:
        import torch

        from actgui.core.training.trainer import Trainer

        trainer = Trainer(config)
        self.model, self.optimizer, self.head = trainer.model, trainer.optimizer, trainer.head
        self.x = torch.as_tensor(trainer.dataset.x_train)
        self.y = self.head.targets(trainer.dataset.y_train, "cpu")
        self.size = config.batch_size
        self.generator = torch.Generator().manual_seed(0)
        self._shuffle()
        self.run(200)

    def _shuffle(self) -> None:
        import torch

        order = torch.randperm(len(self.x), generator=self.generator)
        self.xs, self.ys, self.cursor = self.x[order], self.y[order], 0

    def run(self, steps: int) -> None:
        model, optimizer, head, size = self.model, self.optimizer, self.head, self.size
        for _ in range(steps):
            if self.cursor + size > len(self.x):
                self._shuffle()
            start = self.cursor
            self.cursor += size
            loss = head.loss(model(self.xs[start:start + size]), self.ys[start:start + size])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()

    def slice(self, seconds: float) -> tuple[int, float]:
        """(steps, seconds) of running for about `seconds`."""
        steps, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            self.run(50)
            steps += 50
        return steps, time.perf_counter() - start


class LiveRun:
    """The panel's live run, resumed for one slice at a time; counts repaints and batches."""

    def __init__(self, panel, config) -> None:
        from PySide6.QtCore import QEvent, QObject

        self.panel = panel
        self.paints = 0
        self.batches = 0

        class PaintCounter(QObject):
            def eventFilter(inner, watched, event) -> bool:  # noqa: N802, N805 (Qt's names)
                if event.type() == QEvent.Paint:
                    self.paints += 1
                return False

        self._counter = PaintCounter()
        watched = panel.network_figure if panel.views.currentWidget() is panel.network_page else panel.loss_figure
        watched.widget.viewport().installEventFilter(self._counter)
        panel.worker._relay.messages.connect(self._batch)
        panel.settings.set_config(config)
        panel.start()
        run_events(60, lambda: panel.current is not None and panel.current.latest is not None)
        if panel.current is None:
            raise SystemExit(f"the training process did not start: {panel.status_label.text()}")
        self._pause()

    def _batch(self, *_: object) -> None:
        self.batches += 1

    def _pause(self) -> None:
        self.panel.toggle_pause()
        run_events(10, lambda: self.panel._paused)

    def slice(self, seconds: float, settle: float = 0.3) -> tuple[int, float, float, float, float]:
        """(steps, seconds, repaints/s, batches/s, GUI process CPU share) of one running slice."""
        panel = self.panel
        panel.toggle_pause()
        run_events(10, lambda: not panel._paused)
        run_events(settle)
        first, paints, batches = panel.current.latest, self.paints, self.batches
        cpu, wall = time.process_time(), time.monotonic()
        run_events(seconds)
        last = panel.current.latest
        wall = time.monotonic() - wall
        result = (last.step - first.step, last.elapsed - first.elapsed, (self.paints - paints) / wall,
                  (self.batches - batches) / wall, (time.process_time() - cpu) / wall)
        self._pause()
        return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=2.0, help="length of one slice")
    parser.add_argument("--hidden", default="64,64")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--network", action="store_true",
                        help="show the Network tab (node heat maps drawn live) instead of the curves")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    QApplication([])
    import torch

    from actgui.core.training.config import TrainingConfig, parse_hidden
    from actgui.core.training.process import default_threads
    from actgui.qt.base.theme import LIGHT
    from actgui.qt.panels.training.panel import TrainingPanel

    config = TrainingConfig.from_dict({**TrainingConfig().to_dict(), "dataset": "spiral", "samples": 1000,
                                       "hidden": list(parse_hidden(args.hidden)), "batch_size": args.batch_size,
                                       "optimizer": "adam", "steps": 10_000_000, "device": "cpu"})
    threads = default_threads()
    torch.set_num_threads(threads)
    panel = TrainingPanel(LIGHT)
    panel.resize(1400, 860)
    if args.network:
        panel.views.setCurrentWidget(panel.network_page)
    panel.show()
    run_events(60, lambda: panel.worker.process_ready)
    print(f"model: spiral, hidden {args.hidden}, batch {args.batch_size}, Adam, a record every "
          f"{config.record_every} steps (the panel's default); torch threads {threads} in the bare loop and the "
          f"training process; {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}")
    bare = BareLoop(config)
    live = LiveRun(panel, config)
    totals = {"bare": [0, 0.0], "gui": [0, 0.0]}
    paints, batches, cpus = [], [], []
    watched = "network" if args.network else "loss"
    for round_ in range(args.rounds):
        steps, seconds, paint_rate, batch_rate, cpu = live.slice(args.seconds)
        totals["gui"][0] += steps
        totals["gui"][1] += seconds
        paints.append(paint_rate)
        batches.append(batch_rate)
        cpus.append(cpu)
        bare_steps, bare_seconds = bare.slice(args.seconds)
        totals["bare"][0] += bare_steps
        totals["bare"][1] += bare_seconds
        print(f"slice {round_ + 1}: bare loop {bare_steps / bare_seconds:5.0f} steps/s | with GUI "
              f"{steps / seconds:5.0f} steps/s; {watched} figure repainted {paint_rate:4.1f}/s, {batch_rate:4.1f} "
              f"batches/s, GUI process CPU {cpu:.0%} of a core")
    panel.shutdown()
    bare_rate = totals["bare"][0] / totals["bare"][1]
    gui_rate = totals["gui"][0] / totals["gui"][1]
    ratio = gui_rate / bare_rate
    print(f"overall: bare loop {bare_rate:.0f} steps/s, with GUI streaming {gui_rate:.0f} steps/s; GUI redrew "
          f"{sum(paints) / len(paints):.1f} times/s on average at {sum(cpus) / len(cpus):.0%} of a core")
    print(f"ratio GUI / bare loop: {ratio:.2f} ({'meets' if ratio >= TARGET else 'misses'} the target ≥ {TARGET})")


if __name__ == "__main__":
    main()
