"""Starting the application: QApplication, translations, theme and the main window.

With ACTGUI_STARTUP_PROBE=1 in the environment, the app writes four lines to stderr, each with the
wall-clock time (`time.time()`) and whether torch's import is done yet (`torch` or `no-torch`):
`actgui-probe first-frame <t> <torch>` when the window has first painted (its tabs and menus),
`actgui-probe visible-controls <t> <torch>` when it has first painted with the visible panel built,
`actgui-probe visible-tab-complete <t> <torch>` when it has first painted with the visible tab's
plots drawn, and `actgui-probe torch-ready <t> torch` when the window's own import of torch is done
(benchmarks/startup.py and tests/gui/test_startup.py read them).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from importlib import resources
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from actgui.core import prefetch
from actgui.qt.base import warmup
from actgui.qt.base.garbage import GuiThreadCollector
from actgui.qt.base.i18n import LANGUAGES, install_language, system_language
from actgui.qt.base.theme import THEMES

if TYPE_CHECKING:
    from actgui.qt.shell.main_window import MainWindow

PROBE_VARIABLE = "ACTGUI_STARTUP_PROBE"


class StartupProbe(QObject):
    """Writes when the window first paints, and when it first paints after the plots are drawn."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.window: MainWindow | None = None
        self.first_frame = False
        self.controls_shown = False
        self.plots_drawn = False
        app.installEventFilter(self)

    def plots_ready(self) -> None:
        self.plots_drawn = True
        if self.window is not None:
            self.window.update()  # the next paint shows them, even where nothing else repaints

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Paint:  # written once this round of painting is done
            if not self.first_frame:
                self.first_frame = True
                QTimer.singleShot(0, lambda: self.write("first-frame"))
            elif not self.controls_shown and self.window is not None and self.window.panels.built():
                self.controls_shown = True
                QTimer.singleShot(0, lambda: self.write("visible-controls"))
                if not warmup.waiting(self.window.current_panel()):  # it drew its plots with its controls
                    self.app.removeEventFilter(self)
                    QTimer.singleShot(0, lambda: self.write("visible-tab-complete"))
            elif self.plots_drawn:
                self.app.removeEventFilter(self)
                QTimer.singleShot(0, lambda: self.write("visible-tab-complete"))
        return False

    @staticmethod
    def write(what: str) -> None:
        torch = "torch" if torch_imported() else "no-torch"
        print(f"actgui-probe {what} {time.time():.6f} {torch}", file=sys.stderr, flush=True)


def torch_imported() -> bool:
    """Whether torch's import in this process is done (not merely begun)."""
    module = sys.modules.get("torch")
    return module is not None and not getattr(getattr(module, "__spec__", None), "_initializing", False)


def application_icon() -> QIcon:
    return QIcon(str(resources.files("actgui") / "resources" / "actgui.svg"))


def initial_view(settings: QSettings, theme: str | None = None, language: str | None = None) -> tuple[str, str]:
    """(theme, language) to start with: the command line's, else those chosen before quitting, else
    light and the system's language."""
    saved_theme, saved_language = str(settings.value("view/theme", "")), str(settings.value("view/language", ""))
    return (theme or (saved_theme if saved_theme in THEMES else "light"),
            language or (saved_language if saved_language in LANGUAGES else system_language()))


def run(theme: str | None = None, language: str | None = None, helper: subprocess.Popen | None = None) -> int:
    """Opens the main window and runs the event loop until it closes. `helper`: the start-up helper
    (actgui.core.prefetch), if the caller started it before importing Qt; else it is started here."""
    helper = helper or prefetch.start()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    GuiThreadCollector(app)  # before any background thread: collections happen on this thread only
    app.setApplicationName("ActGUI")
    app.setOrganizationName("ActGUI")
    app.setApplicationDisplayName("ActGUI")
    app.setWindowIcon(application_icon())
    warmup.start(on_first_paint=False, helper=helper)  # the window starts the import once its panel is up
    theme, language = initial_view(QSettings(), theme, language)
    install_language(language)
    from actgui.qt.base.theme import get_theme
    from actgui.qt.shell.main_window import MainWindow
    from actgui.qt.shell.plugin_loading import PluginLoader

    probe = StartupProbe(app) if os.environ.get(PROBE_VARIABLE) else None
    loader = PluginLoader(app)  # before the window: its panels start with the built-in entries
    window = MainWindow(get_theme(theme))
    window.load_plugins(loader)
    if probe is not None:  # queued after the visible panel's own first drawing
        probe.window = window
        warmup.when_first_numbers(probe, probe.plots_ready)
        warmup.when_torch_ready(probe, lambda: probe.write("torch-ready"))
    window.show()
    return app.exec()
