"""`actgui` paints its window before torch is imported, then the visible panel's controls, then
its plots: from the start-up helper's numbers before torch is imported in the window's process, or
without the helper, after."""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from actgui.core.prefetch import usable_cpus
from actgui.qt.shell.main_window import PANELS

ROOT = Path(__file__).resolve().parents[2]


def probe_marks(tmp_path, tab: int | None = None, **environment: str) -> dict[str, tuple[float, str]]:
    """The probe's marks of `python -m actgui` started on tab `tab` (else the first), with `environment`."""
    if tab is not None:
        (tmp_path / "ActGUI").mkdir()
        (tmp_path / "ActGUI" / "ActGUI.conf").write_text(f"[window]\ntab={tab}\n")
    env = dict(os.environ, ACTGUI_STARTUP_PROBE="1", XDG_CONFIG_HOME=str(tmp_path), **environment)
    process = subprocess.Popen([sys.executable, "-m", "actgui"], cwd=ROOT, env=env, stderr=subprocess.PIPE,
                               stdout=subprocess.DEVNULL, text=True)
    marks = {}
    watchdog = threading.Timer(120, process.kill)  # a mark that never comes fails the test, never hangs it
    watchdog.daemon = True
    watchdog.start()
    try:
        for line in process.stderr:
            if line.startswith("actgui-probe "):
                _, what, when, torch = line.split()
                marks[what] = (float(when), torch)
                if {"visible-tab-complete", "torch-ready"} <= marks.keys():
                    break
    finally:
        watchdog.cancel()
        watchdog.join()
        process.terminate()
        process.wait(30)
    return marks


@pytest.mark.parametrize("helper", ["1", "0"])
def test_the_first_frame_comes_before_torch_and_the_plots_after(tmp_path, helper):
    marks = probe_marks(tmp_path, ACTGUI_PREFETCH=helper)
    assert marks["first-frame"][1] == "no-torch" and marks["visible-controls"][1] == "no-torch"
    helped = helper == "1" and usable_cpus() >= 2 and os.name == "posix"
    assert marks["visible-tab-complete"][1] == ("no-torch" if helped else "torch")
    assert marks["first-frame"][0] < marks["visible-controls"][0] < marks["visible-tab-complete"][0]
    assert marks["torch-ready"][1] == "torch"


def test_the_window_is_built_without_plotting_or_tensor_code():
    code = ("import sys\n"
            "from PySide6.QtWidgets import QApplication\n"
            "app = QApplication([])\n"
            "from actgui.qt.shell.main_window import MainWindow\n"
            "window = MainWindow()\n"
            "print(sorted(name for name in ('pyqtgraph', 'numpy', 'torch') if name in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[0] == "[]"


@pytest.mark.parametrize("tab", range(len(PANELS)), ids=[entry.key for entry in PANELS])
def test_every_panel_shows_its_controls_before_torch(tmp_path, tab):
    marks = probe_marks(tmp_path, tab)
    assert marks["visible-controls"][1] == "no-torch", PANELS[tab].key
    assert marks["visible-controls"][0] <= marks["visible-tab-complete"][0]


def test_the_softmax_panel_draws_with_its_controls(tmp_path):
    marks = probe_marks(tmp_path, [entry.key for entry in PANELS].index("softmax"))
    assert marks["visible-tab-complete"][1] == "no-torch"  # numpy only: on the same paint as the controls
    assert marks["visible-tab-complete"][0] - marks["visible-controls"][0] < 0.2
