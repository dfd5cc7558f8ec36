"""Lazily imported modules, tables and subclasses (actgui.core.lazy)."""

import subprocess
import sys

from actgui.core.lazy import LazyMapping, lazy_module, lazy_subclass


def test_a_lazy_module_imports_on_first_attribute_read():
    code = ("import sys\nfrom actgui.core.lazy import lazy_module\nwave = lazy_module('wave')\n"
            "print('wave' in sys.modules, wave.WAVE_FORMAT_PCM, 'wave' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "1", "True"]


def test_a_lazy_mapping_builds_its_entries_once():
    calls = []
    table = LazyMapping(lambda: calls.append(1) or {"a": 1, "b": 2})
    assert calls == []
    assert table["a"] == 1 and list(table) == ["a", "b"] and len(table) == 2
    assert calls == [1]


collections = lazy_module("collections")


@lazy_subclass(collections, "UserDict")
class Counts:
    """Counts keys; its base is made when first used."""

    def __init__(self, start: int) -> None:
        super().__init__()
        self.start = start

    def add(self, key: str) -> int:
        self[key] = self.get(key, self.start) + 1
        return self[key]


def test_a_lazy_subclass_derives_from_its_base_and_reaches_it_with_super():
    counts = Counts(10)
    assert counts.add("x") == 11 and counts.add("x") == 12
    assert isinstance(counts, Counts) and isinstance(counts, collections.UserDict)
    assert issubclass(Counts.real(), collections.UserDict)
    assert Counts.__name__ == "Counts" and Counts.__doc__.startswith("Counts keys")
