#!/usr/bin/env bash
# Sets up ActGUI on a fresh Debian/Ubuntu machine: Qt's system libraries, a CJK font, the Fashion-MNIST images, and a virtual
# environment in .venv with torch's CPU wheel installed before everything else.
set -euo pipefail
cd "$(dirname "$0")/.."

system_packages=(
  libegl1 libgl1 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3   # offscreen Qt
  xvfb xauth libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0         # a real window / Xvfb
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0
  fonts-noto-cjk                                                               # Chinese glyphs
  librsvg2-bin poppler-utils                                                   # tests: SVG and PDF drawn by other renderers
  dataset-fashion-mnist                                                        # the CNN's 28×28 images
)
python=${PYTHON:-python3}
# Debian and Ubuntu ship `venv` and `ensurepip` in a separate package (python3.X-venv); without it
# `python3 -m venv` fails half-way, leaving a .venv without pip, which the next run completes.
if [ ! -x .venv/bin/pip ] && ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
  system_packages+=("$("$python" -c 'import sys; print("python%d.%d-venv" % sys.version_info[:2])')")
fi
missing=()
for pkg in "${system_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})) && command -v apt-get >/dev/null; then
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  echo "Installing system packages: ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/pip ]; then
  "$python" -m venv .venv
fi
stamp=.venv/.actgui-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ tests/plugin_example/pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  # torch first: the CPU wheel (2.13.0) satisfies the project's range, so nothing pulls a CUDA build.
  .venv/bin/python -c "import torch" 2>/dev/null || .venv/bin/python -m pip install -q torch==2.13.0
  .venv/bin/python -m pip install -q -e ".[test]"
  # The example plugin: the registry-walking tests cover its entries.
  .venv/bin/python -m pip install -q -e tests/plugin_example
  touch "$stamp"
fi
