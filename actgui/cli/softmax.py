"""`actgui export softmax --logits 1,2,3 [--temperature T] --out FILE`."""

from __future__ import annotations

import argparse

from actgui.cli.common import CliError, add_output_arguments, translate, write_figure
from actgui.core.softmax import check_temperature, parse_logits
from actgui.state.softmax import SoftmaxState

# The Softmax panel's defaults are the command's.
DEFAULTS = SoftmaxState()


def add_commands(commands) -> None:
    parser = commands.export.add_parser(
        "softmax", help=translate("Cli", "softmax of a logit vector as bars (CSV: index,logit,probability)"))
    parser.add_argument("--logits", default=",".join(f"{v:g}" for v in DEFAULTS.logits), help=translate("Cli", "comma-separated logits"))
    parser.add_argument("--temperature", type=float, default=DEFAULTS.temperature)
    parser.add_argument("--twice", action="store_true", help=translate("Cli", "also softmax applied twice"))
    parser.add_argument("--twice-temperature", type=float, default=DEFAULTS.twice_temperature,
                        help=translate("Cli", "temperature T₂ of the second softmax (default 1)"))
    parser.add_argument("--jacobian", action="store_true", help=translate("Cli", "draw the Jacobian heat map instead"))
    add_output_arguments(parser)
    parser.set_defaults(func=export_softmax)


def export_softmax(args: argparse.Namespace) -> int:
    try:
        logits = parse_logits(args.logits)
    except ValueError as error:
        raise CliError(f"--logits: {error}") from None
    for option, value in (("temperature", args.temperature), ("twice-temperature", args.twice_temperature)):
        try:
            check_temperature(value)
        except ValueError as error:
            raise CliError(f"--{option}: {error}") from None

    def make(theme):
        from actgui.qt.figures.softmax import JacobianFigure, SoftmaxFigure

        if args.jacobian:
            figure = JacobianFigure(theme)
            figure.show(logits, args.temperature)
        else:
            figure = SoftmaxFigure(theme)
            figure.show(logits, args.temperature, args.twice, args.twice_temperature)
        return figure

    def code():
        from actgui.core.codegen.softmax import softmax_recipe

        return softmax_recipe(logits, args.temperature, args.twice, args.twice_temperature, bars=not args.jacobian,
                              jacobian=args.jacobian)

    return write_figure(args, make, code)
