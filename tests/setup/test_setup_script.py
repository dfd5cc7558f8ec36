"""scripts/setup.sh --dry-run: the commands a fresh machine runs (apt, venv, pip), one per line, with the torch build
chosen for the machine: the CPU build from PyTorch's CPU index without an NVIDIA GPU, the default index's (CUDA) build
with one, ACTGUI_TORCH=cpu|cuda forcing either. The PATH holds only a temporary directory, so the GPU is an
`nvidia-smi` there or none."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "setup.sh"
BASH = shutil.which("bash")
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
PIP = [".venv/bin/python", "-m", "pip", "install", "-q"]
SUDO = [] if getattr(os, "geteuid", lambda: 0)() == 0 else ["sudo"]
APT = [*SUDO, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "-o", "DPkg::Lock::Timeout=300"]
VENV_PACKAGE = f"python{sys.version_info.major}.{sys.version_info.minor}-venv"

pytestmark = pytest.mark.skipif(BASH is None or sys.platform == "win32", reason="scripts/setup.sh is a bash script")


def executable(path: Path, text: str) -> None:
    path.write_text(text)
    path.chmod(0o755)


def dry_run(tmp_path: Path, nvidia_smi: str | None, **env: str) -> tuple[list[list[str]], str]:
    """Runs `setup.sh --dry-run` with PATH holding only a fake apt-get (which leaves a mark if run) and, when given,
    an `nvidia-smi` with that body; returns the printed commands, split into words, and the messages."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    executable(bin_dir / "apt-get", f"#!/bin/sh\ntouch {tmp_path / 'apt-get-ran'}\n")
    if nvidia_smi is not None:
        executable(bin_dir / "nvidia-smi", f"#!/bin/sh\n{nvidia_smi}\n")
    result = subprocess.run([BASH, str(SCRIPT), "--dry-run"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=60, env={"PATH": str(bin_dir), "PYTHON": sys.executable, **env})
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "apt-get-ran").exists() and not (tmp_path / ".venv").exists()
    return [shlex.split(line) for line in result.stdout.splitlines()], result.stderr


def fresh_machine(torch_install: list[str]) -> list[list[str]]:
    return [
        [*APT, "update", "-qq"],
        [*APT, "install", "-y", "-qq", "--no-install-recommends", "libegl1", "libgl1", "libfontconfig1",
         "libxkbcommon0", "libxkbcommon-x11-0", "libdbus-1-3", "xvfb", "xauth", "libxcb-icccm4", "libxcb-keysyms1",
         "libxcb-cursor0", "libxcb-image0", "libxcb-render-util0", "libxcb-shape0", "libxcb-xinerama0",
         "fonts-noto-cjk", "librsvg2-bin", "poppler-utils", "dataset-fashion-mnist", VENV_PACKAGE],
        [sys.executable, "-m", "venv", ".venv"],
        [*PIP, "--upgrade", "pip"],
        torch_install,
        [*PIP, "-e", ".[test]"],
    ]


CPU_BUILD = [*PIP, "--index-url", CPU_INDEX, "torch==2.13.0"]
DEFAULT_BUILD = [*PIP, "torch==2.13.0"]
GPU = "echo 'GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-00000000-0000-0000-0000-000000000000)'"


def test_without_an_nvidia_gpu_the_cpu_build(tmp_path):
    commands, messages = dry_run(tmp_path, None)
    assert commands == fresh_machine(CPU_BUILD)
    assert "the CPU build from PyTorch's CPU index (no NVIDIA GPU" in messages
    assert f"if {CPU_INDEX} cannot be reached within 5 s, the default index's build instead" in messages


def test_with_an_nvidia_gpu_the_default_cuda_build(tmp_path):
    commands, messages = dry_run(tmp_path, GPU)
    assert commands == fresh_machine(DEFAULT_BUILD)
    assert "the CUDA build from the default index (nvidia-smi found an NVIDIA GPU)" in messages


def test_an_nvidia_smi_that_finds_no_gpu_means_the_cpu_build(tmp_path):
    commands, _ = dry_run(tmp_path, "echo 'NVIDIA-SMI has failed because it could not communicate with the driver'\n"
                                    "exit 9")
    assert commands[4] == CPU_BUILD


@pytest.mark.parametrize(("gpu", "forced", "build"), [(GPU, "cpu", CPU_BUILD), (None, "cuda", DEFAULT_BUILD)])
def test_actgui_torch_forces_the_build(tmp_path, gpu, forced, build):
    commands, messages = dry_run(tmp_path, gpu, ACTGUI_TORCH=forced)
    assert commands == fresh_machine(build)
    assert f"(ACTGUI_TORCH={forced})" in messages


def test_an_unknown_choice_stops_before_anything_runs(tmp_path):
    result = subprocess.run([BASH, str(SCRIPT), "--dry-run"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=60, env={"PATH": "/nonexistent", "PYTHON": sys.executable, "ACTGUI_TORCH": "rocm"})
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == "setup: ACTGUI_TORCH must be cpu or cuda, not 'rocm'\n"

