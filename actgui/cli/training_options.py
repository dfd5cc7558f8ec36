"""The options of `actgui train` that set a TrainingConfig setting, read from the settings'
declarations (actgui.core.training.settings): each setting's option, help text and default are
declared once, on its field, and `config_values` reads the parsed options back the same way."""

from __future__ import annotations

import argparse
from dataclasses import MISSING, Field
from typing import Any

from actgui.cli.common import CliError, translate
from actgui.core.training.config import TrainingConfig
from actgui.core.training.settings import CliOption, Setting, cli_options


def field_default(item: Field) -> Any:
    return item.default_factory() if item.default is MISSING else item.default  # type: ignore[misc]


def plain_type(declared: Setting, default: Any) -> type | None:
    """int or float as the setting's range or default says; None (text) otherwise."""
    if declared.param is not None:
        return int if declared.param.integer else float
    return type(default) if isinstance(default, int | float) else None


def argument(item: Field, declared: Setting, option: CliOption) -> dict[str, Any]:
    """The argparse keywords of one setting's option."""
    default = field_default(item)
    keywords: dict[str, Any] = {}
    if option.help is not None:
        text = translate("Cli", option.help)
        keywords["help"] = text.format(**option.help_fields()) if option.help_fields is not None else text
    if option.metavar is not None:
        keywords["metavar"] = option.metavar
    if option.repeat:
        keywords["action"] = "append"
        return keywords
    if option.parse is not None:  # the text goes to parse as it is (or as value_type, e.g. a Path)
        keywords["default"] = None if option.text is None else option.text(default)
        value_type = option.value_type
    elif isinstance(default, bool):
        keywords["action"] = "store_true"
        keywords["default"] = default
        return keywords
    else:
        keywords["default"] = default
        value_type = option.value_type or plain_type(declared, default)
    if option.choices is not None:
        keywords["choices"] = option.choices
    if value_type is not None:
        keywords["type"] = value_type
    return keywords


def add_config_options(parser: argparse.ArgumentParser) -> None:
    """One option per TrainingConfig setting that declares one, in the declared order."""
    for item, declared, option in cli_options(TrainingConfig):
        parser.add_argument(option.flag, **argument(item, declared, option))


def config_values(args: argparse.Namespace) -> dict[str, object]:
    """The settings the parsed options give (TrainingConfig keywords); raises CliError for a malformed
    option. Options that convert their text (--hidden, --data, ...) apply after the plain ones, so that
    --data FILE.csv sets the data set whatever --dataset says."""
    values: dict[str, object] = {}
    converted: dict[str, object] = {}
    for item, _, option in cli_options(TrainingConfig):
        value = getattr(args, option.dest)
        if option.parse is None:
            values[item.name] = value
        elif value is not None:
            try:
                converted.update(option.parse(option.flag, value))
            except ValueError as error:
                raise CliError(str(error)) from None
    return values | converted
