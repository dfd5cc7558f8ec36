"""What every CLI command shares: one-line errors, the offscreen Qt app and figure output."""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from actgui.core.registry import shorten

_translator = {"language": "en", "catalogue": None}


def cli_language(argv: list[str]) -> str:
    """zh_CN when argv says `--lang zh_CN` (or the environment's locale is Chinese), else en."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return "zh_CN" if argv[index + 1] == "zh_CN" else "en"
        if arg.startswith("--lang="):
            return "zh_CN" if arg.split("=", 1)[1] == "zh_CN" else "en"
    locale = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    return "zh_CN" if locale.startswith("zh") else "en"


def set_cli_language(language: str) -> None:
    """Loads the compiled catalogue for the CLI's help texts (no QApplication needed)."""
    _translator["language"], _translator["catalogue"] = language, None
    if language != "en":  # English needs no catalogue, nor Qt
        from importlib import resources

        from PySide6.QtCore import QTranslator

        catalogue = QTranslator()
        if catalogue.load(str(resources.files("actgui") / "resources" / "i18n" / f"actgui_{language}.qm")):
            _translator["catalogue"] = catalogue


def translate(context: str, text: str) -> str:
    """`text` in the CLI's language (lupdate collects these calls like Qt's own translate)."""
    catalogue = _translator["catalogue"]
    return (catalogue.translate(context, text) if catalogue is not None else "") or text


NEGATIVE_VALUE = re.compile(r"^-\.?\d")


class CliError(Exception):
    """A user error: printed as one line, exit status `status` (2 unless said otherwise)."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors (`actgui: error: ...`, exit 2, never a usage dump) and negative
    numbers as values: `--start -3,3` and `--xmin -6` (no option of ours starts with a digit)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # argparse takes "-3,3" for an option because only plain numbers pass its negative-number test.
        self._negative_number_matcher = NEGATIVE_VALUE
        self.register("type", int, parse_int_option)
        self.register("type", float, parse_float_option)

    def error(self, message: str) -> NoReturn:
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


#: The largest magnitude an integer option may have (every option's own range is far smaller; this
#: keeps a 400-digit number from reaching code that turns it into a float).
MAX_INT_OPTION = 10**18


def parse_int_option(text: str) -> int:
    """An integer option's value; refuses (with the text shortened) anything but a whole number of
    at most 18 digits."""
    digits = text.strip().lstrip("+-")
    if not digits.isdigit() or not digits.isascii():
        raise argparse.ArgumentTypeError(f"'{shorten(text)}' is not a whole number")
    if len(digits.lstrip("0")) > 18:
        raise argparse.ArgumentTypeError(f"{format_number_text(text)} is far out of range")
    return int(text)


def parse_float_option(text: str) -> float:
    """A float option's value (the text shortened in the message when it is not a number)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{shorten(text)}' is not a number") from None
    if math.isinf(value) and "inf" not in text.lower():
        raise argparse.ArgumentTypeError(f"{format_number_text(text)} is far out of range")
    return value


def format_number_text(text: str) -> str:
    """The digits the user typed, shortened for a message."""
    digits = text.strip()
    if len(digits) <= 24:
        return digits
    return f"{digits[:8]}…{digits[-4:]} ({len(digits.lstrip('+-'))} digits)"


def add_output_arguments(parser: argparse.ArgumentParser, size: bool = True) -> None:
    """--out FILE (suffix picks PNG/SVG/PDF/CSV), and --width/--height/--scale/--theme/--lang."""
    parser.add_argument("--out", required=True, type=Path, help=translate("Cli", "output file: .png, .svg, .pdf, .csv, or the code as .py or .ipynb"))
    if size:
        parser.add_argument("--width", type=int, default=1600)
        parser.add_argument("--height", type=int, default=900)
        parser.add_argument("--scale", type=float, default=1.0, help=translate("Cli", "text and line scale (like DPI)"))
    parser.add_argument("--theme", choices=["light", "dark"], default="light")
    parser.add_argument("--lang", choices=["en", "zh_CN"], default="en")
    parser.add_argument("--stamp", action="store_true",
                        help=translate("Cli", "stamp the settings on the image and write them to a .json beside --out"))


def parse_float(text: str, what: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise CliError(f"{what}: '{shorten(text)}' is not a number") from None


def parse_assignments(items: list[str] | None, what: str = "--param") -> dict[str, str]:
    """['a=1', 'b=2'] → {'a': '1', 'b': '2'}; raises CliError for an item without '='."""
    result = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise CliError(f"{what} '{item}' must look like KEY=VALUE")
        result[key.strip()] = value.strip()
    return result


def parse_named_params(items: list[str] | None) -> dict[str, dict[str, float]]:
    """['elu.alpha=2', 'huber.delta=1'] → {'elu': {'alpha': 2.0}, 'huber': {'delta': 1.0}}."""
    params: dict[str, dict[str, float]] = {}
    for target, value in parse_assignments(items, "--param").items():
        name, dot, key = target.partition(".")
        if not dot:
            raise CliError(f"--param '{target}={value}' must look like NAME.KEY=VALUE")
        params.setdefault(name, {})[key] = parse_float(value, f"--param {target}")
    return params


def ensure_qt(language: str = "en") -> None:
    """An offscreen QApplication for rendering (the CLI never needs a display)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        QApplication(["actgui"])
    from actgui.qt.base.i18n import install_language

    install_language(language)


def end_process(status: int) -> None:
    """Ends a command-line process that drew with Qt, once its files are written and closed: its
    output is flushed and the process exits with `status` without tearing down Qt's objects.
    (PySide's exit handler deletes pyqtgraph's items while Python is shutting down, and a Python
    override failing then crashes in shiboken: exit 139 at small figure sizes. This is pyqtgraph's
    own remedy, `pyqtgraph.exit()`.) Without Qt loaded it returns and Python exits normally."""
    if "PySide6.QtWidgets" not in sys.modules:
        return
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            status = status or 1
    os._exit(status)


OUTPUT_OPTIONS = {"func", "out", "width", "height", "scale", "theme", "lang", "stamp"}


def command_settings(args: argparse.Namespace) -> dict:
    """The command's own settings (what made the figure), for the stamp and the sidecar JSON."""
    return {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()
            if k not in OUTPUT_OPTIONS and v is not None}


def write_code(args: argparse.Namespace, recipe: Callable[[], object] | None) -> int:
    """Writes the plain torch code of the figure (`recipe()`) as args.out (.py or .ipynb)."""
    from actgui.core.codegen.functions import NoCodeError
    from actgui.core.codegen.recipe import write
    from actgui.core.files import FileAccessError

    if recipe is None:
        raise CliError(f"this figure cannot be written as code ({args.out.suffix})")
    try:
        print(write(recipe(), args.out, getattr(args, "lang", "en")))
    except NoCodeError as error:
        raise CliError(str(error)) from None
    except FileAccessError as error:
        raise CliError(str(error), status=1) from None
    return 0


def wants_code(args: argparse.Namespace) -> bool:
    """Whether --out names a script or a notebook."""
    from actgui.core.codegen.recipe import CODE_SUFFIXES

    return args.out.suffix.lower() in CODE_SUFFIXES


def write_figure(args: argparse.Namespace, make_figure: Callable[..., object],
                 recipe: Callable[[], object] | None = None) -> int:
    """Builds the figure with `make_figure(theme)` in an offscreen app and writes args.out; for a .py or
    .ipynb --out, writes the figure's code from `recipe()` instead (no Qt)."""
    if wants_code(args):
        return write_code(args, recipe)
    ensure_qt(getattr(args, "lang", "en"))
    from actgui.qt.base.export import ExportError, export
    from actgui.qt.base.theme import get_theme

    figure = make_figure(get_theme(args.theme))
    try:
        path = export(figure, args.out, getattr(args, "width", 1600), getattr(args, "height", 900),
                      getattr(args, "scale", 1.0), command_settings(args) if args.stamp else None)
    except ExportError as error:
        raise CliError(str(error)) from None
    print(path)
    return 0
