"""Numbers of any size end in one message that prints them as written (shortened when long), in
every integer and float option and in run files; NaN weights, Infinity and deep nesting in a run
file are refused by name."""

from __future__ import annotations

import base64
import json
import struct

import pytest

from actgui.cli import build_parser
from actgui.core.registry import format_number

HUGE = "9" * 400


def integer_options() -> list[tuple[list[str], str]]:
    """(command words, option) for every integer option of every command."""
    found = []

    def walk(parser, words):
        for action in parser._actions:
            if action.type is int and action.option_strings:
                found.append((words, action.option_strings[0]))
            for name, sub in getattr(action, "choices", None).items() if isinstance(
                    getattr(action, "choices", None), dict) else ():
                walk(sub, [*words, name])

    walk(build_parser(), [])
    return found


@pytest.mark.parametrize(("words", "option"), integer_options())
def test_a_400_digit_number_in_any_integer_option_is_one_message(cli, tmp_path, words, option):
    status, stdout, err = cli(*words, option, HUGE, "--out", tmp_path / "x.png")
    assert status == 2 and stdout == ""
    assert err.strip().endswith(f"argument {option}: 99999999…9999 (400 digits) is far out of range")
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_the_seed_range_is_printed_in_full(cli, tmp_path):
    status, _, err = cli("train", "--seed", "2147483648", "--out", tmp_path / "x.csv", "--quiet")
    assert status == 2 and err.strip() == "actgui: error: seed=2147483648 is out of range [0, 2147483647]"


@pytest.mark.parametrize(("text", "message"), [
    ("1e999", "argument --lr: 1e999 is far out of range"),
    ("x" * 300, "argument --lr: 'xxxxxxxxxxxxxxxx…xxxxxx' is not a number"),
])
def test_float_options_that_are_no_usable_number(cli, tmp_path, text, message):
    status, _, err = cli("train", "--lr", text, "--out", tmp_path / "x.csv", "--quiet")
    assert status == 2 and err.strip().endswith(message)


@pytest.mark.parametrize(("value", "text"), ids=lambda v: format_number(v)[:20], argvalues=[
    (2147483648, "2147483648"), (2147483647.0, "2147483647"), (1e-06, "1e-06"), (float("nan"), "nan"),
    (10 ** 399 * 9, "90000000…0000 (400 digits)"), (-(10 ** 30), "-10000000…0000 (31 digits)"),
    (10 ** 5000, "a number of about 5001 digits"), (2.5e300, "2.5e+300"),
])
def test_format_number_never_breaks(value, text):
    assert format_number(value) == text


def test_a_state_range_message_with_a_huge_number():
    from actgui.core.training.config import TrainingConfig

    with pytest.raises(ValueError, match=r"seed=99999999…9999 \(400 digits\) is out of range \[0, 2147483647\]"):
        TrainingConfig(seed=int(HUGE)).checked()


@pytest.fixture(scope="module")
def run_file(tmp_path_factory):
    from actgui.cli import main

    path = tmp_path_factory.mktemp("run") / "run.json"
    assert main(["train", "--dataset", "spiral", "--samples", "200", "--hidden", "8", "--steps", "40",
                 "--record-every", "10", "--weights", "--out", str(path), "--quiet"]) == 0
    return path


def hostile_copy(run_file, tmp_path, name, change) -> str:
    text = run_file.read_text()
    path = tmp_path / name
    path.write_text(change(text))
    return path


def with_nan_weights(text: str) -> str:
    data = json.loads(text)
    weights = data["runs"][0]["weights"]
    raw = bytearray(base64.b64decode(weights["snapshots"]))
    raw[:4] = struct.pack("<f", float("nan"))
    weights["snapshots"] = base64.b64encode(bytes(raw)).decode()
    return json.dumps(data)


def weights_changed(key: str, replacement: str):
    """The run file's text with weights[key]'s first number written as `replacement` (raw JSON)."""

    def change(text: str) -> str:
        data = json.loads(text)
        entry = data["runs"][0]["weights"]
        if key == "shapes":
            entry["shapes"][0][0] = "@@"
        else:
            entry["steps"][0] = "@@"
        return json.dumps(data).replace('"@@"', replacement, 1)

    return change


@pytest.mark.parametrize(("change", "message"), [
    (weights_changed("steps", "Infinity"), "the weights entry is incomplete or malformed"),
    (weights_changed("shapes", "1e999"), "the weights entry is incomplete or malformed"),
    (weights_changed("shapes", "9" * 20), "shape or step count out of range"),
    (weights_changed("shapes", "9" * 400), "a whole number has more than 30 digits"),
    (lambda t: '{"runs": ' + "[" * 50000 + "]" * 50000 + "}", "is nested more than 64 levels deep"),
    (with_nan_weights, "the recorded weights hold NaN or infinite values (the run diverged)"),
])
def test_hostile_run_files_are_one_message(cli, run_file, tmp_path, change, message):
    path = hostile_copy(run_file, tmp_path, "hostile.json", change)
    status, stdout, err = cli("export", "landscape", "network", "--from", path, "--out", tmp_path / "x.png")
    assert status == 2 and stdout == "" and message in err
    assert len(err.strip().splitlines()) == 1 and not (tmp_path / "x.png").exists()
