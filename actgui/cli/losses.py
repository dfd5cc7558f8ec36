"""`actgui export loss NAMES ...`, `actgui export landscape SURFACE ...` and
`actgui list losses|surfaces|optimizers`."""

from __future__ import annotations

import argparse
from dataclasses import replace

from actgui.cli.common import (
    CliError,
    add_output_arguments,
    parse_assignments,
    parse_float,
    parse_named_params,
    translate,
    write_figure,
)
from actgui.cli.network import add_network_arguments, export_network_landscape
from actgui.core.descent import DescentSettings, run
from actgui.core.losses import (
    CLASSIFICATION,
    LOGIT,
    PROBABILITY,
    REGRESSION,
    SIGMOID_OUTPUT,
    curves,
    plot_kind,
)
from actgui.core.network_landscape import NETWORK_SURFACE
from actgui.core.registry import UnknownKeyError
from actgui.core.safe_expr import ExpressionError
from actgui.core.surfaces import CUSTOM_KEY, get_surface
from actgui.state.landscape import MAX_COMPARED_RATES, LandscapeState
from actgui.state.losses import LossesState

# The Landscape panel's defaults are the command's.
LANDSCAPE = LandscapeState()
# The Losses panel's regression target; a classification target defaults to the true class (t = 1)
# here, while the panel opens on a soft target.
LOSSES_DEFAULTS = LossesState()
CLASSIFICATION_TARGET = 1.0

DEFAULT_POINTS = 801


def add_commands(commands) -> None:

    loss = commands.export.add_parser(
        "loss", help=translate("Cli", "losses and their autograd gradients against the prediction"),
        description=translate("Cli", "Plot losses (see `actgui list losses`), NAMES comma-separated. Regression and classification losses go on one figure against the logit (default) or the probability of a sigmoid output, the regression losses scoring ŷ = p against t. CSV columns: prediction, then NAME and NAME_grad per loss."))
    loss.add_argument("names", metavar="NAMES")
    loss.add_argument("--target", type=float, default=None,
                      help=translate("Cli", "target y (regression, default 0) or t in [0, 1] (classification, default 1)"))
    loss.add_argument("--param", action="append", metavar="NAME.KEY=VALUE", help=translate("Cli", "e.g. huber.delta=2"))
    loss.add_argument("--axis", choices=[PROBABILITY, LOGIT], default=None,
                      help=translate("Cli", "classification: plot against the probability p (default) or the logit z; regression losses on either axis score the sigmoid output ŷ = p (default with classification losses: logit)"))
    loss.add_argument("--xmin", type=float, default=None, help=translate("Cli", "default: target − 4, (0, 1) or −6"))
    loss.add_argument("--xmax", type=float, default=None, help=translate("Cli", "default: target + 4, (0, 1) or 6"))
    loss.add_argument("--points", type=int, default=DEFAULT_POINTS)
    add_output_arguments(loss)
    loss.set_defaults(func=export_loss)

    landscape = commands.export.add_parser(
        "landscape", help=translate("Cli", "optimisers' trajectories on a 2-D surface"),
        description=translate("Cli", "Run torch.optim optimisers from one start on a surface (see `actgui list surfaces`). CSV columns: optimizer, step, x, y, loss."))
    landscape.add_argument("surface", metavar="SURFACE")
    landscape.add_argument("--start", default=None, metavar="X,Y",
                           help=translate("Cli", "default: the surface's own start, e.g. -1.5,2"))
    landscape.add_argument("--optimizers", default=",".join(LANDSCAPE.optimizers),
                           help=translate("Cli", "comma-separated"))
    landscape.add_argument("--lr", type=float, default=LANDSCAPE.lr)
    landscape.add_argument("--momentum", type=float, default=LANDSCAPE.momentum)
    landscape.add_argument("--steps", type=int, default=LANDSCAPE.steps)
    landscape.add_argument("--param", action="append", metavar="KEY=VALUE", help=translate("Cli", "surface parameter, e.g. condition=20"))
    landscape.add_argument("--expression", default=LANDSCAPE.expression,
                           help=translate("Cli", "f(x, y) of the 'custom' surface"))
    landscape.add_argument("--lrs", default=None, metavar="LR,LR,...",
                           help=translate("Cli", "compare learning rates on one surface: every optimizer runs at each"))
    landscape.add_argument("--field", action="store_true", help=translate("Cli", "also draw the descent direction −∇f"))
    add_network_arguments(landscape)
    add_output_arguments(landscape)
    landscape.set_defaults(func=export_landscape)


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


def export_loss(args: argparse.Namespace) -> int:
    names = _names(args.names)
    params = parse_named_params(args.param)
    try:
        kind = plot_kind(names, args.axis) if names else None
        default = LOSSES_DEFAULTS.target if kind == REGRESSION else CLASSIFICATION_TARGET
        target = args.target if args.target is not None else default
        window = None
        if args.xmin is not None or args.xmax is not None:
            if args.xmin is None or args.xmax is None:
                raise CliError("give both --xmin and --xmax")
            window = (args.xmin, args.xmax)
        data = curves(names, target, params, args.axis, window, args.points)
        axis = args.axis or (LOGIT if kind == SIGMOID_OUTPUT else data[0].loss.prediction)
    except UnknownKeyError as error:
        raise CliError(str(error)) from None
    except ValueError as error:
        raise CliError(str(error)) from None

    def make(theme):
        from actgui.qt.figures.losses import ClassificationLossFigure, RegressionLossFigure, SigmoidOutputLossFigure

        figure_class = {REGRESSION: RegressionLossFigure, CLASSIFICATION: ClassificationLossFigure,
                        SIGMOID_OUTPUT: SigmoidOutputLossFigure}[kind]
        figure = figure_class(theme)
        figure.show(data, target, axis)
        return figure

    def code():
        from actgui.core.codegen.losses import losses_recipe

        return losses_recipe(names, target, params, axis, window, args.points)

    return write_figure(args, make, code)


def _point(text: str) -> tuple[float, float]:
    parts = text.split(",")
    if len(parts) != 2:
        raise CliError(f"--start '{text}' must look like X,Y")
    return parse_float(parts[0], "--start x"), parse_float(parts[1], "--start y")


def descent_from_args(args: argparse.Namespace) -> tuple:
    """The surface, its parameters, the descent settings and the optimisers' trajectories the
    options describe (shared by `export landscape` and `animate landscape`); raises CliError."""
    try:
        surface = get_surface(args.surface, args.expression or LANDSCAPE.expression)
        params = surface.resolve({key: parse_float(value, f"--param {key}")
                                  for key, value in parse_assignments(args.param, "--param").items()})
        start = _point(args.start) if args.start is not None else surface.start
        settings = DescentSettings(start=start, optimizers=tuple(_names(args.optimizers)), lr=args.lr,
                                   momentum=args.momentum, steps=args.steps)
        return surface, params, settings, run(surface, settings, params)
    except UnknownKeyError as error:
        raise CliError(str(error)) from None
    except (ExpressionError, ValueError) as error:
        prefix = "--expression: " if isinstance(error, ExpressionError) and args.surface == CUSTOM_KEY else ""
        raise CliError(f"{prefix}{error}") from None


def export_landscape(args: argparse.Namespace) -> int:
    if args.surface == NETWORK_SURFACE:
        return export_network_landscape(args)
    surface, params, settings, trajectories = descent_from_args(args)
    rates = [settings.lr]
    if args.lrs is not None:
        try:
            rates = [parse_float(value, "--lrs") for value in args.lrs.split(",")]
            if len(rates) > MAX_COMPARED_RATES or len(set(rates)) != len(rates):
                raise ValueError(f"give 1 to {MAX_COMPARED_RATES} different learning rates")
            trajectories = [t for lr in rates for t in run(surface, replace(settings, lr=lr), params)]
        except ValueError as error:
            raise CliError(f"--lrs: {error}") from None

    def make(theme):
        from actgui.qt.figures.landscape import LandscapeFigure

        figure = LandscapeFigure(theme)
        try:
            figure.show_surface(surface, params, args.field)
        except ValueError as error:
            raise CliError(str(error)) from None
        figure.show_runs([trajectories])
        return figure

    def code():
        from actgui.core.codegen.landscape import landscape_recipe

        return landscape_recipe(args.surface, params, settings, expression=args.expression or "", lrs=rates)

    return write_figure(args, make, code)
