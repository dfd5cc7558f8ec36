"""The Landscape panel's network surface, end to end through the training process: the default
spiral MLP trained there, then its 41 × 41 landscape (plus interpolation and trajectory) asked for
with ComputeLandscape, timed from the request to the LandscapeComputed message, against the
training run measured in the same process (Start to Finished).

    python benchmarks/network_surface_process.py [--repeats 3] [--resolution 41]
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--resolution", type=int, default=41)
    args = parser.parse_args()
    from actgui.core.network_landscape import LandscapeSettings
    from actgui.core.training.config import TrainingConfig
    from actgui.core.training.messages import (
        ComputeLandscape,
        Finished,
        LandscapeComputed,
        LandscapeFailed,
        Quit,
        Ready,
        Start,
    )
    from actgui.core.training.process import main as process_main

    context = multiprocessing.get_context("spawn")
    data_in, data_out = context.Pipe(duplex=False)
    control_in, control_out = context.Pipe(duplex=False)
    process = context.Process(target=process_main, args=(data_out, control_in, None), daemon=True)
    process.start()

    def until(kinds):
        while not isinstance(message := data_in.recv(), kinds):
            pass
        return message

    ready = until(Ready)
    config = TrainingConfig()
    train_times, landscape_times = [], []
    for repeat in range(args.repeats):
        started = time.perf_counter()
        control_out.send(Start(repeat, (config.to_dict(),)))
        finished = until(Finished)
        train_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        control_out.send(ComputeLandscape(repeat, repeat, LandscapeSettings(resolution=args.resolution)))
        answer = until((LandscapeComputed, LandscapeFailed))
        landscape_times.append(time.perf_counter() - started)
        assert isinstance(answer, LandscapeComputed), answer
    control_out.send(Quit())
    process.join(5)
    train, landscape = statistics.median(train_times), statistics.median(landscape_times)
    steps = finished.result.step
    print(f"default spiral MLP {config.hidden}, {steps} steps, {ready.threads} torch thread(s) in the process")
    print(f"training run (Start → Finished): {train:.2f} s median, {1000 * train / steps:.3f} ms a step")
    print(f"{args.resolution}×{args.resolution} landscape (ComputeLandscape → LandscapeComputed): "
          f"{landscape:.2f} s median")
    print(f"ratio landscape / training run: {landscape / train:.2f}; the landscape costs as much as "
          f"{landscape / (train / steps):.0f} optimiser steps")


if __name__ == "__main__":
    main()
