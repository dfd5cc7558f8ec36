"""The command line: `actgui` opens the window; `actgui list|export|train ...` runs headless."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from actgui import __version__
from actgui.cli import animate, functions, inits, losses, softmax, training
from actgui.cli.common import CliError, Parser, cli_language, set_cli_language, translate

#: Modules that add subcommands; each has `add_commands(commands: Commands)`.
COMMAND_MODULES = [functions, softmax, inits, losses, training, animate]


class Commands:
    """Where a command module adds its `export` figures, `list` registries and top-level commands."""

    def __init__(self, top: argparse._SubParsersAction, export: argparse._SubParsersAction) -> None:
        self.top = top
        self.export = export
        self.lists: dict[str, Callable[[], Sequence[str]]] = {}

    def add_list(self, name: str, keys: Callable[[], Sequence[str]]) -> None:
        if name in self.lists:
            raise ValueError(f"two command modules list '{name}'")
        self.lists[name] = keys


def build_parser() -> Parser:
    parser = Parser(prog="actgui", description=translate(
        "Cli", "ActGUI: activation functions, initialisation and training dynamics. Without a command it opens the "
        "window."))
    parser.add_argument("--version", action="version", version=f"actgui {__version__}")
    top = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    gui = top.add_parser("gui", help=translate("Cli", "open the window (the default)"))
    gui.add_argument("--theme", choices=["light", "dark"], default=None)
    gui.add_argument("--lang", choices=["en", "zh_CN"], default=None)
    gui.set_defaults(func=_run_gui)
    export = top.add_parser("export", help=translate("Cli", "render a figure to PNG, SVG, PDF or CSV"))
    export_commands = export.add_subparsers(dest="figure", metavar="FIGURE", parser_class=Parser, required=True)
    commands = Commands(top, export_commands)
    for module in COMMAND_MODULES:
        module.add_commands(commands)
    lister = top.add_parser("list", help=translate("Cli", "print a registry's keys, one per line"))
    lister.add_argument("registry", choices=sorted(commands.lists))
    lister.set_defaults(func=lambda args: _print_list(commands.lists[args.registry]()))
    return parser


def _print_list(keys: Sequence[str]) -> int:
    for key in keys:
        print(key)
    return 0


def _run_gui(args: argparse.Namespace) -> int:
    from actgui.qt.shell.app import run

    return run(theme=args.theme, language=args.lang)


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command in `argv` and returns the exit status; errors print one line, exit 2."""
    argv = list(sys.argv[1:] if argv is None else argv)
    set_cli_language(cli_language(argv))
    parser = build_parser()
    args = parser.parse_args(argv or ["gui"])
    try:
        return int(args.func(args) or 0)
    except CliError as error:
        print(f"actgui: error: {error}", file=sys.stderr)
        return error.status
    except KeyboardInterrupt:
        print("actgui: interrupted", file=sys.stderr)
        return 130
