"""The commands' defaults are the panels' defaults: both read them from the state classes."""

from __future__ import annotations

import pytest

from actgui.cli import build_parser
from actgui.state.functions import FunctionsState
from actgui.state.init import DepthState, HistogramState
from actgui.state.landscape import LandscapeState
from actgui.state.softmax import SoftmaxState


def defaults(*argv: str):
    return build_parser().parse_args([*argv, "--out", "x.png"])


@pytest.mark.parametrize(("argv", "state", "names"), [
    (("export", "function", "relu"), FunctionsState(), ("xmin", "xmax", "points")),
    (("export", "softmax"), SoftmaxState(), ("temperature",)),
    (("export", "init", "uniform"), HistogramState(), ("fan_in", "fan_out", "seed")),
    (("export", "depth", "--activation", "relu", "--init", "xavier_normal"), DepthState(),
     ("depth", "layer_width", "batch", "seed")),
    (("export", "landscape", "bowl"), LandscapeState(), ("lr", "momentum", "steps", "expression")),
])
def test_command_defaults_equal_the_panel_state(argv, state, names):
    args = defaults(*argv)
    for name in names:
        # the depth command's --layer-width is the state's width (--width is the image's, as everywhere)
        assert getattr(args, name) == getattr(state, name.removeprefix("layer_")), name


def test_list_defaults_equal_the_panel_state():
    assert [float(v) for v in defaults("export", "softmax").logits.split(",")] == SoftmaxState().logits
    assert defaults("export", "landscape", "bowl").optimizers.split(",") == LandscapeState().optimizers
