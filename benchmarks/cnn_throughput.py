"""CNN training throughput on images: the epoch loop against a bare torch loop, per device.

For each device (cpu, and cuda where present) the notes' CNN (relu) trains on Fashion-MNIST
(28×28; random images of the same shape where the data package is not installed, which costs the
same) with Adam, clip value 0.5 and batches of 128. The epoch loop (actgui.core.training.image_trainer,
data on the device, one host transfer per epoch) and a bare loop over the same model, optimiser and
tensors (no clipping, no loss bookkeeping) alternate in `--rounds` slices of one epoch each, so load
from other programs hits both alike; the totals are compared (target: ratio ≥ 0.9). Then one full
epoch of the training subset is timed with validation; on the CPU the target is under a minute for
10 000 images. On cuda the same is measured with bf16 autocast.

With --shootout, the notes' closing experiment as `actgui train --compare` runs it: six CNNs (sigmoid,
relu, elu, leaky_relu, selu, gelu) in lockstep, recording on their time-based cadence, against a bare
loop over the same six models (forward, backward, clip, step; round-robin), alternating `--rounds`
slices of `--seconds` (target: ratio ≥ 0.9). Then the arithmetic limit: the CNN's FLOPs per training
image (torch's FLOP counter: forward and backward) × images/s, against the cores' peak (nominal:
cores × clock × FP32 FLOPs per cycle from the CPU's flags; measured: a large matrix product on the
same threads); and the bare loop in the layouts and settings torch offers (NCHW vs channels-last,
1 vs 2 threads, torch.compile after its warm-up).

With --gui, the CNN is also trained by the real Training panel (offscreen, its child process streaming
records to the image views and curves) on the CPU, alternating `--gui-rounds` slices of `--gui-seconds`
with the same model and data in a bare loop (benchmarks/training_throughput.py's harness); the
steps/s are compared (target: ratio ≥ 0.9, as for the MLP).

    python benchmarks/cnn_throughput.py [--train 10000] [--val 2000] [--rounds 3] [--devices cpu,cuda]
                                        [--gui] [--gui-rounds 4] [--gui-seconds 20]
                                        [--shootout [--seconds 20] [--variants]]
"""

from __future__ import annotations

import argparse
import os
import time

RATIO_TARGET = 0.9
CPU_EPOCH_TARGET_S = 60.0


def load_data(train: int, val: int):
    import numpy as np

    from actgui.core.image_datasets import IMAGE_DATASETS, ImageDataset, make_image_dataset

    info = IMAGE_DATASETS.get("fashion_mnist")
    reason = info.unavailable()
    if reason is None:
        return make_image_dataset(info, train_samples=train, val_samples=val), "Fashion-MNIST"
    rng = np.random.default_rng(0)
    data = ImageDataset(info, rng.random((train, 1, 28, 28), np.float32), rng.integers(0, 10, train),
                        rng.random((val, 1, 28, 28), np.float32), rng.integers(0, 10, val), 0)
    return data, f"random 28×28 images ({reason})"


def synchronise(device: str) -> None:
    import torch

    if device == "cuda":
        torch.cuda.synchronize()


def bare_epoch(trainer, steps: int | None = None) -> tuple[int, float]:
    """(images, seconds) of one epoch (or `steps` steps) in a plain forward/backward/step loop on the
    trainer's tensors."""
    import torch
    import torch.nn.functional as F

    model, optimizer, size = trainer.model, trainer.optimizer, trainer.batch_size
    x, y = trainer.x_train, trainer.y_train
    synchronise(trainer.device)
    started = time.perf_counter()
    order = torch.randperm(len(x), device=trainer.device)
    model.train()
    batches = 0
    for start in range(0, len(x) - size + 1, size)[:steps]:
        index = order[start:start + size]
        with trainer._autocast():
            loss = F.cross_entropy(model(x[index]), y[index])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        batches += 1
    synchronise(trainer.device)
    return batches * size, time.perf_counter() - started


def loop_epoch(trainer) -> tuple[int, float]:
    """(images, seconds) of the rest of the current epoch in the epoch loop."""
    synchronise(trainer.device)
    started, first = time.perf_counter(), trainer.step
    float(trainer.train_epoch())
    return (trainer.step - first) * trainer.batch_size, time.perf_counter() - started


def measure(device: str, data, rounds: int, bf16: bool) -> None:
    import torch

    from actgui.core.cnn import build_cnn
    from actgui.core.training.image_trainer import ImageTrainer

    torch.manual_seed(0)
    trainer = ImageTrainer(build_cnn(data.shape, data.classes, "relu"), data, device=device, bf16=bf16)
    label = f"{device}{' bf16' if trainer.bf16 else ''}"
    trainer.train_steps(4)  # kernels chosen, caches filled
    bare_epoch(trainer, steps=4)
    totals = {"loop": [0, 0.0], "bare": [0, 0.0]}
    for round_ in range(rounds):
        images, seconds = loop_epoch(trainer)
        totals["loop"][0] += images
        totals["loop"][1] += seconds
        bare_images, bare_seconds = bare_epoch(trainer)
        totals["bare"][0] += bare_images
        totals["bare"][1] += bare_seconds
        print(f"  {label} round {round_ + 1}: epoch loop {images / seconds:8.0f} images/s | bare loop "
              f"{bare_images / bare_seconds:8.0f} images/s", flush=True)
    loop_rate = totals["loop"][0] / totals["loop"][1]
    bare_rate = totals["bare"][0] / totals["bare"][1]
    ratio = loop_rate / bare_rate
    print(f"{label}: epoch loop {loop_rate:.0f} images/s, bare loop {bare_rate:.0f} images/s; ratio {ratio:.2f} "
          f"({'meets' if ratio >= RATIO_TARGET else 'misses'} the target ≥ {RATIO_TARGET})")
    synchronise(device)
    started, cpu = time.perf_counter(), time.process_time()
    result = next(trainer.epochs(1))
    total, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"{label}: one epoch of {len(data.x_train)} images {result.seconds:.1f} s training + "
          f"{total - result.seconds:.1f} s validating {len(data.x_val)} images = {total:.1f} s", flush=True)
    if device == "cpu":
        # On a shared machine the wall time counts other programs' load; the process's CPU time spread
        # over its threads is the time the epoch takes with the cores to itself.
        threads = torch.get_num_threads()
        alone = cpu / threads
        per_10k = 10_000 / len(data.x_train)
        for name, seconds in (("wall clock", total), (f"CPU time / {threads} threads", alone)):
            scaled = seconds * per_10k
            print(f"  {name}: {scaled:.1f} s per 10 000 images "
                  f"({'meets' if scaled < CPU_EPOCH_TARGET_S else 'misses'} the target < {CPU_EPOCH_TARGET_S:.0f} s)")


def gui_ratio(train: int, rounds: int, seconds: float) -> None:
    """Steps/s of the CNN trained by the Training panel against a bare loop, on the CPU."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    QApplication.instance() or QApplication([])
    import torch
    from training_throughput import BareLoop, LiveRun, run_events

    from actgui.core.image_datasets import IMAGE_DATASETS
    from actgui.core.training.config import TrainingConfig
    from actgui.core.training.process import default_threads
    from actgui.qt.base.theme import LIGHT
    from actgui.qt.panels.training.panel import TrainingPanel

    class BareCNNLoop(BareLoop):
        """training_throughput's bare loop with a short warm-up (a CNN step is slow on a CPU)."""

        def __init__(self, config) -> None:
            from actgui.core.training.trainer import Trainer

            trainer = Trainer(config)
            self.model, self.optimizer, self.head = trainer.model, trainer.optimizer, trainer.head
            self.x, self.y = trainer._x_train, trainer._y_train
            self.size = config.batch_size
            self.generator = torch.Generator().manual_seed(0)
            self._shuffle()
            self.run(4)

        def slice(self, seconds: float) -> tuple[int, float]:
            steps, start = 0, time.perf_counter()
            while time.perf_counter() - start < seconds:
                self.run(1)
                steps += 1
            return steps, time.perf_counter() - start

    dataset = "fashion_mnist" if IMAGE_DATASETS.get("fashion_mnist").unavailable() is None else "digits"
    config = TrainingConfig(dataset=dataset, model="cnn", train_samples=train, optimizer="adam", lr=0.001,
                            clip_value=0.5, steps=10_000_000, device="cpu").checked()
    threads = default_threads()
    torch.set_num_threads(threads)
    panel = TrainingPanel(LIGHT)
    panel.resize(1400, 860)
    panel.show()
    run_events(60, lambda: panel.worker.process_ready)
    print(f"GUI-attached CNN on {dataset} ({train} training images), a record every {config.record_every} steps, "
          f"the whole validation set at each epoch's end; torch threads {threads}; load average "
          f"{os.getloadavg()[0]:.2f}", flush=True)
    def live_slice() -> tuple[int, float, float]:
        """(steps, seconds, GUI process CPU share) between the first and the last record of one running
        slice (a CNN record comes every few seconds: the slice starts and ends on fresh ones)."""
        panel.toggle_pause()
        run_events(10, lambda: not panel._paused)
        resumed = panel.current.latest.step
        run_events(60, lambda: panel.current.latest.step > resumed)
        first, cpu, wall = panel.current.latest, time.process_time(), time.monotonic()
        run_events(seconds)
        reached = panel.current.latest.step
        run_events(60, lambda: panel.current.latest.step > reached)
        last = panel.current.latest
        share = (time.process_time() - cpu) / (time.monotonic() - wall)
        live._pause()
        return last.step - first.step, last.elapsed - first.elapsed, share

    bare = BareCNNLoop(config)
    live = LiveRun(panel, config)
    totals = {"bare": [0, 0.0], "gui": [0, 0.0]}
    for round_ in range(rounds):
        steps, elapsed, cpu = live_slice()
        totals["gui"][0] += steps
        totals["gui"][1] += elapsed
        bare_steps, bare_seconds = bare.slice(seconds)
        totals["bare"][0] += bare_steps
        totals["bare"][1] += bare_seconds
        print(f"  slice {round_ + 1}: bare loop {bare_steps / bare_seconds:6.1f} steps/s | with GUI "
              f"{steps / max(elapsed, 1e-9):6.1f} steps/s; GUI process CPU {cpu:.0%} of a core",
              flush=True)
    panel.shutdown()
    ratio = (totals["gui"][0] / totals["gui"][1]) / (totals["bare"][0] / totals["bare"][1])
    print(f"cpu CNN: ratio GUI / bare loop {ratio:.2f} ({'meets' if ratio >= RATIO_TARGET else 'misses'} the "
          f"target ≥ {RATIO_TARGET})")


def shootout_trainers(train: int):
    from actgui.core.image_datasets import IMAGE_DATASETS
    from actgui.core.training.config import TrainingConfig
    from actgui.core.training.experiment import NOTES_COMPARISON, compare_plan, split_values
    from actgui.core.training.lockstep import build_trainers

    dataset = "fashion_mnist" if IMAGE_DATASETS.get("fashion_mnist").unavailable() is None else "digits"
    base = TrainingConfig(dataset=dataset, model="cnn", train_samples=train, optimizer="adam", lr=0.001,
                          clip_value=0.5, batch_size=128, epochs=1000, device="cpu")
    plan = compare_plan(base, "activation", split_values(NOTES_COMPARISON))
    return build_trainers([run.config for run in plan]), dataset


class BareSix:
    """The same six models, optimisers and data in a plain round-robin loop: forward, backward, clip
    by value, step."""

    def __init__(self, trainers, memory_format=None, compiled: bool = False) -> None:
        import copy

        import torch

        self.models, self.optimizers, self.compiled = [], [], []
        for trainer in trainers:
            model = copy.deepcopy(trainer.model)
            if memory_format is not None:
                model = model.to(memory_format=memory_format)
            self.models.append(model)
            self.optimizers.append(torch.optim.Adam(model.parameters(), lr=0.001))
            self.compiled.append(torch.compile(model) if compiled else model)
        self.x, self.y = trainers[0]._x_train, trainers[0]._y_train
        self.size = 128
        self.cursor = 0

    def step_all(self) -> None:
        import torch
        import torch.nn.functional as F

        if self.cursor + self.size > len(self.x):
            self.cursor = 0
        x, y = self.x[self.cursor:self.cursor + self.size], self.y[self.cursor:self.cursor + self.size]
        self.cursor += self.size
        for model, run, optimizer in zip(self.models, self.compiled, self.optimizers, strict=True):
            model.train()
            loss = F.cross_entropy(run(x), y)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_value_(model.parameters(), 0.5)
            optimizer.step()

    def images_per_second(self, seconds: float) -> tuple[int, float]:
        steps, started = 0, time.perf_counter()
        while time.perf_counter() - started < seconds:
            self.step_all()
            steps += 1
        return steps * self.size * len(self.models), time.perf_counter() - started


def training_flops_per_image(model, shape) -> float:
    """FLOPs of one training image (forward and backward), as torch's FLOP counter counts them."""
    import torch
    from torch.utils.flop_counter import FlopCounterMode

    x = torch.zeros((32, *shape))
    counter = FlopCounterMode(display=False)
    with counter:
        model(x).sum().backward()
    model.zero_grad(set_to_none=True)
    return counter.get_total_flops() / 32


def nominal_peak() -> tuple[float, str]:
    """(FP32 FLOP/s, how) of this process's cores: cores × clock × FLOPs per cycle from the CPU flags
    (two FMA units of 16 lanes with AVX-512, of 8 with AVX2)."""
    flags, mhz = set(), 0.0
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("flags") and not flags:
                    flags = set(line.split(":", 1)[1].split())
                elif line.startswith("cpu MHz") and not mhz:
                    mhz = float(line.split(":", 1)[1])
    except OSError:
        return float("nan"), "no /proc/cpuinfo"
    per_cycle = 64 if "avx512f" in flags else 32 if "fma" in flags else 8
    cores = len(os.sched_getaffinity(0))
    return cores * mhz * 1e6 * per_cycle, f"{cores} cores × {mhz / 1000:.2f} GHz × {per_cycle} FLOP/cycle"


def measured_peak(threads: int) -> float:
    """FP32 FLOP/s of a large matrix product on `threads` threads (best of three)."""
    import torch

    previous = torch.get_num_threads()
    torch.set_num_threads(threads)
    a, b = torch.randn(2048, 2048), torch.randn(2048, 2048)
    a @ b
    best = 0.0
    for _ in range(3):
        started = time.perf_counter()
        a @ b
        best = max(best, 2 * 2048**3 / (time.perf_counter() - started))
    torch.set_num_threads(previous)
    return best


def shootout(train: int, rounds: int, seconds: float, variants: bool) -> None:
    import torch

    from actgui.core.training.lockstep import Lockstep
    from actgui.core.training.process import default_threads
    from actgui.core.training.records import Record

    threads = default_threads()
    torch.set_num_threads(threads)
    trainers, dataset = shootout_trainers(train)
    lockstep = Lockstep(trainers)
    lockstep.start()
    bare = BareSix(trainers)
    bare.images_per_second(2.0)  # warm caches
    print(f"shoot-out: six CNNs on {dataset} ({train} training images) in lockstep as `actgui train --compare` "
          f"runs them, torch threads {threads}, load average {os.getloadavg()[0]:.2f}", flush=True)
    totals = {"shoot-out": [0, 0.0], "bare": [0, 0.0]}
    records = 0
    for round_ in range(rounds):
        first, started = sum(t.step for t in trainers), time.perf_counter()
        while time.perf_counter() - started < seconds:
            records += sum(isinstance(event, Record) for _, event in lockstep.advance())
        images, elapsed = (sum(t.step for t in trainers) - first) * 128, time.perf_counter() - started
        bare_images, bare_elapsed = bare.images_per_second(seconds)
        for key, (n, s) in (("shoot-out", (images, elapsed)), ("bare", (bare_images, bare_elapsed))):
            totals[key][0] += n
            totals[key][1] += s
        print(f"  round {round_ + 1}: shoot-out {images / elapsed:6.0f} images/s | bare loop "
              f"{bare_images / bare_elapsed:6.0f} images/s", flush=True)
    rate = totals["shoot-out"][0] / totals["shoot-out"][1]
    bare_rate = totals["bare"][0] / totals["bare"][1]
    ratio = rate / bare_rate
    print(f"shoot-out {rate:.0f} images/s, bare loop {bare_rate:.0f} images/s: ratio {ratio:.2f} "
          f"({'meets' if ratio >= RATIO_TARGET else 'misses'} the target ≥ {RATIO_TARGET}); {records} records")
    flops = training_flops_per_image(bare.models[1], tuple(trainers[0]._x_train.shape[1:]))
    peak, how = nominal_peak()
    measured = measured_peak(threads)
    achieved = flops * rate
    print(f"arithmetic: {flops / 1e6:.1f} MFLOP per training image × {rate:.0f} images/s = "
          f"{achieved / 1e9:.2f} GFLOP/s; nominal peak {peak / 1e9:.0f} GFLOP/s ({how}): {achieved / peak:.1%}; "
          f"a 2048² matrix product on {threads} thread(s) {measured / 1e9:.0f} GFLOP/s: {achieved / measured:.1%}")
    if not variants:
        return
    options = [("channels-last (as trained)", dict(memory_format=torch.channels_last), threads),
               ("NCHW", dict(memory_format=torch.contiguous_format), threads),
               ("channels-last, 2 threads", dict(memory_format=torch.channels_last), 2),
               ("channels-last, 1 thread", dict(memory_format=torch.channels_last), 1),
               ("channels-last + torch.compile", dict(memory_format=torch.channels_last, compiled=True), threads)]
    loops = {}
    for name, settings, count in options:
        torch.set_num_threads(count)
        try:
            loops[name] = BareSix(trainers, **settings)
            loops[name].images_per_second(20.0 if settings.get("compiled") else 2.0)  # compile and warm up
        except Exception as error:  # torch.compile needs a C++ compiler
            print(f"  {name}: not available ({type(error).__name__}: {str(error).splitlines()[0][:100]})")
            loops.pop(name, None)
    totals_v = {name: [0, 0.0] for name in loops}
    for _ in range(rounds):
        for name, loop in loops.items():
            torch.set_num_threads(next(c for n, _, c in options if n == name))
            n, s = loop.images_per_second(seconds / 2)
            totals_v[name][0] += n
            totals_v[name][1] += s
    reference = totals_v[options[0][0]][0] / totals_v[options[0][0]][1]
    for name, (n, s) in totals_v.items():
        print(f"  bare loop, {name}: {n / s:6.0f} images/s ({n / s / reference:.2f}× channels-last)")
    torch.set_num_threads(threads)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--train", type=int, default=10_000, help="training images per epoch")
    parser.add_argument("--val", type=int, default=2000, help="validation images")
    parser.add_argument("--rounds", type=int, default=3, help="alternating epochs of each loop")
    parser.add_argument("--devices", default="", help="comma-separated (default: cpu and cuda where present)")
    parser.add_argument("--gui", action="store_true", help="also the GUI-attached vs bare-loop ratio (cpu)")
    parser.add_argument("--gui-only", action="store_true", help="only the GUI-attached ratio")
    parser.add_argument("--gui-rounds", type=int, default=4)
    parser.add_argument("--gui-seconds", type=float, default=20.0, help="long enough for several records")
    parser.add_argument("--shootout", action="store_true", help="only the six-CNN shoot-out against a bare loop")
    parser.add_argument("--seconds", type=float, default=20.0, help="--shootout: seconds per slice")
    parser.add_argument("--variants", action="store_true",
                        help="--shootout: also the bare loop in NCHW, with 1 and 2 threads and under torch.compile")
    args = parser.parse_args()
    if args.shootout:
        shootout(args.train, args.rounds, args.seconds, args.variants)
        return
    import torch

    from actgui.core.device import available_devices

    devices = [d for d in args.devices.split(",") if d] or [d for d in ("cpu", "cuda") if d in available_devices()]
    data, source = load_data(args.train, args.val)
    print(f"CNN (notes' layout, relu) on {source}: {len(data.x_train)} training, {len(data.x_val)} validation "
          f"images; batch 128, Adam, clip value 0.5; torch {torch.__version__}, {torch.get_num_threads()} threads, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    for device in [] if args.gui_only else devices:
        if device == "cuda":
            print(f"cuda device: {torch.cuda.get_device_name(0)}")
        measure(device, data, args.rounds, bf16=False)
        if device == "cuda":
            measure(device, data, args.rounds, bf16=True)
    if args.gui or args.gui_only:
        gui_ratio(args.train, args.gui_rounds, args.gui_seconds)


if __name__ == "__main__":
    main()
