"""Run files on the command line: `actgui train ... --save-run FILE` writes one as the runs train
(`RunSaver`), `actgui export run FILE --out OUT` draws or tabulates it as `actgui train` does its
--out: .png/.svg/.pdf with --view, .csv with one row per record (a first column holding the compared
value when the file holds several runs), .json."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from actgui.cli.common import CliError, add_output_arguments
from actgui.core.experiment import PlannedRun
from actgui.core.network_landscape import WeightTrajectory
from actgui.core.runfile import PlannedEntry, RunFileError, RunWriter, read_run
from actgui.core.training import Record, RunResult, Trainer

SUFFIXES = (".csv", ".json", ".png", ".svg", ".pdf")
VIEWS = ("loss", "network", "boundary")


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


def add_commands(commands) -> None:
    parser = commands.export.add_parser(
        "run", help="draw or tabulate a run file (from `actgui train --save-run`)",
        description="Draw a run file as `actgui train` draws its --out: the loss curves, or for image data sets "
                    "validation accuracy and loss per epoch; .csv: one row per record.")
    parser.add_argument("run_file", type=Path, metavar="FILE", help="a run file from `actgui train --save-run`")
    parser.add_argument("--view", choices=VIEWS, default=VIEWS[0],
                        help="what a .png/.svg/.pdf --out draws: the loss curves, the trained network or the decision "
                             "boundary (one run)")
    add_output_arguments(parser)
    parser.set_defaults(func=export_run)


def export_run(args: argparse.Namespace) -> int:
    from actgui.cli.training import write_runs

    suffix = args.out.suffix.lower()
    if suffix not in SUFFIXES:
        raise CliError(f"unsupported file type '{suffix or args.out.name}' (use {', '.join(SUFFIXES)})")
    try:
        document = read_run(args.run_file)
    except RunFileError as error:
        raise CliError(str(error)) from None
    for note in document.notes:
        print(f"actgui: note: {note}", file=sys.stderr)
    kept = [(entry.value, history) for entry, history in zip(document.plan, document.histories, strict=True)
            if history is not None and len(history)]
    if not kept:
        raise CliError(f"{args.run_file} holds no records yet")
    if args.view != "loss" and len(kept) > 1:
        raise CliError(f"--view {args.view} draws one run; {args.run_file} holds {len(kept)}")
    values, histories = [value for value, _ in kept], [history for _, history in kept]
    write_runs(args, histories, values, document.compare_by or "run")
    return 0
