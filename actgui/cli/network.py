"""`actgui export landscape network --from run.json`: the loss landscape of a network trained by
`actgui train --weights --out run.json` (the run's config rebuilds the network and its data; the
recorded weights give the trained point, the start and the trajectory)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from actgui.cli.common import CliError, translate, write_figure
from actgui.core.network_landscape import (
    DEFAULT_RESOLUTION,
    DIRECTIONS,
    RANDOM,
    LandscapeSettings,
    TrainedNetwork,
    WeightTrajectory,
    compute_landscape,
)

NETWORK_SURFACE = "network"
#: run.json files larger than this are refused before they are read.
MAX_RUN_BYTES = 256 * 1024 * 1024
NETWORK_OPTIONS = ("run_file", "run", "directions", "resolution", "span", "direction_seed")


def add_network_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of SURFACE `network`: the run file and the plane."""
    parser.add_argument("--from", dest="run_file", type=Path, default=None, metavar="RUN.json",
                        help=translate("Cli", "SURFACE network: a run written by `actgui train --weights --out RUN.json`"))
    parser.add_argument("--run", type=int, default=0, help=translate("Cli", "SURFACE network: which run of the file (0 = the first)"))
    parser.add_argument("--directions", choices=list(DIRECTIONS), default=RANDOM,
                        help=translate("Cli", "SURFACE network: filter-normalised random directions or the trajectory's first two PCA directions"))
    parser.add_argument("--resolution", type=int, default=DEFAULT_RESOLUTION,
                        help=translate("Cli", "SURFACE network: grid points a side (default 41)"))
    parser.add_argument("--span", type=float, default=None,
                        help=translate("Cli", "SURFACE network: the plane covers ±SPAN along each direction (default 1, or the trajectory for PCA)"))
    parser.add_argument("--direction-seed", type=int, default=0, help=translate("Cli", "SURFACE network: seed of the random directions"))


def read_run(path: Path, index: int = 0) -> tuple[dict, WeightTrajectory]:
    """(config, weights) of run `index` in a run.json; raises CliError naming what is wrong."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise CliError(f"cannot read {path}: {error.strerror or error}") from None
    if size > MAX_RUN_BYTES:
        raise CliError(f"{path} is {size / 2**20:.0f} MiB, more than a run file holds")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CliError(f"cannot read {path}: {error}") from None
    runs = data.get("runs") if isinstance(data, dict) else None
    if not isinstance(runs, list) or not runs:
        raise CliError(f"{path} is not a run file of `actgui train --out RUN.json`")
    if not 0 <= index < len(runs):
        raise CliError(f"--run {index}: {path} holds {len(runs)} run(s)")
    run = runs[index]
    if not isinstance(run, dict) or "weights" not in run:
        raise CliError(f"{path} holds no weights: train with `actgui train --weights --out {path.name}`")
    try:
        return dict(run["config"]), WeightTrajectory.from_json(run["weights"])
    except (KeyError, TypeError, ValueError) as error:
        raise CliError(f"{path}: {error}") from None


def export_network_landscape(args: argparse.Namespace) -> int:
    if args.run_file is None:
        raise CliError("the network landscape needs --from RUN.json (from `actgui train --weights`)")
    config, trajectory = read_run(args.run_file, args.run)
    try:
        settings = LandscapeSettings(args.directions, args.resolution, args.span, args.direction_seed).check()
        network = TrainedNetwork.from_run(config, trajectory)
        landscape = compute_landscape(network, settings)
    except ValueError as error:
        raise CliError(str(error)) from None

    def make(theme):
        from actgui.qt.figures.network_landscape import NetworkLandscapeFigure

        figure = NetworkLandscapeFigure(theme)
        figure.show(landscape)
        return figure

    output = {key: value for key, value in vars(args).items()
              if key in NETWORK_OPTIONS or key in ("func", "out", "width", "height", "scale", "theme", "lang",
                                                   "stamp")}
    return write_figure(argparse.Namespace(**output), make)
