"""`actgui train`: CSV columns, compare mode, figures, divergence (exit 3) and bad arguments."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import torch

from actgui.cli import build_parser
from actgui.cli.training import plan_from_args
from actgui.core.image_datasets import IMAGE_DATASETS, training_dataset_keys
from actgui.core.training.config import TrainingConfig
from actgui.state.training import TrainingState

FAST = ["--dataset", "spiral", "--samples", "300", "--hidden", "16,8", "--steps", "40", "--record-every", "10",
        "--quiet"]


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_list_datasets(cli):
    status, out, _ = cli("list", "datasets")
    assert status == 0 and out.split() == training_dataset_keys()


def test_csv_has_the_documented_header(cli, tmp_path):
    out = tmp_path / "run.csv"
    status, stdout, _ = cli("train", *FAST, "--activation", "tanh", "--out", out)
    assert status == 0 and stdout.strip() == str(out)
    rows = read_csv(out)
    assert rows[0] == ["step", "train_loss", "val_loss", "val_accuracy", "grad_norm/hidden1", "grad_norm/hidden2",
                       "grad_norm/output", "dead_fraction/hidden1", "dead_fraction/hidden2"]
    assert [row[0] for row in rows[1:]] == ["0", "10", "20", "30", "40"]
    assert all(0.0 <= float(row[3]) <= 1.0 for row in rows[1:])
    assert float(rows[-1][2]) < float(rows[1][2])


def test_train_restores_the_thread_count(cli, tmp_path):
    before = torch.get_num_threads()
    cli("train", *FAST, "--out", tmp_path / "run.csv")
    assert torch.get_num_threads() == before


def test_progress_bar_goes_to_stderr(cli, tmp_path):
    argv = [a for a in FAST if a != "--quiet"]
    status, _, err = cli("train", *argv, "--out", tmp_path / "run.csv")
    assert status == 0 and "[" + "#" * 30 + "] 100% step 40/40" in err


def test_compare_mode_adds_an_activation_column(cli, tmp_path):
    out = tmp_path / "compare.csv"
    status, _, _ = cli("train", *FAST, "--compare", "sigmoid,relu,gelu", "--out", out)
    assert status == 0
    rows = read_csv(out)
    assert rows[0][:5] == ["activation", "step", "train_loss", "val_loss", "val_accuracy"]
    assert [row[0] for row in rows[1:]] == ["sigmoid"] * 5 + ["relu"] * 5 + ["gelu"] * 5


def test_compare_mode_draws_the_overlaid_loss_figure(cli, tmp_path):
    out = tmp_path / "compare.png"
    status, stdout, _ = cli("train", *FAST, "--compare", "sigmoid,relu", "--out", out, "--width", "800",
                            "--height", "500")
    assert status == 0 and out.stat().st_size > 10_000
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_svg_and_json_outputs(cli, tmp_path):
    svg = tmp_path / "loss.svg"
    assert cli("train", *FAST, "--out", svg)[0] == 0
    assert "<svg" in svg.read_text(encoding="utf-8")
    data_path = tmp_path / "run.json"
    assert cli("train", *FAST, "--dataset", "sine", "--out", data_path)[0] == 0
    data = json.loads(data_path.read_text(encoding="utf-8"))
    run = data["runs"][0]
    assert run["config"]["dataset"] == "sine" and run["result"]["status"] == "finished"
    assert run["columns"][:6] == ["step", "epoch", "elapsed", "train_loss", "val_loss", "val_accuracy"]
    assert len(run["rows"]) == 5 and run["rows"][0][5] is None


def test_divergence_exits_3_and_keeps_the_rows(cli, tmp_path):
    out = tmp_path / "diverged.csv"
    status, _, err = cli("train", *FAST, "--dataset", "sine", "--optimizer", "sgd", "--lr", "1000",
                         "--steps", "500", "--record-every", "1", "--out", out)
    assert status == 3
    line = err.strip().splitlines()[-1]
    assert line.startswith("actgui: error: relu diverged at step ")
    step = int(line.split("diverged at step ")[1].split(":")[0])
    rows = read_csv(out)
    assert [int(row[0]) for row in rows[1:]] == list(range(step))


@pytest.mark.parametrize("argv, message", [
    (["--dataset", "mnist"], "unknown dataset 'mnist'"),
    (["--activation", "nope"], "unknown activation 'nope'"),
    (["--init", "nope"], "unknown init scheme 'nope'"),
    (["--optimizer", "lbfgs"], "unknown optimizer 'lbfgs'"),
    (["--hidden", "64,x"], "hidden sizes must be whole numbers"),
    (["--lr", "0"], "lr=0 is out of range"),
    (["--compare", "relu"], "--compare needs at least two activations"),
    (["--param", "slope=0.1"], "relu has no parameter 'slope'"),
    (["--steps", "0"], "--steps: the command line trains a fixed number of steps"),
])
def test_bad_arguments_give_one_line(cli, tmp_path, argv, message):
    status, _, err = cli("train", *FAST, *argv, "--out", tmp_path / "x.csv")
    assert status == 2
    assert err.strip().count("\n") == 0 and message in err
    assert not (tmp_path / "x.csv").exists()


def test_unwritable_output_is_refused(cli, tmp_path):
    status, _, err = cli("train", *FAST, "--out", tmp_path / "missing" / "run.csv")
    assert status == 2 and "does not exist" in err
    status, _, err = cli("train", *FAST, "--out", tmp_path / "run.txt")
    assert status == 2 and "unsupported file type" in err


def test_train_defaults_are_the_training_panels():
    args = build_parser().parse_args(["train", "--out", "run.csv"])
    panel = TrainingState()
    assert [run.config for run in plan_from_args(args)] == [panel.config()] == [TrainingConfig().checked()]
    assert args.compare_by == panel.compare_by


def test_compare_by_learning_rate(cli, tmp_path):
    out = tmp_path / "lr.csv"
    status, _, _ = cli("train", *FAST, "--compare-by", "lr", "--compare", "0.001,0.1", "--out", out)
    assert status == 0
    rows = read_csv(out)
    assert rows[0][0] == "lr" and [row[0] for row in rows[1:]] == ["0.001"] * 5 + ["0.1"] * 5


CNN_DIGITS = ["--model", "cnn", "--dataset", "digits", "--optimizer", "adam", "--lr", "0.003", "--clip-value", "0.5",
              "--quiet"]


def test_the_cnn_shootout_on_the_digits_draws_the_notes_two_plots(cli, tmp_path):
    out = tmp_path / "shootout.csv"
    status, _, _ = cli("train", *CNN_DIGITS, "--compare", "relu,gelu", "--epochs", "1", "--out", out)
    assert status == 0
    rows = read_csv(out)
    assert rows[0][:5] == ["activation", "step", "train_loss", "val_loss", "val_accuracy"]
    assert {row[0] for row in rows[1:]} == {"relu", "gelu"}
    assert "grad_norm/conv1" in rows[0] and "dead_fraction/conv2" in rows[0]
    png = tmp_path / "shootout.png"
    status, stdout, _ = cli("train", *CNN_DIGITS, "--compare", "relu,gelu", "--epochs", "1", "--out", png)
    assert status == 0 and png.stat().st_size > 10_000
    data = tmp_path / "shootout.json"
    cli("train", *CNN_DIGITS, "--compare", "relu,gelu", "--epochs", "1", "--out", data)
    runs = json.loads(data.read_text(encoding="utf-8"))["runs"]
    assert [run["config"]["activation"] for run in runs] == ["relu", "gelu_tanh"]  # the notes' GELU


def test_a_bad_idx_folder_or_a_cnn_on_points_exits_2(cli, tmp_path):
    (tmp_path / "train-images-idx3-ubyte").write_bytes(b"\0\0\x08\x03\0\0")
    (tmp_path / "train-labels-idx1-ubyte").write_bytes(b"\0\0\x08\x01\0\0\0\x01\x00")
    status, _, err = cli("train", "--model", "cnn", "--data", str(tmp_path), "--quiet", "--out", tmp_path / "x.csv")
    assert status == 2 and err.strip().count("\n") == 0 and "train-images-idx3-ubyte" in err
    status, _, err = cli("train", "--model", "cnn", "--dataset", "spiral", "--out", tmp_path / "x.csv")
    assert status == 2 and "trains on image data sets" in err


def test_missing_fashion_mnist_exits_2_with_the_reason(cli, tmp_path, monkeypatch):
    monkeypatch.setattr("actgui.core.image_datasets.FASHION_MNIST_DIR", tmp_path / "absent")
    assert IMAGE_DATASETS.get("fashion_mnist").unavailable() is not None
    status, _, err = cli("train", "--model", "cnn", "--dataset", "fashion_mnist", "--out", tmp_path / "x.csv")
    assert status == 2 and err.strip().count("\n") == 0 and "Fashion-MNIST is not installed" in err


def test_train_on_a_csv_file_and_draw_the_network(cli, tmp_path):
    data = tmp_path / "points.csv"
    data.write_text("x1,x2,label\n" + "".join(f"{i % 7 / 7},{i % 5 / 5},{i % 2}\n" for i in range(40)),
                    encoding="utf-8")
    out = tmp_path / "net.png"
    status, _, err = cli("train", "--data", str(data), "--hidden", "4,4", "--steps", "50", "--quiet",
                             "--view", "network", "--out", str(out))
    assert status == 0, err
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    table = tmp_path / "net.csv"
    status, _, err = cli("train", "--data", str(data), "--hidden", "4", "--steps", "20", "--quiet",
                             "--view", "network", "--out", str(table))
    assert status == 0, err
    rows = table.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("column,unit,bias") and len(rows) == 1 + 2 + 4 + 1


def test_a_bad_data_file_exits_2_naming_the_line(cli, tmp_path):
    data = tmp_path / "bad.csv"
    data.write_text("x1,x2,label\n0,0,0\n1,two,1\n", encoding="utf-8")
    status, _, err = cli("train", "--data", str(data), "--out", str(tmp_path / "m.csv"))
    assert status == 2 and "line 3, column 2" in err and len(err.strip().splitlines()) == 1


def test_seeds_and_table_write_one_row_per_value(cli, tmp_path):
    out, table = tmp_path / "curves.png", tmp_path / "results.csv"
    status, stdout, _ = cli("train", *FAST, "--compare", "relu,tanh", "--seeds", "3", "--out", out, "--table", table)
    assert status == 0 and stdout.split() == [str(out), str(table)] and out.stat().st_size > 5_000
    rows = read_csv(table)
    header = rows[0]
    assert header[:4] == ["activation", "label", "runs", "seeds"]
    assert {"final_val_accuracy_mean", "final_val_accuracy_min", "final_val_accuracy_max", "final_val_loss_mean",
            "final_val_loss_min", "final_val_loss_max", "steps_to_90", "dead_share", "seconds"} <= set(header)
    assert [row[0] for row in rows[1:]] == ["relu", "tanh"] and [row[3] for row in rows[1:]] == ["0 1 2"] * 2
    for row in rows[1:]:
        low, mean, high = (float(row[header.index(f"final_val_accuracy_{s}")]) for s in ("min", "mean", "max"))
        assert low <= mean <= high


def test_seeds_need_a_comparison(cli, tmp_path):
    status, _, err = cli("train", *FAST, "--seeds", "2", "--out", tmp_path / "run.csv")
    assert status == 2 and "--seeds and --table need --compare" in err


def test_the_train_options_keep_their_names_and_meanings(cli, monkeypatch):
    """`actgui train --help` keeps its options, their names and their meanings (the stored help text)."""
    monkeypatch.setenv("COLUMNS", "120")
    status, out, _ = cli("train", "--help")
    assert status == 0
    assert out == (Path(__file__).parent / "fixtures" / "train_help.txt").read_text(encoding="utf-8")
