"""Cyclic garbage is collected on the GUI thread, never on a background thread."""

import gc
import threading
import weakref

from actgui.qt.base.garbage import GuiThreadCollector


class Node:
    pass


def test_a_background_thread_never_collects(gui_thread_collector):
    assert not gc.isenabled()
    cycle = Node()
    cycle.itself = cycle
    alive = weakref.ref(cycle)
    del cycle

    kept = []

    def allocate():  # far past the threshold: an automatic collection would run here
        kept.extend(Node() for _ in range(10 * gc.get_threshold()[0]))

    thread = threading.Thread(target=allocate)
    thread.start()
    thread.join()
    assert alive() is not None and gc.get_count()[0] > gc.get_threshold()[0]
    found = gui_thread_collector.collect()
    assert alive() is None and found >= 1


def test_the_collector_collects_only_past_a_threshold(qapp):
    collector = GuiThreadCollector(qapp, interval_ms=60_000)
    try:
        gc.collect()
        assert collector.collect() == 0  # nothing counted since
        for _ in range(2 * gc.get_threshold()[0]):
            cycle = Node()
            cycle.itself = cycle
        del cycle
        assert collector.collect() > 0
    finally:
        collector.timer.stop()
        gc.disable()  # the session's collector still owns the collection
