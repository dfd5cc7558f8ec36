"""The command line's offscreen Qt ends cleanly: no crash at exit at any figure size (it crashed
about half the time at 32 × 32), the exit status and the printed path intact."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(("width", "height", "runs"), [(32, 32, 6), (16, 16, 1), (1600, 900, 1)])
def test_export_exits_cleanly_at_any_size(tmp_path, width, height, runs):
    out = tmp_path / "x.png"
    for _ in range(runs):
        result = subprocess.run([sys.executable, "-m", "actgui", "export", "function", "relu", "--out", str(out),
                                 "--width", str(width), "--height", str(height)],
                                capture_output=True, text=True, timeout=120)
        assert (result.returncode, result.stdout, result.stderr) == (0, f"{out}\n", "")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_failing_command_keeps_its_status_and_message(tmp_path):
    out = tmp_path / "missing" / "x.png"
    result = subprocess.run([sys.executable, "-m", "actgui", "export", "function", "relu", "--out", str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"actgui: error: cannot write {out}: folder {out.parent} does not exist\n"
