"""File → Export animation…: the current panel animated as GIF or MP4.

Functions, Softmax and Initialisation sweep one parameter (of a plotted activation, the temperature,
the depth figure's depth, width or parameters), Landscape draws the descent step by step, Training
replays the current run's records onto its curve figures, or records the chosen figures live while
a run trains (starting one if none is running; one frame per 1/fps seconds of training, so the
animation plays at the run's pace, and it ends early with the run). Frames are drawn off screen, one
per timer tick, so the window stays responsive; the progress bar follows and Cancel stops without
writing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QWidget,
)

from actgui.core.activations import ACTIVATIONS
from actgui.core.depth import MAX_DEPTH, MAX_WIDTH
from actgui.core.descent import DescentSettings, run
from actgui.core.inits import INITS
from actgui.core.network_landscape import NETWORK_SURFACE
from actgui.core.registry import UnknownKeyError
from actgui.core.safe_expr import ExpressionError
from actgui.core.surfaces import get_surface
from actgui.core.training.history import records_from_history
from actgui.qt.base.animation import (
    DEFAULT_FPS,
    DEFAULT_FRAMES,
    DEFAULT_SIZE,
    MAX_FPS,
    MAX_FRAMES,
    Animation,
    AnimationWriter,
)
from actgui.qt.base.export import ExportError
from actgui.qt.base.i18n import display_name
from actgui.qt.base.panel import Panel
from actgui.qt.base.theme import Theme
from actgui.qt.figures import animations

#: The figures a live recording can show: every registered training figure drawn from the records.
LIVE_FIGURES = animations.TRAINING_FIGURES
REPLAY, LIVE = "replay", "live"
#: The figures' check boxes per row.
FIGURE_COLUMNS = 4


@dataclass
class SweepTarget:
    """A parameter that can be swept: its key, its name for the user, its range and default ends."""

    key: str
    label: str
    minimum: float
    maximum: float
    start: float
    stop: float
    log: bool = False
    integer: bool = False


@dataclass
class AnimationPlan:
    """What the current panel can animate and how to build it."""

    kind: str  # "sweep", "descent" or "training"
    build: Callable[..., Animation] | None  # training: None while there is no run to replay
    targets: list[SweepTarget] = field(default_factory=list)
    figures: tuple[str, ...] = ()
    #: training: the animation recorded live, built from (theme, figures, frames)
    live: Callable[..., Animation] | None = None
    #: training: the figures the current run can be replayed onto
    replay_figures: tuple[str, ...] = ()


def replay_figures(history) -> tuple[str, ...]:
    """The figures `history` can be replayed onto: the curves always, the boundary and the histograms
    where the run kept them over its course (each registered figure's `replays`)."""
    return tuple(name for name in LIVE_FIGURES if animations.training_figure_kind(name).replays(history))


def _param_targets(prefix: str, owner: str, params) -> list[SweepTarget]:
    return [SweepTarget(f"{prefix}.{p.key}", f"{owner}: {display_name(p)}", p.minimum, p.maximum, p.minimum,
                        p.maximum, integer=p.integer) for p in params]


def plan_for(panel: Panel) -> AnimationPlan | None:
    """The animation the panel offers, from its settings (its `state()`), or None."""
    state = panel.state()
    if panel.key == "functions":
        spec = panel.settings.spec()
        targets = [t for name in spec.names if name in ACTIVATIONS
                   for t in _param_targets(name, display_name(ACTIVATIONS.get(name)), ACTIVATIONS.get(name).params)]
        return AnimationPlan("sweep", lambda theme, target, start, stop, log, frames, _: animations.function_sweep(
            theme, spec, target, start, stop, frames, log, bool(state["overlay"])), targets)
    if panel.key == "softmax":
        logits, twice = list(state["logits"]), bool(state["twice"])
        twice_temperature = float(state["twice_temperature"])
        target = SweepTarget("temperature", "T", 0.05, animations.MAX_TEMPERATURE, 0.1, 10.0, log=True)
        return AnimationPlan("sweep", lambda theme, _, start, stop, log, frames, __: animations.softmax_sweep(
            theme, logits, start, stop, frames, log, twice, twice_temperature), [target])
    if panel.key == "init":
        spec = panel.settings.depth.spec()
        targets = [SweepTarget("depth", "depth", 1, MAX_DEPTH, 1, MAX_DEPTH, integer=True),
                   SweepTarget("width", "width", 1, MAX_WIDTH, 16, 512, integer=True)]
        activation, scheme = ACTIVATIONS.get(spec.activation), INITS.get(spec.init)
        targets += _param_targets("activation", display_name(activation), activation.params)
        targets += _param_targets("init", display_name(scheme), scheme.params)
        return AnimationPlan("sweep", lambda theme, target, start, stop, log, frames, _: animations.depth_sweep(
            theme, spec, target, start, stop, frames, log), targets)
    if panel.key == "landscape" and state["surface"] != NETWORK_SURFACE:  # the trained network has no descent
        surface = get_surface(state["surface"], state["expression"])
        params = surface.resolve(state["params"])
        settings = DescentSettings(start=tuple(state["starts"][-1]), optimizers=tuple(state["optimizers"]),
                                   lr=state["lr"], momentum=state["momentum"], steps=state["steps"])
        return AnimationPlan("descent", partial(_descent, surface, params, settings, bool(state["field"])))
    if panel.key == "training":
        history = panel.current
        replayable = history is not None and len(history) >= 2
        return AnimationPlan("training", partial(_replay, history) if replayable else None, figures=LIVE_FIGURES,
                             live=lambda theme, figures, frames: animations.live_recording(
                                 theme, lambda: panel.current, figures, frames),
                             replay_figures=replay_figures(history) if replayable else ())
    return None


def _descent(surface, params, settings: DescentSettings, show_field: bool, theme: Theme, _target, _start, _stop,
             _log, frames: int, _figures) -> Animation:
    return animations.descent_animation(theme, surface, params, settings, run(surface, settings, params), frames,
                                        show_field)


def _replay(history, theme: Theme, _target, _start, _stop, _log, frames: int, figures: list[str]) -> Animation:
    return animations.training_replay(theme, history.info, records_from_history(history), figures, frames,
                                      history.label, history.color)


class AnimationDialog(QDialog):
    """Exports an animation of `panel`; errors are shown in the dialog, which stays open."""

    def figure_title(self, name: str) -> str:
        """A training figure's name in the window's language."""
        return animations.training_figure_kind(name).title()

    def __init__(self, panel: Panel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("animation_dialog")
        self.setWindowTitle(self.tr("Export animation"))
        self.panel = panel
        self.plan = plan_for(panel)
        self.writer: AnimationWriter | None = None
        self._recorded_step: int | None = None  # live: the step of the last frame
        self._recorded_run: int | None = None  # live: the run being recorded
        self.timer = QTimer(self)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self._render_next)
        form = QFormLayout(self)
        kinds = {"sweep": self.tr("Parameter sweep"), "descent": self.tr("Descent drawn step by step"),
                 "training": self.tr("The current run replayed record by record")}
        self.kind_label = QLabel(kinds[self.plan.kind] if self.plan else
                                 self.tr("This panel has nothing to animate (train a run first on Training)."))
        self.kind_label.setObjectName("animation.kind")
        self.kind_label.setWordWrap(True)
        form.addRow(self.tr("Animation"), self.kind_label)
        self.target_combo = QComboBox()
        self.target_combo.setObjectName("animation.target")
        self.start_spin = self._double_spin("animation.from")
        self.stop_spin = self._double_spin("animation.to")
        self.log_check = QCheckBox(self.tr("Geometric spacing (for ranges over factors of ten)"))
        self.log_check.setObjectName("animation.log")
        self.figure_checks: dict[str, QCheckBox] = {}
        if self.plan and self.plan.kind == "sweep":
            for target in self.plan.targets:
                self.target_combo.addItem(target.label, target.key)
            self.target_combo.currentIndexChanged.connect(self._target_chosen)
            form.addRow(self.tr("Parameter"), self.target_combo)
            form.addRow(self.tr("From"), self.start_spin)
            form.addRow(self.tr("To"), self.stop_spin)
            form.addRow(self.log_check)
            self._target_chosen()
        self.source_combo = QComboBox()
        self.source_combo.setObjectName("animation.source")
        if self.plan and self.plan.kind == "training":
            self.source_combo.addItem(self.tr("The current run's records"), REPLAY)
            self.source_combo.addItem(self.tr("Recorded live while a run trains (starts one if none is running)"),
                                      LIVE)
            if self.plan.build is None:
                self.source_combo.model().item(0).setEnabled(False)
                self.source_combo.setCurrentIndex(1)
            self.source_combo.currentIndexChanged.connect(self._source_chosen)
            form.addRow(self.tr("Source"), self.source_combo)
            row = QGridLayout()  # every registered figure, FIGURE_COLUMNS to a row: the dialog stays narrow
            for index, name in enumerate(self.plan.figures):
                check = QCheckBox(self.figure_title(name))
                check.setObjectName(f"animation.figure.{name}")
                check.setChecked(name == "loss")
                self.figure_checks[name] = check
                row.addWidget(check, index // FIGURE_COLUMNS, index % FIGURE_COLUMNS)
            form.addRow(self.tr("Figures"), row)
            self._source_chosen()
        self.frames_spin = self._int_spin("animation.frames", 2, MAX_FRAMES, DEFAULT_FRAMES)
        self.fps_spin = self._int_spin("animation.fps", 1, MAX_FPS, DEFAULT_FPS)
        self.width_spin = self._int_spin("animation.width", 64, 3840, DEFAULT_SIZE[0], 2)
        self.height_spin = self._int_spin("animation.height", 64, 2160, DEFAULT_SIZE[1], 2)
        form.addRow(self.tr("Frames"), self.frames_spin)
        form.addRow(self.tr("Frames per second"), self.fps_spin)
        form.addRow(self.tr("Width (px)"), self.width_spin)
        form.addRow(self.tr("Height (px)"), self.height_spin)
        self.format_combo = QComboBox()
        self.format_combo.setObjectName("animation.format")
        self.format_combo.addItem(self.tr("GIF (Pillow)"), "gif")
        self.format_combo.addItem(self.tr("MP4 (H.264, imageio-ffmpeg)"), "mp4")
        self.format_combo.currentIndexChanged.connect(self._format_changed)
        form.addRow(self.tr("Format"), self.format_combo)
        self.path_edit = QLineEdit(str(Path.home() / f"actgui-{panel.key}.gif"))
        self.path_edit.setObjectName("animation.path")
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        form.addRow(self.tr("File"), path_row)
        self.stamp_check = QCheckBox(self.tr("Stamp the settings on the frames and write them to a .json beside"))
        self.stamp_check.setObjectName("animation.stamp")
        form.addRow(self.stamp_check)
        self.progress = QProgressBar()
        self.progress.setObjectName("animation.progress")
        self.progress.setValue(0)
        form.addRow(self.progress)
        self.message = QLabel()
        self.message.setObjectName("animation.message")
        self.message.setWordWrap(True)
        form.addRow(self.message)
        buttons = QHBoxLayout()
        self.export_button = QPushButton(self.tr("Export"))
        self.export_button.setObjectName("animation.run")
        self.export_button.setEnabled(self.plan is not None)
        self.export_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("animation.cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        buttons.addStretch(1)
        for button in (self.export_button, self.cancel_button, close):
            buttons.addWidget(button)
        form.addRow(buttons)

    def _int_spin(self, name: str, low: int, high: int, value: int, step: int = 1) -> QSpinBox:
        spin = QSpinBox()
        spin.setObjectName(name)
        spin.setRange(low, high)
        spin.setSingleStep(step)
        spin.setValue(value)
        return spin

    def _double_spin(self, name: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setObjectName(name)
        spin.setDecimals(3)
        return spin

    def _target_chosen(self) -> None:
        target = self.plan.targets[self.target_combo.currentIndex()] if self.plan.targets else None
        if target is None:
            return
        for spin, value in ((self.start_spin, target.start), (self.stop_spin, target.stop)):
            spin.setRange(target.minimum, target.maximum)
            spin.setDecimals(0 if target.integer else 3)
            spin.setValue(value)
        self.log_check.setChecked(target.log)

    @property
    def live(self) -> bool:
        return self.source_combo.currentData() == LIVE

    def _source_chosen(self) -> None:
        """A replay draws the figures the run's history can show (replay_figures)."""
        for name, check in self.figure_checks.items():
            check.setEnabled(self.live or name in self.plan.replay_figures)
            if not check.isEnabled():
                check.setChecked(False)
        self.kind_label.setText(self.tr("The chosen figures recorded while the run trains") if self.live
                                else self.tr("The current run replayed record by record"))

    def _format_changed(self) -> None:
        self.path_edit.setText(str(Path(self.path_edit.text()).with_suffix(f".{self.format_combo.currentData()}")))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export animation to"), self.path_edit.text())
        if path:
            self.path_edit.setText(path)

    def _show(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color: #d62728;" if error else "")
        self.message.setText(text)

    @property
    def running(self) -> bool:
        return self.writer is not None

    def start(self) -> bool:
        """Builds the animation and starts rendering it; False (with a message) when it cannot start."""
        if self.plan is None or self.running:
            return False
        figures = [name for name, check in self.figure_checks.items() if check.isChecked()]
        path = Path(self.path_edit.text()).with_suffix(f".{self.format_combo.currentData()}")
        try:
            if self.live:
                animation = self.plan.live(self.panel.theme, figures, self.frames_spin.value())
            else:
                animation = self.plan.build(self.panel.theme, self.target_combo.currentData(),
                                            self.start_spin.value(), self.stop_spin.value(),
                                            self.log_check.isChecked(), self.frames_spin.value(), figures)
            if self.stamp_check.isChecked():
                animation.settings = {"panel": self.panel.key, **animation.settings}
            self.writer = AnimationWriter(animation, path, self.fps_spin.value(), self.width_spin.value(),
                                          self.height_spin.value(), stamp=self.stamp_check.isChecked())
        except (ExportError, ExpressionError, UnknownKeyError, ValueError) as error:
            self._show(self.tr("Not exported: {reason}").format(reason=error), error=True)
            return False
        self.progress.setRange(0, self.writer.total)
        self.progress.setValue(0)
        self.export_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        if self.live:
            if self.panel.run_id is None and not self.panel.start():
                self.cancel()
                self._show(self.tr("Not exported: the run could not start"), error=True)
                return False
            self._recorded_step, self._recorded_run = None, self.panel.run_id
            self._show(self.tr("Recording while the run trains…"))
            self.timer.setInterval(round(1000 / self.fps_spin.value()))
        else:
            self._show(self.tr("Rendering…"))
            self.timer.setInterval(0)
        self.timer.start()
        return True

    def _record_due(self) -> bool | None:
        """Live: True when a frame is due (the run has moved on since the last one), None while
        there is nothing new, False once the run has ended (the recording ends with its frames so far)."""
        history = self.panel.current
        if self.panel.run_id != self._recorded_run:
            self.writer.shorten()
            return False
        if history is None or history.latest is None or history.latest.step == self._recorded_step:
            return None
        self._recorded_step = history.latest.step
        return True

    def _render_next(self) -> None:
        writer = self.writer
        try:
            if self.live:
                due = self._record_due()
                if due is None:
                    return  # waiting for the run to start or to move on
                more = writer.write_next() if due else False
            else:
                more = writer.write_next()
            self.progress.setValue(writer.done)
            if more:
                return
            written = writer.finish()
        except ExportError as error:
            self._stop()
            self._show(self.tr("Not exported: {reason}").format(reason=error), error=True)
            return
        self._stop()
        self._show(self.tr("Exported to {target}").format(target=written))

    def cancel(self) -> None:
        """Stops rendering; nothing is written and an existing file is left as it was."""
        if self.writer is not None:
            self.writer.abort()
            self._stop()
            self.progress.setValue(0)
            self._show(self.tr("Cancelled; nothing was written."))

    def _stop(self) -> None:
        self.timer.stop()
        if self.writer is not None:
            for figure in self.writer.animation.figures:
                figure.widget.deleteLater()
        self.writer = None
        self.export_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def reject(self) -> None:
        self.cancel()
        super().reject()
