"""PySide6 6.12.0 on CPython 3.11 aborts in Signal.emit() within 10 000 emits; the pin avoids it."""

import subprocess
import sys

SCRIPT = """
from PySide6.QtCore import QCoreApplication, QObject, Signal

class Emitter(QObject):
    ping = Signal(int)

app = QCoreApplication([])
emitter = Emitter()
for i in range(10_000):
    emitter.ping.emit(i)
received = []
emitter.ping.connect(received.append)
for i in range(10_000):
    emitter.ping.emit(i)
assert len(received) == 10_000
print("ok")
"""


def test_ten_thousand_emits_exit_cleanly():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
