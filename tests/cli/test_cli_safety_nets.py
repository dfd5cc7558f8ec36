"""The issue's cases on the command line: each ends in one message and the right exit status, and
what was on disk before is still there (cases 3 to 7)."""

from __future__ import annotations

import csv
import errno
import json
import os
import subprocess

import pytest

from actgui.core import files

FAST = ["--dataset", "spiral", "--samples", "300", "--hidden", "16,8", "--record-every", "10", "--quiet"]


def temporaries(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# -- 3: writes -------------------------------------------------------------------------------------
@pytest.fixture
def full_disk(monkeypatch):
    """Every fsync fails with ENOSPC, as on a full disk (buffered data is only written then)."""

    def no_space(_fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "fsync", no_space)


@pytest.mark.parametrize("suffix", ["csv", "png", "svg"])
def test_an_export_on_a_full_disk_fails_and_keeps_the_old_file(cli, tmp_path, full_disk, suffix):
    out = tmp_path / f"relu.{suffix}"
    out.write_bytes(b"the lecture's good figure")
    status, stdout, err = cli("export", "function", "relu", "--out", out, "--width", "320", "--height", "200")
    assert status == 2 and stdout == ""
    assert err.strip() == f"actgui: error: cannot write {out}: No space left on device"
    assert out.read_bytes() == b"the lecture's good figure"
    assert temporaries(tmp_path) == []


def test_a_failed_export_leaves_no_empty_file(cli, tmp_path, full_disk):
    out = tmp_path / "new.svg"
    status, _, _ = cli("export", "function", "relu", "--out", out, "--width", "320", "--height", "200")
    assert status == 2 and not out.exists() and temporaries(tmp_path) == []


@pytest.fixture
def tiny_disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {result.stderr.strip()}")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def test_a_real_full_disk_keeps_the_old_csv_and_svg(cli, tiny_disk):
    out = tiny_disk / "init.csv"
    assert cli("export", "init", "xavier_uniform", "--fan-in", "4", "--fan-out", "4", "--out", out)[0] == 0
    before = out.read_bytes()
    status, _, err = cli("export", "init", "xavier_uniform", "--fan-in", "256", "--fan-out", "256", "--out", out)
    assert status == 2 and "No space left on device" in err
    assert out.read_bytes() == before
    svg = tiny_disk / "big.svg"
    status, _, err = cli("export", "function", "relu,gelu,elu,selu,tanh", "--out", svg, "--width", "4000",
                         "--height", "3000")
    assert (status, svg.exists()) == (2, False) and "No space left on device" in err
    assert temporaries(tiny_disk) == []


def test_the_stamp_never_overwrites_a_json_it_did_not_write(cli, tmp_path):
    out = tmp_path / "relu.png"
    notes = tmp_path / "relu.json"
    notes.write_text('{"my": "lecture notes"}', encoding="utf-8")
    status, _, err = cli("export", "function", "relu", "--out", out, "--stamp", "--width", "320", "--height", "200")
    assert status == 2 and "relu.json exists and was not written by ActGUI" in err
    assert notes.read_text(encoding="utf-8") == '{"my": "lecture notes"}' and not out.exists()
    notes.unlink()
    for _ in range(2):  # its own sidecar it replaces
        assert cli("export", "function", "relu", "--out", out, "--stamp", "--width", "320", "--height", "200")[0] == 0
    assert json.loads(notes.read_text(encoding="utf-8"))["file"] == "relu.png"


def test_train_checks_out_before_training(cli, tmp_path):
    missing = tmp_path / "nowhere" / "run.csv"
    status, _, err = cli("train", *FAST, "--steps", "10000000", "--out", missing)  # would train for hours
    assert status == 2 and "does not exist" in err
    folder = tmp_path / "run.csv"
    folder.mkdir()
    status, _, err = cli("train", *FAST, "--steps", "10000000", "--out", folder)
    assert status == 2 and "it is a folder" in err


# -- 4: divergence -------------------------------------------------------------------------------
def test_a_finite_explosion_exits_3_and_keeps_the_rows(cli, tmp_path):
    out = tmp_path / "run.csv"
    status, stdout, err = cli("train", *FAST, "--optimizer", "sgd", "--lr", "1000", "--steps", "500", "--out", out)
    assert status == 3 and stdout.strip() == str(out)
    assert "diverged at step" in err and "learning rate" in err
    with open(out, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][0] == "step" and len(rows) >= 2
    assert all(abs(float(row[1])) < 1e30 for row in rows[1:])  # no exploded loss in the kept rows


def test_a_diverging_run_still_writes_its_figure(cli, tmp_path):
    out = tmp_path / "run.png"
    status, _, err = cli("train", *FAST, "--lr", "1000", "--steps", "300", "--out", out, "--width", "400",
                         "--height", "300")
    assert status == 3 and "diverged" in err
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# -- 5: expressions ------------------------------------------------------------------------------
HEX = "0x" + "f" * 260


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "function", "custom", "--expression", HEX], "is too large"),
        (["export", "landscape", "custom", "--expression", HEX], "is too large"),
        (["export", "function", "custom", "--expression", "clamp(x, x, 1)"], "needs numbers as its bounds"),
        (["export", "landscape", "custom", "--expression", "clamp(x, y, 1)"], "needs numbers as its bounds"),
    ],
)
def test_expression_errors_are_one_line(cli, tmp_path, argv, message):
    status, _, err = cli(*argv, "--out", tmp_path / "out.csv")
    assert status == 2 and message in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("expression", ["1", "x * x"])
def test_surfaces_without_y_draw_their_field(cli, tmp_path, expression):
    out = tmp_path / "surface.csv"
    status, _, err = cli("export", "landscape", "custom", "--expression", expression, "--field", "--out", out)
    assert (status, err) == (0, "")
    assert out.read_text(encoding="utf-8").startswith("optimizer,step,x,y,loss")


# -- 6: other tracebacks -------------------------------------------------------------------------
@pytest.mark.parametrize("extra", [[], ["--jacobian"]])
def test_a_tiny_temperature_is_refused(cli, tmp_path, extra):
    status, _, err = cli("export", "softmax", *extra, "--logits", "1,2,3", "--temperature", "1e-320",
                         "--out", tmp_path / "s.csv")
    assert status == 2 and "temperature must be between 0.001 and 100" in err


def test_the_smallest_temperature_gives_finite_probabilities(cli, tmp_path):
    out = tmp_path / "s.csv"
    assert cli("export", "softmax", "--logits", "1,2,3", "--temperature", "0.001", "--out", out)[0] == 0
    with open(out, newline="", encoding="utf-8") as handle:
        assert [row[2] for row in csv.reader(handle)] == ["probability", "0.0", "0.0", "1.0"]


def test_batch_norm_with_batches_of_one_is_refused(cli, tmp_path):
    status, _, err = cli("train", *FAST, "--batch-norm", "--batch-size", "1", "--steps", "10",
                         "--out", tmp_path / "run.csv")
    assert status == 2 and err.strip() == "actgui: error: batch normalisation needs a batch size of at least 2"


# -- 7: memory -----------------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_an_image_beyond_the_pixel_cap_is_refused(cli, tmp_path, suffix):
    out = tmp_path / f"big.{suffix}"
    status, _, err = cli("export", "function", "relu", "--out", out, "--width", "20000", "--height", "20000")
    assert status == 2 and "400 megapixels; at most 50 are allowed" in err and not out.exists()
