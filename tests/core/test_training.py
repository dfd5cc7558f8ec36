"""The training engine: configs, the records generator, divergence, stopping, the metrics, the
bounded history and the child-process protocol (run here in a thread)."""

from __future__ import annotations

import dataclasses
import math
import multiprocessing
import threading

import numpy as np
import pytest
import torch

from actgui.core.training.config import (
    NETWORK_SETTINGS,
    RECOMMENDED_INIT,
    TRAINING_OPTIMIZERS,
    TrainingConfig,
    parse_hidden,
)
from actgui.core.training.history import RunHistory, ema
from actgui.core.training.messages import (
    Failed,
    Finished,
    Paused,
    Quit,
    Ready,
    Records,
    Resume,
    Start,
    Started,
    Step,
    Stop,
)
from actgui.core.training.process import default_threads, serve
from actgui.core.training.records import GRID_SIZE, HISTOGRAM_BINS, Record
from actgui.core.training.trainer import Trainer, run_to_end

RECORD_FIELDS = ["step", "epoch", "elapsed", "train_loss", "val_loss", "val_accuracy", "lr", "grad_norm", "weight_norm",
                 "update_ratio", "dead_fraction", "saturated_fraction", "activation_percentiles", "histograms", "grid",
                 "network", "message",
                 "channel_grad_norm", "channel_dead", "channel_saturated", "predictions", "filters", "feature_maps"]


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    """Small MLPs train fastest on one thread (two threads on two cores are several times slower)."""
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)


def small(**changes) -> TrainingConfig:
    values = {"dataset": "spiral", "samples": 400, "hidden": (16, 16), "steps": 60, "record_every": 10}
    values.update(changes)
    return TrainingConfig(**values)


def train(config: TrainingConfig) -> RunHistory:
    trainer = Trainer(config)
    history = RunHistory(trainer.info, capacity=None)
    history.result = run_to_end(trainer.records(), history.add)
    return history


def test_records_have_the_documented_fields():
    assert [f.name for f in dataclasses.fields(Record)] == RECORD_FIELDS
    trainer = Trainer(small(hidden=(16, 8, 4)))
    records = trainer.records()
    first = next(records)
    assert first.step == 0 and first.epoch == 0.0
    assert trainer.info.layer_names == ["hidden1", "hidden2", "hidden3", "output"]
    assert trainer.info.hidden_names == ["hidden1", "hidden2", "hidden3"]
    for name in ("grad_norm", "weight_norm", "update_ratio"):
        assert getattr(first, name).shape == (4,)
    for name in ("dead_fraction", "saturated_fraction"):
        assert getattr(first, name).shape == (3,)
    assert first.histograms.shape == (3, HISTOGRAM_BINS)
    widths = np.diff(trainer.info.histogram_edges)
    np.testing.assert_allclose(first.histograms @ widths, 1.0, rtol=1e-5)
    assert first.grid.shape == (GRID_SIZE, GRID_SIZE, 2)
    np.testing.assert_allclose(first.grid.sum(axis=2), 1.0, rtol=1e-5)
    np.testing.assert_array_equal(first.update_ratio, 0.0)
    assert np.all(first.grad_norm > 0)
    second = next(records)
    assert second.step == 10 and second.histograms is None
    assert np.all(second.update_ratio > 0) and math.isfinite(second.train_loss)
    records.close()


def test_grid_is_a_curve_for_1d_and_absent_for_digits():
    sine = next(Trainer(small(dataset="sine")).records())
    assert sine.grid.shape == (200,) and math.isnan(sine.val_accuracy)
    digits = Trainer(small(dataset="digits", samples=None))
    assert next(digits.records()).grid is None and digits.info.grid_extent == ()


def test_loss_falls_on_the_spiral():
    history = train(small(hidden=(32, 32), steps=300, record_every=50))
    val = history.column("val_loss")
    assert history.result.status == "finished" and history.result.step == 300
    assert val[-1] < 0.5 * val[0]
    assert history.column("val_accuracy")[-1] > 0.8
    np.testing.assert_array_equal(history.column("step"), [0, 50, 100, 150, 200, 250, 300])


def test_relu_beats_a_deep_sigmoid_net_whose_early_gradients_vanish():
    histories = {act: train(small(activation=act, hidden=(32,) * 5, optimizer="sgd", lr=0.1, steps=400,
                                  record_every=100, samples=1000))
                 for act in ("relu", "sigmoid")}
    relu, sigmoid = histories["relu"], histories["sigmoid"]
    assert relu.column("val_accuracy")[-1] > sigmoid.column("val_accuracy")[-1] + 0.2
    assert relu.column("val_loss")[-1] < sigmoid.column("val_loss")[-1]
    # at initialisation the first layer's gradient is a thousand times smaller than the last hidden layer's
    first, last = sigmoid.metric("grad_norm")[0, 0], sigmoid.metric("grad_norm")[0, -2]
    assert first / last < 0.01
    assert relu.metric("grad_norm")[0, 0] / relu.metric("grad_norm")[0, -2] > 0.05


def test_divergence_is_caught_with_its_step():
    history = train(small(dataset="sine", optimizer="sgd", lr=1000.0, steps=200, record_every=1))
    result = history.result
    assert result.status == "diverged"
    assert result.message.startswith(f"diverged at step {result.step}")
    assert 1 <= result.step <= 20
    assert len(history) == result.step  # records up to the divergence, none after
    assert np.all(np.isfinite(history.column("train_loss")))


def test_closing_the_generator_stops_training():
    trainer = Trainer(small(steps=10_000))
    records = trainer.records()
    for _ in range(3):
        next(records)
    records.close()
    assert trainer.step == 20
    with pytest.raises(StopIteration):
        next(records)


def test_a_stop_flag_ends_the_run():
    flag = threading.Event()
    trainer = Trainer(small(steps=10_000))
    seen = []

    def on_record(record: Record) -> None:
        seen.append(record.step)
        if record.step >= 30:
            flag.set()

    result = run_to_end(trainer.records(stop=flag.is_set), on_record)
    assert result.status == "stopped" and result.step == 30
    assert seen == [0, 10, 20, 30]


def test_send_runs_that_many_steps():
    records = Trainer(small()).records()
    assert next(records).step == 0
    assert records.send(1).step == 1
    assert records.send(3).step == 4
    assert next(records).step == 14
    records.close()


def test_dead_units_are_counted_on_a_constructed_network():
    trainer = Trainer(small(activation="relu", hidden=(4,)))
    with torch.no_grad():
        layer = trainer.model.hidden[0]
        layer.weight.zero_()
        layer.bias.copy_(torch.tensor([-1.0, -2.0, 0.5, 1.0]))  # units 0, 1 never fire: dead
        layer.weight[3, 0] = 0.1  # unit 3 varies with the input but stays positive (|x₁| < 1.5)
    record = next(trainer.records())
    np.testing.assert_allclose(record.dead_fraction, [0.5])
    # ReLU's derivative is 0 for z < 0: exactly the two dead units' inputs are 'saturated'
    np.testing.assert_allclose(record.saturated_fraction, [0.5])


def test_saturated_units_are_counted_on_a_constructed_network():
    trainer = Trainer(small(activation="sigmoid", hidden=(4,)))
    with torch.no_grad():
        layer = trainer.model.hidden[0]
        layer.weight.zero_()
        layer.bias.copy_(torch.tensor([10.0, -8.0, 0.0, 1.0]))  # σ′(10), σ′(−8) < 0.01; σ′(0), σ′(1) > 0.19
    record = next(trainer.records())
    np.testing.assert_allclose(record.saturated_fraction, [0.5])
    np.testing.assert_allclose(record.dead_fraction, [0.0])


@pytest.mark.parametrize("key", TRAINING_OPTIMIZERS.keys())
def test_every_optimiser_trains(key):
    history = train(small(optimizer=key, lr=0.01, steps=80, record_every=40))
    assert history.result.status == "finished"
    assert history.column("train_loss")[-1] < history.column("train_loss")[0]


def test_heads_follow_the_task():
    assert Trainer(small()).info.loss_name == "BCE"
    assert Trainer(small(binary_output="softmax")).info.loss_name == "cross-entropy"
    assert Trainer(small(dataset="gaussians")).model.output.out_features == 4
    assert Trainer(small(dataset="sine")).info.loss_name == "MSE"


def test_prelu_alpha_is_learned():
    trainer = Trainer(small(activation="prelu", steps=40))
    before = [float(m.weight.detach()) for m in trainer.model.activations]
    run_to_end(trainer.records())
    after = [float(m.weight.detach()) for m in trainer.model.activations]
    assert before == [0.25, 0.25] and after != before


def test_recommended_init_follows_the_activation():
    assert Trainer(small(activation="relu")).info.init == "kaiming_normal"
    assert Trainer(small(activation="tanh")).info.init == "xavier_normal"
    assert Trainer(small(activation="selu")).info.init == "lecun_normal"
    zeros = Trainer(small(init="zeros"))
    assert zeros.info.init == "zeros" and float(zeros.model.hidden[0].weight.detach().abs().sum()) == 0.0


def test_batch_norm_dropout_and_clipping_run():
    history = train(small(batch_norm=True, dropout=0.2, clip_norm=0.5, optimizer="sgd", nesterov=True))
    assert history.result.status == "finished"
    # clipping bounds the total gradient norm of the last step
    assert np.sqrt(np.sum(history.metric("grad_norm")[-1] ** 2)) <= 0.5 + 1e-4


def test_same_seed_same_run():
    a, b = train(small()), train(small())
    np.testing.assert_array_equal(a.column("val_loss"), b.column("val_loss"))
    assert not np.array_equal(a.column("val_loss"), train(small(seed=1)).column("val_loss"))


def test_missing_device_falls_back_to_cpu_with_a_message():
    if torch.cuda.is_available():
        pytest.skip("CUDA is present here")
    trainer = Trainer(small(device="cuda"))
    assert trainer.device == "cpu"
    assert trainer.info.messages == ["cuda is not available here; using the CPU"]


def test_out_of_memory_moves_the_run_to_cpu(monkeypatch):
    trainer = Trainer(small())
    trainer.device = "mps"  # pretend the run is on an accelerator that then runs out of memory
    original = trainer._steps
    failures = []

    def steps_once_out_of_memory(count, stop):
        if not failures:
            failures.append(count)
            raise torch.OutOfMemoryError("out of memory")
        return original(count, stop)

    monkeypatch.setattr(trainer, "_steps", steps_once_out_of_memory)
    records = trainer.records()
    next(records)
    record = next(records)
    assert record.message == "mps ran out of memory; continuing on the CPU"
    assert trainer.device == "cpu" and record.step == 10
    records.close()


def test_config_round_trips_and_rejects_bad_values():
    config = small(activation="leaky_relu", activation_params={"negative_slope": 0.2}, init="normal",
                   init_params={"std": 0.5}).checked()
    assert TrainingConfig.from_dict(config.to_dict()) == config
    assert config.init_scheme() == ("normal", {"std": 0.5})
    assert small().checked().init == RECOMMENDED_INIT
    for bad, message in [({"lr": 0.0}, "lr"), ({"hidden": (8,) * 9}, "hidden"), ({"features": ()}, "features"),
                         ({"hidden": (0,)}, "hidden"),
                         ({"optimizer": "adam", "nesterov": True}, "Nesterov"), ({"batch_size": 0}, "batch_size"),
                         ({"activation_params": {"alpha": 1}}, "no parameter"), ({"device": "tpu"}, "device")]:
        with pytest.raises(ValueError, match=message):
            small(**bad).checked()
    with pytest.raises(ValueError, match="unknown training setting"):
        TrainingConfig.from_dict({"learning_rate": 0.1})
    assert small(hidden=()).checked().hidden == ()  # no hidden layer: a linear model
    assert parse_hidden("64, 32") == (64, 32)
    with pytest.raises(ValueError):
        parse_hidden("64,x")



def test_network_settings_are_those_a_running_network_cannot_take():
    names = {f.name for f in dataclasses.fields(TrainingConfig)}
    live = {"lr", "momentum", "weight_decay", "clip_norm", "batch_size"}
    assert names - live == NETWORK_SETTINGS
    assert {"hidden", "activation", "dataset", "steps", "features"} <= NETWORK_SETTINGS
    trainer = Trainer(small())
    assert trainer.adjust({"lr": 0.5, "batch_size": 8}) == {"lr": 0.5, "batch_size": 8}
    for name in ("hidden", "steps"):
        with pytest.raises(ValueError, match="only lr, momentum, weight_decay, batch_size, clip_norm change"):
            trainer.adjust({name: 1})

def test_history_stays_bounded_and_spans_the_run():
    info = Trainer(small()).info
    history = RunHistory(info, capacity=64)
    template = next(Trainer(small()).records())
    for step in range(0, 100_000, 10):
        history.add(dataclasses.replace(template, step=step, train_loss=float(step)))
    assert len(history) <= 65
    steps = history.column("step")
    assert steps[0] == 0 and steps[-1] == 99_990
    assert len(set(np.diff(steps[:-1]))) == 1  # evenly thinned
    assert history.records_seen == 10_000
    assert history.data.base is not None  # a view: plotting copies nothing


def test_history_tables_and_json():
    history = train(small(dataset="sine", steps=20))
    assert history.cli_columns() == ["step", "train_loss", "val_loss", "val_accuracy", "grad_norm/hidden1",
                                     "grad_norm/hidden2", "grad_norm/output", "dead_fraction/hidden1",
                                     "dead_fraction/hidden2"]
    table = history.table(history.cli_columns(), leading={"activation": "relu"})
    assert table.header[0] == "activation" and len(table.rows()) == 3
    data = history.to_json()
    assert data["result"]["status"] == "finished" and data["rows"][0][5] is None  # NaN accuracy → null
    assert data["config"]["dataset"] == "sine"


def test_ema_matches_the_recursion():
    values = np.random.default_rng(0).random(500) * 3
    for smoothing in (0.0, 0.3, 0.9, 0.99):
        state, expected = 0.0, []
        for t, value in enumerate(values):
            state = smoothing * state + (1 - smoothing) * value
            expected.append(state / (1 - smoothing ** (t + 1)))
        np.testing.assert_allclose(ema(values, smoothing), expected, rtol=1e-9)
    with pytest.raises(ValueError):
        ema(values, 1.0)


def test_default_threads_leave_cores_to_the_gui():
    assert default_threads(1) == default_threads(2) == default_threads(4) == 1
    assert default_threads(16) == 4 and default_threads(64) == 4


def test_process_protocol_start_pause_step_stop():
    context = multiprocessing.get_context("spawn")
    data_in, data_out = context.Pipe(duplex=False)
    control_in, control_out = context.Pipe(duplex=False)
    worker = threading.Thread(target=serve, args=(data_out, control_in, torch.get_num_threads()), daemon=True)
    worker.start()
    try:
        assert isinstance(data_in.recv(), Ready)
        control_out.send(Start(7, (small(steps=1_000_000).to_dict(),), True))
        message = data_in.recv()
        assert isinstance(message, Started) and message.run_id == 7 and message.info.layer_names[-1] == "output"
        message = data_in.recv()  # the step-0 record, flushed because paused
        assert isinstance(message, Records) and message.run_id == 7
        control_out.send(Step())
        message = data_in.recv()
        assert isinstance(message, Records) and [r.step for r in message.records] == [1]
        control_out.send(Resume())
        while not isinstance(message := data_in.recv(), Paused):
            pass
        assert message == Paused(7, False)
        while not isinstance(message := data_in.recv(), Records) or message.records[-1].step < 100:
            pass
        control_out.send(Stop())
        while not isinstance(message := data_in.recv(), Finished):
            pass
        assert message.result.status == "stopped" and message.result.step >= 100  # it ran on until the Stop came
        control_out.send(Start(8, ({"dataset": "nope"},), False))
        message = data_in.recv()
        assert isinstance(message, Failed) and message.run_id == 8
        assert message.message.startswith("unknown dataset 'nope' (choose from: spiral, moons, circles, xor, "
                                          "gaussians, sine, digits")  # and any data sets that plugins add
    finally:
        control_out.send(Quit())
        worker.join(5)
    assert not worker.is_alive()


def test_snapshots_span_the_run_in_bounded_memory_and_keep_the_latest():
    from actgui.core.training.history import Snapshots

    snapshots = Snapshots(capacity=4, dtype=np.float16)
    for step in range(0, 100, 10):
        snapshots.add(step, np.full(3, step / 100, dtype=np.float32))
    steps = [step for step, _ in snapshots.items]
    assert len(snapshots) <= 5 and steps[0] == 0 and steps[-1] == 90 and steps == sorted(steps)
    assert snapshots.items[-1][1].dtype == np.float16
    assert snapshots.at(-1) is None
    at = snapshots.at(95)
    assert at.dtype == np.float32 and at[0] == pytest.approx(0.9, abs=1e-3)
    earlier = max(step for step in steps if step <= 55)
    assert snapshots.at(55)[0] == pytest.approx(earlier / 100, abs=1e-3)
    with pytest.raises(ValueError, match="at least 2"):
        Snapshots(capacity=1)
