"""`actgui train ...`: the Training panel's engine, headless and in-process, and `actgui list datasets`.

The CSV has the columns step, train_loss, val_loss, val_accuracy, then grad_norm/<layer> and
dead_fraction/<layer> (with a leading `activation` column in compare mode); .json holds config and
every metric; .png/.svg the loss figure (runs overlaid in compare mode). A diverging run exits 3,
after writing the rows up to the divergence.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

import torch

from actgui.cli.common import CliError, add_output_arguments, parse_assignments, parse_float
from actgui.core.activations import ACTIVATIONS
from actgui.core.datasets import DATASETS
from actgui.core.files import atomic_write, check_writable, describe
from actgui.core.registry import UnknownKeyError
from actgui.core.table import Table
from actgui.core.training import (
    DEVICES,
    OPTIMIZERS,
    RECOMMENDED_INIT,
    Record,
    RunHistory,
    Trainer,
    TrainingConfig,
    parse_hidden,
)
from actgui.core.training_process import default_threads

DIVERGED_STATUS = 3
SUFFIXES = (".csv", ".json", ".png", ".svg")
PROGRESS_WIDTH = 30
PROGRESS_INTERVAL_S = 0.1


def add_commands(commands) -> None:
    commands.add_list("datasets", DATASETS.keys)
    commands.add_list("optimizers", OPTIMIZERS.keys)
    parser = commands.top.add_parser(
        "train", help="train an MLP headless and write its metrics (CSV/JSON) or loss figure (PNG/SVG)",
        description="Train an MLP as the Training panel does. In compare mode the same network and seed are "
                    "trained once per activation and the curves overlaid. Exit status 3: a run diverged.")
    parser.add_argument("--dataset", default="spiral", help="see `actgui list datasets`")
    parser.add_argument("--samples", type=int, default=None)
    parser.add_argument("--noise", type=float, default=None)
    parser.add_argument("--classes", type=int, default=None, help="blobs of the gaussians data set")
    parser.add_argument("--activation", default="relu", help="see `actgui list activations`")
    parser.add_argument("--param", action="append", metavar="KEY=VALUE", help="activation parameter")
    parser.add_argument("--init", default=RECOMMENDED_INIT,
                        help="see `actgui list inits`; 'recommended' follows the notes' rule per activation")
    parser.add_argument("--init-param", action="append", metavar="KEY=VALUE", help="init scheme parameter")
    parser.add_argument("--hidden", default="64,64", help="hidden layer sizes, e.g. 64,64")
    parser.add_argument("--output", choices=["sigmoid", "softmax"], default="sigmoid",
                        help="binary tasks: 1 sigmoid unit + BCE, or 2 softmax units + cross-entropy")
    parser.add_argument("--dropout", type=float, default=0.0)
    parser.add_argument("--batch-norm", action="store_true")
    parser.add_argument("--optimizer", default="adam", help="see `actgui list optimizers`")
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--momentum", type=float, default=0.9)
    parser.add_argument("--nesterov", action="store_true")
    parser.add_argument("--weight-decay", type=float, default=0.0)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--clip-norm", type=float, default=0.0, help="gradient clipping max norm (0 = off)")
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--record-every", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--device", choices=list(DEVICES), default="auto")
    parser.add_argument("--compare", default=None, metavar="NAME,NAME,...",
                        help="train once per activation, e.g. sigmoid,relu,elu,leaky_relu,selu,gelu")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    add_output_arguments(parser)
    parser.set_defaults(func=train)


def configs_from_args(args: argparse.Namespace) -> list[TrainingConfig]:
    """One checked config, or one per compared activation; raises CliError naming the problem."""
    params = {key: parse_float(value, f"--param {key}") for key, value in parse_assignments(args.param).items()}
    init_params: dict[str, float | str] = dict(parse_assignments(args.init_param, "--init-param"))
    try:
        base = TrainingConfig(
            dataset=args.dataset, samples=args.samples, noise=args.noise, classes=args.classes,
            hidden=parse_hidden(args.hidden), activation=args.activation, activation_params=params, init=args.init,
            init_params=init_params, binary_output=args.output, dropout=args.dropout, batch_norm=args.batch_norm,
            optimizer=args.optimizer, lr=args.lr, momentum=args.momentum, nesterov=args.nesterov,
            weight_decay=args.weight_decay, batch_size=args.batch_size, clip_norm=args.clip_norm, steps=args.steps,
            record_every=args.record_every, seed=args.seed, device=args.device,
        )
        if args.compare is None:
            return [base.checked()]
        names = [n.strip() for n in args.compare.split(",") if n.strip()]
        if len(names) < 2:
            raise CliError("--compare needs at least two activations, e.g. sigmoid,relu")
        data = base.to_dict()
        return [TrainingConfig.from_dict({**data, "activation": name,
                                          "activation_params": params if name == args.activation else {}})
                for name in names]
    except UnknownKeyError as error:
        raise CliError(str(error)) from None
    except ValueError as error:
        raise CliError(str(error)) from None


class Progress:
    """A one-line text progress bar on stderr, redrawn at most ten times a second."""

    def __init__(self, label: str, total: int, enabled: bool) -> None:
        self.label, self.total, self.enabled = label, total, enabled
        self.shown = 0.0
        self.step: int | None = None
        self.width = 0

    def update(self, record: Record, force: bool = False) -> None:
        now = time.monotonic()
        if not self.enabled or record.step == self.step or (not force and now - self.shown < PROGRESS_INTERVAL_S):
            return
        self.shown, self.step = now, record.step
        done = min(record.step / max(self.total, 1), 1.0)
        bar = "#" * round(done * PROGRESS_WIDTH)
        loss = "–" if not math.isfinite(record.val_loss) else f"{record.val_loss:.4g}"
        line = f"{self.label} [{bar:<{PROGRESS_WIDTH}}] {done:4.0%} step {record.step}/{self.total} val loss {loss}"
        self.width = max(self.width, len(line))
        sys.stderr.write(f"\r{line:<{self.width}}")  # padded: no leftovers from a longer line
        sys.stderr.flush()

    def finish(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()


def run_configs(configs: list[TrainingConfig], quiet: bool = False) -> list[RunHistory]:
    """Trains each config in-process (one after another) and returns their histories."""
    histories = []
    for index, config in enumerate(configs):
        activation = ACTIVATIONS.get(config.activation)
        label = activation.key if len(configs) > 1 else config.activation
        prefix = f"{label} ({index + 1}/{len(configs)})" if len(configs) > 1 else label
        try:
            trainer = Trainer(config)
        except (ValueError, RuntimeError) as error:
            raise CliError(f"{label}: {error}") from None
        for message in trainer.messages:
            print(f"actgui: note: {message}", file=sys.stderr)
        history = RunHistory(trainer.info, capacity=None, label=label, color=activation.color)
        progress = Progress(prefix, config.steps, not quiet)
        records = trainer.records()
        while True:
            try:
                record = next(records)
            except StopIteration as end:
                history.result = end.value
                break
            except (ValueError, RuntimeError) as error:  # e.g. a torch error on an exotic device
                raise CliError(f"{label}: {error}") from None
            history.add(record)
            if record.message:
                print(f"\nactgui: note: {record.message}", file=sys.stderr)
            progress.update(record)
        if history.latest is not None:
            progress.update(history.latest, force=True)
        progress.finish()
        histories.append(history)
    return histories


def write_table(histories: list[RunHistory], path: Path) -> None:
    tables = [history.table(history.cli_columns(), leading={"activation": history.label} if len(histories) > 1
                            else None) for history in histories]
    header = tables[0].header
    if any(t.header != header for t in tables):
        raise CliError("the compared runs have different layers")
    Table({name: [v for t in tables for v in t.columns[name]] for name in header}).write_csv(path)


def train(args: argparse.Namespace) -> int:
    suffix = args.out.suffix.lower()
    if suffix not in SUFFIXES:
        raise CliError(f"unsupported file type '{suffix or args.out.name}' (use {', '.join(SUFFIXES)})")
    try:
        check_writable(args.out)
    except OSError as error:
        raise CliError(describe(error, args.out)) from None
    configs = configs_from_args(args)
    threads = torch.get_num_threads()
    torch.set_num_threads(default_threads())
    try:
        histories = run_configs(configs, args.quiet)
    finally:
        torch.set_num_threads(threads)
    try:
        if suffix == ".csv":
            write_table(histories, args.out)
        elif suffix == ".json":
            data = {"app": "actgui", "runs": [history.to_json() for history in histories]}
            atomic_write(args.out, json.dumps(data, indent=1))
        else:
            from actgui.cli.common import write_figure

            def make(theme):
                from actgui.qt.figures.training import LossFigure

                figure = LossFigure(theme)
                figure.show(histories, log_y=True)
                return figure

            write_figure(args, make)
    except OSError as error:
        raise CliError(describe(error, args.out)) from None
    if suffix in (".csv", ".json"):
        print(args.out)
    diverged = [h for h in histories if h.result is not None and h.result.status == "diverged"]
    for history in diverged:
        print(f"actgui: error: {history.label} {history.result.message}", file=sys.stderr)
    return DIVERGED_STATUS if diverged else 0
