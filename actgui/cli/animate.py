"""`actgui animate sweep|landscape|train ... --out FILE.gif|.mp4`: animations rendered off screen.

sweep: one parameter swept on a figure (`--param leaky_relu.negative_slope=0:1` on the functions
figure, `temperature=0.1:10` on softmax, `depth=1:50` on the depth figure); landscape: the
optimisers' descent drawn step by step; train: a run trained as `actgui train` does, replayed record
by record onto the chosen training figures.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from actgui.cli.common import (
    CliError,
    ensure_qt,
    parse_assignments,
    parse_float,
    parse_named_params,
    translate,
)
from actgui.cli.training import add_training_arguments
from actgui.core.lazy import lazy_module
from actgui.core.registry import UnknownKeyError
from actgui.core.safe_expr import ExpressionError

torch = lazy_module("torch")


def add_commands(commands) -> None:
    animate = commands.top.add_parser(
        "animate", help=translate("Cli", "render an animation (GIF or MP4): a parameter sweep, a descent or a training run"))
    kinds = animate.add_subparsers(dest="kind", metavar="KIND", parser_class=type(animate), required=True)

    sweep = kinds.add_parser(
        "sweep", help=translate("Cli", "sweep one parameter of a figure from A to B"),
        description=translate("Cli", "Sweep one parameter on a figure: function (NAME.KEY of a plotted activation), softmax (temperature) or depth (depth, width, activation.KEY or init.KEY)."))
    sweep.add_argument("figure", choices=["function", "softmax", "depth"])
    sweep.add_argument("names", metavar="NAMES", nargs="?", default=None,
                       help=translate("Cli", "function: the activations, comma-separated"))
    sweep.add_argument("--param", required=True, metavar="TARGET=A:B",
                       help=translate("Cli", "the swept parameter and its range, e.g. leaky_relu.negative_slope=0:1"))
    sweep.add_argument("--log", action="store_true", help=translate("Cli", "space the values geometrically (both ends positive)"))
    sweep.add_argument("--set", action="append", metavar="TARGET=VALUE",
                       help=translate("Cli", "a fixed parameter, e.g. elu.alpha=2 or init.gain=1.5 (repeatable)"))
    sweep.add_argument("--derivative", action="store_true", help=translate("Cli", "function: also f′ (autograd)"))
    sweep.add_argument("--xmin", type=float, default=-6.0)
    sweep.add_argument("--xmax", type=float, default=6.0)
    sweep.add_argument("--logits", default=None, help=translate("Cli", "softmax: comma-separated logits"))
    sweep.add_argument("--activation", default="relu", help=translate("Cli", "depth: see `actgui list activations`"))
    sweep.add_argument("--init", default="kaiming_normal", help=translate("Cli", "depth: see `actgui list inits`"))
    sweep.add_argument("--depth", type=int, default=20, help=translate("Cli", "depth: number of layers"))
    sweep.add_argument("--units", type=int, default=256, help=translate("Cli", "depth: units per layer"))
    sweep.add_argument("--seed", type=int, default=0)
    add_animation_arguments(sweep)
    sweep.set_defaults(func=animate_sweep)

    landscape = kinds.add_parser(
        "landscape", help=translate("Cli", "the optimisers' descent on a surface, step by step"),
        description=translate("Cli", "Run torch.optim optimisers from one start on a surface (see `actgui list surfaces`) and draw their paths step by step."))
    landscape.add_argument("surface", metavar="SURFACE")
    landscape.add_argument("--start", default=None, metavar="X,Y",
                           help=translate("Cli", "default: the surface's own start; write --start=-1.5,2 when X is negative"))
    landscape.add_argument("--optimizers", default="sgd,momentum,adam", help=translate("Cli", "comma-separated"))
    landscape.add_argument("--lr", type=float, default=0.01)
    landscape.add_argument("--momentum", type=float, default=0.9)
    landscape.add_argument("--steps", type=int, default=200)
    landscape.add_argument("--param", action="append", metavar="KEY=VALUE", help=translate("Cli", "surface parameter, e.g. condition=20"))
    landscape.add_argument("--expression", default=None, help=translate("Cli", "f(x, y) of the 'custom' surface"))
    landscape.add_argument("--field", action="store_true", help=translate("Cli", "also draw the descent direction −∇f"))
    add_animation_arguments(landscape, frames=None)
    landscape.set_defaults(func=animate_landscape)

    train = kinds.add_parser(
        "train", help=translate("Cli", "train an MLP as `actgui train` does and replay its records onto training figures"),
        description=translate("Cli", "Train an MLP (the options of `actgui train`) and replay its records onto the training figures, side by side."))
    add_training_arguments(train)
    train.add_argument("--figures", default="loss,boundary",
                       help=translate("Cli", "comma-separated: loss, accuracy, boundary, gradient, health, histogram"))
    add_animation_arguments(train, frames=None)
    train.set_defaults(func=animate_train, compare=None)


def add_animation_arguments(parser: argparse.ArgumentParser, frames: int | None = 60) -> None:
    """--out FILE (.gif or .mp4), --frames, --fps, --width/--height/--scale, --theme, --lang, --stamp, --quiet."""
    from actgui.qt.base.animation_defaults import DEFAULT_FPS, DEFAULT_SIZE

    parser.add_argument("--out", required=True, type=Path, help=translate("Cli", "output file: .gif or .mp4"))
    parser.add_argument("--frames", type=int, default=frames,
                        help=translate("Cli", "number of frames (default: 60, or one per step up to 60)"))
    parser.add_argument("--fps", type=float, default=DEFAULT_FPS, help=translate("Cli", "frames per second"))
    parser.add_argument("--width", type=int, default=DEFAULT_SIZE[0])
    parser.add_argument("--height", type=int, default=DEFAULT_SIZE[1])
    parser.add_argument("--scale", type=float, default=1.0, help=translate("Cli", "text and line scale (like DPI)"))
    parser.add_argument("--theme", choices=["light", "dark"], default="light")
    parser.add_argument("--lang", choices=["en", "zh_CN"], default="en")
    parser.add_argument("--stamp", action="store_true",
                        help=translate("Cli", "stamp the settings on the frames and write them to a .json beside --out"))
    parser.add_argument("--quiet", action="store_true", help=translate("Cli", "no progress line"))


def parse_range(text: str) -> tuple[str, float, float]:
    """'leaky_relu.negative_slope=0:1' → ('leaky_relu.negative_slope', 0.0, 1.0)."""
    target, sep, span = text.partition("=")
    start, colon, stop = span.partition(":")
    if not sep or not colon or not target.strip():
        raise CliError(f"--param '{text}' must look like TARGET=A:B, e.g. leaky_relu.negative_slope=0:1")
    return target.strip(), parse_float(start, f"--param {target} start"), parse_float(stop, f"--param {target} end")


def _check_output(args: argparse.Namespace) -> None:
    from actgui.qt.base.animation import check_options, encoder_problem
    from actgui.qt.base.export import ExportError

    frames = args.frames if args.frames is not None else 60
    try:
        kind = check_options(args.out, frames, args.fps, args.width, args.height)
    except ExportError as error:
        raise CliError(str(error)) from None
    problem = encoder_problem(kind)
    if problem:
        raise CliError(problem)
    if not args.out.parent.is_dir():
        raise CliError(f"cannot write {args.out}: folder {args.out.parent} does not exist")


def _write(args: argparse.Namespace, animation) -> int:
    from actgui.qt.base.animation import write_animation
    from actgui.qt.base.export import ExportError

    def progress(done: int, total: int) -> None:
        if not args.quiet:
            sys.stderr.write(f"\rframe {done}/{total}")
            sys.stderr.flush()

    try:
        path = write_animation(animation, args.out, args.fps, args.width, args.height, args.scale, args.stamp,
                               progress)
    except ExportError as error:
        raise CliError(str(error)) from None
    finally:
        if not args.quiet:
            sys.stderr.write("\n")
    print(path)
    return 0


def animate_sweep(args: argparse.Namespace) -> int:
    _check_output(args)
    target, start, stop = parse_range(args.param)
    ensure_qt(args.lang)
    from actgui.qt.base.theme import get_theme
    from actgui.qt.figures import animations

    theme = get_theme(args.theme)
    try:
        if args.figure == "function":
            from actgui.core.function_plot import FunctionPlotSpec

            if not args.names:
                raise CliError("sweep function needs the activations, e.g. `actgui animate sweep function leaky_relu`")
            names = [n.strip() for n in args.names.split(",") if n.strip()]
            spec = FunctionPlotSpec(names=names, params=parse_named_params(args.set), xmin=args.xmin,
                                    xmax=args.xmax, points=1000, derivative=args.derivative)
            spec.check()
            animation = animations.function_sweep(theme, spec, target, start, stop, args.frames, args.log)
        elif args.figure == "softmax":
            from actgui.core.softmax import NOTES_LOGITS, parse_logits

            if target != "temperature":
                raise CliError(f"sweep softmax sweeps the temperature (got '{target}')")
            logits = parse_logits(args.logits) if args.logits else list(NOTES_LOGITS)
            animation = animations.softmax_sweep(theme, logits, start, stop, args.frames, args.log)
        else:
            from actgui.core.depth import DepthSpec

            groups: dict[str, dict[str, float]] = {"activation": {}, "init": {}}
            for key, value in parse_assignments(args.set, "--set").items():
                group, dot, name = key.partition(".")
                if not dot or group not in groups:
                    raise CliError(f"--set '{key}={value}' must look like activation.KEY=VALUE or init.KEY=VALUE")
                groups[group][name] = parse_float(value, f"--set {key}")
            spec = DepthSpec(activation=args.activation, init=args.init, activation_params=groups["activation"],
                             init_params=groups["init"], depth=args.depth, width=args.units, seed=args.seed)
            spec.check()
            animation = animations.depth_sweep(theme, spec, target, start, stop, args.frames, args.log)
    except UnknownKeyError as error:
        raise CliError(str(error)) from None
    except (ExpressionError, ValueError) as error:
        raise CliError(str(error)) from None
    return _write(args, animation)


def animate_landscape(args: argparse.Namespace) -> int:
    from actgui.cli.losses import descent_from_args

    _check_output(args)
    surface, params, settings, trajectories = descent_from_args(args)
    ensure_qt(args.lang)
    from actgui.qt.base.theme import get_theme
    from actgui.qt.figures.animations import descent_animation, frames_for

    frames = frames_for(max(t.steps for t in trajectories), args.frames, 100)
    try:
        animation = descent_animation(get_theme(args.theme), surface, params, settings, trajectories, frames,
                                      args.field)
    except ValueError as error:
        raise CliError(str(error)) from None
    return _write(args, animation)


def animate_train(args: argparse.Namespace) -> int:
    from actgui.cli.training import Progress, plan_from_args
    from actgui.core.activations import ACTIVATIONS
    from actgui.core.training.process import default_threads
    from actgui.core.training.trainer import Trainer
    from actgui.qt.figures.animations import TRAINING_FIGURES

    _check_output(args)
    figures = [name.strip() for name in args.figures.split(",") if name.strip()]
    unknown = [name for name in figures if name not in TRAINING_FIGURES]
    if unknown or not figures:
        raise CliError(f"--figures: unknown figure '{(unknown or [''])[0]}' (choose from: {', '.join(TRAINING_FIGURES)})")
    args.compare = None
    (run,) = plan_from_args(args)
    config = run.config
    threads = torch.get_num_threads()
    torch.set_num_threads(default_threads())
    try:
        try:
            trainer = Trainer(config)
        except (ValueError, RuntimeError) as error:
            raise CliError(str(error)) from None
        progress = Progress(config.activation, config.steps, not args.quiet)
        records = []
        generator = trainer.records(detail_every=1)
        while True:
            try:
                record = next(generator)
            except StopIteration as end:
                result = end.value
                break
            records.append(record)
            progress.update(record)
        progress.finish()
    finally:
        torch.set_num_threads(threads)
    if result.status == "diverged":
        print(f"actgui: note: {result.message}", file=sys.stderr)
    ensure_qt(args.lang)
    from actgui.qt.base.theme import get_theme
    from actgui.qt.figures.animations import frames_for, training_replay

    activation = ACTIVATIONS.get(config.activation)
    frames = frames_for(len(records) - 1, args.frames, 100)
    animation = training_replay(get_theme(args.theme), trainer.info, records, figures, frames, config.activation,
                                activation.color)
    return _write(args, animation)
