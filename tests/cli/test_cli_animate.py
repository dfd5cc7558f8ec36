"""`actgui animate`: frame count, size and duration read back (Pillow for GIF, imageio-ffmpeg for MP4),
the frames change, the stamp and its sidecar, atomic writes and one-line errors."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

imageio_ffmpeg = pytest.importorskip("imageio_ffmpeg", reason="MP4 export needs imageio-ffmpeg")

SMALL = ["--width", "320", "--height", "180", "--quiet"]


def gif_frames(path) -> tuple[list[np.ndarray], list[int], tuple[int, int]]:
    with Image.open(path) as image:
        frames, durations = [], []
        for index in range(image.n_frames):
            image.seek(index)
            durations.append(image.info["duration"])
            frames.append(np.asarray(image.convert("RGB")))
        return frames, durations, image.size


def mp4_frames(path) -> tuple[list[np.ndarray], dict]:
    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    width, height = meta["size"]
    frames = [np.frombuffer(frame, np.uint8).reshape(height, width, 3) for frame in reader]
    return frames, meta


def test_function_sweep_gif_has_the_frames_size_and_duration(cli, tmp_path):
    out = tmp_path / "leaky.gif"
    status, stdout, _ = cli("animate", "sweep", "function", "leaky_relu", "--param", "leaky_relu.negative_slope=0:1",
                            "--frames", "8", "--fps", "20", "--out", out, *SMALL)
    assert status == 0 and stdout.strip() == str(out)
    frames, durations, size = gif_frames(out)
    assert len(frames) == 8 and size == (320, 180)
    assert durations == [50] * 8  # 20 frames per second
    assert not np.array_equal(frames[0], frames[-1])  # the slope changes the curve
    assert [p.name for p in tmp_path.iterdir()] == ["leaky.gif"]  # no temporary file left, no sidecar


def test_softmax_sweep_mp4_has_the_frames_size_and_duration(cli, tmp_path):
    out = tmp_path / "temperature.mp4"
    status, _, _ = cli("animate", "sweep", "softmax", "--param", "temperature=0.1:10", "--log", "--frames", "10",
                       "--fps", "5", "--out", out, *SMALL, "--width", "640", "--height", "360")
    assert status == 0
    frames, meta = mp4_frames(out)
    assert len(frames) == 10 and meta["size"] == (640, 360)
    assert meta["fps"] == pytest.approx(5) and meta["duration"] == pytest.approx(2.0, abs=0.05)
    assert np.abs(frames[0].astype(int) - frames[-1].astype(int)).mean() > 1


def test_depth_sweep_with_stamp_writes_the_sidecar(cli, tmp_path):
    out = tmp_path / "depth.gif"
    status, _, _ = cli("animate", "sweep", "depth", "--activation", "tanh", "--init", "xavier_normal", "--units", "32",
                       "--param", "depth=1:12", "--frames", "4", "--fps", "10", "--stamp", "--out", out, *SMALL)
    assert status == 0
    frames, durations, _ = gif_frames(out)
    assert len(frames) == 4 and durations == [100] * 4
    sidecar = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert sidecar["animation"] == "depth-sweep" and sidecar["file"] == "depth.gif"
    assert sidecar["settings"]["param"] == "depth" and sidecar["settings"]["to"] == 12.0
    assert sidecar["settings"]["frames"] == 4


def test_landscape_descent_mp4(cli, tmp_path):
    out = tmp_path / "descent.mp4"
    status, _, _ = cli("animate", "landscape", "himmelblau", "--start=-1,-1", "--optimizers", "sgd,adam",
                       "--steps", "30", "--frames", "6", "--fps", "10", "--out", out, *SMALL)
    assert status == 0
    frames, meta = mp4_frames(out)
    assert len(frames) == 6 and meta["duration"] == pytest.approx(0.6, abs=0.05)
    assert np.abs(frames[0].astype(int) - frames[-1].astype(int)).mean() > 0.5  # the paths grow


def test_train_replay_gif(cli, tmp_path):
    out = tmp_path / "run.gif"
    status, _, _ = cli("animate", "train", "--dataset", "spiral", "--samples", "300", "--hidden", "8",
                       "--steps", "40", "--record-every", "10", "--figures", "loss,boundary", "--fps", "10",
                       "--out", out, *SMALL)
    assert status == 0
    frames, durations, size = gif_frames(out)
    assert len(frames) == 5 and size == (320, 180)  # one frame per record: steps 0, 10, …, 40
    assert sum(durations) == 500


def test_an_existing_file_survives_a_failed_export(cli, tmp_path):
    out = tmp_path / "keep.gif"
    out.write_bytes(b"old")
    status, _, err = cli("animate", "sweep", "function", "leaky_relu", "--param", "leaky_relu.negative_slope=0:99",
                         "--frames", "4", "--out", out, *SMALL)
    assert status == 2 and err.count("\n") == 1 and "negative_slope" in err
    assert out.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["keep.gif"]


@pytest.mark.parametrize(("argv", "message"), [
    (["sweep", "function", "relu", "--param", "leaky_relu.negative_slope=0:1"], "is not plotted"),
    (["sweep", "function", "leaky_relu", "--param", "leaky_relu.negative_slope=0"], "TARGET=A:B"),
    (["sweep", "softmax", "--param", "temperature=0:1"], "temperature must be in"),
    (["sweep", "softmax", "--param", "temperature=-1:1", "--log"], "temperature"),
    (["sweep", "depth", "--param", "colour=1:2"], "depth, width"),
    (["sweep", "function", "leaky_relu", "--param", "leaky_relu.negative_slope=0:1", "--frames", "1"], "frames"),
    (["landscape", "nowhere"], "nowhere"),
    (["train", "--figures", "loss,pie"], "pie"),
    (["train", "--compare", "relu,tanh"], "unrecognized arguments"),
])
def test_bad_arguments_give_one_line_and_status_2(cli, tmp_path, argv, message):
    status, _, err = cli("animate", *argv, "--out", tmp_path / "x.gif", "--quiet")
    assert status == 2 and message in err and err.count("\n") == 1


@pytest.mark.parametrize(("suffix", "size", "message"), [
    (".avi", ["--width", "320", "--height", "180"], ".gif or .mp4"),
    (".mp4", ["--width", "321", "--height", "180"], "even"),
    (".gif", ["--width", "10", "--height", "180"], "out of range"),
])
def test_bad_output_options(cli, tmp_path, suffix, size, message):
    status, _, err = cli("animate", "sweep", "softmax", "--param", "temperature=1:2", *size,
                         "--out", tmp_path / f"x{suffix}", "--quiet")
    assert status == 2 and message in err
