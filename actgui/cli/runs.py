"""Run files on the command line (`actgui train ... --save-run FILE` writes one, see
actgui.cli.training.RunSaver): `actgui export run FILE --out OUT` draws or tabulates it as `actgui train` does its
--out: .png/.svg/.pdf with --view, .csv with one row per record (a first column holding the compared
value when the file holds several runs), .json; .py/.ipynb: the plain torch code that trains the runs
again, recording at the same steps, with the live changes made during them by step."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from actgui.cli.common import CliError, add_output_arguments, write_code
from actgui.cli.training import LOSS_VIEW, VIEWS, check_view, write_runs
from actgui.core.codegen.recipe import CODE_SUFFIXES
from actgui.core.training.runfile import RunDocument, RunFileError, read_run

SUFFIXES = (".csv", ".json", ".png", ".svg", ".pdf")


def add_commands(commands) -> None:
    parser = commands.export.add_parser(
        "run", help="draw or tabulate a run file (from `actgui train --save-run`)",
        description="Draw a run file as `actgui train` draws its --out: the loss curves, or for image data sets "
                    "validation accuracy and loss per epoch; .csv: one row per record.")
    parser.add_argument("run_file", type=Path, metavar="FILE", help="a run file from `actgui train --save-run`")
    parser.add_argument("--view", choices=VIEWS, default=LOSS_VIEW, metavar="VIEW",
                        help="what a .png/.svg/.pdf --out draws: the loss curves or another of the Training panel's "
                             "figures (one run): %(choices)s")
    add_output_arguments(parser)
    parser.set_defaults(func=export_run)


def export_run(args: argparse.Namespace) -> int:
    suffix = args.out.suffix.lower()
    if suffix not in SUFFIXES + CODE_SUFFIXES:
        raise CliError(f"unsupported file type '{suffix or args.out.name}' (use {', '.join(SUFFIXES + CODE_SUFFIXES)})")
    try:
        document = read_run(args.run_file, keep_records=suffix in CODE_SUFFIXES)
    except RunFileError as error:
        raise CliError(str(error)) from None
    for note in document.notes:
        print(f"actgui: note: {note}", file=sys.stderr)
    kept = [(entry.value, history) for entry, history in zip(document.plan, document.histories, strict=True)
            if history is not None and len(history)]
    if not kept:
        raise CliError(f"{args.run_file} holds no records yet")
    if args.view != LOSS_VIEW and len(kept) > 1:
        raise CliError(f"--view {args.view} draws one run; {args.run_file} holds {len(kept)}")
    if suffix in CODE_SUFFIXES:
        return write_code(args, lambda: run_recipe(document))
    values, histories = [value for value, _ in kept], [history for _, history in kept]
    if args.view != LOSS_VIEW:
        check_view(args.view, bool(histories[0].info.image_shape))
    write_runs(args, histories, values, document.compare_by or "run")
    return 0


def run_recipe(document: RunDocument):
    """The code training the file's runs again: each run's settings, record steps and live changes."""
    from actgui.core.codegen.functions import NoCodeError
    from actgui.core.codegen.training import RunSchedule, training_recipe
    from actgui.core.training.config import TrainingConfig

    runs = [(entry, history, records) for entry, history, records in
            zip(document.plan, document.histories, document.records, strict=True) if history is not None and records]
    try:
        configs = [TrainingConfig.from_dict(entry.config) for entry, _, _ in runs]
    except ValueError as error:
        raise NoCodeError(f"the run's settings do not load here: {error}") from None
    schedules = [RunSchedule(tuple(record.step for record in records), tuple(history.changes))
                 for _, history, records in runs]
    return training_recipe(configs, [entry.label for entry, _, _ in runs], schedules)
