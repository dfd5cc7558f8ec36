"""The built wheel works on its own: built from a copy of the sources, with no deprecation or warning from the
build, installed (not editable) in a fresh virtual environment with the example plugin's wheel, it lists, exports
every kind of figure, trains and speaks Chinese from package data.

The fresh environment sees this one's site-packages through a .pth file, so torch and Qt are not
installed again; the wheel itself goes in with --no-deps.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import venv
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("build", reason="`build` is not installed (scripts/setup.sh installs the test extras)")
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PNG = b"\x89PNG\r\n\x1a\n"
RESOURCES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "actgui" / "resources").rglob("*") if p.is_file())


class Install:
    """The wheel and the environment it is installed in."""

    def __init__(self, wheel: Path, prefix: Path, work: Path) -> None:
        self.wheel, self.prefix, self.work = wheel, prefix, work
        self.bin = prefix / ("Scripts" if os.name == "nt" else "bin")
        self.env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}

    def run(self, program: str, *argv: str) -> subprocess.CompletedProcess:
        result = subprocess.run([str(self.bin / program), *argv], cwd=self.work, env=self.env, capture_output=True,
                                text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr and "plugin failed" not in result.stderr, result.stderr
        return result


@pytest.fixture(scope="module")
def install(tmp_path_factory) -> Install:
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "actgui", source / "actgui", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copytree(ROOT / "tests" / "plugin_example", work / "plugin", ignore=shutil.ignore_patterns(
        "__pycache__", "*.pyc", "*.egg-info", "build"))
    for project in (source, work / "plugin"):
        built = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
                                str(work / "dist"), str(project)], cwd=work, capture_output=True, text=True,
                               timeout=600)
        assert built.returncode == 0, built.stderr
        output = built.stdout + built.stderr
        assert "deprecat" not in output.lower() and "Warning" not in output, output
    (wheel,) = (work / "dist").glob("actgui-0*.whl")
    (plugin,) = (work / "dist").glob("actgui_plugin_example-*.whl")
    prefix = work / "venv"
    venv.EnvBuilder(with_pip=False).create(prefix)
    fresh = Install(wheel, prefix, work)
    python = str(fresh.bin / "python")
    purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             env=fresh.env, capture_output=True, text=True, check=True).stdout.strip()
    shared = [path for path in sys.path if Path(path).name in ("site-packages", "dist-packages")]
    (Path(purelib) / "shared.pth").write_text("".join(f"{path}\n" for path in shared))
    subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel), str(plugin)], cwd=work,
                   env=fresh.env, check=True, capture_output=True, timeout=300)
    return fresh


def read_csv(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_the_wheel_ships_the_package_data(install):
    names = set(zipfile.ZipFile(install.wheel).namelist())
    assert {"actgui/resources/i18n/actgui_zh_CN.qm", "actgui/resources/actgui.svg", "actgui/resources/digits.npz",
            "actgui/resources/presets/dead_relu.json"} <= names
    assert [name for name in RESOURCES if name not in names] == []
    metadata = zipfile.ZipFile(install.wheel).read("actgui-0.1.0.dist-info/METADATA").decode()
    assert "License-Expression: MIT\n" in metadata and "License-File: LICENSE\n" in metadata
    assert "actgui-0.1.0.dist-info/licenses/LICENSE" in names
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(install.wheel).read(entry_points).decode()
    assert "[console_scripts]\nactgui = actgui.__main__:main" in text
    assert "[gui_scripts]\nactgui-gui = actgui.__main__:gui_main" in text


def test_the_installed_package_is_the_wheel(install):
    where = install.run("python", "-c", "import actgui; print(actgui.__file__)").stdout.strip()
    assert Path(where).is_relative_to(install.prefix)
    assert install.run("actgui", "--version").stdout.strip() == "actgui 0.1.0"
    assert "--theme" in install.run("actgui-gui", "--help").stdout


def test_list_and_one_export_of_each_kind(install):
    listed = install.run("actgui", "list", "activations").stdout.split()
    assert listed[:3] == ["step", "identity", "sigmoid"] and listed[-1] == "squareplus"  # the example plugin
    out = install.work
    images = {
        "function.png": ["export", "function", "sigmoid,relu", "--derivative"],
        "init.png": ["export", "init", "kaiming_normal", "--fan-in", "128", "--fan-out", "64"],
        "loss.png": ["export", "loss", "mse,huber"],
        "train.png": ["train", "--dataset", "digits", "--samples", "300", "--hidden", "16", "--steps", "20",
                      "--record-every", "10", "--quiet"],
    }
    tables = {
        "softmax.csv": ["export", "softmax", "--logits", "1,2,3"],
        "depth.csv": ["export", "depth", "--activation", "relu", "--init", "kaiming_normal", "--depth", "5",
                      "--width", "32"],
        "landscape.csv": ["export", "landscape", "himmelblau", "--start=-1,-1", "--optimizers", "sgd,adam",
                          "--steps", "30"],
    }
    for name, argv in {**images, **tables}.items():
        install.run("actgui", *argv, "--out", str(out / name))
    for name in images:
        assert (out / name).read_bytes()[:8] == PNG, name
    for name in tables:
        rows = read_csv(out / name)
        assert len(rows) > 2 and all(len(row) == len(rows[0]) for row in rows), name
    assert len(read_csv(out / "landscape.csv")) == 1 + 2 * 31


def test_a_chinese_export_uses_the_shipped_translations(install):
    svg = install.work / "softmax-zh.svg"
    install.run("actgui", "export", "softmax", "--lang", "zh_CN", "--out", str(svg))
    text = "".join(ET.parse(svg).getroot().itertext())
    assert "概率" in text and "index" not in text
    rendered = install.work / "softmax-zh.png"
    subprocess.run(["rsvg-convert", "-o", str(rendered), str(svg)], check=True, timeout=60)
    assert rendered.read_bytes()[:8] == PNG
