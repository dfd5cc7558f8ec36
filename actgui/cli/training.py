"""`actgui train ...`: the Training panel's engine, headless and in-process, and `actgui list datasets`.

The options and their defaults are TrainingConfig's, so `actgui train` starts where the panel does.
The CSV has the columns step, train_loss, val_loss, val_accuracy, then grad_norm/<layer> and
dead_fraction/<layer> (with a leading column named after --compare-by in compare mode); .json holds
config and every metric (with --weights also the weights along the run, see
actgui.core.network_landscape); .png/.svg/.pdf the loss figure (runs overlaid in compare mode; with
--seeds, one mean line and min–max band per value), or for image data sets the notes' two plots
(validation accuracy and loss per epoch, one curve per run). Compared runs train in lockstep
(actgui.core.training.lockstep); --table writes the results table, one row per value. A diverging run
exits 3, after writing the rows up to the divergence.

`--model cnn --dataset fashion_mnist --compare sigmoid,relu,elu,leaky_relu,selu,gelu` is the notes'
closing experiment: for the CNN, `gelu` trains GELU in its tanh form (gelu_tanh) and `leaky_relu` has
α = 0.2, as in the notes; `--data DIR` trains on a folder of MNIST-format IDX files instead, and
`--data FILE.csv` on your own points. `--view network` or `--view boundary` draws the trained network
or its decision boundary (fitted curve) instead of the loss.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

from actgui.cli.common import (
    CliError,
    add_output_arguments,
    format_number_text,
    parse_assignments,
    parse_float,
    write_code,
)
from actgui.core.codegen.recipe import CODE_SUFFIXES
from actgui.core.data_csv import DataFileError, read_points
from actgui.core.datasets import CUSTOM_KEY
from actgui.core.features import FEATURES
from actgui.core.files import check_writable, describe
from actgui.core.image_datasets import IDX_FOLDER
from actgui.core.lazy import lazy_module
from actgui.core.model import BINARY_OUTPUTS
from actgui.core.network_landscape import WeightTrajectory
from actgui.core.registry import UnknownKeyError
from actgui.core.training.config import DEVICES, TrainingConfig, parse_hidden
from actgui.core.training.experiment import (
    COMPARE_DEFAULTS,
    COMPARE_KINDS,
    MAX_SEEDS,
    MIN_COMPARED,
    PlannedRun,
    compare_plan,
    merge_runs,
    results_table,
    runs_json,
    single_run,
    split_values,
    write_json,
)
from actgui.core.training.history import RunHistory
from actgui.core.training.lockstep import train_lockstep
from actgui.core.training.process import default_threads
from actgui.core.training.records import Record, RunResult
from actgui.core.training.trainer import Trainer

torch = lazy_module("torch")

DIVERGED_STATUS = 3
SUFFIXES = (".csv", ".json", ".png", ".svg", ".pdf")
VIEWS = ("loss", "network", "boundary")
PROGRESS_WIDTH = 30
PROGRESS_INTERVAL_S = 0.1


def add_commands(commands) -> None:
    parser = commands.top.add_parser(
        "train", help="train an MLP headless and write its metrics (CSV/JSON) or loss figure (PNG/SVG/PDF)",
        description="Train an MLP as the Training panel does, from the panel's defaults. In compare mode the same "
                    "network and seed are trained once per value and the curves overlaid. Exit status 3: a run "
                    "diverged.")
    add_training_arguments(parser)
    parser.add_argument("--compare", default=None, metavar="VALUE,VALUE,...",
                        help="train once per value, e.g. sigmoid,relu,elu,leaky_relu,selu,gelu (with --model cnn: "
                             "gelu in its tanh form and leaky_relu with α = 0.2, as the notes use them)")
    parser.add_argument("--compare-by", choices=COMPARE_KINDS, default=COMPARE_KINDS[0],
                        help="what --compare lists: activations, init schemes or learning rates")
    parser.add_argument("--seeds", type=int, default=1, metavar="N",
                        help=f"compare mode: train each value with N seeds (--seed, --seed + 1, ...; at most "
                             f"{MAX_SEEDS}); figures draw the mean and the min–max band")
    parser.add_argument("--table", type=Path, default=None, metavar="FILE.csv",
                        help="compare mode: also write the results table (one row per value: mean, min and max "
                             "over the seeds of the final validation accuracy and loss, the seeds, ...)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--view", choices=VIEWS, default=VIEWS[0],
                        help="what a .png/.svg/.pdf --out draws: the loss curves, the trained network or the decision "
                             "boundary (fitted curve); a .csv --out with --view network or boundary holds its values")
    parser.add_argument("--weights", action="store_true",
                        help="JSON: also record the weights along the run (for `actgui export landscape network`)")
    add_output_arguments(parser)
    parser.set_defaults(func=train)


def add_training_arguments(parser: argparse.ArgumentParser) -> None:
    """The data, network and optimiser options of `actgui train` (shared with `actgui animate train`)."""
    defaults = TrainingConfig()
    parser.add_argument("--dataset", default=defaults.dataset, help="see `actgui list datasets`")
    parser.add_argument("--samples", type=int, default=defaults.samples, help="default: the data set's")
    parser.add_argument("--noise", type=float, default=defaults.noise, help="default: the data set's")
    parser.add_argument("--classes", type=int, default=defaults.classes, help="blobs of the gaussians data set")
    parser.add_argument("--validation", type=float, default=defaults.validation, help="validation share")
    parser.add_argument("--data", type=Path, default=None, metavar="FILE.csv|DIR",
                        help="train on your own points (a CSV file: columns x1, x2[, ...], label or target, header "
                             "optional) or on the MNIST-format IDX files in DIR (MNIST, KMNIST, EMNIST …, gz or not)")
    parser.add_argument("--features", default=",".join(defaults.features),
                        help=f"input features of 2-D data, e.g. x1_squared,x2_squared (from: {', '.join(FEATURES)})")
    parser.add_argument("--model", default=defaults.model, help="see `actgui list models`")
    parser.add_argument("--activation", default=defaults.activation, help="see `actgui list activations`")
    parser.add_argument("--param", action="append", metavar="KEY=VALUE", help="activation parameter")
    parser.add_argument("--init", default=defaults.init,
                        help="see `actgui list inits`; 'recommended' follows the notes' rule per activation")
    parser.add_argument("--init-param", action="append", metavar="KEY=VALUE", help="init scheme parameter")
    parser.add_argument("--hidden", default=",".join(str(n) for n in defaults.hidden),
                        help="hidden layer sizes, e.g. 64,64")
    parser.add_argument("--output", choices=BINARY_OUTPUTS, default=defaults.binary_output,
                        help="binary tasks: 1 sigmoid unit + BCE, or 2 softmax units + cross-entropy")
    parser.add_argument("--dropout", type=float, default=defaults.dropout)
    parser.add_argument("--batch-norm", action="store_true", default=defaults.batch_norm)
    parser.add_argument("--optimizer", default=defaults.optimizer, help="see `actgui list optimizers`")
    parser.add_argument("--lr", type=float, default=defaults.lr)
    parser.add_argument("--momentum", type=float, default=defaults.momentum)
    parser.add_argument("--nesterov", action="store_true", default=defaults.nesterov)
    parser.add_argument("--weight-decay", type=float, default=defaults.weight_decay)
    parser.add_argument("--batch-size", type=int, default=defaults.batch_size)
    parser.add_argument("--clip-norm", type=float, default=defaults.clip_norm,
                        help="gradient clipping max norm (0 = off)")
    parser.add_argument("--steps", type=int, default=defaults.steps)
    parser.add_argument("--record-every", type=int, default=defaults.record_every)
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument("--device", choices=list(DEVICES), default=defaults.device)
    parser.add_argument("--epochs", type=int, default=defaults.epochs,
                        help="train this many epochs (0: --steps decides)")
    parser.add_argument("--train-samples", type=int, default=defaults.train_samples,
                        help="image data sets: the training subset's size")
    parser.add_argument("--channels", default=None, metavar="C1,C2",
                        help="CNN: the two convolutions' channels (default: the notes' for the image size)")
    parser.add_argument("--dense", type=int, default=defaults.dense, help="CNN: dense units (0: the default)")
    parser.add_argument("--clip-value", type=float, default=defaults.clip_value,
                        help="clip every gradient entry to ± this value (0 = off; the notes use 0.5)")
    parser.add_argument("--bf16", action="store_true", default=defaults.bf16,
                        help="bfloat16 autocast (cuda only; elsewhere float32 with a note)")


def points_file(path: Path) -> bool:
    """Whether `--data path` names a CSV file of points (else a folder of IDX files)."""
    return path.suffix.lower() == ".csv" or path.is_file()


def check_sizes_text(text: str, option: str) -> str:
    """`text` (layer sizes such as 64,64) unless it holds a number of more than 18 digits."""
    for part in text.replace(";", ",").split(","):
        if len(part.strip().lstrip("+-")) > 18:
            raise CliError(f"{option}: {format_number_text(part.strip())} is far out of range")
    return text


def config_from_args(args: argparse.Namespace) -> TrainingConfig:
    """The config the options describe (unchecked); raises CliError for a malformed option."""
    params = {key: parse_float(value, f"--param {key}") for key, value in parse_assignments(args.param).items()}
    init_params: dict[str, float | str] = dict(parse_assignments(args.init_param, "--init-param"))
    try:
        hidden = parse_hidden(check_sizes_text(args.hidden, "--hidden"))
        channels = parse_hidden(check_sizes_text(args.channels, "--channels")) if args.channels else (0, 0)
    except ValueError as error:
        raise CliError(str(error)) from None
    if len(channels) != 2:
        raise CliError(f"--channels takes two numbers, e.g. 32,64 (got '{args.channels}')")
    if args.steps == 0 and args.epochs == 0:
        raise CliError("--steps: the command line trains a fixed number of steps (1 or more)")
    dataset, data_dir, points, kind = args.dataset, "", (), "label"
    if args.data is not None:
        if points_file(args.data):
            try:
                rows, kind = read_points(args.data)
            except DataFileError as error:
                raise CliError(str(error)) from None
            dataset, points = CUSTOM_KEY, tuple(tuple(row) for row in rows)
        else:
            dataset, data_dir = IDX_FOLDER, str(args.data)
    features = tuple(v.strip() for v in args.features.replace(";", ",").split(",") if v.strip())
    return TrainingConfig(
        dataset=dataset, data_dir=data_dir, points=points, points_kind=kind, features=features, epochs=args.epochs,
        train_samples=args.train_samples, channels1=channels[0], channels2=channels[1], dense=args.dense,
        clip_value=args.clip_value, bf16=args.bf16, samples=args.samples, noise=args.noise, classes=args.classes,
        validation=args.validation, model=args.model, hidden=hidden, activation=args.activation,
        activation_params=params, init=args.init, init_params=init_params, binary_output=args.output,
        dropout=args.dropout, batch_norm=args.batch_norm, optimizer=args.optimizer, lr=args.lr,
        momentum=args.momentum, nesterov=args.nesterov, weight_decay=args.weight_decay, batch_size=args.batch_size,
        clip_norm=args.clip_norm, steps=args.steps, record_every=args.record_every, seed=args.seed,
        device=args.device,
    )


def plan_from_args(args: argparse.Namespace) -> list[PlannedRun]:
    """One checked run, or one per compared value; raises CliError naming the problem."""
    base = config_from_args(args)
    seeds = getattr(args, "seeds", 1)  # `actgui animate train` shares the options, without these two
    if args.compare is None and (seeds != 1 or getattr(args, "table", None) is not None):
        raise CliError("--seeds and --table need --compare")
    try:
        if args.compare is None:
            return [single_run(base)]
        values = split_values(args.compare)
        if len(values) < MIN_COMPARED:
            kinds = {"activation": "activations", "init": "init schemes", "lr": "learning rates"}
            example = ",".join(split_values(COMPARE_DEFAULTS[args.compare_by]))
            raise CliError(f"--compare needs at least two {kinds[args.compare_by]}, e.g. {example}")
        return compare_plan(base, args.compare_by, values, seeds=seeds)
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


def run_plan(plan: list[PlannedRun], quiet: bool = False,
             weights: list[WeightTrajectory] | None = None) -> list[RunHistory]:
    """Trains the planned runs in-process, all in lockstep, and returns their histories; with a
    `weights` list, each run's recorded weights are appended to it."""
    trainers = []
    for run in plan:
        try:
            trainers.append(Trainer(run.config))
        except (ValueError, RuntimeError, OSError) as error:
            raise CliError(f"{run.label}: {error}") from None
        for message in trainers[-1].messages:
            print(f"actgui: note: {message}", file=sys.stderr)
    label = plan[0].label if len(plan) == 1 else f"{len(plan)} runs"
    progress = Progress(label, max(trainer.config.steps for trainer in trainers), not quiet)
    histories = [RunHistory(trainer.info, None, run.label, run.color) for trainer, run in zip(trainers, plan,
                                                                                             strict=True)]
    trajectories = [WeightTrajectory.empty(trainer.model) for trainer in trainers] if weights is not None else []
    strides = [t.stride(run.config.steps, run.config.record_every) for t, run in zip(trajectories, plan,
                                                                                     strict=False)]

    def report(index: int, event: Record | RunResult) -> None:
        history = histories[index]
        if isinstance(event, RunResult):
            history.result = event
            return
        if trajectories and history.records_seen % strides[index] == 0:
            trajectories[index].capture(trainers[index].model, trainers[index].step)
        history.add(event)
        if event.message:
            print(f"\nactgui: note: {plan[index].label}: {event.message}", file=sys.stderr)
        progress.update(event)

    try:
        train_lockstep(trainers, report)
    except (ValueError, RuntimeError) as error:  # e.g. a torch error on an exotic device
        raise CliError(str(error)) from None
    for trajectory, trainer in zip(trajectories, trainers, strict=False):
        trajectory.capture(trainer.model, trainer.step)
    if weights is not None:
        weights.extend(trajectories)
    latest = max((h.latest for h in histories if h.latest is not None), key=lambda r: r.step, default=None)
    if latest is not None:
        progress.update(latest, force=True)
    progress.finish()
    return histories


def train(args: argparse.Namespace) -> int:
    suffix = args.out.suffix.lower()
    if suffix in CODE_SUFFIXES:
        plan = plan_from_args(args)

        def recipe():
            from actgui.core.codegen.training import training_recipe

            return training_recipe([run.config.checked() for run in plan], [run.label for run in plan])

        return write_code(args, recipe)
    if suffix not in SUFFIXES:
        raise CliError(f"unsupported file type '{suffix or args.out.name}' (use {', '.join(SUFFIXES + CODE_SUFFIXES)})")
    try:
        check_writable(args.out)
    except OSError as error:
        raise CliError(describe(error, args.out)) from None
    if args.weights and suffix != ".json":
        raise CliError("--weights are written into a .json --out")
    if args.view != "loss" and args.compare is not None:
        raise CliError(f"--view {args.view} draws one run; leave out --compare")
    if args.view != "loss" and suffix == ".json":
        raise CliError(f"--view {args.view} is drawn into a .png, .svg, .pdf or .csv --out")
    if args.table is not None and (args.table.suffix.lower() != ".csv" or not args.table.parent.is_dir()):
        raise CliError(f"--table {args.table}: give a .csv file in an existing folder")
    plan = plan_from_args(args)
    threads = torch.get_num_threads()
    torch.set_num_threads(default_threads())
    weights: list[WeightTrajectory] | None = [] if args.weights else None
    try:
        histories = run_plan(plan, args.quiet, weights)
    finally:
        torch.set_num_threads(threads)
    try:
        if args.view != "loss":
            from actgui.cli.common import write_figure

            def make_view(theme):
                from actgui.qt.figures.network import NetworkFigure
                from actgui.qt.figures.training import BoundaryFigure

                figure = NetworkFigure(theme) if args.view == "network" else BoundaryFigure(theme)
                figure.show(histories[0])
                return figure

            write_figure(args, make_view)
        elif suffix == ".csv":
            table = merge_runs(histories, args.compare_by, [run.value for run in plan], RunHistory.cli_columns)
            table.write_csv(args.out)
        elif suffix == ".json":
            data = runs_json(histories, app="actgui")
            for run, trajectory in zip(data["runs"], weights or [], strict=False):
                run["weights"] = trajectory.to_json()
            write_json(args.out, data)
        elif suffix in (".png", ".svg", ".pdf"):
            from actgui.cli.common import write_figure

            def make(theme):
                if any(history.epochs for history in histories):
                    from actgui.qt.figures.images import ShootoutFigure, shootout_series

                    shootout = ShootoutFigure(theme)
                    shootout.show(shootout_series(histories))
                    return shootout
                from actgui.qt.figures.training import LossFigure

                figure = LossFigure(theme)
                figure.show(histories, log_y=True)
                return figure

            write_figure(args, make)
        if args.table is not None:
            results_table(plan, histories, args.compare_by).write_csv(args.table)
    except ValueError as error:
        raise CliError(str(error)) from None
    except OSError as error:
        raise CliError(describe(error, args.out)) from None
    if suffix in (".csv", ".json") and args.view == "loss":
        print(args.out)
    if args.table is not None:
        print(args.table)
    diverged = [h for h in histories if h.result is not None and h.result.status == "diverged"]
    for history in diverged:
        print(f"actgui: error: {history.label} {history.result.message}", file=sys.stderr)
    return DIVERGED_STATUS if diverged else 0
