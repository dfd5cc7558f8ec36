"""Input features, the custom data set and its CSV files, and the network detail of records."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from actgui.core.data_csv import DataFileError, parse_points, read_bounded, read_points, write_points
from actgui.core.datasets import make_dataset
from actgui.core.features import apply_features, check_features
from actgui.core.training.config import TrainingConfig
from actgui.core.training.experiment import train_history
from actgui.core.training.trainer import Trainer
from actgui.state.training import TrainingState


def test_features_are_computed_from_the_two_inputs():
    x = torch.tensor([[2.0, 3.0], [-1.0, 0.5]])
    out = apply_features(x, check_features(["sin_x2", "x1_squared", "x1_x2"]))
    np.testing.assert_allclose(out.numpy(), [[4.0, 6.0, np.sin(3.0)], [1.0, -0.5, np.sin(0.5)]], rtol=1e-6)
    with pytest.raises(ValueError, match="at least one"):
        check_features([])
    with pytest.raises(ValueError, match="unknown feature 'x3'"):
        check_features(["x3"])


def test_a_linear_model_on_squared_inputs_separates_the_circles():
    linear = TrainingConfig(dataset="circles", hidden=(), steps=400, lr=0.1, seed=1)
    raw = train_history(Trainer(linear))
    squared = train_history(Trainer(TrainingConfig(**{**linear.__dict__, "features": ("x1_squared", "x2_squared")})))
    assert squared.latest.val_accuracy > 0.97
    assert raw.latest.val_accuracy < 0.75
    assert squared.info.input_names == ["x₁²", "x₂²"] and squared.network.widths == [2, 1]


def test_good_csv_files(tmp_path):
    rows, kind = parse_points("0,0,0\n1,1,1\n")
    assert rows == [[0, 0, 0], [1, 1, 1]] and kind == "label"
    rows, kind = parse_points("x;target\n0.5;1.25\n1;2\n")
    assert rows == [[0.5, 1.25], [1, 2]] and kind == "target"
    path = write_points(tmp_path / "p.csv", [[0.1, 0.2, 1], [0.3, 0.4, 0]], "label")
    assert read_points(path) == ([[0.1, 0.2, 1], [0.3, 0.4, 0]], "label")


@pytest.mark.parametrize(("text", "where"), [
    ("x1,x2,label\n0,0,0\n1,x,1\n", "line 3, column 2"),
    ("0,0,0\n1,1\n", "line 2: 2 columns"),
    ("x1,x2,label\n0,0,0.5\n", "line 2, column 3"),
    ("x1,x2,label\n", "no data"),
    ("1,2,inf\n", "line 1, column 3"),
])
def test_bad_csv_files_name_the_line(text, where):
    with pytest.raises(DataFileError, match=where):
        parse_points(text, "f.csv")


def test_reads_are_bounded(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"0,0,0\n" * 100)
    with pytest.raises(DataFileError, match="larger than"):
        read_bounded(path, limit=50)


def test_custom_points_round_trip_through_the_state_and_train():
    state = TrainingState()
    state.choose("dataset", "custom")  # starts from the spiral shown before
    assert len(state.points) == 1000 and state.points_kind == "label"
    state.points = [[0.0, 0.0, 0.0], [1.0, 1.0, 1.0], [0.0, 1.0, 0.0], [1.0, 0.0, 1.0], [0.2, 0.1, 0.0]]
    again = TrainingState.from_dict(state.to_dict())
    assert again.points == state.points and again.config() == state.config()
    data = make_dataset("custom", points=again.config().points, seed=0)
    assert len(data.x_train) + len(data.x_val) == 5 and data.classes == 2
    history = train_history(Trainer(again.config().checked()))
    assert history.info.train_size == 4 and history.result.status == "finished"
    with pytest.raises(ValueError, match="between 4"):
        make_dataset("custom", points=[[0, 0, 0], [1, 1, 1]])
