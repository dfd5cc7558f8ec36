"""Runs in lockstep, live adjustments and the results table."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from actgui.core.training.config import TrainingConfig
from actgui.core.training.experiment import compare_plan, results_table, run_summary, train_history
from actgui.core.training.history import RunHistory
from actgui.core.training.lockstep import Lockstep, train_lockstep
from actgui.core.training.records import Record, RunResult
from actgui.core.training.trainer import Trainer


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def small(**changes) -> TrainingConfig:
    values = {"dataset": "moons", "samples": 200, "hidden": (8,), "steps": 40, "record_every": 10, **changes}
    return TrainingConfig(**values)


def test_lockstep_runs_match_runs_trained_alone_and_stay_together():
    configs = [small(seed=0), small(seed=1, activation="tanh"), small(seed=2, steps=20)]
    alone = [train_history(Trainer(config)) for config in configs]
    together = [RunHistory(Trainer(config).info, None) for config in configs]
    trainers = [Trainer(config) for config in configs]
    lockstep = Lockstep(trainers)
    rounds = [lockstep.start()]
    while not lockstep.done:
        rounds.append(lockstep.advance())
    for events in rounds:
        for index, event in events:
            if isinstance(event, Record):
                together[index].add(event)
            else:
                together[index].result = event
    # every round moves every unfinished run to the same step
    for events in rounds:
        steps = {event.step for _, event in events if isinstance(event, Record)}
        assert len(steps) <= 1
    for a, b in zip(alone, together, strict=True):
        np.testing.assert_array_equal(a.column("step"), b.column("step"))
        np.testing.assert_allclose(a.column("val_loss"), b.column("val_loss"), rtol=1e-6)
        assert a.result == b.result
    assert [r.step for r in lockstep.results] == [40, 40, 20]


def test_train_lockstep_reports_every_record_and_result():
    seen: dict[int, list[int]] = {0: [], 1: []}
    results = train_lockstep([Trainer(small()), Trainer(small(seed=5))],
                             lambda index, event: seen[index].append(event.step))
    assert [r.status for r in results] == ["finished", "finished"]
    assert seen[0] == seen[1] == [0, 10, 20, 30, 40, 40]  # four records after step 0, then the result


def test_adjust_changes_the_running_optimiser_and_is_recorded():
    trainer = Trainer(small(optimizer="sgd", lr=0.01, momentum=0.5, steps=100))
    records = trainer.records()
    first = next(records)
    assert first.lr == 0.01
    applied = trainer.adjust({"lr": 0.5, "momentum": 0.9, "weight_decay": 0.001, "clip_norm": 2.0,
                              "batch_size": 16})
    assert applied == {"lr": 0.5, "momentum": 0.9, "weight_decay": 0.001, "clip_norm": 2.0, "batch_size": 16}
    group = trainer.optimizer.param_groups[0]
    assert (group["lr"], group["momentum"], group["weight_decay"]) == (0.5, 0.9, 0.001)
    assert trainer.batch_size == 16 and trainer.config.clip_norm == 2.0
    record = next(records)
    assert record.lr == 0.5
    assert record.epoch == pytest.approx(10 * 16 / len(trainer.dataset.x_train))
    with pytest.raises(ValueError, match="only lr"):
        trainer.adjust({"hidden": 4})
    with pytest.raises(ValueError, match="out of range"):
        trainer.adjust({"lr": -1.0})
    records.close()


def test_watching_records_the_rise_to_a_divergence():
    config = small(dataset="sine", hidden=(32, 32, 32), optimizer="sgd", lr=0.02, momentum=0.9, steps=600,
                   record_every=20)
    history = RunHistory(Trainer(config).info, None)
    trainer = Trainer(config)
    records = trainer.records(watch=True)
    try:
        while True:
            history.add(next(records))
    except StopIteration as end:
        result = end.value
    assert result.status == "diverged"
    steps = history.column("step")
    assert list(steps) == list(range(len(steps)))  # every step up to the last finite one
    norms = history.metric("grad_norm").max(axis=1)
    assert norms[-1] > 100 * norms[0]


def test_compare_plan_with_seeds_and_the_results_table():
    plan = compare_plan(small(seed=4), "activation", ["relu", "tanh"], seeds=2,
                        activation_params={"leaky_relu": {"negative_slope": 0.2}})
    assert [(run.value, run.config.seed) for run in plan] == [("relu", 4), ("relu", 5), ("tanh", 4), ("tanh", 5)]
    leaky = compare_plan(small(), "activation", ["relu", "leaky_relu"],
                         activation_params={"leaky_relu": {"negative_slope": 0.2}})
    assert leaky[1].config.activation_params == {"negative_slope": 0.2}
    histories = [train_history(Trainer(run.config), run.label) for run in plan]
    table = results_table(plan, histories, "activation")
    assert list(table.columns["activation"]) == ["relu", "tanh"] and list(table.columns["seeds"]) == ["4 5", "4 5"]
    finals = [run_summary(h)["final_val_accuracy"] for h in histories]
    assert table.columns["final_val_accuracy_mean"][0] == pytest.approx(np.mean(finals[:2]))
    assert table.columns["final_val_accuracy_min"][1] == min(finals[2:])
    assert table.columns["final_val_loss_max"][0] == max(h.column("val_loss")[-1] for h in histories[:2])
    summary = run_summary(histories[0])
    accuracy = histories[0].column("val_accuracy")
    reached = np.flatnonzero(accuracy >= 0.9)
    expected = histories[0].column("step")[reached[0]] if reached.size else math.nan
    assert summary["steps_to_90"] == expected or (math.isnan(expected) and math.isnan(summary["steps_to_90"]))
    assert summary["best_val_loss"] == histories[0].column("val_loss").min()
    with pytest.raises(ValueError, match="seeds"):
        compare_plan(small(), "activation", ["relu", "tanh"], seeds=0)


def test_a_lockstep_stop_ends_every_run():
    lockstep = Lockstep([Trainer(small(steps=1000)), Trainer(small(steps=1000))])
    lockstep.start()
    lockstep.advance()
    results = lockstep.stop()
    assert results == [RunResult("stopped", 10, "stopped at step 10")] * 2


def test_an_image_run_refuses_a_new_batch_size_and_keeps_its_epochs():
    trainer = Trainer(TrainingConfig(dataset="digits", model="cnn", epochs=2, batch_size=64))
    steps = trainer.config.steps
    assert steps == 2 * trainer.steps_per_epoch
    with pytest.raises(ValueError, match="restart to change it"):
        trainer.adjust({"batch_size": 16})
    assert trainer.batch_size == 64 and trainer.config.steps == steps
    assert trainer.adjust({"lr": 0.01}) == {"lr": 0.01}
