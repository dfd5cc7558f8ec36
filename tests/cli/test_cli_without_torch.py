"""Commands that need no tensor answer without importing torch (it takes seconds to import)."""

import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from actgui.core.plugins import PLUGIN_GROUPS

ROOT = Path(__file__).resolve().parents[2]

#: Runs the CLI in a fresh interpreter; prints the exit status and whether torch got imported.
PROBE = """
import sys
from actgui.cli import main
try:
    status = main(sys.argv[1:])
except SystemExit as exit_:
    status = exit_.code
print("status", status, "torch" in sys.modules, file=sys.stderr)
"""


def run_probe(*argv: str) -> tuple[int, bool, str]:
    result = subprocess.run([sys.executable, "-c", PROBE, *argv], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    _, status, torch_imported = result.stderr.strip().splitlines()[-1].split()
    return int(status), torch_imported == "True", result.stdout + result.stderr


def registries_without_plugins() -> list[str]:
    """Registries `list` can print from ActGUI alone: a plugin's own module may import torch."""
    grouped = {target.split(":")[0].rsplit(".", 1)[-1]: group for group, target in PLUGIN_GROUPS.items()}
    names = ["activations", "inits", "losses", "surfaces", "datasets", "models"]
    return [name for name in names if not (name in grouped and entry_points(group=grouped[name]))]


@pytest.mark.parametrize("registry", registries_without_plugins())
def test_list_imports_no_torch(registry):
    status, torch_imported, output = run_probe("list", registry)
    assert status == 0, output
    assert not torch_imported, output


@pytest.mark.parametrize("argv", [["--help"], ["export", "--help"], ["train", "--help"], ["--version"]])
def test_help_imports_no_torch(argv):
    status, torch_imported, output = run_probe(*argv)
    assert status == 0, output
    assert not torch_imported, output


@pytest.mark.parametrize("argv", [["list", "no_such_registry"], ["export", "functions", "--no-such-option"],
                                  ["train", "--steps", "many"]])
def test_argument_errors_import_no_torch(argv):
    status, torch_imported, output = run_probe(*argv)
    assert status == 2, output
    assert not torch_imported, output
