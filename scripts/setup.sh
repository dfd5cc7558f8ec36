#!/usr/bin/env bash
# Sets up ActGUI: on Debian/Ubuntu, Qt's system libraries, a CJK font and the Fashion-MNIST images with apt; then a
# virtual environment in .venv with torch installed before everything else, in the build that suits the machine:
#   - an NVIDIA GPU (nvidia-smi answers): the default index's build, which on Linux is the CUDA build;
#   - no NVIDIA GPU: the CPU build from PyTorch's CPU index (or, when that index cannot be reached within a few
#     seconds, the default index's build, saying so);
#   - macOS: the default wheel (CPU and Apple GPU).
# ACTGUI_TORCH=cpu|cuda forces the CPU build (PyTorch's CPU index) or the default index's (CUDA) build.
#
# scripts/setup.sh --dry-run prints, one per line, the commands a fresh machine would run (apt, venv, pip) and runs
# nothing; the choice of torch and why go to stderr.
set -euo pipefail
here=${BASH_SOURCE[0]}
[[ $here == */* ]] || here=./$here
cd "${here%/*}/.."

dry_run=0
case "${1:-}" in
  "") ;;
  --dry-run) dry_run=1 ;;
  *) echo "usage: scripts/setup.sh [--dry-run]" >&2; exit 2 ;;
esac
case "${ACTGUI_TORCH:-}" in
  "" | cpu | cuda) ;;
  *) echo "setup: ACTGUI_TORCH must be cpu or cuda, not '$ACTGUI_TORCH'" >&2; exit 2 ;;
esac

torch_requirement=torch==2.13.0   # a release the project is tested with; pyproject.toml keeps a range
cpu_index=https://download.pytorch.org/whl/cpu
python=${PYTHON:-python3}
venv_python=.venv/bin/python

exec 3>&1
# Runs a command, or with --dry-run prints it (on the original stdout, whatever the command's redirections).
run() {
  if ((dry_run)); then
    local word words=()
    for word in "$@"; do
      if [[ $word =~ ^[A-Za-z0-9_./:=+,@%-]+$ ]]; then words+=("$word"); else words+=("'${word//\'/\'\\\'\'}'"); fi
    done
    echo "${words[*]}" >&3
  else
    "$@"
  fi
}
say() { echo "setup: $*" >&2; }

# Which torch build: sets torch_build (cpu or default) and says why.
choose_torch() {
  case "${ACTGUI_TORCH:-}" in
    cpu) torch_build=cpu; say "torch: the CPU build (ACTGUI_TORCH=cpu)" ;;
    cuda) torch_build=default; say "torch: the default index's build, CUDA on Linux (ACTGUI_TORCH=cuda)" ;;
    "")
      if [[ $OSTYPE == darwin* ]]; then
        torch_build=default; say "torch: the default wheel (macOS: CPU and Apple GPU)"
      elif nvidia-smi -L >/dev/null 2>&1; then
        torch_build=default; say "torch: the CUDA build from the default index (nvidia-smi found an NVIDIA GPU)"
      else
        torch_build=cpu; say "torch: the CPU build from PyTorch's CPU index (no NVIDIA GPU: nvidia-smi did not answer)"
      fi ;;
  esac
}

# Whether PyTorch's CPU index answers within 5 seconds (one try, name lookup included).
cpu_index_reachable() {
  "$venv_python" - "$cpu_index/torch/" 2>/dev/null <<'EOF'
import os, sys, threading, urllib.request
answered = []
def ask():
    try:
        urllib.request.urlopen(urllib.request.Request(sys.argv[1], method="HEAD"), timeout=5).close()
        answered.append(True)
    except Exception:
        pass
probe = threading.Thread(target=ask, daemon=True)
probe.start()
probe.join(5)
os._exit(0 if answered else 1)
EOF
}

install_torch() {
  local pip=("$venv_python" -m pip install -q)
  if [[ $torch_build == cpu ]]; then
    if ((dry_run)) || cpu_index_reachable; then
      ((dry_run)) && say "torch: if $cpu_index cannot be reached within 5 s, the default index's build instead"
      run "${pip[@]}" --index-url "$cpu_index" "$torch_requirement"
      return
    fi
    say "torch: $cpu_index cannot be reached; the default index's build instead"
  fi
  run "${pip[@]}" "$torch_requirement"
}

system_packages=(
  libegl1 libgl1 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3   # offscreen Qt
  xvfb xauth libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0         # a real window / Xvfb
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0
  fonts-noto-cjk                                                               # Chinese glyphs
  librsvg2-bin poppler-utils                                                   # tests: SVG and PDF drawn by other renderers
  dataset-fashion-mnist                                                        # the CNN's 28×28 images
)
# Debian and Ubuntu ship `venv` and `ensurepip` in a separate package (python3.X-venv); without it
# `python3 -m venv` fails half-way, leaving a .venv without pip, which the next run completes.
if ((dry_run)) || { [ ! -x .venv/bin/pip ] && ! "$python" -c 'import ensurepip, venv' 2>/dev/null; }; then
  system_packages+=("$("$python" -c 'import sys; print("python%d.%d-venv" % sys.version_info[:2])')")
fi
missing=()
for pkg in "${system_packages[@]}"; do
  ((dry_run)) || ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || continue
  missing+=("$pkg")
done
if ((${#missing[@]})) && command -v apt-get >/dev/null; then
  sudo=()
  ((EUID == 0)) || sudo=(sudo)
  # Another apt or dpkg (an unattended upgrade, a software centre) holds the lock: wait for it, up to 5 minutes.
  apt_get=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300)
  ((dry_run)) || say "installing system packages (waiting for any other package manager first): ${missing[*]}"
  run "${apt_get[@]}" update -qq
  run "${apt_get[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ((dry_run)) || [ ! -x .venv/bin/pip ]; then
  run "$python" -m venv .venv
fi
stamp=.venv/.actgui-installed
if ((dry_run)) || [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  run "$venv_python" -m pip install -q --upgrade pip
  if ((dry_run)) || ! "$venv_python" -c "import torch" 2>/dev/null; then
    choose_torch
    install_torch
    ((dry_run)) || say "torch: installed $("$venv_python" -c 'from importlib.metadata import version; print(version("torch"))')"
  fi
  run "$venv_python" -m pip install -q -e ".[test]"
  # Earlier set-ups installed the tests' example plugin here, where the app would load it; the tests load it themselves.
  if ((!dry_run)) && "$venv_python" -m pip show -q actgui-plugin-example >/dev/null 2>&1; then
    say "removing the tests' example plugin (actgui-plugin-example) from .venv"
    "$venv_python" -m pip uninstall -q -y actgui-plugin-example
  fi
  ((dry_run)) || touch "$stamp"
fi
