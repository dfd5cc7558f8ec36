"""The training process is warm when it reports Ready: the first Start pays no import."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: serve() in a thread of a fresh interpreter: after Ready, what has been imported and built?
PROBE = """
import sys, threading
from multiprocessing import Pipe
from actgui.core.training.messages import Quit, Ready
from actgui.core.training.process import serve
data_parent, data_child = Pipe(duplex=False)
control_child, control_parent = Pipe(duplex=False)
thread = threading.Thread(target=serve, args=(data_child, control_child, 1))
thread.start()
ready = data_parent.recv()
print(isinstance(ready, Ready), "torch._dynamo" in sys.modules, "torch.optim" in sys.modules)
control_parent.send(Quit())
thread.join(30)
print(thread.is_alive())
"""


def test_ready_comes_after_the_optimiser_machinery_is_imported():
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.stdout.split() == ["True", "True", "True", "False"], result.stderr
