"""`actgui export landscape network --from run.json`: the loss landscape of a network trained by
`actgui train --weights --out run.json` (the run's config rebuilds the network and its data; the
recorded weights give the trained point, the start and the trajectory)."""

from __future__ import annotations

import argparse
from pathlib import Path

from actgui.cli.common import CliError, translate, write_figure
from actgui.core.network_landscape import (
    DEFAULT_RESOLUTION,
    DIRECTIONS,
    RANDOM,
    LandscapeSettings,
    TrainedNetwork,
    compute_landscape,
    read_run_file,
)

NETWORK_OPTIONS = ("run_file", "run", "directions", "resolution", "span", "direction_seed")


def add_network_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of SURFACE `network`: the run file and the plane."""
    parser.add_argument("--from", dest="run_file", type=Path, default=None, metavar="RUN",
                        help=translate("Cli", "SURFACE network: a run file of `actgui train --weights --save-run RUN` (or a RUN.json of `--weights --out`)"))
    parser.add_argument("--run", type=int, default=0, help=translate("Cli", "SURFACE network: which run of the file (0 = the first)"))
    parser.add_argument("--directions", choices=list(DIRECTIONS), default=RANDOM,
                        help=translate("Cli", "SURFACE network: filter-normalised random directions or the trajectory's first two PCA directions"))
    parser.add_argument("--resolution", type=int, default=DEFAULT_RESOLUTION,
                        help=translate("Cli", "SURFACE network: grid points a side (default 41)"))
    parser.add_argument("--span", type=float, default=None,
                        help=translate("Cli", "SURFACE network: the plane covers ±SPAN along each direction (default 1, or the trajectory for PCA)"))
    parser.add_argument("--direction-seed", type=int, default=0, help=translate("Cli", "SURFACE network: seed of the random directions"))


def export_network_landscape(args: argparse.Namespace) -> int:
    if args.run_file is None:
        raise CliError("the network landscape needs --from RUN (from `actgui train --weights --save-run RUN`)")
    try:
        config, trajectory = read_run_file(args.run_file, args.run)
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
