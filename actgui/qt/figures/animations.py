"""What can be animated, built on the figure classes: a parameter swept on a figure (an activation's
parameter on the functions figure, the softmax temperature, the depth figure's depth, width or
parameters), the optimisers' descent on a landscape drawn step by step, and a training run replayed
record by record onto the training figures. Each builder returns an `Animation` for
actgui.qt.base.animation's writer.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np
from PySide6.QtCore import QCoreApplication

from actgui.core.depth import DepthSpec, run_depth
from actgui.core.descent import DescentSettings, Trajectory
from actgui.core.function_plot import FunctionPlotSpec, compute
from actgui.core.surfaces import Surface
from actgui.core.training.history import RunHistory
from actgui.core.training.records import Record, RunInfo
from actgui.qt.base.animation import Animation, freeze_ranges
from actgui.qt.base.figure import Figure
from actgui.qt.base.theme import Theme

#: The sweeps each figure offers: the parameter names they accept (NAME.KEY for an activation's).
SWEEP_FIGURES = ("function", "softmax", "depth")
TRAINING_FIGURES = ("loss", "accuracy", "boundary", "gradient", "health", "histogram")
MAX_TEMPERATURE = 100.0


def sweep_values(start: float, stop: float, frames: int, log: bool = False) -> np.ndarray:
    """`frames` values from start to stop, evenly or (log) geometrically spaced."""
    if log:
        if start <= 0 or stop <= 0:
            raise ValueError(f"a logarithmic sweep needs positive ends (got {start:g} to {stop:g})")
        return np.geomspace(start, stop, frames)
    return np.linspace(start, stop, frames)


def _step_caption(step: int) -> str:
    return QCoreApplication.translate("Animations", "step {step}").format(step=step)


def _caption(name: str, values: Sequence[float], integer: bool = False) -> Callable[[int], str]:
    return lambda i: f"{name} = {int(round(values[i]))}" if integer else f"{name} = {values[i]:.3g}"


def function_sweep(theme: Theme, spec: FunctionPlotSpec, target: str, start: float, stop: float, frames: int,
                   log: bool = False, overlay: bool = False) -> Animation:
    """The functions figure with activation parameter `target` ("NAME.KEY") swept from start to stop;
    raises ValueError (or UnknownKeyError) for a parameter the plotted activations lack."""
    from actgui.qt.figures.functions import FunctionsFigure

    name, dot, key = target.partition(".")
    if not dot or not key:
        raise ValueError(f"the swept parameter '{target}' must look like NAME.KEY, e.g. leaky_relu.negative_slope")
    if name not in spec.names:
        raise ValueError(f"'{name}' is not plotted (plotted: {', '.join(spec.names)})")
    values = sweep_values(start, stop, frames, log)
    specs = []
    for value in values:
        params = {k: dict(v) for k, v in spec.params.items()}
        params.setdefault(name, {})[key] = float(value)
        specs.append(replace(spec, params=params))
    for each in (specs[0], specs[-1]):
        each.check()  # both ends in the parameter's range means every value between is
    data = [compute(each) for each in specs]
    figure = FunctionsFigure(theme, overlay=overlay)
    animation = Animation("function-sweep", [figure], frames, lambda i: figure.show(specs[i], data[i]),
                          {"figure": "function", "names": ",".join(spec.names), "param": target,
                           "from": float(start), "to": float(stop)}, _caption(target, values))
    freeze_ranges(animation, range(frames))
    return animation


def softmax_sweep(theme: Theme, logits: Sequence[float], start: float, stop: float, frames: int,
                  log: bool = False, twice: bool = False, twice_temperature: float = 1.0) -> Animation:
    """The softmax bars with the temperature swept from start to stop (softmax applied twice keeps its T₂)."""
    from actgui.qt.figures.softmax import SoftmaxFigure

    for value in (start, stop):
        if not 0 < value <= MAX_TEMPERATURE:
            raise ValueError(f"the temperature must be in (0, {MAX_TEMPERATURE:g}] (got {value:g})")
    values = sweep_values(start, stop, frames, log)
    figure = SoftmaxFigure(theme)
    animation = Animation("softmax-sweep", [figure], frames,
                          lambda i: figure.show(logits, float(values[i]), twice, twice_temperature),
                          {"figure": "softmax", "logits": list(map(float, logits)), "param": "temperature",
                           "from": float(start), "to": float(stop)}, _caption("T", values))
    animation.draw(0)
    return animation


def depth_sweep(theme: Theme, spec: DepthSpec, target: str, start: float, stop: float, frames: int,
                log: bool = False) -> Animation:
    """The depth figure with `target` swept: depth, width, activation.KEY or init.KEY."""
    from actgui.qt.figures.init import DepthFigure

    values = sweep_values(start, stop, frames, log)
    group, dot, key = target.partition(".")
    integer = target in ("depth", "width")
    if integer:
        specs = [replace(spec, **{target: int(round(v))}) for v in values]
    elif dot and group in ("activation", "init") and key:
        field_name = f"{group}_params"
        specs = [replace(spec, **{field_name: {**getattr(spec, field_name), key: float(v)}}) for v in values]
    else:
        raise ValueError(f"the depth figure sweeps depth, width, activation.KEY or init.KEY (got '{target}')")
    for each in (specs[0], specs[-1]):
        each.check()
    results = [run_depth(each) for each in specs]
    figure = DepthFigure(theme)
    animation = Animation("depth-sweep", [figure], frames, lambda i: figure.show(results[i]),
                          {"figure": "depth", "activation": spec.activation, "init": spec.init, "param": target,
                           "from": float(start), "to": float(stop)}, _caption(target, values, integer))
    freeze_ranges(animation, range(frames))
    return animation


def descent_animation(theme: Theme, surface: Surface, params: dict[str, float], settings: DescentSettings,
                      trajectories: Sequence[Trajectory], frames: int, show_field: bool = False) -> Animation:
    """The optimisers' paths on the surface, drawn up to step ⌊i·steps/(frames − 1)⌋ in frame i."""
    from actgui.qt.figures.landscape import LandscapeFigure

    figure = LandscapeFigure(theme)
    figure.show_surface(surface, params, show_field)
    figure.show_runs([list(trajectories)], frame=0)
    steps = figure.frames()
    shown = np.round(np.linspace(0, steps, frames)).astype(int)
    animation = Animation("landscape-descent", [figure], frames, lambda i: figure.reveal(int(shown[i])),
                          {"surface": surface.key, "start": list(settings.start),
                           "optimizers": list(settings.optimizers), "lr": settings.lr,
                           "momentum": settings.momentum, "steps": settings.steps},
                          lambda i: _step_caption(int(shown[i])))
    animation.draw(0)
    return animation


def _training_figure(name: str, theme: Theme) -> tuple[Figure, Callable[[RunHistory], None]]:
    from actgui.qt.figures import training

    if name == "loss":
        figure = training.LossFigure(theme)
        return figure, lambda run: figure.show([run], log_y=True)
    if name == "accuracy":
        figure = training.AccuracyFigure(theme)
        return figure, lambda run: figure.show([run])
    classes = {"boundary": training.BoundaryFigure, "gradient": training.GradientFigure,
               "health": training.HealthFigure, "histogram": training.HistogramFigure}
    if name not in classes:
        raise ValueError(f"unknown training figure '{name}' (choose from: {', '.join(TRAINING_FIGURES)})")
    figure = classes[name](theme)
    return figure, figure.show


def training_replay(theme: Theme, info: RunInfo, records: Sequence[Record], figures: Sequence[str], frames: int,
                    label: str = "", color: str = "") -> Animation:
    """A recorded run replayed onto the named training figures (side by side): frame i shows the
    records up to ⌊i·(records − 1)/(frames − 1)⌋."""
    if not records:
        raise ValueError("the run has no records to replay")
    if not figures:
        raise ValueError("choose at least one training figure")
    drawn = [_training_figure(name, theme) for name in figures]
    shown = np.round(np.linspace(0, len(records) - 1, frames)).astype(int)
    state: dict[str, object] = {"history": None, "count": 0}

    def draw(i: int) -> None:
        count = int(shown[i]) + 1
        history = state["history"]
        if history is None or count < state["count"]:
            history = RunHistory(info, capacity=None, label=label, color=color)
            state["history"], state["count"] = history, 0
        for record in records[state["count"]:count]:
            history.add(record)
        state["count"] = count
        for _, show in drawn:
            show(history)

    animation = Animation("training-replay", [figure for figure, _ in drawn], frames, draw,
                          {"figures": ",".join(figures), **{k: v for k, v in info.config.items() if v is not None}},
                          lambda i: _step_caption(records[int(shown[i])].step))
    freeze_ranges(animation, [frames - 1])
    return animation


def live_recording(theme: Theme, current: Callable[[], RunHistory | None], figures: Sequence[str],
                   frames: int) -> Animation:
    """The named training figures (off screen, side by side) recording a run while it trains: frame i
    shows the run `current()` returns as it is when frame i is drawn (the caller draws one whenever
    the run has moved on), live changes, pauses and speed included."""
    if not figures:
        raise ValueError("choose at least one training figure")
    drawn = [_training_figure(name, theme) for name in figures]
    shown: dict[str, int] = {}  # the step frame i was drawn at (records may arrive before its caption)

    def draw(_i: int) -> None:
        history = current()
        if history is not None and history.latest is not None:
            shown["step"] = history.latest.step
            for _, show in drawn:
                show(history)

    def caption(_i: int) -> str:
        return _step_caption(shown["step"]) if "step" in shown else ""

    return Animation("training-live", [figure for figure, _ in drawn], frames, draw, {"figures": ",".join(figures)},
                     caption)


def frames_for(steps: int, requested: int | None, default: int = 60) -> int:
    """The frame count: the requested one, else one per step up to `default`."""
    return requested if requested is not None else max(2, min(default, steps + 1))


def log_spacing_suits(start: float, stop: float) -> bool:
    """Whether a sweep spans a factor of ten or more between positive ends (a temperature 0.1 → 10)."""
    return start > 0 and stop > 0 and abs(math.log10(stop / start)) >= 1
