"""`actgui train --weights` and `actgui export landscape network --from RUN.json`."""

from __future__ import annotations

import csv
import json

import pytest

from actgui.core.network_landscape import TrainedNetwork, WeightTrajectory

FAST = ["--dataset", "spiral", "--samples", "300", "--hidden", "8,8", "--steps", "60", "--record-every", "10",
        "--device", "cpu", "--quiet"]


@pytest.fixture(scope="module")
def run_file(tmp_path_factory):
    from actgui.cli import main

    path = tmp_path_factory.mktemp("run") / "run.json"
    assert main(["train", *FAST, "--weights", "--out", str(path)]) == 0
    return path


def test_the_run_file_holds_the_weights_from_step_zero_to_the_end(run_file):
    run = json.loads(run_file.read_text(encoding="utf-8"))["runs"][0]
    weights = WeightTrajectory.from_json(run["weights"])
    assert weights.steps == [0, 10, 20, 30, 40, 50, 60]
    assert weights.names == ["hidden.0.weight", "hidden.0.bias", "hidden.1.weight", "hidden.1.bias",
                             "output.weight", "output.bias"]
    assert weights.size == run["parameters"]


def test_csv_grid_centre_is_the_trained_loss(cli, run_file, tmp_path):
    out = tmp_path / "landscape.csv"
    status, stdout, _ = cli("export", "landscape", "network", "--from", run_file, "--resolution", "5", "--out", out)
    assert status == 0 and stdout.strip() == str(out)
    with open(out, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["a", "b", "loss"] and len(rows) == 1 + 25
    centre = next(row for row in rows[1:] if float(row[0]) == 0 and float(row[1]) == 0)
    run = json.loads(run_file.read_text(encoding="utf-8"))["runs"][0]
    network = TrainedNetwork.from_run(run["config"], WeightTrajectory.from_json(run["weights"]))
    assert float(centre[2]) == pytest.approx(network.current_loss(), rel=1e-4)


def test_png_with_pca_directions(cli, run_file, tmp_path):
    out = tmp_path / "landscape.png"
    status, _, _ = cli("export", "landscape", "network", "--from", run_file, "--directions", "pca",
                       "--resolution", "7", "--width", "640", "--height", "360", "--out", out)
    assert status == 0 and out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_run_without_weights_is_refused(cli, tmp_path):
    plain = tmp_path / "plain.json"
    assert cli("train", *FAST, "--out", plain)[0] == 0
    status, _, err = cli("export", "landscape", "network", "--from", plain, "--out", tmp_path / "x.png")
    assert status == 2 and "--weights" in err and err.count("\n") == 1


@pytest.mark.parametrize(("argv", "message"), [
    ([], "--from"),
    (["--from", "missing.json"], "cannot read"),
    (["--from", "{run}", "--run", "3"], "holds 1 run"),
    (["--from", "{run}", "--resolution", "1"], "resolution"),
])
def test_bad_arguments(cli, run_file, tmp_path, argv, message):
    argv = [str(run_file) if a == "{run}" else (str(tmp_path / a) if a.endswith(".json") else a) for a in argv]
    status, _, err = cli("export", "landscape", "network", *argv, "--out", tmp_path / "x.png")
    assert status == 2 and message in err and err.count("\n") == 1


def test_weights_need_a_json_output(cli, tmp_path):
    status, _, err = cli("train", *FAST, "--weights", "--out", tmp_path / "run.csv")
    assert status == 2 and ".json" in err
