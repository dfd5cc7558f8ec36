"""Functions panel: redraws per second while a shape-parameter slider moves.

5 curves × 2 000 points (f and f′ by autograd, properties table, formulas), each slider step followed by
a full repaint of the plot. Target: ≥ 60 redraws/s. The baseline measured in the same run is the bare
numerics (sampling the 5 curves with autograd), so the ratio shows what the GUI costs on top.

    python benchmarks/slider_redraw.py [--steps 300]
"""

from __future__ import annotations

import argparse
import os
import time

TARGET_HZ = 60.0
CURVES = ["sigmoid", "tanh", "relu", "leaky_relu", "elu"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=300)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from actgui.core.function_plot import compute
    from actgui.qt.base.theme import LIGHT
    from actgui.qt.panels.functions.panel import FunctionsPanel

    panel = FunctionsPanel(LIGHT)
    panel.resize(1400, 860)
    panel.show()
    panel.set_selected(CURVES)
    panel.points_spin.setValue(2000)
    app.processEvents()
    slider = panel.sliders[("leaky_relu", "negative_slope")]
    values = [0.01 + 0.3 * (i % 100) / 100 for i in range(args.steps)]

    spec = panel.current_spec()
    start = time.perf_counter()
    for value in values:
        spec.params["leaky_relu"] = {"negative_slope": value}
        compute(spec)
    numerics_hz = args.steps / (time.perf_counter() - start)

    start = time.perf_counter()
    for value in values:
        slider.setValue(value)
        app.processEvents()  # delivers the update request: exactly one repaint of the plot
    gui_hz = args.steps / (time.perf_counter() - start)
    print(f"curves: {len(CURVES)} × {panel.points_spin.value()} points, {args.steps} slider steps")
    print(f"numerics only (autograd f, f′):   {numerics_hz:8.1f} /s")
    print(f"slider → redraw (GUI, painted)  : {gui_hz:8.1f} /s")
    print(f"GUI / numerics ratio:             {gui_hz / numerics_hz:8.2f}×")
    print(f"GUI / {TARGET_HZ:.0f} Hz target ratio:       {gui_hz / TARGET_HZ:8.2f}×")
    panel.close()


if __name__ == "__main__":
    main()
