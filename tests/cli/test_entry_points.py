"""`python -m actgui` and `python main.py` run the same CLI."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_module_and_main_script():
    for launcher in (["-m", "actgui"], ["main.py"]):
        argv = [sys.executable, *launcher, "list", "activations"]
        result = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        assert result.stdout.split()[:3] == ["step", "identity", "sigmoid"]


def test_version():
    result = subprocess.run([sys.executable, "-m", "actgui", "--version"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("actgui ")
