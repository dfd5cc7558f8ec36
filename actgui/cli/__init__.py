"""The command line: `actgui` opens the window; `actgui list|export|train ...` runs headless."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from importlib import import_module

from actgui import __version__
from actgui.cli.common import CliError, Parser, cli_language, set_cli_language, translate
from actgui.core.lazy import load_object

#: Modules that add subcommands, each with `add_commands(commands: Commands)`; imported when the
#: parser is built.
COMMAND_MODULES = ["functions", "softmax", "inits", "losses", "training", "runs", "animate", "backprop"]

#: What `actgui list NAME` prints: "module:function" returning the registry's keys, imported only
#: when asked, so `list` answers without loading the commands' modules.
REGISTRY_LISTS = {
    "activations": "actgui.core.activations:ACTIVATIONS.keys",
    "datasets": "actgui.core.image_datasets:training_dataset_keys",
    "descent-methods": "actgui.core.descent:DESCENT_METHODS.keys",
    "inits": "actgui.core.inits:INITS.keys",
    "losses": "actgui.core.losses:LOSSES.keys",
    "models": "actgui.core.models:MODELS.keys",
    "optimizers": "actgui.core.training.config:TRAINING_OPTIMIZERS.keys",
    "surfaces": "actgui.core.surfaces:surface_keys",
}


def registry_keys(name: str) -> list[str]:
    """The keys `actgui list name` prints."""
    return list(load_object(REGISTRY_LISTS[name])())


class Commands:
    """Where a command module adds its `export` figures and top-level commands."""

    def __init__(self, top: argparse._SubParsersAction, export: argparse._SubParsersAction) -> None:
        self.top = top
        self.export = export


def build_parser() -> Parser:
    parser = Parser(prog="actgui", description=translate(
        "Cli", "ActGUI: activation functions, initialisation and training dynamics. Without a command it opens the "
        "window."))
    parser.add_argument("--version", action="version", version=f"actgui {__version__}")
    top = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    add_gui_arguments(top.add_parser("gui", help=translate("Cli", "open the window (the default)")))
    export = top.add_parser("export", help=translate("Cli", "render a figure to PNG, SVG, PDF or CSV"))
    export_commands = export.add_subparsers(dest="figure", metavar="FIGURE", parser_class=Parser, required=True)
    commands = Commands(top, export_commands)
    for name in COMMAND_MODULES:
        import_module(f"actgui.cli.{name}").add_commands(commands)
    lister = top.add_parser("list", help=translate("Cli", "print a registry's keys, one per line"))
    lister.add_argument("registry", choices=sorted(REGISTRY_LISTS))
    lister.set_defaults(func=lambda args: _print_list(registry_keys(args.registry)))
    return parser


def _print_list(keys: Sequence[str]) -> int:
    for key in keys:
        print(key)
    return 0


def add_gui_arguments(gui: Parser) -> Parser:
    """`actgui gui`'s options, for the whole parser and for the window's own quick one."""
    gui.add_argument("--theme", choices=["light", "dark"], default=None)
    gui.add_argument("--lang", choices=["en", "zh_CN"], default=None)
    gui.set_defaults(func=_run_gui)
    return gui


def _run_gui(args: argparse.Namespace) -> int:
    from actgui.qt.shell.app import run

    return run(theme=args.theme, language=args.lang)


#: The options naming files a command reads, and those naming files it writes (with --stamp, also
#: the sidecar JSON beside --out).
INPUT_OPTIONS = ("data", "run_file")
OUTPUT_OPTIONS = ("out", "table")


def check_outputs_are_not_inputs(args: argparse.Namespace) -> None:
    """Raises CliError when a command would write over a file it reads, or two outputs coincide."""
    from actgui.core.files import FileAccessError, check_not_read, same_file

    inputs = [getattr(args, name, None) for name in INPUT_OPTIONS]
    outputs = [getattr(args, name, None) for name in OUTPUT_OPTIONS]
    out = getattr(args, "out", None)
    if getattr(args, "stamp", False) and out is not None:
        outputs.append(out.with_suffix(".json"))
    outputs = [path for path in outputs if path is not None]
    try:
        for index, output in enumerate(outputs):
            check_not_read(output, inputs)
            if any(same_file(output, other) for other in outputs[:index]):
                raise CliError(f"cannot write {output}: the command writes another of its outputs there")
    except FileAccessError as error:
        raise CliError(str(error)) from None


def report_plugin_problems() -> None:
    """Each plugin that was skipped (it exited, hung, raised or returned bad values), once, on stderr."""
    plugins = sys.modules.get("actgui.core.plugins")
    for problem in getattr(plugins, "PROBLEMS", ())[_reported_problems[0]:]:
        print(f"actgui: warning: plugin skipped: {problem}", file=sys.stderr)
    _reported_problems[0] = len(getattr(plugins, "PROBLEMS", ()))


_reported_problems = [0]


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command in `argv` and returns the exit status; errors print one line, exit 2."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # Skipped plugins are reported once, as a warning line of our own (report_plugin_problems).
    logging.getLogger("actgui.core.plugins").addHandler(logging.NullHandler())
    if len(argv) == 2 and argv[0] == "list" and argv[1] in REGISTRY_LISTS:
        try:
            return _print_list(registry_keys(argv[1]))
        finally:
            report_plugin_problems()
    set_cli_language(cli_language(argv))
    if argv[:1] == ["gui"] and not {"-h", "--help"} & set(argv):  # the window opens without the commands loaded
        args = add_gui_arguments(Parser(prog="actgui gui")).parse_args(argv[1:])
    else:
        args = build_parser().parse_args(argv or ["gui"])
    try:
        check_outputs_are_not_inputs(args)
        return int(args.func(args) or 0)
    except CliError as error:
        print(f"actgui: error: {error}", file=sys.stderr)
        return error.status
    except KeyboardInterrupt:
        print("actgui: interrupted", file=sys.stderr)
        return 130
    finally:
        report_plugin_problems()
