"""The trained network's loss landscape: time for the 41 × 41 grid (plus interpolation and trajectory)
of a trained spiral MLP, against a baseline measured in the same run: the same grid evaluated one
point at a time by loading each weight vector into the model and calling it.

    python benchmarks/network_landscape.py [--hidden 32,32] [--steps 500] [--repeats 3] [--threads 2]
"""

from __future__ import annotations

import argparse
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hidden", default="32,32")
    parser.add_argument("--steps", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    import numpy as np
    import torch

    from actgui.core.network_landscape import (
        DEFAULT_RESOLUTION,
        LandscapeSettings,
        TrainedNetwork,
        _flatten,
        _split,
        compute_landscape,
        filter_normalised_direction,
        train_with_trajectory,
    )
    from actgui.core.training.config import TrainingConfig, parse_hidden

    torch.set_num_threads(args.threads)
    config = TrainingConfig(dataset="spiral", hidden=parse_hidden(args.hidden), steps=args.steps, device="cpu")
    trainer, trajectory = train_with_trajectory(config)
    network = TrainedNetwork.from_trainer(trainer, trajectory)
    n = DEFAULT_RESOLUTION

    def batched() -> None:
        compute_landscape(network, LandscapeSettings(resolution=n))

    def one_by_one() -> None:
        final = trajectory.final
        generator = torch.Generator().manual_seed(0)
        weights = _split(torch.as_tensor(final), trajectory.shapes)
        first = _flatten(filter_normalised_direction(weights, generator))
        second = _flatten(filter_normalised_direction(weights, generator))
        for a in np.linspace(-1, 1, n):
            for b in np.linspace(-1, 1, n):
                network.load(final + a * first + b * second)
                network.current_loss()
        network.load(final)

    def median_s(action) -> float:
        times = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            action()
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    batched()  # warm-up
    fast, slow = median_s(batched), median_s(one_by_one)
    print(f"{args.hidden} MLP ({trajectory.size} parameters, {len(network.x)} training points), "
          f"{args.threads} threads, {n}×{n} grid:")
    print(f"  landscape (grid + interpolation + trajectory, vmapped): {fast:.2f} s")
    print(f"  baseline (grid only, one weight vector at a time):      {slow:.2f} s")
    print(f"  ratio baseline / landscape: {slow / fast:.2f}")


if __name__ == "__main__":
    main()
