"""Test configuration: every test runs headless; Qt uses the offscreen platform.

The example plugin (tests/plugin_example) is visible to the tests, and to the processes they start, as an installed
distribution: its package directory and a dist-info holding its pyproject's entry points, written to a temporary
directory, go on sys.path and PYTHONPATH for the test session only. The environment `make run` gives the user never
has it, and the registry-walking tests cover its entries.
"""

import os
import shutil
import sys
import tempfile
import tomllib
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# One torch (OpenMP) thread per test worker, and in the processes it starts: pytest-xdist runs a worker per
# core, and each with a thread per core oversubscribed the cores (a CNN test took 5 s or 24 s by what ran
# beside it). Set before torch is imported.
if os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("XDG_RUNTIME_DIR", "/tmp/actgui-runtime")
os.makedirs(os.environ["XDG_RUNTIME_DIR"], mode=0o700, exist_ok=True)

PLUGIN_EXAMPLE = Path(__file__).resolve().parent / "plugin_example"


def _write_dist_info(project_dir: Path, site: Path) -> None:
    """The dist-info that installing `project_dir` would write, as far as importlib.metadata reads it: name,
    version and entry points, all from its pyproject.toml."""
    project = tomllib.loads((project_dir / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    info = site / f"{project['name'].replace('-', '_')}-{project['version']}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n",
                                   encoding="utf-8")
    groups = project.get("entry-points", {})
    (info / "entry_points.txt").write_text(
        "".join(f"[{group}]\n" + "".join(f"{name} = {target}\n" for name, target in entries.items()) + "\n"
                for group, entries in groups.items()), encoding="utf-8")


# Made once per session: test worker processes (pytest-xdist) find it through the environment.
_SITE_VARIABLE = "ACTGUI_TEST_PLUGIN_SITE"
_inherited_site = os.environ.get(_SITE_VARIABLE)
if _inherited_site and Path(_inherited_site).is_dir():
    _plugin_site, _owns_plugin_site = Path(_inherited_site), False
else:
    _plugin_site, _owns_plugin_site = Path(tempfile.mkdtemp(prefix="actgui-test-plugin-")), True
    _write_dist_info(PLUGIN_EXAMPLE, _plugin_site)
    os.environ[_SITE_VARIABLE] = str(_plugin_site)
# First on the path: this checkout's plugin, ahead of any copy an earlier set-up installed.
_plugin_paths = [str(PLUGIN_EXAMPLE), str(_plugin_site)]
sys.path[:0] = [path for path in _plugin_paths if path not in sys.path]
_pythonpath = [path for path in os.environ.get("PYTHONPATH", "").split(os.pathsep) if path]
os.environ["PYTHONPATH"] = os.pathsep.join([path for path in _plugin_paths if path not in _pythonpath] + _pythonpath)


def pytest_unconfigure(config):
    if _owns_plugin_site:
        shutil.rmtree(_plugin_site, ignore_errors=True)
