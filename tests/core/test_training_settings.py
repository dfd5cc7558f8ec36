"""Every TrainingConfig setting is declared once, on its field: its range, whether a running network
takes it, and its `actgui train` option (or the option that sets it with others, or why it has none)."""

from __future__ import annotations

import ast
import inspect
from dataclasses import dataclass, fields, replace
from pathlib import Path

import pytest

from actgui.core.training.config import LIVE_PARAMS, NETWORK_SETTINGS, TrainingConfig
from actgui.core.training.settings import CliOption, cli_options, declaration, setting

SETTINGS = [(item.name, declaration(item)) for item in fields(TrainingConfig)]
FLAGS = {declared.option.flag for _, declared in SETTINGS if declared is not None and declared.option is not None}


@pytest.mark.parametrize(("name", "declared"), SETTINGS, ids=[name for name, _ in SETTINGS])
def test_every_setting_declares_its_option_or_why_it_has_none(name, declared):
    assert declared is not None, f"{name}: declare it with setting(...)"
    ways = [declared.option is not None, declared.set_by is not None, declared.no_option is not None]
    assert sum(ways) == 1, f"{name}: give exactly one of option=, set_by= or no_option="
    if declared.set_by is not None:
        assert declared.set_by in FLAGS, f"{name}: set_by names no option"
    if declared.no_option is not None:
        assert declared.no_option.strip(), f"{name}: say why the command line has no option for it"
    if declared.param is not None:
        assert declared.param.key == name
    assert not declared.live or declared.param is not None, f"{name}: a live setting needs its range"


def test_options_have_distinct_flags_and_list_every_optioned_setting_once():
    listed = [item.name for item, _, _ in cli_options(TrainingConfig)]
    assert sorted(listed) == sorted(name for name, declared in SETTINGS if declared.option is not None)
    assert len(FLAGS) == len(listed)


def test_live_and_network_settings_come_from_the_declarations():
    assert list(LIVE_PARAMS) == ["lr", "momentum", "weight_decay", "batch_size", "clip_norm"]
    assert all(param.key == name for name, param in LIVE_PARAMS.items())
    assert {item.name for item in fields(TrainingConfig)} - set(LIVE_PARAMS) == NETWORK_SETTINGS


def test_a_setting_without_an_option_is_left_out_and_after_moves_an_option():
    @dataclass(frozen=True)
    class Settings:
        first: int = setting(1, option=CliOption("--first"))
        hidden_one: str = setting("", no_option="set by the window only")
        second: int = setting(2, option=CliOption("--second"))
        moved: int = setting(3, option=CliOption("--moved", after="first"))

    assert [option.flag for _, _, option in cli_options(Settings)] == ["--first", "--moved", "--second"]


def test_after_must_name_a_listed_option():
    @dataclass(frozen=True)
    class Settings:
        lonely: int = setting(1, option=CliOption("--lonely", after="nowhere"))

    with pytest.raises(ValueError, match="--lonely"):
        cli_options(Settings)


def test_every_help_text_is_marked_for_translation():
    """lupdate collects a help text only as a literal in QT_TRANSLATE_NOOP("Cli", ...)."""
    source = Path(inspect.getsourcefile(TrainingConfig)).read_text(encoding="utf-8")
    options = [node for node in ast.walk(ast.parse(source))
               if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "CliOption"]
    helps = [node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "help"), None)
             for node in options]
    marked = [text for text in helps if text is not None]
    assert len(options) == len(FLAGS) and marked
    for text in marked:
        assert isinstance(text, ast.Call) and getattr(text.func, "id", None) == "QT_TRANSLATE_NOOP"
        assert [type(arg) for arg in text.args] == [ast.Constant, ast.Constant] and text.args[0].value == "Cli"
    declared = {d.option.help for _, d in SETTINGS if d.option is not None and d.option.help is not None}
    assert declared == {text.args[1].value for text in marked}


RANGED = [(name, declared.param) for name, declared in SETTINGS
          if declared.param is not None and getattr(TrainingConfig(), name) is not None]


@pytest.mark.parametrize(("name", "param"), RANGED, ids=[name for name, _ in RANGED])
def test_checked_keeps_every_ranged_setting_in_its_range(name, param):
    with pytest.raises(ValueError, match=f"{name}=.* is out of range"):
        replace(TrainingConfig(), **{name: param.maximum + 1}).checked()
    assert getattr(replace(TrainingConfig(), **{name: param.maximum}).checked(), name) == param.maximum
