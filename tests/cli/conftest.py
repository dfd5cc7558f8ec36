"""CLI fixtures: run `actgui` in-process and capture its output and exit status."""

from __future__ import annotations

import pytest

from actgui.cli import main


@pytest.fixture
def cli(capsys):
    """cli('list', 'activations') → (status, stdout, stderr)."""

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            status = main([str(a) for a in argv])
        except SystemExit as exit_:
            status = exit_.code
        out, err = capsys.readouterr()
        return status, out, err

    return run
