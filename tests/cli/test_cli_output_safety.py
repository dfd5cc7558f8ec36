"""Outputs never destroy the user's files: a command does not write over what it reads, a stamp's
sidecar JSON replaces only its own, and an animation that cannot be finished (full disk) exits
non-zero with one message and leaves the old file byte-identical."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

POINTS = "x1,x2,label\n0,0,0\n1,1,1\n0,1,0\n1,0,1\n0.5,0.2,0\n0.2,0.9,1\n"
SWEEP = ["animate", "sweep", "function", "leaky_relu", "--param", "leaky_relu.negative_slope=0:1", "--frames", "4",
         "--width", "160", "--height", "96", "--quiet"]


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_train_never_writes_its_metrics_over_its_data(cli, tmp_path):
    data = tmp_path / "data.csv"
    data.write_text(POINTS)
    status, stdout, err = cli("train", "--data", data, "--out", data, "--quiet")
    assert status == 2 and stdout == ""
    assert err.strip() == (f"actgui: error: cannot write {data}: it is the file read as input ({data}); it is "
                           "kept (choose another output name)")
    assert data.read_text() == POINTS


def test_a_link_to_the_input_is_the_input(cli, tmp_path):
    data = tmp_path / "data.csv"
    data.write_text(POINTS)
    (tmp_path / "link.csv").symlink_to(data)
    status, _, err = cli("train", "--data", data, "--out", tmp_path / "link.csv", "--quiet")
    assert status == 2 and "it is the file read as input" in err and data.read_text() == POINTS


def test_two_outputs_of_one_command_never_coincide(cli, tmp_path):
    out = tmp_path / "runs.csv"
    status, _, err = cli("train", "--compare", "relu,tanh", "--out", out, "--table", out, "--quiet")
    assert status == 2 and "the command writes another of its outputs there" in err and not out.exists()


def test_animate_stamp_never_overwrites_a_json_it_did_not_write(cli, tmp_path):
    out, mine = tmp_path / "movie.gif", tmp_path / "movie.json"
    mine.write_text('{"my": "notes"}')
    status, stdout, err = cli(*SWEEP, "--out", out, "--stamp")
    assert status == 2 and stdout == ""
    assert err.strip() == (f"actgui: error: {mine} exists and was not written by ActGUI; it is kept (move it or "
                           "choose another file name)")
    assert mine.read_text() == '{"my": "notes"}' and not out.exists() and leftovers(tmp_path) == []


def test_a_sidecar_of_another_file_is_not_replaced(cli, tmp_path):
    png, sidecar = tmp_path / "movie.png", tmp_path / "movie.json"
    assert cli("export", "function", "relu", "--out", png, "--width", "320", "--height", "200", "--stamp")[0] == 0
    before = sidecar.read_text()
    assert json.loads(before)["file"] == "movie.png"
    status, _, err = cli(*SWEEP, "--out", tmp_path / "movie.gif", "--stamp")
    assert status == 2 and "describes another file (movie.png)" in err and sidecar.read_text() == before


def test_a_stamped_animation_writes_and_rewrites_its_own_sidecar(cli, tmp_path):
    out = tmp_path / "movie.gif"
    for _ in range(2):
        status, stdout, _ = cli(*SWEEP, "--out", out, "--stamp")
        assert status == 0 and stdout.strip() == str(out)
    data = json.loads((tmp_path / "movie.json").read_text())
    assert data["file"] == "movie.gif" and data["settings"]["frames"] == 4


@pytest.mark.parametrize("suffix", ["gif", "mp4"])
def test_an_animation_on_a_full_disk_keeps_the_old_file(tmp_path, suffix):
    """A file-size limit stands in for a full disk: the encoder (ffmpeg, or Pillow in-process)
    cannot finish; the exit is non-zero with one line and the old file is byte-identical."""
    out = tmp_path / f"mine.{suffix}"
    old = bytes(range(256)) * 1200
    out.write_bytes(old)
    script = ("import resource, sys\n"
              "resource.setrlimit(resource.RLIMIT_FSIZE, (6000, 6000))\n"
              "from actgui.cli import main\n"
              "sys.exit(main(sys.argv[1:]))\n")
    argv = [*SWEEP[:-5], "--width", "320", "--height", "200", "--frames", "6", "--quiet", "--out", str(out)]
    result = subprocess.run([sys.executable, "-c", script, *argv], capture_output=True, text=True, timeout=240)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip() == f"actgui: error: cannot write {out}: File too large"
    assert out.read_bytes() == old and leftovers(tmp_path) == []


@pytest.mark.parametrize("suffix", ["gif", "mp4"])
def test_a_finished_animation_is_verified_and_keeps_the_old_permissions(cli, tmp_path, suffix):
    out = tmp_path / f"mine.{suffix}"
    out.write_bytes(b"old")
    out.chmod(0o644)
    status, _, _ = cli(*SWEEP, "--out", out)
    assert status == 0 and out.stat().st_mode & 0o777 == 0o644 and leftovers(tmp_path) == []
    from actgui.core.encoders import verify_gif, verify_mp4

    if suffix == "gif":
        verify_gif(out, 160, 96)
    else:
        verify_mp4(out, 4)


def test_a_damaged_video_is_caught_by_the_check(tmp_path):
    from actgui.core.encoders import EncoderError, verify_gif, verify_mp4

    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 100)
    with pytest.raises(EncoderError, match="MP4"):
        verify_mp4(broken, 4)
    gif = tmp_path / "broken.gif"
    gif.write_bytes(b"GIF89a" + b"\x00" * 20)
    with pytest.raises(EncoderError, match="GIF"):
        verify_gif(gif, 160, 96)
