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


def test_gui_takes_its_options_without_loading_the_commands():
    code = ("import sys\n"
            "import actgui.qt.shell.app as app\n"
            "app.run = lambda **options: print(sorted(options.items())) or 0\n"
            "from actgui.cli import COMMAND_MODULES, main\n"
            "status = main(['gui', '--theme', 'dark', '--lang', 'zh_CN'])\n"
            "print(status, [name for name in COMMAND_MODULES if f'actgui.cli.{name}' in sys.modules])\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.stdout.splitlines() == ["[('language', 'zh_CN'), ('theme', 'dark')]", "0 []"], result.stderr


def test_a_bad_gui_option_is_one_line():
    result = subprocess.run([sys.executable, "-m", "actgui", "gui", "--theme", "purple"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "actgui gui: error: argument --theme: invalid choice: 'purple' (choose from 'light', 'dark')"]
