"""`actgui list inits`, `actgui export init SCHEME ...` and `actgui export depth ...`."""

from __future__ import annotations

import argparse

from actgui.cli.common import (
    CliError,
    add_output_arguments,
    parse_assignments,
    parse_float,
    translate,
    wants_code,
    write_figure,
)
from actgui.core.depth import (
    DEPTH_COMPARISONS,
    MAX_BATCH,
    MAX_DEPTH,
    MAX_WIDTH,
    DepthSpec,
    parse_cases,
    run_depth,
)
from actgui.core.inits import MAX_FAN, sample_weights
from actgui.core.registry import UnknownKeyError
from actgui.state.init import DepthState, HistogramState

# The Initialisation panel's defaults are the commands'.
HISTOGRAM, DEPTH = HistogramState(), DepthState()


def add_commands(commands) -> None:

    init = commands.export.add_parser(
        "init", help=translate("Cli", "histogram of sampled weights against theory (CSV: one row per weight)"),
        description=translate("Cli", "Sample a fan_out × fan_in weight with SCHEME (see `actgui list inits`) and draw its histogram with the theoretical density. CSV: column `weight`, one row per weight."))
    init.add_argument("scheme", metavar="SCHEME")
    init.add_argument("--fan-in", type=int, default=HISTOGRAM.fan_in, help=translate("Cli", "inputs of the layer, 1 to {MAX_FAN} (default 256)").format(MAX_FAN=MAX_FAN))
    init.add_argument("--fan-out", type=int, default=HISTOGRAM.fan_out, help=translate("Cli", "outputs of the layer, 1 to {MAX_FAN} (default 256)").format(MAX_FAN=MAX_FAN))
    init.add_argument("--param", action="append", metavar="KEY=VALUE",
                      help=translate("Cli", "a scheme parameter, e.g. gain=2, mode=fan_out, nonlinearity=tanh (repeatable)"))
    init.add_argument("--seed", type=int, default=HISTOGRAM.seed)
    add_output_arguments(init)
    init.set_defaults(func=export_init)

    depth = commands.export.add_parser(
        "depth", help=translate("Cli", "activation and gradient std per layer of a deep stack (CSV: [case,]layer,act_mean,act_std,grad_std,signal_grad_std)"),
        description=translate("Cli", "One forward and backward pass (loss: mean of the squared output) through DEPTH linear layers of width W with the activation and init; plots the std of each layer's activations, of the gradient of its weights and of the back-propagated signal ∂L/∂h, and the activations' mean."))
    depth.add_argument("--activation", help=translate("Cli", "see `actgui list activations`"))
    depth.add_argument("--init", metavar="SCHEME", help=translate("Cli", "see `actgui list inits`"))
    depth.add_argument("--cases", metavar="ACT:INIT,...|COMPARISON",
                       help=translate("Cli", "several cases on one plot instead of --activation/--init: ACTIVATION:INIT pairs such as relu:xavier_normal,relu:kaiming_normal, or one of the notes' comparisons: {names}").format(names=", ".join(DEPTH_COMPARISONS.keys())))
    depth.add_argument("--depth", type=int, default=DEPTH.depth, help=translate("Cli", "number of layers, 1 to {MAX_DEPTH} (default 20)").format(MAX_DEPTH=MAX_DEPTH))
    depth.add_argument("--layer-width", type=int, default=DEPTH.width, help=translate("Cli", "units per layer, 1 to {MAX_WIDTH} (default 256)").format(MAX_WIDTH=MAX_WIDTH))
    depth.add_argument("--batch", type=int, default=DEPTH.batch, help=translate("Cli", "batch size, 1 to {MAX_BATCH} (default 256)").format(MAX_BATCH=MAX_BATCH))
    depth.add_argument("--seed", type=int, default=DEPTH.seed)
    depth.add_argument("--param", action="append", metavar="activation.KEY=V|init.KEY=V",
                       help=translate("Cli", "an activation or init parameter, e.g. activation.negative_slope=0.2, init.gain=1.5, init.mode=fan_out (repeatable)"))
    add_output_arguments(depth)
    depth.set_defaults(func=export_depth)


def export_init(args: argparse.Namespace) -> int:
    params = parse_assignments(args.param)
    try:
        sample = sample_weights(args.scheme, args.fan_in, args.fan_out, params, args.seed)
    except (UnknownKeyError, ValueError) as error:
        raise CliError(str(error)) from None

    def make(theme):
        from actgui.qt.figures.init import InitHistogramFigure

        figure = InitHistogramFigure(theme)
        figure.show([sample])
        return figure

    def code():
        from actgui.core.codegen.inits import init_recipe

        return init_recipe(args.scheme, sample.params, args.fan_in, args.fan_out, args.seed)

    return write_figure(args, make, code)


def depth_spec_from_args(args: argparse.Namespace) -> DepthSpec:
    """The depth experiment named by the arguments; raises CliError naming the problem."""
    if args.activation is None or args.init is None:
        raise CliError("give --activation and --init, or --cases")
    groups: dict[str, dict[str, str]] = {"activation": {}, "init": {}}
    for target, value in parse_assignments(args.param).items():
        group, dot, key = target.partition(".")
        if not dot or group not in groups or not key:
            raise CliError(f"--param '{target}={value}' must look like activation.KEY=VALUE or init.KEY=VALUE")
        groups[group][key] = value
    activation_params = {key: parse_float(value, f"--param activation.{key}")
                         for key, value in groups["activation"].items()}
    try:
        spec = DepthSpec(activation=args.activation, init=args.init, activation_params=activation_params,
                         init_params=groups["init"], depth=args.depth, width=args.layer_width, batch=args.batch,
                         seed=args.seed)
        spec.check()
    except (UnknownKeyError, ValueError) as error:
        raise CliError(str(error)) from None
    return spec


def depth_cases_from_args(args: argparse.Namespace) -> list[DepthSpec]:
    """The cases of `--cases` (pairs or a comparison's key), sizes and seed from the other options."""
    if args.activation is not None or args.init is not None or args.param:
        raise CliError("--cases replaces --activation, --init and --param (each case uses its init's defaults)")
    base = DepthSpec(depth=args.depth, width=args.layer_width, batch=args.batch, seed=args.seed)
    try:
        base.check()
        if args.cases.strip() in DEPTH_COMPARISONS:
            return DEPTH_COMPARISONS.get(args.cases.strip()).specs(base)
        return parse_cases(args.cases, base)
    except (UnknownKeyError, ValueError) as error:
        raise CliError(str(error)) from None


def export_depth(args: argparse.Namespace) -> int:
    specs = depth_cases_from_args(args) if args.cases is not None else [depth_spec_from_args(args)]
    results = [] if wants_code(args) else [run_depth(spec) for spec in specs]

    def make(theme):
        from actgui.qt.figures.init import DepthFigure

        figure = DepthFigure(theme)
        figure.show_cases(results)
        return figure

    def code():
        from actgui.core.codegen.depth import depth_recipe

        return depth_recipe(specs)

    return write_figure(args, make, code)
