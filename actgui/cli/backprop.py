"""`actgui export backprop --dataset D --hidden H --activation A --batch-size N --lr LR --seed S --out FILE`:
one SGD step of a small MLP. A .json --out holds every number of the step (x, y, loss, loss_value, lr
and per layer activation, W, b, z, a, da, fprime, dz, dW, db, W_after, b_after); .png, .svg and .pdf
draw the step at --phase, as the Backprop panel does; .py and .ipynb hold its plain torch code."""

from __future__ import annotations

import argparse
import json

from actgui.cli.common import CliError, add_output_arguments, translate, write_figure
from actgui.core.backprop import LOSSES, PHASES, compute_step
from actgui.core.files import FileAccessError, atomic_write
from actgui.core.registry import UnknownKeyError
from actgui.core.training.config import parse_hidden
from actgui.state.backprop import BackpropState, phase_layer

# The Backprop panel's defaults are the command's.
DEFAULTS = BackpropState()
SUFFIXES = (".json", ".png", ".svg", ".pdf", ".py", ".ipynb")


def add_commands(commands) -> None:
    parser = commands.export.add_parser(
        "backprop", help=translate("Cli", "one SGD step of a small MLP, every number from autograd (.json), or drawn"))
    parser.add_argument("--dataset", default=DEFAULTS.dataset)
    parser.add_argument("--hidden", default=",".join(str(n) for n in DEFAULTS.hidden),
                        help=translate("Cli", "hidden layer sizes, e.g. 4,4 (at most 6 layers of 8 units)"))
    parser.add_argument("--activation", default=DEFAULTS.activation)
    parser.add_argument("--batch-size", type=int, default=DEFAULTS.batch_size)
    parser.add_argument("--first", type=int, default=DEFAULTS.first,
                        help=translate("Cli", "the batch's first example in the training set"))
    parser.add_argument("--lr", type=float, default=DEFAULTS.lr)
    parser.add_argument("--seed", type=int, default=DEFAULTS.seed)
    parser.add_argument("--classes", type=int, default=None, help=translate("Cli", "classes of the gaussians data set"))
    parser.add_argument("--samples", type=int, default=DEFAULTS.samples)
    parser.add_argument("--loss", choices=LOSSES, default=None,
                        help=translate("Cli", "the loss, where the data allow more than one (default: the task's)"))
    parser.add_argument("--phase", choices=PHASES, default="backward", help=translate("Cli", "the phase a picture draws"))
    parser.add_argument("--weight", default="1,1",
                        help=translate("Cli", "UNIT,INPUT: the first-layer weight whose paths a picture lists"))
    add_output_arguments(parser)
    parser.set_defaults(func=export_backprop)


def _state(args: argparse.Namespace) -> BackpropState:
    try:
        unit, source = (int(part) for part in args.weight.split(","))
    except ValueError:
        raise CliError(f"--weight '{args.weight}' must look like UNIT,INPUT (e.g. 1,2)") from None
    try:
        values = {"dataset": args.dataset, "hidden": list(parse_hidden(args.hidden)), "activation": args.activation,
                  "batch_size": args.batch_size, "first": args.first, "lr": args.lr, "seed": args.seed,
                  "samples": args.samples, "loss": args.loss or "", "phase": args.phase, "unit": unit,
                  "source": source}
        if args.classes is not None:
            values["classes"] = args.classes
        return BackpropState.from_dict(values)
    except (ValueError, UnknownKeyError) as error:
        raise CliError(str(error)) from None


def export_backprop(args: argparse.Namespace) -> int:
    suffix = args.out.suffix.lower()
    if suffix not in SUFFIXES:
        raise CliError(f"unsupported file type '{suffix or args.out.name}' (use {', '.join(SUFFIXES)})")
    state = _state(args)
    try:
        step = compute_step(state.step_settings())
    except (ValueError, UnknownKeyError) as error:
        raise CliError(str(error)) from None
    if suffix == ".json":
        try:
            atomic_write(args.out, json.dumps(step.to_json()) + "\n")
        except FileAccessError as error:
            raise CliError(str(error)) from None
        print(args.out)
        return 0

    def make(theme):
        from actgui.qt.figures.backprop import BackpropFigure

        figure = BackpropFigure(theme)
        figure.show(step, state.phase, phase_layer(state.phase, len(step.layers)), state.weight)
        return figure

    def code():
        from actgui.core.codegen.backprop import backprop_recipe

        return backprop_recipe(step)

    return write_figure(args, make, code)
