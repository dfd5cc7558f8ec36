"""Start-up latency: the window's first frame, the visible tab complete, the first training point
after Start, and the CLI, each as a ratio to bare imports measured in the same run.

Every figure is the median of `--repeat` runs; the baselines are measured interleaved with them.

- first frame, visible controls and visible tab complete: `python -m actgui` (offscreen, fresh
  settings) started with ACTGUI_STARTUP_PROBE=1 writes the wall-clock time of its first paint (tabs
  and menus), of the first paint with the visible panel built (its controls), and of the first paint
  with the visible tab's plots drawn, and when its own import of torch is done (actgui/qt/shell/app.py).
  Each run once with the start-up helper (actgui/core/prefetch.py: the plots come from its numbers,
  torch is imported in the window after them) and once without it (ACTGUI_PREFETCH=0, as on a machine
  with one CPU). Baselines: `import torch, PySide6, pyqtgraph` + one QLabel shown (target: visible tab
  within 1.1× of it), and PySide6 alone + one QLabel shown. Target for the first frame: under 0.7 s.
- first training point: a Training panel (offscreen) is shown, its process reports Ready (and, as in
  the app, torch is imported in the GUI process after the first frame) and gets another second; then
  Start is clicked, and the time until the step-0 record is drawn is taken.
  Target: under 0.5 s.
- CLI: `actgui list activations`, `actgui --help` and a bad argument, against `python -c "import
  torch"`. Target: under 0.5 s, without importing torch.
- what dominates: the largest imports before the first frame and in `actgui list` (-X importtime),
  and the costliest calls while the window is built (cProfile).

- with --every-tab, instead: the controls and the tab complete with the window opening on each tab
  in turn (it opens on the tab it was quit on).

    python benchmarks/startup.py [--repeat 5] [--every-tab]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIRST_FRAME_TARGET_S = 0.7
VISIBLE_TAB_TARGET_RATIO = 1.1
TRAINING_POINT_TARGET_S = 0.5
CLI_TARGET_S = 0.5

BARE_GUI = ("import time, torch, pyqtgraph\n"
            "from PySide6.QtWidgets import QApplication, QLabel\n"
            "app = QApplication([]); label = QLabel('ActGUI'); label.show(); app.processEvents()\n"
            "print(time.time(), flush=True)\n")
BARE_QT = ("import time\n"
           "from PySide6.QtWidgets import QApplication, QLabel\n"
           "app = QApplication([]); label = QLabel('ActGUI'); label.show(); app.processEvents()\n"
           "print(time.time(), flush=True)\n")
#: The probe's marks, and the names of their figures here, with and without the start-up helper.
APP_MARKS = {"first-frame": "first", "visible-controls": "controls", "visible-tab-complete": "visible",
             "torch-ready": "torch"}
NO_HELPER_MARKS = {"first-frame": "first_alone", "visible-controls": "controls_alone",
                   "visible-tab-complete": "visible_alone", "torch-ready": "torch_alone"}
CLI_COMMANDS = {"list activations": ["list", "activations"], "--help": ["--help"],
                "bad argument": ["list", "no_such_registry"]}


def environment(config: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=config)
    env.pop("ACTGUI_STARTUP_PROBE", None)
    return env


def bare(code: str, env: dict[str, str]) -> float:
    """Seconds from launch until the script prints its wall-clock time."""
    start = time.time()
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    return float(out.split()[-1]) - start


def app_start(env: dict[str, str], importtime: bool = False, helper: bool = True) -> tuple[dict[str, float], list[str]]:
    """The probe's marks (first-frame, visible-controls, visible-tab-complete, torch-ready) in seconds
    from launch, with or without the start-up helper, and stderr up to the first frame."""
    args = [sys.executable, *(["-X", "importtime"] if importtime else []), "-m", "actgui"]
    start = time.time()
    process = subprocess.Popen(args, env=dict(env, ACTGUI_STARTUP_PROBE="1", ACTGUI_PREFETCH="1" if helper else "0"),
                               stderr=subprocess.PIPE, text=True, stdout=subprocess.DEVNULL)
    marks: dict[str, float] = {}
    before_frame: list[str] = []
    try:
        for line in process.stderr:
            if line.startswith("actgui-probe "):
                _, what, when, _torch = line.split()
                marks[what] = float(when) - start
                if {"visible-tab-complete", "torch-ready"} <= marks.keys():
                    break
            elif "first-frame" not in marks:
                before_frame.append(line)
    finally:
        process.terminate()
        process.wait(10)
    return marks, before_frame


def cli(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "actgui", *args], env=env, capture_output=True, check=False)
    return time.perf_counter() - start


def top_imports(lines: list[str], count: int = 8) -> list[str]:
    """The `count` largest cumulative import times among -X importtime lines (module, ms)."""
    rows = []
    for line in lines:
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = line.split("|")
            try:
                rows.append((int(cumulative), name.rstrip()))
            except ValueError:
                continue
    rows.sort(reverse=True)
    return [f"{ms / 1000:7.0f} ms {name}" for ms, name in rows[:count]]


def first_training_point(repeat: int) -> list[float]:
    """Seconds from clicking Start to the step-0 record drawn, on a panel whose process is ready."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from actgui.qt.base import warmup
    from actgui.qt.base.theme import LIGHT
    from actgui.qt.panels.training.panel import TrainingPanel

    app = QApplication.instance() or QApplication([])
    warmup.start()  # as the app does: torch comes into the GUI process after the first frame

    def wait(seconds: float, until=lambda: False) -> None:
        loop = QEventLoop()
        QTimer.singleShot(round(seconds * 1000), loop.quit)
        check = QTimer()
        check.timeout.connect(lambda: until() and loop.quit())
        check.start(5)
        loop.exec()
        check.stop()

    def once() -> float:
        panel = TrainingPanel(LIGHT)
        panel.resize(1400, 860)
        panel.show()
        wait(120, lambda: panel._process_threads is not None and warmup.torch_ready())
        wait(1.0)
        drawn: list[float] = []
        panel.worker.recordsArrived.connect(lambda *_: drawn or drawn.append(time.perf_counter()))
        clicked = time.perf_counter()
        panel.start_button.click()
        wait(30, lambda: bool(drawn))
        panel.shutdown()
        panel.deleteLater()
        app.processEvents()
        return drawn[0] - clicked

    return [once() for _ in range(repeat)]


def window_profile(count: int = 8) -> list[str]:
    """The costliest calls (cumulative) while MainWindow is built."""
    from PySide6.QtWidgets import QApplication

    from actgui.qt.shell.main_window import MainWindow

    QApplication.instance() or QApplication([])
    profile = cProfile.Profile()
    profile.enable()
    window = MainWindow()
    profile.disable()
    window.deleteLater()
    stats = pstats.Stats(profile)
    rows = sorted(stats.stats.items(), key=lambda item: item[1][3], reverse=True)
    lines = []
    for (file, line, name), (_, _, _, cumulative, _) in rows:
        if "startup.py" in file or name.startswith("<"):
            continue
        lines.append(f"{cumulative * 1000:7.0f} ms {Path(file).name}:{line}({name})")
        if len(lines) == count:
            break
    return lines


def ratio_line(name: str, values: list[float], baseline: float, target: str) -> None:
    value = statistics.median(values)
    print(f"{name:<28} {value:6.2f} s  {value / baseline:5.2f}× baseline   ({target})")


def every_tab(repeat: int) -> None:
    """Each tab as the one the window opens on (as after quitting on it): its controls and its tab
    complete, as ratios to the bare baseline measured in the same run."""
    from actgui.qt.shell.main_window import PANELS

    baseline: list[float] = []
    marks: dict[str, dict[str, list[float]]] = {entry.key: {"controls": [], "complete": []} for entry in PANELS}
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as config:
            baseline.append(bare(BARE_GUI, environment(config)))
        for index, entry in enumerate(PANELS):
            with tempfile.TemporaryDirectory() as config:
                (Path(config) / "ActGUI").mkdir()
                (Path(config) / "ActGUI" / "ActGUI.conf").write_text(f"[window]\ntab={index}\n")
                run, _ = app_start(environment(config))
            marks[entry.key]["controls"].append(run["visible-controls"])
            marks[entry.key]["complete"].append(run["visible-tab-complete"])
    base = statistics.median(baseline)
    print(f"medians of {repeat} runs; bare torch+PySide6+pyqtgraph, QLabel shown: {base:.2f} s (same run)")
    print(f"{'window opens on':<16} {'controls':>16} {'tab complete':>16}")
    for key, values in marks.items():
        controls, complete = statistics.median(values["controls"]), statistics.median(values["complete"])
        print(f"{key:<16} {controls:6.2f} s {controls / base:5.2f}× {complete:6.2f} s {complete / base:5.2f}×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--every-tab", action="store_true",
                        help="only the start on each tab in turn (the window opens on the tab it was quit on)")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.every_tab:
        every_tab(args.repeat)
        return
    with tempfile.TemporaryDirectory() as config:
        env = environment(config)
        results: dict[str, list[float]] = {key: [] for key in
                                           ("bare_gui", "bare_qt", "bare_torch", *APP_MARKS.values(),
                                            *NO_HELPER_MARKS.values(),
                                            *CLI_COMMANDS)}
        for _ in range(args.repeat):
            results["bare_gui"].append(bare(BARE_GUI, env))
            results["bare_qt"].append(bare(BARE_QT, env))
            results["bare_torch"].append(bare("import time, torch; print(time.time())", env))
            for helper, names in ((True, APP_MARKS), (False, NO_HELPER_MARKS)):
                marks, _ = app_start(env, helper=helper)
                for mark, name in names.items():
                    results[name].append(marks[mark])
            for name, command in CLI_COMMANDS.items():
                results[name].append(cli(command, env))
        _, before_frame = app_start(env, importtime=True)
        list_imports = subprocess.run([sys.executable, "-X", "importtime", "-m", "actgui", "list", "activations"],
                                      env=env, capture_output=True, text=True).stderr.splitlines()

    median = {key: statistics.median(values) for key, values in results.items()}
    print(f"medians of {args.repeat} runs; baselines measured in the same run")
    print(f"{'bare torch+PySide6+pyqtgraph, QLabel shown':<44} {median['bare_gui']:6.2f} s")
    print(f"{'bare PySide6, QLabel shown':<44} {median['bare_qt']:6.2f} s")
    print(f"{'bare import torch':<44} {median['bare_torch']:6.2f} s")
    print()
    ratio_line("first frame", results["first"], median["bare_gui"],
               f"target < {FIRST_FRAME_TARGET_S} s; {median['first'] / median['bare_qt']:.2f}× bare PySide6")
    ratio_line("visible panel's controls", results["controls"], median["bare_gui"], "before torch is imported")
    ratio_line("visible tab complete", results["visible"], median["bare_gui"],
               f"target ≤ {VISIBLE_TAB_TARGET_RATIO}× baseline; from the start-up helper's numbers")
    ratio_line("torch imported in the window", results["torch"], median["bare_gui"], "after those numbers")
    print("  without the start-up helper (ACTGUI_PREFETCH=0; one CPU):")
    ratio_line("  first frame", results["first_alone"], median["bare_gui"], f"target < {FIRST_FRAME_TARGET_S} s")
    ratio_line("  visible panel's controls", results["controls_alone"], median["bare_gui"], "before torch")
    ratio_line("  visible tab complete", results["visible_alone"], median["bare_gui"],
               f"target ≤ {VISIBLE_TAB_TARGET_RATIO}× baseline")
    ratio_line("  torch imported in the window", results["torch_alone"], median["bare_gui"], "before the plots")
    for name in CLI_COMMANDS:
        ratio_line(f"actgui {name}", results[name], median["bare_torch"], f"target < {CLI_TARGET_S} s")

    points = first_training_point(max(1, min(args.repeat, 3)))
    print(f"{'first training point':<28} {statistics.median(points):6.2f} s after Start "
          f"(target < {TRAINING_POINT_TARGET_S} s; runs: {', '.join(f'{p:.2f}' for p in points)})")

    print("\nlargest imports before the first frame (cumulative):")
    print("\n".join("  " + line for line in top_imports(before_frame)))
    print("largest imports of `actgui list activations` (cumulative):")
    print("\n".join("  " + line for line in top_imports(list_imports, 5)))
    torch_imported = any(line.rsplit("|", 1)[-1].strip() == "torch" for line in list_imports if "|" in line)
    print(f"torch imported by `actgui list activations`: {torch_imported}")
    print("costliest calls while the window is built (cProfile, cumulative):")
    print("\n".join("  " + line for line in window_profile()))


if __name__ == "__main__":
    main()
