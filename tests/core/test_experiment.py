"""The training experiment described once: defaults, the comparison plan, merged tables, JSON export,
the typed process messages and the model registry."""

from __future__ import annotations

import dataclasses
import inspect
import json
import math
import pickle

import numpy as np
import pytest
import torch

from actgui.core.activations import ACTIVATIONS
from actgui.core.image_datasets import IMAGE_DATASETS, training_dataset_keys
from actgui.core.model import head_for
from actgui.core.models import MODELS, ModelData
from actgui.core.network_landscape import LandscapeSettings, TrainedNetwork, compute_landscape, train_with_trajectory
from actgui.core.registry import UnknownKeyError
from actgui.core.training import messages as training_messages
from actgui.core.training.config import STEPS, TrainingConfig
from actgui.core.training.experiment import (
    COMPARE_DEFAULTS,
    COMPARE_KINDS,
    PALETTE,
    compare_plan,
    json_default,
    merge_runs,
    runs_json,
    single_run,
    split_values,
    train_history,
    write_json,
)
from actgui.core.training.records import Record, RunResult
from actgui.core.training.trainer import Trainer, load_training_data, model_input_shape


def small(**changes) -> TrainingConfig:
    values = {"samples": 300, "hidden": (8, 8), "steps": 20, "record_every": 10}
    values.update(changes)
    return TrainingConfig(**values)


def test_config_defaults_are_the_lecture_defaults():
    config = TrainingConfig().checked()
    assert (config.dataset, config.hidden, config.activation, config.optimizer) == ("spiral", (32, 32), "relu", "adam")
    assert (config.steps, config.record_every, config.lr, config.batch_size) == (3000, 20, 0.01, 128)
    assert STEPS.default == config.steps
    # the data set's own size and noise are filled in
    assert (config.samples, config.noise, config.classes) == (1000, 0.05, None)
    assert TrainingConfig(dataset="gaussians").checked().classes == 4
    assert TrainingConfig(dataset="digits").checked().samples == 1797


def test_comparison_plan_per_kind():
    base = small(activation="leaky_relu", activation_params={"negative_slope": 0.2})
    plan = compare_plan(base, "activation", split_values("sigmoid; leaky_relu, gelu"))
    assert [run.value for run in plan] == ["sigmoid", "leaky_relu", "gelu"]
    assert [run.config.activation for run in plan] == ["sigmoid", "leaky_relu", "gelu"]
    assert [run.color for run in plan] == [ACTIVATIONS.get(k).color for k in ("sigmoid", "leaky_relu", "gelu")]
    # the base's own activation keeps its parameters, the others take their defaults
    assert [dict(run.config.activation_params) for run in plan] == [{}, {"negative_slope": 0.2}, {}]
    assert all(run.config.steps == 20 and run.config.hidden == (8, 8) for run in plan)
    inits = compare_plan(base, "init", ["xavier_normal", "zeros"], name=lambda entry: entry.name_en.upper())
    assert [run.config.init for run in inits] == ["xavier_normal", "zeros"]
    assert [run.color for run in inits] == list(PALETTE[:2])
    assert inits[0].label.isupper()
    rates = compare_plan(base, "lr", ["0.001", "1e-1"])
    assert [run.config.lr for run in rates] == [0.001, 0.1] and [run.label for run in rates] == ["lr = 0.001",
                                                                                                 "lr = 0.1"]
    single = single_run(base)
    assert (single.value, single.label) == ("leaky_relu", "leaky_relu")
    assert single.color == ACTIVATIONS.get("leaky_relu").color
    for kind in COMPARE_KINDS:
        assert len(compare_plan(TrainingConfig(), kind, split_values(COMPARE_DEFAULTS[kind]))) >= 2


@pytest.mark.parametrize("kind, values, error, message", [
    ("activation", ["relu"], ValueError, "at least two"),
    ("activation", ["relu", "nope"], UnknownKeyError, "unknown activation 'nope'"),
    ("init", ["zeros", "nope"], UnknownKeyError, "unknown init scheme 'nope'"),
    ("lr", ["0.1", "fast"], ValueError, "learning rate 'fast' is not a number"),
    ("lr", ["0.1", "0"], ValueError, "lr=0 is out of range"),
    ("depth", ["1", "2"], ValueError, "compare by one of"),
])
def test_comparison_plan_refuses_bad_values(kind, values, error, message):
    with pytest.raises(error, match=message):
        compare_plan(small(), kind, values)


def test_merged_table_has_a_run_column_when_comparing():
    plan = compare_plan(small(dataset="sine"), "activation", ["tanh", "relu"])
    histories = [train_history(Trainer(run.config), run.label, run.color) for run in plan]
    assert [h.result.status for h in histories] == ["finished", "finished"]
    table = merge_runs(histories)
    assert table.header[:4] == ["run", "step", "epoch", "elapsed"]
    assert [row[0] for row in table.rows()] == ["tanh"] * 3 + ["relu"] * 3
    assert [row[1] for row in table.rows()] == [0, 10, 20] * 2
    chosen = merge_runs(histories, "activation", ["a", "b"], lambda h: ["step", "val_loss"])
    assert chosen.header == ["activation", "step", "val_loss"]
    assert list(chosen.columns["val_loss"]) == [*histories[0].column("val_loss"), *histories[1].column("val_loss")]
    assert merge_runs(histories[:1]).header[0] == "step"
    deeper = train_history(Trainer(small(dataset="sine", hidden=(8, 8, 8))), "deep")
    with pytest.raises(ValueError, match="different layers"):
        merge_runs([histories[0], deeper])


def test_json_export_round_trips_numpy_values(tmp_path):
    history = train_history(Trainer(small(dataset="sine")), "relu")
    extra = {"array": np.array([1.5, np.nan]), "count": np.int64(3), "ratio": np.float32(0.25)}
    path = write_json(tmp_path / "runs.json", runs_json([history], app="actgui", **extra))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["app"] == "actgui" and data["array"] == [1.5, None] and data["count"] == 3
    assert data["ratio"] == 0.25
    run = data["runs"][0]
    assert run["result"] == {"status": "finished", "step": 20, "message": "finished 20 steps"}
    assert TrainingConfig.from_dict(run["config"]) == Trainer(small(dataset="sine")).config
    assert run["config"] == history.info.config and run["columns"] == history.columns
    rows = np.array([[math.nan if v is None else v for v in row] for row in run["rows"]])
    np.testing.assert_array_equal(rows, history.data)  # NaN accuracy (regression) written as null
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left beside it
    with pytest.raises(TypeError):
        json_default(object())


def test_metric_columns_follow_the_record_fields():
    history = train_history(Trainer(small(hidden=(4,))))
    columns = [f.name for f in dataclasses.fields(Record) if f.metadata]
    stored = {name.split("/")[0] for name in history.columns}
    assert stored == set(columns)
    assert history.columns[:6] == ["step", "epoch", "elapsed", "train_loss", "val_loss", "val_accuracy"]
    latest = history.latest
    np.testing.assert_array_equal(history.metric("grad_norm")[-1], latest.grad_norm)
    np.testing.assert_array_equal(history.metric("dead_fraction")[-1], latest.dead_fraction)


def _small_landscape():
    trainer, trajectory = train_with_trajectory(small(steps=20))
    return compute_landscape(TrainedNetwork.from_trainer(trainer, trajectory), LandscapeSettings(resolution=3))


def _message_examples():
    trainer = Trainer(small())
    records = trainer.records()
    record = next(records)
    records.close()
    values = {"run_id": 3, "configs": (small().to_dict(),), "paused": True, "pid": 42, "threads": 2,
              "info": trainer.info, "records": [record], "result": RunResult("stopped", 7, "stopped at step 7"),
              "message": "boom", "index": 1, "speed": 5.0, "steps_per_second": 2.0, "changes": {"lr": 0.1},
              "step": 12, "relay": None, "request_id": 4, "settings": LandscapeSettings("pca", 9), "done": 30,
              "total": 90, "landscape": _small_landscape(), "run_file": "runs/run-1.actrun", "weights": (None,)}
    for _, cls in inspect.getmembers(training_messages, inspect.isclass):
        if dataclasses.is_dataclass(cls) and cls.__module__ == training_messages.__name__:
            yield cls(**{f.name: values[f.name] for f in dataclasses.fields(cls)})


def test_every_message_survives_a_pickle_round_trip():
    examples = list(_message_examples())
    assert len(examples) == 22
    for message in examples:
        copy = pickle.loads(pickle.dumps(message))
        assert type(copy) is type(message)
        for f in dataclasses.fields(message):
            original, restored = getattr(message, f.name), getattr(copy, f.name)
            if f.name == "records":
                np.testing.assert_array_equal(restored[0].grad_norm, original[0].grad_norm)
                assert restored[0].step == original[0].step
            elif f.name == "info":
                assert restored.layer_names == original.layer_names and restored.config == original.config
            elif f.name == "landscape":
                np.testing.assert_array_equal(restored.loss, original.loss)
                np.testing.assert_array_equal(restored.path_x, original.path_x)
                assert restored.centre_loss == original.centre_loss
            else:
                assert restored == original


def test_consecutive_record_batches_of_a_run_merge():
    first, second, other = (training_messages.Records(run, [step]) for run, step in ((1, "a"), (1, "b"), (2, "c")))
    paused = training_messages.Paused(1, True)
    merged = training_messages.merge_records([first, second, paused, other])
    assert merged == [training_messages.Records(1, ["a", "b"]), paused, other]


@pytest.mark.parametrize("model", MODELS.keys())
@pytest.mark.parametrize("dataset", training_dataset_keys())
def test_every_model_builds_and_runs_on_every_dataset(model, dataset):
    reason = IMAGE_DATASETS.get(dataset).unavailable() if dataset in IMAGE_DATASETS else None
    if reason is not None:
        pytest.skip(reason)
    config = TrainingConfig(dataset=dataset, model=model, samples=120, train_samples=120, hidden=(8, 8))
    assert MODELS.get(model).name_zh
    if MODELS.get(model).images and not config.images:
        with pytest.raises(ValueError, match="trains on image data sets"):
            config.checked()
        return
    config = config.checked()
    data = load_training_data(config)
    head = head_for(data.task, data.classes, config.binary_output)
    shape = model_input_shape(config, data)
    network = MODELS.get(model).build(config, ModelData(shape, data.classes, head.units))
    network.initialise("kaiming_normal", None, torch.Generator().manual_seed(0))
    capture: list = []
    output = network(torch.as_tensor(data.x_train[:5]).reshape(5, *shape), capture)
    assert output.shape == (5, head.units) and torch.isfinite(output).all()
    assert len(network.layer_names) == len(network.linears) and capture
    assert all(pre.shape[0] == 5 and post.shape == pre.shape for pre, post in capture)
