"""Messages that used to mislead now say what is wrong: huge CSV values, bytes that are not text in
an expression, an expression that is NaN everywhere, a lone surrogate in a session."""

from __future__ import annotations

import json

import pytest

from actgui.core.custom import custom_activation
from actgui.core.data_csv import DataFileError, parse_points
from actgui.core.safe_expr import ExpressionError, compile_expression
from actgui.core.session import SessionError, make_session, parse_session, write_session


@pytest.mark.parametrize("cell", ["1e308", "-2e6", "1" + "0" * 400])
def test_huge_csv_values_are_refused_by_line_and_column(cell):
    with pytest.raises(DataFileError, match=r"^data line 3, column 2: .* is too large \(values must lie within "
                                            r"±1000000; rescale the data\)$"):
        parse_points(f"x1,x2,label\n0,0,0\n1,{cell},1\n")


def test_a_byte_that_is_not_utf8_in_an_expression_is_named():
    text = "x" + b"\xff".decode("utf-8", "surrogateescape") + "+1"
    with pytest.raises(ExpressionError, match=r"^column 2: a character that is not text \(the byte 0xff\)"):
        compile_expression(text)


@pytest.mark.parametrize("expression", ["log(-1 - x*x)", "x / 0 * 0", "sqrt(-1 - abs(x))"])
def test_an_expression_nan_everywhere_says_there_is_nothing_to_draw(expression):
    with pytest.raises(ExpressionError, match="is NaN or infinite at every x from -1000 to 1000"):
        custom_activation(expression)


@pytest.mark.parametrize("expression", ["sqrt(x)", "log(x)", "1 / x"])
def test_expressions_finite_somewhere_are_kept(expression):
    assert custom_activation(expression).formula == f"f(x) = {expression}"


def test_a_lone_surrogate_in_a_session_is_refused_at_load():
    text = ('{"format": "actgui-session", "version": 1, "view": {}, '
            '"panels": {"training": {"compare_values": "relu,\\ud800"}}}')
    with pytest.raises(SessionError, match=r"holds a lone surrogate"):
        parse_session(text, "lecture.json")


def test_a_lone_surrogate_is_never_half_saved(tmp_path):
    path = tmp_path / "lecture.json"
    path.write_text("the old session")
    session = make_session({"training": {"compare_values": "relu,\ud800"}})
    with pytest.raises(SessionError, match=r"a setting holds '\\ud800', which is not text"):
        write_session(path, session)
    assert path.read_text() == "the old session" and [p.name for p in tmp_path.iterdir()] == ["lecture.json"]
    write_session(path, make_session({"training": {"compare_values": "relu,gelu"}}))
    assert json.loads(path.read_text())["panels"]["training"]["compare_values"] == "relu,gelu"
