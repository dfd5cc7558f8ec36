"""`actgui train --save-run FILE` and `actgui export run FILE`: the run file draws and tabulates as
`train` does its --out, a killed run leaves a file that opens, a bad file gets one message."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from actgui.core.training.runfile import RunFileError, read_run

FAST = ["--dataset", "spiral", "--samples", "300", "--hidden", "8,8", "--steps", "60", "--record-every", "10",
        "--device", "cpu", "--quiet"]
CNN_DIGITS = ["--model", "cnn", "--dataset", "digits", "--optimizer", "adam", "--lr", "0.003", "--clip-value", "0.5",
              "--batch-size", "32", "--quiet"]
ROOT = Path(__file__).resolve().parents[2]


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_export_run_writes_what_train_wrote(cli, tmp_path):
    run, out = tmp_path / "cmp.actrun", tmp_path / "train.csv"
    status, _, _ = cli("train", *FAST, "--compare", "relu,tanh", "--save-run", run, "--out", out)
    assert status == 0
    again = tmp_path / "again.csv"
    status, stdout, _ = cli("export", "run", run, "--out", again)
    assert status == 0 and stdout.strip() == str(again)
    assert read_csv(again) == read_csv(out) and read_csv(out)[0][0] == "activation"
    png = tmp_path / "cmp.png"
    assert cli("export", "run", run, "--out", png)[0] == 0 and png.read_bytes()[:4] == b"\x89PNG"
    status, _, err = cli("export", "run", run, "--view", "network", "--out", tmp_path / "n.png")
    assert status == 2 and "one run" in err


def test_a_run_file_is_never_written_over(cli, tmp_path):
    run = tmp_path / "taken.actrun"
    run.write_text("mine", encoding="utf-8")
    status, _, err = cli("train", *FAST, "--save-run", run, "--out", tmp_path / "x.csv")
    assert status == 2 and "exists" in err and run.read_text(encoding="utf-8") == "mine"


def test_the_landscape_reads_the_weights_of_a_run_file(cli, tmp_path):
    run = tmp_path / "w.actrun"
    assert cli("train", *FAST, "--weights", "--save-run", run, "--out", tmp_path / "w.csv")[0] == 0
    assert read_run(run).weights[0].steps == [0, 10, 20, 30, 40, 50, 60]
    out = tmp_path / "landscape.csv"
    status, _, _ = cli("export", "landscape", "network", "--from", run, "--resolution", "3", "--out", out)
    assert status == 0 and len(read_csv(out)) == 1 + 9
    plain = tmp_path / "plain.actrun"
    assert cli("train", *FAST, "--save-run", plain, "--out", tmp_path / "p.csv")[0] == 0
    status, _, err = cli("export", "landscape", "network", "--from", plain, "--out", tmp_path / "y.png")
    assert status == 2 and "--weights" in err and err.count("\n") == 1


@pytest.mark.parametrize("content", [b"", b"\x89ActGUIrun", b"PK\x03\x04 a zip file, not a run"])
def test_a_foreign_or_truncated_file_gets_one_message(cli, tmp_path, content):
    bad = tmp_path / "bad.actrun"
    bad.write_bytes(content)
    status, _, err = cli("export", "run", bad, "--out", tmp_path / "x.csv")
    assert status == 2 and err.count("\n") == 1 and ("not an ActGUI run file" in err or "truncated" in err)
    assert not (tmp_path / "x.csv").exists()


def test_a_shootout_killed_mid_run_leaves_a_file_with_its_validation_points(cli, tmp_path):
    run = tmp_path / "shoot.actrun"
    command = [sys.executable, "-m", "actgui", "train", *CNN_DIGITS, "--compare", "relu,gelu,sigmoid", "--epochs",
               "500", "--save-run", str(run), "--out", str(tmp_path / "never.csv")]
    child = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    try:
        while time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.5)
            try:
                histories = read_run(run).histories
            except RunFileError:
                continue  # not created yet
            if all(history is not None and len(history) >= 4 for history in histories):
                break
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL  # killed while training, not finished
    out = tmp_path / "shoot.csv"
    status, _, _ = cli("export", "run", run, "--out", out)
    assert status == 0
    rows = read_csv(out)
    points = Counter(row[0] for row in rows[1:] if int(row[1]) > 0 and row[3] not in ("", "nan"))
    assert set(points) == {"relu", "gelu", "sigmoid"} and min(points.values()) >= 3
    png = tmp_path / "shoot.png"
    assert cli("export", "run", run, "--out", png)[0] == 0 and png.stat().st_size > 10_000
