"""Atomic writes, bounded reads and the early writability check (issue cases 2 and 3)."""

from __future__ import annotations

import errno
import os
import subprocess
import threading
import time

import pytest

from actgui.core import files
from actgui.core.files import FileAccessError, atomic_write, check_writable, read_bounded, read_text_bounded
from actgui.core.table import Table


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_atomic_write_replaces_the_file_and_keeps_its_mode(tmp_path):
    target = tmp_path / "figure.csv"
    target.write_text("old\n")
    target.chmod(0o640)
    atomic_write(target, "new\n")
    assert target.read_text() == "new\n"
    assert oct(target.stat().st_mode & 0o777) == "0o640"
    assert leftovers(tmp_path) == []


def no_space(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class FullDiskFile:
    """A file object on a disk that is full: every write fails with ENOSPC."""

    def __init__(self, handle) -> None:
        self.handle = handle

    def __enter__(self):
        return self

    def __exit__(self, *_exc) -> None:
        self.handle.close()

    write = staticmethod(no_space)

    def flush(self) -> None:
        self.handle.flush()

    def fileno(self) -> int:
        return self.handle.fileno()


@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
def test_a_full_disk_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch, failing):
    target = tmp_path / "data.csv"
    target.write_text("the good file\n")
    if failing == "write":
        real_fdopen = os.fdopen
        monkeypatch.setattr(os, "fdopen", lambda *args, **kwargs: FullDiskFile(real_fdopen(*args, **kwargs)))
    else:
        monkeypatch.setattr(os, failing, no_space)
    with pytest.raises(FileAccessError, match="No space left on device"):
        Table({"x": list(range(100_000))}).write_csv(target)
    monkeypatch.undo()
    assert target.read_text() == "the good file\n"
    assert leftovers(tmp_path) == []


def test_an_error_while_writing_keeps_the_old_file(tmp_path):
    target = tmp_path / "data.txt"
    target.write_text("kept")
    with pytest.raises(RuntimeError), files.atomic_writer(target) as handle:
        handle.write(b"half")
        raise RuntimeError("the encoder failed")
    assert target.read_text() == "kept"
    assert leftovers(tmp_path) == []


@pytest.fixture
def tiny_disk(tmp_path):
    """A 64 kB tmpfs: a real full disk."""
    mount = tmp_path / "disk"
    mount.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {result.stderr.strip()}")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def test_a_real_full_disk_keeps_the_old_csv(tiny_disk):
    target = tiny_disk / "weights.csv"
    Table({"w": [0.5, 0.25]}).write_csv(target)
    before = target.read_bytes()
    with pytest.raises(FileAccessError, match="No space left on device"):
        Table({"w": [float(i) / 7 for i in range(50_000)]}).write_csv(target)
    assert target.read_bytes() == before
    assert leftovers(tiny_disk) == []


def test_check_writable_refuses_early_and_creates_nothing(tmp_path):
    with pytest.raises(FileAccessError, match="does not exist"):
        check_writable(tmp_path / "missing" / "out.csv")
    with pytest.raises(FileAccessError, match="it is a folder"):
        check_writable(tmp_path)
    check_writable(tmp_path / "new.csv")
    assert list(tmp_path.iterdir()) == []


def test_reading_a_fifo_returns_at_once_with_a_message(tmp_path):
    fifo = tmp_path / "session.json"
    os.mkfifo(fifo)
    outcome = {}

    def read() -> None:
        try:
            read_bounded(fifo)
        except FileAccessError as error:
            outcome["error"] = str(error)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(5)
    assert not reader.is_alive(), "reading a FIFO blocked"
    assert "not a regular file" in outcome["error"]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_and_links_to_them_are_refused_without_reading(tmp_path, device):
    link = tmp_path / "session.json"
    link.symlink_to(device)
    started = time.process_time()
    with pytest.raises(FileAccessError, match="not a regular file"):
        read_bounded(link)
    assert time.process_time() - started < 1.0  # nothing was read (7.3 GB before the fix)


def test_a_file_over_the_cap_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.json"
    with open(big, "wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # a sparse 100 MB file
    with pytest.raises(FileAccessError, match="100.0 MB, more than the 4.0 MB allowed"):
        read_bounded(big)
    assert read_bounded(tmp_path / "big.json", limit=200 * 1024 * 1024)[:4] == b"\0\0\0\0"


def test_text_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin.json"
    path.write_bytes(b"{\"a\": \"\xe9\"}")
    with pytest.raises(FileAccessError, match="not UTF-8"):
        read_text_bounded(path)
    with pytest.raises(FileAccessError, match="No such file"):
        read_bounded(tmp_path / "absent.json")


def test_a_large_table_is_streamed_in_bounded_memory(tmp_path):
    import tracemalloc

    import numpy as np

    weights = np.random.default_rng(0).standard_normal(2_000_000).astype(np.float32)
    table = Table({"weight": weights})
    tracemalloc.start()
    table.write_csv(tmp_path / "weights.csv")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 40 * 1024 * 1024  # a list of 2 M Python floats and their text alone is > 150 MB
    with open(tmp_path / "weights.csv") as handle:
        assert handle.readline() == "weight\n"
        assert float(handle.readline()) == float(weights[0])
    with open(tmp_path / "weights.csv") as handle:
        assert sum(1 for _ in handle) == 2_000_001
