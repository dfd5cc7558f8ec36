"""Fuzzing the surfaces where the user's files and the app's life are at stake: outputs named like
their inputs, full disks under every writer, special files for every reader, hostile IDX headers
and folders, numbers of any size in every option and file, JSON of any shape, and plugins that
return anything. Each input ends in the one error meant for the user, or in correct output; the
user's old files stay byte-identical.

Deterministic (derandomize) and bounded; the examples per property are in EXAMPLES.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import struct
import tempfile
from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actgui.cli.common import parse_float_option, parse_int_option
from actgui.core import files
from actgui.core.data_csv import DataFileError, parse_points, read_points, write_points
from actgui.core.files import FileAccessError, check_not_read, parse_json, same_file
from actgui.core.idx import IdxError, read_idx, write_idx
from actgui.core.network_landscape import WeightTrajectory
from actgui.core.plugins import PluginValueError, _checked_activation, _checked_generator
from actgui.core.registry import Param, format_number
from actgui.core.session import SessionError, make_session, read_session, write_session
from actgui.core.table import Table
from actgui.core.training.experiment import write_json

#: Examples per property (the counts reported for each surface).
EXAMPLES = 200
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


# -- outputs named like their inputs -------------------------------------------------------------
SPELLINGS = st.sampled_from(["{name}", "./{name}", "sub/../{name}", "{folder}/{name}", "{folder}/./{name}",
                             "link.csv", "{folder}/sub/../{name}"])


@FUZZ
@given(spelling=SPELLINGS, other=st.text(st.characters(codec="utf-8", exclude_characters="/\0"), min_size=1,
                                          max_size=12))
def test_an_output_spelled_like_its_input_is_refused(spelling, other):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "sub").mkdir()
        data = root / "data.csv"
        data.write_text("x1,x2,label\n")
        (root / "link.csv").symlink_to(data)
        output = Path(spelling.format(name="data.csv", folder=folder))
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            assert same_file(output, data)
            with pytest.raises(FileAccessError, match="it is the file read as input"):
                check_not_read(output, [None, data])
            if other not in (".", "..", "data.csv", "link.csv", "sub"):
                check_not_read(root / other, [data])  # any other name is fine
        finally:
            os.chdir(cwd)


# -- full disks under every writer ----------------------------------------------------------------
def _writers(folder: Path):
    """(path, write) for every writer that replaces a user's file."""
    return [
        (folder / "a.bin", lambda p, payload: files.atomic_write(p, payload)),
        (folder / "a.json", lambda p, payload: write_session(p, make_session({"functions": {"note": payload.hex()}}))),
        (folder / "r.json", lambda p, payload: write_json(p, {"runs": [], "blob": payload.hex()})),
        (folder / "t.csv", lambda p, payload: Table({"x": np.arange(len(payload) + 1)}).write_csv(p)),
        (folder / "p.csv", lambda p, payload: write_points(p, [[0.5, 1.0, 1]] * (len(payload) + 1), "label")),
        (folder / "i-idx1-ubyte", lambda p, payload: write_idx(p, np.frombuffer(payload or b"\0", np.uint8))),
    ]


@FUZZ
@given(which=st.integers(0, 5), payload=st.binary(max_size=3000),
       failure=st.sampled_from([errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG]),
       where=st.sampled_from(["write", "fsync", "replace"]))
def test_every_writer_on_a_full_disk_keeps_the_old_file(monkeypatch, which, payload, failure, where):
    with tempfile.TemporaryDirectory() as folder:
        path, write = _writers(Path(folder))[which]
        path.write_bytes(b"the user's old file")

        def fail(*_args, **_kwargs):
            raise OSError(failure, os.strerror(failure))

        with monkeypatch.context() as patch:
            if where == "write":  # buffered writes reach os.write at flush time, at the latest
                patch.setattr(files.os, "fsync", fail)
            else:
                patch.setattr(files.os, where, fail)
            with pytest.raises((FileAccessError, SessionError), match=os.strerror(failure)):
                write(path, payload)
        assert path.read_bytes() == b"the user's old file"
        assert sorted(p.name for p in Path(folder).iterdir()) == [path.name]


# -- special files for every reader -----------------------------------------------------------------
READERS = [
    ("bounded", files.read_bounded, FileAccessError),
    ("csv", read_points, DataFileError),
    ("idx", read_idx, IdxError),
    ("session", read_session, SessionError),
]


@pytest.fixture(scope="module")
def special_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("special")
    fifo = folder / "fifo.csv"
    os.mkfifo(fifo)
    loop = folder / "loop.csv"
    loop.symlink_to(loop)
    return [fifo, loop, folder, Path("/dev/zero"), Path("/dev/null"), Path("/proc/self/mem"), folder / "missing"]


@settings(max_examples=len(READERS) * 7, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reader=st.sampled_from(READERS), index=st.integers(0, 6))
def test_special_files_are_refused_at_once_by_every_reader(special_files, reader, index):
    _name, read, error = reader
    with pytest.raises(error):
        read(special_files[index])


# -- hostile IDX headers -------------------------------------------------------------------------
@FUZZ
@given(code=st.sampled_from([0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E, 0x07, 0xFF]), dims=st.lists(
    st.integers(0, 2**32 - 1), min_size=0, max_size=6), tail=st.binary(max_size=64),
    compressed=st.booleans())
def test_hostile_idx_headers_end_in_one_idx_error(code, dims, tail, compressed):
    import gzip

    raw = bytes([0, 0, code, len(dims)]) + struct.pack(f">{len(dims)}I", *dims) + tail
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x-idx3-ubyte"
        path.write_bytes(gzip.compress(raw) if compressed else raw)
        try:
            array = read_idx(path)
        except IdxError:
            return
        assert list(array.shape) == dims and array.nbytes == len(tail)


@FUZZ
@given(data=st.binary(max_size=200))
def test_arbitrary_bytes_as_idx(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x-idx3-ubyte"
        path.write_bytes(data)
        with contextlib.suppress(IdxError):
            read_idx(path)


# -- numbers of any size ---------------------------------------------------------------------------
HUGE = st.one_of(st.integers(-10**500, 10**500), st.integers(-2**70, 2**70), st.floats(allow_nan=True))


@FUZZ
@given(value=HUGE)
def test_format_number_and_param_checks_never_break(value):
    text = format_number(value)
    assert 0 < len(text) <= 40
    param = Param("seed", 0, 0, 2**31 - 1, "seed", "种子", 1, integer=True)
    try:
        checked = param.check(value)
    except ValueError as error:
        assert str(error).startswith(f"seed={text} is out of range [0, 2147483647]")
    else:
        assert 0 <= checked <= 2**31 - 1


@FUZZ
@given(text=st.one_of(st.integers(-10**60, 10**60).map(str), st.text(max_size=40),
                      st.floats().map(repr), st.sampled_from(["1e999", "-1e999", "inf", "nan", "0x10", "1_0"])))
def test_numeric_options_parse_or_refuse_in_one_line(text):
    for parse in (parse_int_option, parse_float_option):
        try:
            value = parse(text)
        except argparse.ArgumentTypeError as error:
            assert "\n" not in str(error) and len(str(error)) < 80
        else:
            assert abs(value) <= 10**18 if parse is parse_int_option else isinstance(value, float)


# -- JSON of any shape (sessions, run files) ---------------------------------------------------------
JSON_TEXT = st.one_of(
    st.recursive(st.one_of(st.integers(-10**40, 10**40).map(str), st.floats().map(repr),
                           st.sampled_from(["NaN", "Infinity", "-Infinity", "null", "true", '"\\ud800"', '"x"'])),
                 lambda inner: st.one_of(st.lists(inner, max_size=3).map(lambda v: "[" + ",".join(v) + "]"),
                                         st.dictionaries(st.sampled_from(['"a"', '"b"', '"shapes"']), inner,
                                                         max_size=3).map(
                                             lambda d: "{" + ",".join(f"{k}:{v}" for k, v in d.items()) + "}")),
                 max_leaves=20),
    st.integers(1, 5000).map(lambda n: "[" * n + "]" * n),
    st.text(max_size=100),
)


@FUZZ
@given(text=JSON_TEXT, non_finite=st.sampled_from(["refuse", "null"]))
def test_bounded_json_parses_or_raises_value_error(text, non_finite):
    try:
        parse_json(text, "file.json", 32, 30, non_finite)
    except ValueError as error:
        assert str(error).startswith("file.json")


@FUZZ
@given(names=st.lists(st.text(max_size=3), max_size=3), shapes=st.lists(st.lists(
    st.one_of(st.integers(-3, 2**70), st.none(), st.floats()), max_size=3), max_size=3),
    steps=st.lists(st.one_of(st.integers(-3, 10**30), st.none(), st.floats()), max_size=3),
    snapshots=st.text(max_size=40))
def test_run_file_weights_of_any_shape_load_or_raise_value_error(names, shapes, steps, snapshots):
    with contextlib.suppress(ValueError):
        WeightTrajectory.from_json({"names": names, "shapes": shapes, "steps": steps, "snapshots": snapshots})


@FUZZ
@given(cells=st.lists(st.one_of(st.floats().map(repr), st.integers(-10**400, 10**400).map(str),
                                st.text(max_size=8)), min_size=3, max_size=3))
def test_csv_points_of_any_magnitude_parse_or_refuse(cells):
    text = "x1,x2,label\n0,0,0\n" + ",".join(c.replace(",", "").replace("\n", "") or "0" for c in cells) + "\n"
    try:
        rows, _kind = parse_points(text)
    except DataFileError as error:
        assert "\n" not in str(error)
    else:
        assert all(abs(v) <= 1e6 for row in rows for v in row)


# -- plugins that return anything --------------------------------------------------------------------
RETURNS = st.sampled_from(["same", "list", "shape", "double", "inplace", "none", "scalar", "int"])


@FUZZ
@given(kind=RETURNS, size=st.integers(1, 50))
def test_checked_plugin_activations_pass_or_raise_plugin_value_error(kind, size):
    def plugin(x, _params):
        return {"same": lambda: x * 2, "list": lambda: x.tolist(), "shape": lambda: x[:1],
                "double": lambda: x.double(), "inplace": lambda: x.mul_(1), "none": lambda: None,
                "scalar": lambda: 1.0, "int": lambda: x.int()}[kind]()

    checked = _checked_activation("fuzzed", plugin)
    x = torch.linspace(-1, 1, size)
    try:
        y = checked(x, {})
    except PluginValueError as error:
        assert str(error).startswith("activation 'fuzzed'")
    else:
        assert kind in ("same", "shape" if size == 1 else "same") and y.shape == x.shape


@FUZZ
@given(count=st.integers(0, 30), labels=st.integers(0, 31), width=st.integers(1, 3), label_max=st.integers(0, 5),
       poison=st.sampled_from([None, np.nan, np.inf]))
def test_checked_plugin_data_sets_pass_or_raise_plugin_value_error(count, labels, width, label_max, poison):
    from actgui.core.datasets import DatasetInfo

    def generate(samples, noise, classes, rng):
        x = np.zeros((count, width), np.float32)
        if poison is not None and count:
            x[0, 0] = poison
        return x, np.full(labels, label_max, np.int64)

    info = DatasetInfo("fuzzed", "F", "F", "classification", 2, 3, 0.1, generate)
    try:
        x, y = _checked_generator(info)(count, 0.1, 3, np.random.default_rng(0))
    except PluginValueError as error:
        assert str(error).startswith("data set 'fuzzed'")
    else:
        assert len(x) == len(y) == count and x.shape[1] == 2 and np.isfinite(x).all() and label_max < 3
