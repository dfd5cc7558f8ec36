"""The per-layer activation percentiles, replays built from a history's columns, and runs with no step
limit in bounded memory."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest
import torch

from actgui.core.network_landscape import TrajectoryRecorder
from actgui.core.training.config import TrainingConfig
from actgui.core.training.history import METRIC_PARTS, RunHistory, records_from_history
from actgui.core.training.records import ACTIVATION_PERCENTILES, HEALTH_IMAGES, Record
from actgui.core.training.trainer import Trainer, run_to_end


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)


def small(**changes) -> TrainingConfig:
    values = {"dataset": "spiral", "samples": 400, "hidden": (16, 8), "steps": 60, "record_every": 10,
              "device": "cpu"}
    values.update(changes)
    return TrainingConfig(**values)


def quantiles(activations: list[torch.Tensor]) -> np.ndarray:
    q = torch.tensor(ACTIVATION_PERCENTILES, dtype=torch.float32) / 100
    return torch.stack([torch.quantile(a.float().reshape(-1), q) for a in activations]).numpy()


def validation_activations(trainer: Trainer, images: int | None = None) -> list[torch.Tensor]:
    """Each hidden layer's outputs on the validation inputs a record is measured on (eval mode)."""
    capture: list[tuple[torch.Tensor, torch.Tensor]] = []
    trainer.model.eval()
    with torch.no_grad():
        inputs = trainer._x_probe if trainer.images else trainer._x_val  # image runs: the fixed probe
        trainer.model(inputs[:images], capture)
    trainer.model.train()
    return [a for _, a in capture]


def test_percentiles_are_those_of_each_layers_activations_on_the_validation_set():
    trainer = Trainer(small(activation="tanh", dropout=0.2))
    records = trainer.records()
    first = next(records)
    assert first.activation_percentiles.shape == (2, len(ACTIVATION_PERCENTILES))
    np.testing.assert_allclose(first.activation_percentiles, quantiles(validation_activations(trainer)), rtol=1e-5,
                               atol=1e-6)
    later = records.send(25)
    assert later.step == 25
    expected = quantiles(validation_activations(trainer))
    np.testing.assert_allclose(later.activation_percentiles, expected, rtol=1e-5, atol=1e-6)
    assert not np.allclose(later.activation_percentiles, first.activation_percentiles)  # they follow the training
    assert np.all(np.diff(later.activation_percentiles, axis=1) >= 0)  # p5 ≤ p25 ≤ … ≤ p95
    assert np.all(np.abs(later.activation_percentiles) <= 1)  # tanh


def test_percentiles_of_a_constructed_layer():
    trainer = Trainer(small(activation="relu", hidden=(4,)))
    with torch.no_grad():
        layer = trainer.model.hidden[0]
        layer.weight.zero_()
        layer.bias.copy_(torch.tensor([-1.0, -2.0, 0.5, 1.0]))  # outputs 0, 0, 0.5, 1 for every point
    record = next(trainer.records())
    n = len(trainer._x_val)  # 4n values: 2n zeros, n halves, n ones
    position = [q / 100 * (4 * n - 1) for q in ACTIVATION_PERCENTILES]
    values = np.repeat([0.0, 0.0, 0.5, 1.0], n)
    expected = [values[int(p)] + (p - int(p)) * (values[min(int(p) + 1, 4 * n - 1)] - values[int(p)])
                for p in position]
    np.testing.assert_allclose(record.activation_percentiles[0], expected, atol=1e-6)
    assert record.activation_percentiles[0, 0] == 0 and record.activation_percentiles[0, -1] == 1


def test_a_linear_model_has_no_percentiles():
    record = next(Trainer(small(hidden=())).records())
    assert record.activation_percentiles.shape == (0, len(ACTIVATION_PERCENTILES))


def test_cnn_percentiles_are_measured_on_the_health_images():
    trainer = Trainer(TrainingConfig(dataset="digits", model="cnn", steps=2, record_every=1, device="cpu",
                                     train_samples=200))
    record = next(trainer.records())
    assert record.activation_percentiles.shape == (len(trainer.info.hidden_names), len(ACTIVATION_PERCENTILES))
    expected = quantiles(validation_activations(trainer, HEALTH_IMAGES))
    np.testing.assert_allclose(record.activation_percentiles, expected, rtol=1e-5, atol=1e-6)


def test_the_history_has_a_column_per_layer_and_percentile():
    trainer = Trainer(small())
    history = RunHistory(trainer.info, capacity=None)
    history.result = run_to_end(trainer.records(), history.add)
    names = [f"activation_percentiles/{layer}/p{q}" for layer in ("hidden1", "hidden2") for q in ACTIVATION_PERCENTILES]
    assert [c for c in history.columns if c.startswith("activation_percentiles/")] == names
    assert history.metric("activation_percentiles").shape == (len(history), 2, len(ACTIVATION_PERCENTILES))
    np.testing.assert_allclose(history.metric("activation_percentiles")[-1], history.latest.activation_percentiles)
    np.testing.assert_allclose(history.column("activation_percentiles/hidden2/p50"),
                               history.metric("activation_percentiles")[:, 1, 2])
    assert history.metric("grad_norm").shape == (len(history), 3)
    assert METRIC_PARTS == {"activation_percentiles": ACTIVATION_PERCENTILES}


def test_a_replay_has_every_column_field_of_the_records():
    trainer = Trainer(small(steps=40))
    history = RunHistory(trainer.info, capacity=None)
    trained = list(itertools.islice(_records(trainer, history), 100))
    replayed = records_from_history(history)
    columns = [f.name for f in dataclasses.fields(Record) if "column" in f.metadata]
    assert {"activation_percentiles", "grad_norm", "lr", "epoch"} <= set(columns)
    assert len(replayed) == len(trained) == 5
    for original, replay in zip(trained, replayed, strict=True):
        for name in columns:
            np.testing.assert_allclose(getattr(replay, name), getattr(original, name), rtol=1e-6, err_msg=name)


def _records(trainer: Trainer, history: RunHistory):
    for record in trainer.records():
        history.add(record)
        yield record


def test_a_run_without_a_step_limit_goes_on_until_stopped():
    config = small(steps=0, record_every=400, batch_size=16)
    assert config.checked().steps == 0
    trainer = Trainer(config)
    records = trainer.records()
    steps = [record.step for record in itertools.islice(records, 9)]
    assert steps == list(range(0, 3201, 400))  # past the finite default of 3000
    records.close()
    stopped = Trainer(config)
    result = run_to_end(stopped.records(stop=lambda: stopped.step >= 567))
    assert result.status == "stopped" and result.step == 567


def test_an_endless_run_costs_the_history_no_more_memory_than_a_short_one():
    trainer = Trainer(small())
    template = next(trainer.records())
    assert template.grid is not None and template.histograms is not None

    def feed(history: RunHistory, records: int) -> None:
        for number in range(records):
            details = number % 10 == 0
            history.add(dataclasses.replace(template, step=number * 20, train_loss=float(number),
                                            grid=template.grid if details else None,
                                            histograms=template.histograms if details else None, network=None))

    def held(history: RunHistory) -> int:
        snapshots = [*history.grids.items, *history.histogram_snapshots.items]
        return history._rows.nbytes + sum(array.nbytes for _, array in snapshots)

    minute, hour = RunHistory(trainer.info), RunHistory(trainer.info)
    feed(minute, 5_000)  # 100 000 steps
    feed(hour, 100_000)  # 2 000 000 steps
    assert held(hour) <= held(minute)
    assert len(hour) <= hour.capacity + 1 and len(hour.grids) <= 65 and len(hour.histogram_snapshots) <= 65
    steps = hour.column("step")
    assert steps[0] == 0 and steps[-1] == 99_999 * 20  # it spans the whole run, the latest record included
    assert len(set(np.diff(steps[:-1]))) == 1  # evenly thinned
    assert hour.column("train_loss")[-1] == 99_999
    # every per-layer metric is thinned with the rows (the percentile bands too), and a replay is as bounded
    percentiles = hour.metric("activation_percentiles")
    assert percentiles.shape == (len(hour), len(trainer.info.hidden_names), 5)
    assert np.array_equal(percentiles[-1], template.activation_percentiles)
    assert len(records_from_history(hour)) == len(hour)


def test_an_endless_run_keeps_a_bounded_weight_trajectory():
    trainer = Trainer(small(steps=0, record_every=2, batch_size=16))
    recorder = TrajectoryRecorder(trainer)
    kept = recorder.trajectory.kept
    for _ in itertools.islice(trainer.records(), 4 * kept):
        recorder.observe()
        assert len(recorder.trajectory.steps) <= kept
    steps = recorder.trajectory.steps
    assert steps[0] == 0 and steps == sorted(steps) and steps[-1] >= trainer.step - recorder.every
    assert len(recorder.trajectory.snapshots) == len(steps) and recorder.every > trainer.config.record_every
