"""What an image run's records cost: the share of the first epoch spent measuring.

The notes' CNN (Fashion-MNIST where the data package is installed, else the 8×8 digits) trains one
epoch of the training subset as `actgui train` and the Training panel run it, recording on the
time-based cadence of actgui.core.training.cadence (the early records, the probe records, the
epoch end's whole validation set). The cadence counts the seconds spent training and measuring;
printed: the steps of every record with the seconds of training before it, the probe records' share
and the share of every measurement, the epoch end's included (target: ≤ 0.10 of the epoch's
training time). One run stands for each run of a comparison: in lockstep every run trains and
measures on the same cadence. The machine's load average is printed beside the figures.

    python benchmarks/record_cadence.py [--activation relu] [--epochs 1]
"""

from __future__ import annotations

import argparse
import os

SHARE_TARGET = 0.10


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activation", default="relu")
    parser.add_argument("--epochs", type=int, default=1)
    args = parser.parse_args()
    from actgui.core.image_datasets import IMAGE_DATASETS
    from actgui.core.training.config import TrainingConfig
    from actgui.core.training.trainer import Trainer

    dataset = "fashion_mnist" if IMAGE_DATASETS.get("fashion_mnist").unavailable() is None else "digits"
    config = TrainingConfig(dataset=dataset, model="cnn", activation=args.activation, optimizer="adam", lr=0.001,
                            clip_value=0.5, batch_size=128, epochs=args.epochs, device="cpu")
    trainer = Trainer(config)
    records = trainer.records(first_images=False)
    steps = [next(records).step]
    for record in records:
        steps.append(record.step)
    cadence = trainer.cadence
    assert cadence is not None
    load = os.getloadavg()
    print(f"{dataset}: {len(trainer._x_train)} training and {len(trainer._x_val)} validation images, "
          f"{trainer.steps_per_epoch} steps an epoch, {args.epochs} epoch(s)")
    print(f"records at steps {steps}")
    print(f"training {cadence.trained_seconds:.1f} s, probe records {cadence.measured_seconds:.1f} s "
          f"({cadence.records} of them), epoch ends {cadence.epoch_end_seconds:.1f} s")
    print(f"probe share {cadence.measured_share:.3f}; every measurement {cadence.total_share:.3f} of the "
          f"training time (target ≤ {SHARE_TARGET:.2f}: {'met' if cadence.total_share <= SHARE_TARGET else 'missed'})")
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
