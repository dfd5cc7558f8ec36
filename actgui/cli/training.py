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
`--data FILE.csv` on your own points. `--view KEY` draws any of the Training panel's figures instead of
the loss (the registry actgui.qt.figures.training_views: the trained network, its decision boundary
or fitted curve, the per-layer views, the image views), or writes its values into a .csv --out.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from actgui.cli.common import CliError, add_output_arguments, write_code
from actgui.cli.training_options import add_config_options, config_values
from actgui.core.codegen.recipe import CODE_SUFFIXES
from actgui.core.files import check_writable, describe
from actgui.core.lazy import lazy_module
from actgui.core.network_landscape import WeightTrajectory
from actgui.core.registry import UnknownKeyError
from actgui.core.training.config import LIVE_PARAMS, TrainingConfig
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
from actgui.core.training.lockstep import build_trainers, train_lockstep
from actgui.core.training.process import default_threads
from actgui.core.training.records import Record, RunResult
from actgui.core.training.runfile import PlannedEntry, RunWriter
from actgui.core.training.trainer import Trainer

torch = lazy_module("torch")

DIVERGED_STATUS = 3
SUFFIXES = (".csv", ".json", ".png", ".svg", ".pdf")
#: The default --view: the loss curves (for image data sets the notes' two plots per epoch).
LOSS_VIEW = "loss"


class TrainingFigureKeys:
    """The keys of the registered training figures (--view's choices), read from the registry the
    first time argparse asks (checking a --view or printing the help): building the parser loads no Qt."""

    def _keys(self) -> list[str]:
        from actgui.qt.figures.training_views import TRAINING_FIGURES

        return list(TRAINING_FIGURES)

    def __iter__(self):
        return iter(self._keys())

    def __contains__(self, key: object) -> bool:
        return key in self._keys()

    def __len__(self) -> int:
        return len(self._keys())


VIEWS = TrainingFigureKeys()
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
    parser.add_argument("--change", action="append", default=[], metavar="STEP:SETTING=VALUE[,...]",
                        help="change live settings after STEP steps, as a change during a run in the panel does "
                             f"({', '.join(LIVE_PARAMS)}), e.g. 100:lr=0.001; repeat for more changes")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--view", choices=VIEWS, default=LOSS_VIEW, metavar="VIEW",
                        help="what a .png/.svg/.pdf --out draws: the loss curves or another of the Training panel's "
                             "figures (%(choices)s); a .csv --out with a view other than loss holds its values")
    parser.add_argument("--weights", action="store_true",
                        help="also record the weights along the run, into the --save-run file (or a .json --out), "
                             "for `actgui export landscape network --from`")
    parser.add_argument("--save-run", type=Path, default=None, metavar="FILE",
                        help="write the run file as the runs train (settings, every record, the snapshots replays "
                             "use; with --weights the weights): a new file, flushed every second, readable after a "
                             "crash; `actgui export run FILE` draws it")
    add_output_arguments(parser)
    parser.set_defaults(func=train)


def add_training_arguments(parser: argparse.ArgumentParser) -> None:
    """The data, network and optimiser options of `actgui train` (shared with `actgui animate train`):
    one per setting, as TrainingConfig declares them."""
    add_config_options(parser)


def config_from_args(args: argparse.Namespace) -> TrainingConfig:
    """The config the options describe (unchecked); raises CliError for a malformed option."""
    if args.steps == 0 and args.epochs == 0:
        raise CliError("--steps: the command line trains a fixed number of steps (1 or more)")
    return TrainingConfig(**config_values(args))


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


def changes_from_args(args: argparse.Namespace) -> list[tuple[int, dict[str, float]]]:
    """The --change options as (step, {setting: value}), by step; raises CliError naming a malformed one."""
    changes = []
    for text in args.change:
        step, colon, settings = text.partition(":")
        try:
            if not colon or not step.strip().isdigit() or (args.steps and int(step) >= args.steps):
                raise ValueError(f"give STEP: as a step of the run (0 to {max(args.steps - 1, 0)})")
            values = {}
            for item in settings.split(","):
                key, equals, value = (part.strip() for part in item.partition("="))
                if not equals or key not in LIVE_PARAMS:
                    raise ValueError(f"give SETTING=VALUE with a live setting ({', '.join(LIVE_PARAMS)})")
                values[key] = LIVE_PARAMS[key].check(float(value))
        except ValueError as error:
            raise CliError(f"--change {text}: {error}") from None
        changes.append((int(step), values))
    return sorted(changes, key=lambda change: change[0])


class RunSaver:
    """Writes `actgui train`'s run file: claims the new name at once (CliError when it exists), then
    appends each run's description, records, weights and result; a failed write is reported once and
    the training goes on."""

    def __init__(self, path: Path, plan: Sequence[PlannedRun], compare_by: str) -> None:
        entries = [PlannedEntry(run.value, run.label, run.color, run.config.to_dict()) for run in plan]
        try:
            self.writer = RunWriter(path, entries, compare_by)
        except FileExistsError:
            raise CliError(f"--save-run {path}: the file exists; give a new name (a run file is never written "
                           f"over)") from None
        except OSError as error:
            raise CliError(f"--save-run {path}: {error.strerror or error}") from None
        self._reported = False

    def start(self, trainers: Sequence[Trainer]) -> None:
        for index, trainer in enumerate(trainers):
            self.writer.info(index, trainer.info)

    def record(self, run: int, record: Record) -> None:
        self.writer.record(run, record)
        self._report()

    def change(self, run: int, step: int, changes: dict[str, float]) -> None:
        self.writer.change(run, step, changes)
        self._report()

    def result(self, run: int, result: RunResult) -> None:
        self.writer.result(run, result)
        self._report()

    def weights(self, run: int, trajectory: WeightTrajectory) -> None:
        self.writer.weights(run, trajectory.steps[-1], trajectory.names, trajectory.shapes, trajectory.final,
                            trajectory.buffers)

    def close(self) -> None:
        self.writer.close()
        self._report()

    def _report(self) -> None:
        if self.writer.error is not None and not self._reported:
            self._reported = True
            print(f"\nactgui: error: {self.writer.error}", file=sys.stderr)


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


def run_plan(plan: list[PlannedRun], quiet: bool = False, weights: list[WeightTrajectory] | None = None,
             save: RunSaver | None = None, changes: Sequence[tuple[int, dict[str, float]]] = ()) -> list[RunHistory]:
    """Trains the planned runs in-process, all in lockstep, and returns their histories; with a
    `weights` list, each run's recorded weights are appended to it; `save` writes the run file;
    `changes` (step, live settings) are applied to every run after that many steps."""
    try:
        trainers = build_trainers([run.config for run in plan])
    except (ValueError, RuntimeError, OSError) as error:
        raise CliError(f"{plan[0].label if len(plan) == 1 else 'the runs'}: {error}") from None
    for message in dict.fromkeys(message for trainer in trainers for message in trainer.messages):
        print(f"actgui: note: {message}", file=sys.stderr)
    label = plan[0].label if len(plan) == 1 else f"{len(plan)} runs"
    progress = Progress(label, max(trainer.config.steps for trainer in trainers), not quiet)
    histories = [RunHistory(trainer.info, None, run.label, run.color) for trainer, run in zip(trainers, plan,
                                                                                             strict=True)]
    trajectories = [WeightTrajectory.empty(trainer.model) for trainer in trainers] if weights is not None else []
    intervals = [t.step_interval(trainer.config.steps) for t, trainer in zip(trajectories, trainers, strict=False)]
    captures = [0] * len(trajectories)  # the step of each run's next weight snapshot
    if save is not None:
        save.start(trainers)

    def report(index: int, event: Record | RunResult) -> None:
        history = histories[index]
        if isinstance(event, RunResult):
            history.result = event
            if save is not None:
                save.result(index, event)
            return
        if trajectories and trainers[index].step >= captures[index]:
            captures[index] = trainers[index].step + intervals[index]
            trajectories[index].capture(trainers[index].model, trainers[index].step)
            if save is not None:
                save.weights(index, trajectories[index])
        history.add(event)
        if save is not None:
            save.record(index, event)
        if event.message:
            print(f"\nactgui: note: {plan[index].label}: {event.message}", file=sys.stderr)
        progress.update(event)

    def changed(index: int, step: int, applied: dict[str, float]) -> None:
        histories[index].changes.append((step, applied))
        if save is not None:
            save.change(index, step, applied)

    try:
        train_lockstep(trainers, report, changes=changes, on_change=changed)
    except (ValueError, RuntimeError) as error:  # e.g. a torch error on an exotic device
        raise CliError(str(error)) from None
    for index, (trajectory, trainer) in enumerate(zip(trajectories, trainers, strict=False)):
        trajectory.capture(trainer.model, trainer.step)
        if save is not None:
            save.weights(index, trajectory)
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
        plan, changes = plan_from_args(args), changes_from_args(args)

        def recipe():
            from actgui.core.codegen.training import RunSchedule, training_recipe

            return training_recipe([run.config.checked() for run in plan], [run.label for run in plan],
                                   [RunSchedule(changes=tuple(changes)) for _ in plan])

        return write_code(args, recipe)
    if suffix not in SUFFIXES:
        raise CliError(f"unsupported file type '{suffix or args.out.name}' (use {', '.join(SUFFIXES + CODE_SUFFIXES)})")
    try:
        check_writable(args.out)
    except OSError as error:
        raise CliError(describe(error, args.out)) from None
    if args.weights and suffix != ".json" and args.save_run is None:
        raise CliError("--weights are written into the --save-run file (or a .json --out)")
    if args.view != LOSS_VIEW and args.compare is not None:
        raise CliError(f"--view {args.view} draws one run; leave out --compare")
    if args.view != LOSS_VIEW and suffix == ".json":
        raise CliError(f"--view {args.view} is drawn into a .png, .svg, .pdf or .csv --out")
    if args.table is not None and (args.table.suffix.lower() != ".csv" or not args.table.parent.is_dir()):
        raise CliError(f"--table {args.table}: give a .csv file in an existing folder")
    plan, changes = plan_from_args(args), changes_from_args(args)
    if args.view != LOSS_VIEW:
        check_view(args.view, plan[0].config.images)
    save = None if args.save_run is None else RunSaver(args.save_run, plan, args.compare_by if args.compare else "")
    threads = torch.get_num_threads()
    torch.set_num_threads(default_threads())
    weights: list[WeightTrajectory] | None = [] if args.weights else None
    try:
        histories = run_plan(plan, args.quiet, weights, save, changes)
    finally:
        torch.set_num_threads(threads)
        if save is not None:
            save.close()
    write_runs(args, histories, [run.value for run in plan], args.compare_by, weights)
    if args.table is not None:
        try:
            results_table(plan, histories, args.compare_by).write_csv(args.table)
        except OSError as error:
            raise CliError(describe(error, args.table)) from None
        print(args.table)
    diverged = [h for h in histories if h.result is not None and h.result.status == "diverged"]
    for history in diverged:
        print(f"actgui: error: {history.label} {history.result.message}", file=sys.stderr)
    return DIVERGED_STATUS if diverged else 0


def check_view(view: str, images: bool) -> None:
    """Raises CliError when the registered training figure `view` has nothing to show for a run on
    an image data set (`images`) or on points."""
    from actgui.qt.figures.training_views import IMAGES, POINTS, TRAINING_FIGURES

    if (IMAGES if images else POINTS) not in TRAINING_FIGURES[view].data:
        kind = "an image data set" if images else "points (not an image data set)"
        raise CliError(f"--view {view} has nothing to show for a run on {kind}")


def write_runs(args: argparse.Namespace, histories: list[RunHistory], values: list[str], compare_by: str,
               weights: list[WeightTrajectory] | None = None) -> None:
    """Writes `args.out` from the runs' histories: the CSV (a first column of `values` named
    `compare_by` when there are several runs), the JSON or the figure `args.view` names."""
    suffix = args.out.suffix.lower()
    try:
        if args.view != LOSS_VIEW:
            from actgui.cli.common import write_figure

            def make_view(theme):
                from actgui.qt.figures.training_views import TRAINING_FIGURES, TrainingScene

                return TRAINING_FIGURES[args.view].build(theme, TrainingScene(histories, histories[0]))

            write_figure(args, make_view)
        elif suffix == ".csv":
            table = merge_runs(histories, compare_by, values, RunHistory.cli_columns)
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
    except ValueError as error:
        raise CliError(str(error)) from None
    except OSError as error:
        raise CliError(describe(error, args.out)) from None
    if suffix in (".csv", ".json") and args.view == LOSS_VIEW:
        print(args.out)
