"""Session files round-trip and refuse broken input with a clear message."""

import json

import pytest

from actgui.core.session import SessionError, make_session, parse_session, read_session, write_session


def test_round_trip(tmp_path):
    session = make_session({"functions": {"names": ["relu"], "xmin": -6.0}}, {"theme": "dark", "language": "zh_CN"})
    write_session(tmp_path / "s.json", session)
    assert read_session(tmp_path / "s.json") == session
    assert json.loads((tmp_path / "s.json").read_text())["version"] == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format": "actgui-session", "version": 1, "panels": {"functions": {"na', "not valid JSON"),
        ('{"format": "other"}', "not an ActGUI session"),
        ('[1, 2]', "not an ActGUI session"),
        ('{"format": "actgui-session", "version": 99, "panels": {}}', "version 99; this ActGUI reads version 1"),
        ('{"format": "actgui-session", "version": 1, "panels": []}', "'panels' must map"),
        ('{"format": "actgui-session", "version": 1, "panels": {"a": 3}}', "'panels' must map"),
    ],
)
def test_broken_files_are_refused(text, message):
    with pytest.raises(SessionError, match=message):
        parse_session(text, "s.json")


def test_unreadable_and_unwritable(tmp_path):
    with pytest.raises(SessionError, match="cannot read"):
        read_session(tmp_path / "missing.json")
    with pytest.raises(SessionError, match="cannot write"):
        write_session(tmp_path / "no" / "s.json", make_session({}))
