"""Initialisation panel: time to re-sample, histogram and redraw 1 000 000 weights (1000 × 1000).

Each redraw is a seed step of the panel (sampling through torch.nn.init, the statistics, the shared
bins, the histogram, the theoretical density, the legend) followed by a repaint. Budget: 100 ms.
The baseline measured in the same run is the bare numerics (torch.nn.init.normal_ and torch.histc on
the same 1 000 000 values), so the ratio shows what the scheme and the GUI add on top.

    python benchmarks/init_redraw.py [--repeats 10] [--schemes kaiming_normal,uniform,...]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

BUDGET_MS = 100.0
SIDE = 1000


def median_ms(action, repeats: int) -> float:
    action()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--schemes", default=None, help="comma-separated keys (default: every scheme)")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    import torch

    from actgui.core.inits import INITS
    from actgui.qt.base.theme import LIGHT
    from actgui.qt.panels.init.panel import InitPanel

    weights = torch.empty(SIDE, SIDE)
    baseline = median_ms(lambda: torch.histc(torch.nn.init.normal_(weights), 100, -5.0, 5.0), args.repeats)

    panel = InitPanel(LIGHT)
    panel.resize(1400, 860)
    panel.show()
    panel.fan_in_spin.setValue(SIDE)
    panel.fan_out_spin.setValue(SIDE)
    app.processEvents()

    def redraw() -> None:
        panel.resample()
        app.processEvents()

    keys = args.schemes.split(",") if args.schemes else INITS.keys()
    print(f"torch threads: {torch.get_num_threads()}; {SIDE * SIDE:,} weights; median of {args.repeats}")
    print(f"baseline (normal_ + histc): {baseline:.1f} ms")
    print(f"{'scheme':16s} {'redraw ms':>10s} {'÷ budget':>9s} {'÷ baseline':>11s}")
    for key in keys:
        panel.scheme_combo.setCurrentIndex(panel.scheme_combo.findData(key))
        app.processEvents()
        ms = median_ms(redraw, args.repeats)
        print(f"{key:16s} {ms:10.1f} {ms / BUDGET_MS:9.2f} {ms / baseline:11.1f}")


if __name__ == "__main__":
    main()
