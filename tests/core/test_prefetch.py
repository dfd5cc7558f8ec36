"""The start-up helper's protocol: one request in, one length-prefixed message out; what the
Functions panel gets from it equals what the panel computes itself."""

import io
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from actgui.core import prefetch
from actgui.core.function_plot import FunctionPlotSpec, compute, curve_key, sample_each
from actgui.core.properties import properties
from actgui.state.functions import FunctionsState, first_numbers


def test_serve_answers_one_request_with_the_functions_result():
    request = json.dumps({"state": "actgui.state.functions:FunctionsState",
                          "function": "actgui.state.functions:first_numbers"}).encode() + b"\n"
    out = io.BytesIO()
    assert prefetch.serve(io.BytesIO(request), out)
    complete, sampled = prefetch.decode(out.getvalue())
    assert complete
    assert [key for key, _, _ in sampled] == [curve_key(FunctionsState().spec(), name) for name in ("sigmoid", "tanh",
                                                                                                   "relu")]
    for (_, curves, props), (activation, computed) in zip(sampled, compute(FunctionsState().spec()), strict=True):
        np.testing.assert_array_equal(curves.y, computed.y)
        np.testing.assert_array_equal(curves.dy, computed.dy)
        assert props == properties(computed, activation)


def test_an_empty_request_is_no_request():
    out = io.BytesIO()
    assert not prefetch.serve(io.BytesIO(b""), out)
    assert out.getvalue() == b""


def test_decode_waits_for_the_whole_message_and_refuses_bad_ones():
    message = prefetch.encode({"a": [1.5, 2.5]})
    for cut in (0, 5, len(message) - 1):
        assert prefetch.decode(message[:cut]) == (False, None)
    assert prefetch.decode(message + b"more") == (True, {"a": [1.5, 2.5]})
    with pytest.raises(prefetch.PrefetchError, match="does not unpickle"):
        prefetch.decode(prefetch.HEADER.pack(4) + b"junk")
    with pytest.raises(prefetch.PrefetchError, match="at most"):
        prefetch.decode(prefetch.HEADER.pack(prefetch.MAX_MESSAGE_BYTES + 1))


def test_sample_each_keys_parameters_and_the_window():
    spec = FunctionPlotSpec(names=["leaky_relu", "elu"], params={"leaky_relu": {"negative_slope": 0.2}}, xmin=-2,
                            xmax=3, points=500)
    sampled = sample_each(spec)
    assert [key for key, _, _ in sampled] == [("leaky_relu", (("negative_slope", 0.2),), (-2, 3, 500, False), ""),
                                              ("elu", (), (-2, 3, 500, False), "")]
    np.testing.assert_allclose(sampled[0][1].y[:2], 0.2 * sampled[0][1].x[:2])


def test_first_numbers_is_sample_each_of_the_states_spec():
    state = FunctionsState(names=["tanh"], xmin=-1.0, xmax=1.0)
    [(key, curves, _)] = first_numbers(state)
    assert key == ("tanh", (), (-1.0, 1.0, 2000, False), "")
    np.testing.assert_allclose(curves.y, np.tanh(curves.x))


def test_the_helper_process_answers_and_exits(monkeypatch):
    monkeypatch.delenv(prefetch.SWITCH_VARIABLE, raising=False)
    helper = prefetch.start()
    if prefetch.usable_cpus() < 2 or os.name != "posix":
        assert helper is None
        return
    prefetch.request(helper, "actgui.state.functions:FunctionsState", "actgui.state.functions:first_numbers")
    out = helper.stdout.read()
    assert helper.wait(60) == 0
    complete, sampled = prefetch.decode(out)
    assert complete and len(sampled) == 3


def test_the_helper_is_not_started_when_switched_off(monkeypatch):
    monkeypatch.setenv(prefetch.SWITCH_VARIABLE, "0")
    assert prefetch.start() is None


def test_a_helper_without_a_request_ends():
    helper = subprocess.Popen([sys.executable, "-m", "actgui.core.prefetch"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE)
    helper.stdin.close()
    assert helper.stdout.read() == b"" and helper.wait(60) == 0
