"""Python's cyclic garbage collection on the GUI thread only.

Automatic collection runs in whichever thread passes its allocation threshold: the torch import, the
optimiser warm-up, the cost measurement or the training relay. A collection there can free Qt objects
caught in reference cycles off the GUI thread, which deadlocks or crashes Qt. So automatic collection
is switched off and a timer on the GUI thread collects instead, each generation once its count passes
the usual threshold (the pattern of pyqtgraph's GarbageCollector).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

#: How often the GUI thread looks at the collector's counts.
INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    """Owns the collection while it lives; `stop()` hands it back to Python."""

    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.collect)
        self.timer.start()

    def collect(self) -> int:
        """Collects the oldest generation whose count passed its threshold (and the younger ones);
        returns the number of unreachable objects found."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.thresholds[generation]:
                return gc.collect(generation)
        return 0

    def stop(self) -> None:
        self.timer.stop()
        gc.enable()
