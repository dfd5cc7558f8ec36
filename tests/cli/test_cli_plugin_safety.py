"""Plugins cannot end or hang the app: each is tried in a child process with a time limit first;
one that exits, hangs or raises at import, or returns bad values, is skipped with one line on
stderr, and the command goes on. Verdicts are remembered until the plugin changes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time

import pytest

ACTIVATION = textwrap.dedent('''
    from actgui.core.activations import ACTIVATIONS, Activation
    {prelude}
    def fn(x, p):
        {body}
    ACTIVATIONS.register(Activation("hostile", "Hostile", "敌意", fn, "f(x)", "f'(x)", "#123456"))
''')


def install(folder, module: str, group: str = "actgui.activations", name: str = "hostile") -> dict:
    """A distribution `hostile_plugin` in `folder` with one entry point; the environment to use it."""
    (folder / "hostile_plugin.py").write_text(module)
    info = folder / "hostile_plugin-1.0.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: hostile-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[{group}]\n{name} = hostile_plugin\n")
    paths = [str(folder), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths), "ACTGUI_CACHE_DIR": str(folder / "cache")}


def actgui(env: dict, *argv: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "actgui", *argv], capture_output=True, text=True, env=env,
                          timeout=timeout)


@pytest.mark.parametrize(("prelude", "body", "message"), [
    ("import sys; sys.exit(0)", "return x", "it called sys.exit(0) while loading; it is skipped"),
    ("import os; os._exit(0)", "return x", "it ended the process while loading (exit status 0); it is skipped"),
    ("raise RuntimeError('broken at import')", "return x", "RuntimeError: broken at import"),
    ("", "return x.tolist()", "activation 'hostile' returned list, not a tensor"),
    ("", "return x[:3]", "activation 'hostile' returned shape (3,) for input (101,)"),
    ("", "return x.double()", "activation 'hostile' returned torch.float64 for torch.float32 input"),
    ("", "return x.mul_(2)", "activation 'hostile' changed its input in place"),
    ("", "return x / 0 * 0", "activation 'hostile' returned NaN or infinite values on -6 … 6"),
])
def test_a_misbehaving_activation_is_skipped_with_one_line(tmp_path, prelude, body, message):
    env = install(tmp_path, ACTIVATION.format(prelude=prelude, body=body))
    result = actgui(env, "list", "activations")
    assert result.returncode == 0
    assert "relu" in result.stdout.split() and "hostile" not in result.stdout.split()
    assert result.stderr.strip() == (f"actgui: warning: plugin skipped: hostile-plugin: actgui.activations "
                                     f"'hostile': {message}")
    verdicts = json.loads((tmp_path / "cache" / "plugin-verdicts.json").read_text())
    assert [v for k, v in verdicts.items() if "hostile-plugin" in k] == [message]


def test_a_plugin_that_hangs_at_import_is_skipped_after_the_limit(tmp_path):
    env = install(tmp_path, ACTIVATION.format(prelude="while True: pass", body="return x"))
    start = time.monotonic()
    result = actgui(env, "export", "function", "relu", "--out", str(tmp_path / "relu.png"), "--width", "320",
                    "--height", "200")
    assert result.returncode == 0 and (tmp_path / "relu.png").exists()
    assert "did not finish loading within 10 s (it hangs); it is skipped" in result.stderr
    assert time.monotonic() - start < 60
    again = actgui(env, "list", "activations", timeout=30)  # the verdict is remembered: no 10 s wait
    assert "it hangs" in again.stderr and "hostile" not in again.stdout.split()


def test_a_good_plugin_passes_and_a_changed_one_is_tried_again(tmp_path):
    env = install(tmp_path, ACTIVATION.format(prelude="", body="return x * 2"))
    result = actgui(env, "list", "activations")
    assert result.stderr == "" and "hostile" in result.stdout.split()
    time.sleep(0.01)
    install(tmp_path, ACTIVATION.format(prelude="raise ValueError('new version broke')", body="return x"))
    os.utime(tmp_path / "hostile_plugin.py", (time.time() + 5, time.time() + 5))
    result = actgui(env, "list", "activations")
    assert "ValueError: new version broke" in result.stderr and "hostile" not in result.stdout.split()


DATASET = textwrap.dedent('''
    import numpy as np
    from actgui.core.datasets import DATASETS, DatasetInfo
    def generate(samples, noise, classes, rng):
        return rng.normal(size=(samples, 2)).astype(np.float32), np.zeros(samples - 1, dtype=np.int64)
    DATASETS.register(DatasetInfo("hostile", "Hostile", "敌意", "binary", 2, 2, 0.1, generate))
''')


def test_a_data_set_with_the_wrong_number_of_labels_is_skipped(tmp_path):
    env = install(tmp_path, DATASET, group="actgui.datasets")
    result = actgui(env, "train", "--dataset", "spiral", "--samples", "200", "--hidden", "8", "--steps", "20",
                    "--record-every", "10", "--quiet", "--out", str(tmp_path / "run.csv"))
    assert result.returncode == 0 and (tmp_path / "run.csv").exists()
    assert result.stderr.strip() == ("actgui: warning: plugin skipped: hostile-plugin: actgui.datasets 'hostile': "
                                     "data set 'hostile' returned 99 labels for 100 inputs")
