"""The image runs' record cadence: a fixed class-balanced probe, records about every RECORD_SECONDS of
training (the first few sooner) and never so often that measuring takes more than PROBE_SHARE of it."""

from __future__ import annotations

import numpy as np
import pytest

from actgui.core.training.cadence import FIRST_STEPS, RecordCadence, probe_indices
from actgui.core.training.config import TrainingConfig
from actgui.core.training.lockstep import build_trainers
from actgui.core.training.trainer import Trainer


def test_the_probe_takes_the_classes_in_turn_and_is_the_same_every_time():
    labels = np.array([0] * 50 + [1] * 30 + [2] * 5)
    probe = probe_indices(labels, 20)
    assert len(probe) == 20 and len(set(probe)) == 20
    assert list(labels[probe[:6]]) == [0, 1, 2, 0, 1, 2]
    assert np.bincount(labels[probe]).tolist() == [8, 7, 5]  # class 2 runs out after five
    np.testing.assert_array_equal(probe, probe_indices(labels, 20))
    np.testing.assert_array_equal(probe_indices(labels[:10], 20), np.arange(10))


def test_the_cadence_follows_the_time_and_the_measuring_budget():
    cadence = RecordCadence(seconds=1.0, share=0.05, first=3, early=0)
    assert cadence.steps() == 3  # speed not known yet
    cadence.trained(10, 0.5)  # 0.05 s a step
    cadence.measured(0.001)
    assert cadence.steps() == 20  # one second of training
    cadence.trained(20, 1.0)
    cadence.measured(0.199)  # running average: 0.1 s a measurement; 0.2 s measured in all
    # (0.2 s + the next 0.1 s) is 5 % of 6 s of training: 4.5 s more, 90 steps
    assert cadence.steps() == 90
    assert cadence.measured_share == pytest.approx(0.2 / 1.5)
    with pytest.raises(ValueError):
        RecordCadence(share=0)


def test_the_first_records_come_soon_and_the_later_ones_wait_for_the_budget():
    cadence = RecordCadence(seconds=1.0, share=0.05, first=2, early=3)
    assert cadence.steps() == 2
    steps = []
    for _ in range(3):  # 0.25 s a step, 0.5 s a measurement: twice a step
        cadence.trained(cadence.steps(), cadence.steps() * 0.25)
        cadence.measured(0.5)
        steps.append(cadence.steps())
    assert steps[:2] == [2, 2]  # every two steps, whatever the measuring costs
    # after three early records: 1.5 s measured over 1.5 s trained; the next is due when the
    # 2 s of measuring are 5 % of the training: at 40 s, 38.5 s (154 steps) on
    assert steps[2] == 154
    cadence.trained(154, 38.5)
    cadence.measured(0.5)
    assert cadence.measured_share == pytest.approx(0.05)
    assert cadence.steps() == 40  # from then on 0.5 s of measuring per 10 s of training
    cadence.trained(10, 2.5)
    cadence.measured(3.0, epoch_end=True)  # the whole validation set: counted on top, a new epoch
    assert cadence.epoch_end_seconds == 3.0 and cadence.total_share == pytest.approx(5.0 / 42.5)
    assert cadence.steps() == 40  # the new epoch's budget: the next 0.5 s within 5 % of 10 s


def test_an_image_run_records_on_the_probe_and_at_every_epoch_end():
    trainer = Trainer(TrainingConfig(dataset="digits", model="cnn", optimizer="adam", lr=0.003, clip_value=0.5,
                                     batch_size=32, epochs=3))
    records = list(trainer.records())
    steps = [record.step for record in records]
    assert steps[1] == FIRST_STEPS and steps[-1] == trainer.config.steps
    ends = [record.step for record in records if record.epoch_end]
    assert ends == [trainer.steps_per_epoch * k for k in (1, 2, 3)]
    probe = trainer._x_probe
    assert len(probe) == min(200, len(trainer._x_val))
    between = [record for record in records if record.step > 0 and not record.epoch_end]
    assert between and all(record.predictions is None for record in between)


def test_compared_runs_share_their_data_and_seeds_do_not():
    base = TrainingConfig(dataset="digits", model="cnn", epochs=1)
    first, second, other_seed = build_trainers([base, TrainingConfig(**{**base.__dict__, "activation": "tanh"}),
                                                TrainingConfig(**{**base.__dict__, "seed": 1})])
    assert first.dataset is second.dataset and first.dataset is not other_seed.dataset
    assert second.config.activation == "tanh"
