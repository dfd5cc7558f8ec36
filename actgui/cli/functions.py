"""`actgui list activations` and `actgui export function NAMES ...`."""

from __future__ import annotations

import argparse

from actgui.cli.common import (
    CliError,
    add_output_arguments,
    parse_named_params,
    translate,
)
from actgui.core.function_plot import FunctionPlotSpec, compute
from actgui.core.registry import UnknownKeyError
from actgui.core.safe_expr import ExpressionError
from actgui.state.functions import FunctionsState

# The Functions panel's defaults are the command's.
DEFAULTS = FunctionsState()


def add_commands(commands) -> None:
    parser = commands.export.add_parser(
        "function", help=translate("Cli", "activation curves (and derivatives)"),
        description=translate("Cli", "Plot activations; NAMES comma-separated (see `actgui list activations`)."))
    parser.add_argument("names", metavar="NAMES")
    parser.add_argument("--derivative", action="store_true", help=translate("Cli", "also f′ (autograd)"))
    parser.add_argument("--second-derivative", action="store_true", help=translate("Cli", "also f″ (double backward)"))
    parser.add_argument("--param", action="append", metavar="NAME.KEY=VALUE", help=translate("Cli", "e.g. leaky_relu.negative_slope=0.1"))
    parser.add_argument("--expression", default=None, help=translate("Cli", "the formula of the 'custom' activation, in x"))
    parser.add_argument("--xmin", type=float, default=DEFAULTS.xmin)
    parser.add_argument("--xmax", type=float, default=DEFAULTS.xmax)
    parser.add_argument("--points", type=int, default=DEFAULTS.points)
    parser.add_argument("--overlay", action="store_true", help=translate("Cli", "f and derivatives in one plot"))
    parser.add_argument("--tanh-identity", action="store_true", help=translate("Cli", "overlay 2σ(2x) − 1, which equals tanh(x)"))
    parser.add_argument("--effective-range", action="store_true", help=translate("Cli", "shade each curve's effective input range (between its flat tails, |f′| < 0.01)"))
    add_output_arguments(parser)
    parser.set_defaults(func=export_function)


def spec_from_args(args: argparse.Namespace) -> FunctionPlotSpec:
    """The plot spec named by the arguments; raises CliError naming the problem."""
    names = [n.strip() for n in args.names.split(",") if n.strip()]
    params = parse_named_params(args.param)
    spec = FunctionPlotSpec(names=names, params=params, xmin=args.xmin, xmax=args.xmax, points=args.points,
                            derivative=args.derivative,
                            second=args.second_derivative, tanh_identity=args.tanh_identity,
                            effective_range=args.effective_range)
    if args.expression is not None:
        spec.custom_expression = args.expression
    try:
        spec.check()
        spec.activations()
    except UnknownKeyError as error:
        raise CliError(str(error)) from None
    except (ExpressionError, ValueError) as error:
        raise CliError(str(error)) from None
    return spec


def export_function(args: argparse.Namespace) -> int:
    from actgui.cli.common import wants_code, write_figure

    spec = spec_from_args(args)
    data = None if wants_code(args) else compute(spec)

    def make(theme):
        from actgui.qt.figures.functions import FunctionsFigure

        figure = FunctionsFigure(theme, overlay=args.overlay)
        figure.show(spec, data)
        return figure

    def code():
        from actgui.core.codegen.functions import function_recipe

        return function_recipe(spec, overlay=args.overlay)

    return write_figure(args, make, code)
