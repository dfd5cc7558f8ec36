"""`actgui train`'s setting options are read from TrainingConfig's declarations: each one sets its
setting, and without options the config is TrainingConfig's defaults."""

from __future__ import annotations

import re

import pytest

from actgui.cli import build_parser
from actgui.cli.common import CliError
from actgui.cli.training import config_from_args
from actgui.core.datasets import CUSTOM_KEY
from actgui.core.image_datasets import IDX_FOLDER
from actgui.core.training.config import TrainingConfig
from actgui.core.training.settings import cli_options

OPTIONS = cli_options(TrainingConfig)


def config(*argv: str) -> TrainingConfig:
    return config_from_args(build_parser().parse_args(["train", *argv, "--out", "x.csv"]))


def test_without_options_the_config_is_the_defaults():
    assert config() == TrainingConfig()


def plain_value(declared, option, default):
    """A value other than the default, as option text and as the setting's value."""
    if option.choices is not None:
        value = next(choice for choice in option.choices if choice != default)
        return value, value
    if declared.param is not None:
        value = int(declared.param.maximum) if declared.param.integer else declared.param.maximum
        return str(value), value
    if isinstance(default, int | float) or option.value_type is float:
        return "7", option.value_type(7) if option.value_type else type(default)(7)
    return "other", "other"


@pytest.mark.parametrize(("item", "declared", "option"), [entry for entry in OPTIONS if entry[2].parse is None],
                         ids=[entry[2].flag for entry in OPTIONS if entry[2].parse is None])
def test_each_plain_option_sets_its_setting(item, declared, option):
    default = getattr(TrainingConfig(), item.name)
    if isinstance(default, bool):
        assert getattr(config(option.flag), item.name) is (not default)
        return
    text, value = plain_value(declared, option, default)
    assert getattr(config(option.flag, text), item.name) == value


CONVERTED = {
    "--features": (["x1_squared;x2"], {"features": ("x1_squared", "x2")}),
    "--hidden": (["64, 8"], {"hidden": (64, 8)}),
    "--param": (["alpha=2", "--param", "beta=0.5"], {"activation_params": {"alpha": 2.0, "beta": 0.5}}),
    "--init-param": (["gain=2"], {"init_params": {"gain": "2"}}),
    "--channels": (["16,24"], {"channels1": 16, "channels2": 24}),
    "--data": (["idx-folder"], {"dataset": IDX_FOLDER, "data_dir": "idx-folder"}),
}


def test_every_converting_option_is_tested():
    assert {option.flag for _, _, option in OPTIONS if option.parse is not None} == set(CONVERTED)


@pytest.mark.parametrize("flag", sorted(CONVERTED))
def test_each_converting_option_sets_its_settings(flag):
    argv, expected = CONVERTED[flag]
    made = config(flag, *argv)
    assert {name: getattr(made, name) for name in expected} == expected


def test_a_points_file_sets_the_custom_data_set_whatever_dataset_says(tmp_path):
    points = tmp_path / "points.csv"
    points.write_text("x1,x2,target\n0,1,0.5\n1,0,1.5\n", encoding="utf-8")
    made = config("--dataset", "moons", "--data", str(points))
    assert (made.dataset, made.points, made.points_kind) == (CUSTOM_KEY, ((0.0, 1.0, 0.5), (1.0, 0.0, 1.5)), "target")


@pytest.mark.parametrize(("argv", "message"), [
    (["--param", "alpha"], "--param 'alpha' must look like KEY=VALUE"),
    (["--param", "alpha=big"], "--param alpha: 'big' is not a number"),
    (["--init-param", "=2"], "--init-param '=2' must look like KEY=VALUE"),
    (["--hidden", "64,x"], "hidden sizes must be whole numbers"),
    (["--channels", "16"], "--channels takes two numbers, e.g. 32,64 (got '16')"),
])
def test_a_malformed_option_is_one_clear_error(argv, message):
    with pytest.raises(CliError, match=re.escape(message)):
        config(*argv)
