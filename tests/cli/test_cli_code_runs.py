"""Runs as code: the CNN on the shipped digits (the notes' six-activation shoot-out included) and runs
with live changes, written by `actgui train --out run.py` and `actgui export run FILE --out run.py`;
the script, run on its own with torch, numpy and matplotlib only, plots the numbers of the app's CSV.

An image run records on a time-based cadence between epochs, so only its run file knows the steps:
the code written from a run file records at those steps and equals the CSV bit for bit (every run of
a comparison too, since each run draws its dropout masks from its own random state); the code written
from the options records at step 0 and each epoch's end, where the validation loss and accuracy are
the CSV's bit for bit (the training loss there is a mean since the previous record, which differs)."""

from __future__ import annotations

import numpy as np
import pytest

from tests.cli.plotted import assert_same_numbers, csv_columns, run_script, split_by_labels

#: A few dozen steps of the CNN on the 8×8 digits: 11 steps make an epoch (1438 images, batches of 128).
CNN = ["--model", "cnn", "--dataset", "digits", "--steps", "26"]
SHOOTOUT = ["--compare", "sigmoid,relu,elu,leaky_relu,selu,gelu"]
COLUMNS = ("train_loss", "val_loss", "val_accuracy")


def _series(script) -> dict[str, np.ndarray]:
    """The plotted lines by label, and each line's steps under 'steps:<label>'."""
    lines = {}
    for series in run_script(script):
        lines[series["label"]] = np.array(series["y"])
        lines["steps:" + series["label"]] = np.array(series["x"])
    return lines


@pytest.mark.parametrize("name,argv,labels", [
    ("single-with-change", [*CNN, "--change", "15:lr=0.003", "--change", "5:clip_norm=1"], ()),
    ("shootout", [*CNN, "--steps", "14", *SHOOTOUT], ("activation",)),
])
def test_run_file_code_reproduces_the_cnn_run(cli, tmp_path, name, argv, labels):
    run_file = tmp_path / "run.actrun"
    assert cli("train", *argv, "--quiet", "--save-run", run_file, "--out", tmp_path / "run.csv")[0] == 0
    status, _, err = cli("export", "run", run_file, "--out", tmp_path / "run.py")
    assert status == 0, err
    source = (tmp_path / "run.py").read_text()
    assert "actgui" not in source.replace("actgui/resources/digits.npz", "")
    assert "nn.Conv2d(1, 16, 3, padding=1)" in source
    if name == "single-with-change":
        assert "changes = {5: {'clip_norm': 1.0}, 15: {'lr': 0.003}}" in source
    else:
        assert "nn.AlphaDropout(0.25)" in source and "nn.GELU(approximate='tanh')" in source
        assert "nn.LeakyReLU(0.2)" in source
    columns = csv_columns(tmp_path / "run.csv")
    assert_same_numbers(run_script(tmp_path / "run.py"), columns, ("step",), rtol=0, atol=0, only=COLUMNS,
                        labels=labels)


def test_options_code_matches_the_cnn_run_at_each_epoch_end(cli, tmp_path):
    argv = ["train", *CNN, "--lang", "zh_CN"]
    assert cli(*argv, "--quiet", "--out", tmp_path / "run.csv")[0] == 0
    assert cli(*argv, "--out", tmp_path / "run.py")[0] == 0
    assert "每轮结束时在整个验证集上测量" in (tmp_path / "run.py").read_text()
    lines, columns = _series(tmp_path / "run.py"), csv_columns(tmp_path / "run.csv")
    steps = lines["steps:relu"]
    assert steps.tolist() == [0, 11, 22, 26]
    rows = np.searchsorted(columns["step"], steps)
    assert columns["step"][rows].tolist() == steps.tolist()
    np.testing.assert_array_equal(lines["relu"], columns["val_accuracy"][rows])
    np.testing.assert_array_equal(lines["relu: validation"], columns["val_loss"][rows])
    assert lines["relu: train"][0] == columns["train_loss"][0]


def test_options_code_of_the_shootout_matches_at_each_epoch_end(cli, tmp_path):
    """Compared runs measure step 0 on the probe (a single run on the whole validation set)."""
    argv = ["train", *CNN, "--steps", "12", *SHOOTOUT]
    assert cli(*argv, "--quiet", "--out", tmp_path / "run.csv")[0] == 0
    assert cli(*argv, "--out", tmp_path / "run.py")[0] == 0
    lines = _series(tmp_path / "run.py")
    columns = split_by_labels(csv_columns(tmp_path / "run.csv"), ("activation",))
    for value, label in zip(("sigmoid", "relu", "elu", "leaky_relu", "selu", "gelu"),
                            ("sigmoid", "relu", "elu", "leaky_relu", "selu", "gelu_tanh"), strict=True):
        steps = lines[f"steps:{label}"]
        assert steps.tolist() == [0, 11, 12]
        rows = np.searchsorted(columns[f"step[{value}]"], steps)
        assert columns[f"step[{value}]"][rows].tolist() == steps.tolist()
        np.testing.assert_array_equal(lines[label], columns[f"val_accuracy[{value}]"][rows])
        np.testing.assert_array_equal(lines[f"{label}: validation"], columns[f"val_loss[{value}]"][rows])


def test_cnn_notebook_executes_with_its_figure(cli, tmp_path):
    nbclient = pytest.importorskip("nbclient")
    import nbformat

    assert cli("train", *CNN, "--steps", "12", "--out", tmp_path / "run.ipynb")[0] == 0
    book = nbformat.read(tmp_path / "run.ipynb", as_version=4)
    nbclient.NotebookClient(book, timeout=300, kernel_name="python3").execute()
    outputs = [output for cell in book.cells if cell.cell_type == "code" for output in cell.get("outputs", [])]
    assert any("image/png" in output.get("data", {}) for output in outputs)
    assert any("1438 training and 359 validation images" in output.get("text", "") for output in outputs)


@pytest.mark.skipif(not __import__("actgui.core.image_datasets", fromlist=["x"]).FASHION_MNIST_DIR.is_dir(),
                    reason="Fashion-MNIST is not installed")
def test_fashion_mnist_code_reads_the_idx_files(cli, tmp_path):
    argv = ["--model", "cnn", "--dataset", "fashion_mnist", "--train-samples", "256", "--batch-size", "64",
            "--steps", "5"]
    run_file = tmp_path / "run.actrun"
    assert cli("train", *argv, "--quiet", "--save-run", run_file, "--out", tmp_path / "run.csv")[0] == 0
    assert cli("export", "run", run_file, "--out", tmp_path / "run.py")[0] == 0
    source = (tmp_path / "run.py").read_text()
    assert "read_idx('/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz')" in source
    assert_same_numbers(run_script(tmp_path / "run.py"), csv_columns(tmp_path / "run.csv"), ("step",), rtol=0,
                        atol=0, only=COLUMNS)


#: MLP runs with live changes: the steps are known without a run file (every record_every steps from
#: the last change).
CHANGED = ["--dataset", "moons", "--steps", "90", "--record-every", "20", "--optimizer", "sgd", "--momentum", "0.5",
           "--change", "30:lr=0.01,momentum=0.9", "--change", "45:batch_size=8", "--change", "70:clip_norm=0.5"]


def test_mlp_code_replays_the_live_changes(cli, tmp_path):
    assert cli("train", *CHANGED, "--quiet", "--out", tmp_path / "run.csv")[0] == 0
    assert cli("train", *CHANGED, "--out", tmp_path / "run.py")[0] == 0
    columns = csv_columns(tmp_path / "run.csv")
    assert columns["step"].tolist() == [0, 20, 30, 45, 65, 70, 90]
    assert_same_numbers(run_script(tmp_path / "run.py"), columns, ("step",), rtol=0, atol=0, only=COLUMNS)


def test_mlp_run_file_code_replays_the_live_changes(cli, tmp_path):
    from actgui.core.training.runfile import read_run

    run_file = tmp_path / "run.actrun"
    argv = [*CHANGED, "--compare", "relu,tanh"]
    assert cli("train", *argv, "--quiet", "--save-run", run_file, "--out", tmp_path / "run.csv")[0] == 0
    document = read_run(run_file)
    assert document.histories[1].changes == [(30, {"lr": 0.01, "momentum": 0.9}), (45, {"batch_size": 8.0}),
                                             (70, {"clip_norm": 0.5})]
    assert cli("export", "run", run_file, "--out", tmp_path / "run.py")[0] == 0
    assert_same_numbers(run_script(tmp_path / "run.py"), csv_columns(tmp_path / "run.csv"), ("step",), rtol=0,
                        atol=0, only=COLUMNS, labels=("activation",))


def test_compared_runs_equal_their_single_runs(cli, tmp_path):
    """Each run draws its dropout masks from its own random state: beside others in lockstep it trains
    exactly as alone."""
    argv = ["--dataset", "spiral", "--steps", "60", "--dropout", "0.3", "--record-every", "7"]
    assert cli("train", *argv, "--compare", "relu,tanh", "--quiet", "--out", tmp_path / "both.csv")[0] == 0
    assert cli("train", *argv, "--activation", "tanh", "--quiet", "--out", tmp_path / "tanh.csv")[0] == 0
    both = split_by_labels(csv_columns(tmp_path / "both.csv"), ("activation",))
    alone = csv_columns(tmp_path / "tanh.csv")
    for name in ("step", *COLUMNS):
        np.testing.assert_array_equal(both[f"{name}[tanh]"], alone[name])


@pytest.mark.parametrize("change,problem", [
    ("10", "STEP"), ("10:speed=2", "live setting"), ("500:lr=0.1", "STEP"), ("x:lr=0.1", "STEP"),
    ("10:lr=fast", "could not convert"), ("10:lr=-1", "lr")])
def test_malformed_change_says_so(cli, tmp_path, change, problem):
    status, _, err = cli("train", "--steps", "100", "--change", change, "--out", tmp_path / "run.csv")
    assert status == 2 and f"--change {change}" in err and problem in err
    assert not (tmp_path / "run.csv").exists()


def test_trained_runs_as_code_with_their_live_changes(tmp_path):
    """What File → Export… writes for the Training panel once it has trained: the runs as they trained
    (here a CNN and an MLP with changes made during them), each equal to its history bit for bit."""
    import torch

    from actgui.cli.training import run_plan
    from actgui.core.codegen.recipe import write
    from actgui.core.training.config import TrainingConfig
    from actgui.core.training.experiment import single_run
    from actgui.core.training.process import default_threads
    from actgui.state.code import trained_recipe

    for name, config, changes in (
            ("cnn", TrainingConfig(model="cnn", dataset="digits", steps=24, lr=0.002), [(9, {"lr": 0.0005})]),
            ("mlp", TrainingConfig(dataset="xor", steps=50, record_every=10, optimizer="sgd", lr=0.1),
             [(12, {"lr": 0.02, "weight_decay": 0.001})])):
        plan = [single_run(config)]
        threads = torch.get_num_threads()
        torch.set_num_threads(default_threads())  # as the training process runs
        try:
            histories = run_plan(plan, quiet=True, changes=changes)
        finally:
            torch.set_num_threads(threads)
        assert histories[0].changes == changes
        write(trained_recipe(list(zip(plan, histories, strict=True))), tmp_path / f"{name}.py")
        lines = _series(tmp_path / f"{name}.py")
        label = plan[0].label
        np.testing.assert_array_equal(lines[f"steps:{label}"], histories[0].column("step"))
        for column, line in (("train_loss", f"{label}: train"), ("val_loss", f"{label}: validation"),
                             ("val_accuracy", label)):
            np.testing.assert_array_equal(lines[line], histories[0].column(column))
