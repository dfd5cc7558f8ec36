"""Video encoders whose failures are seen: an MP4 written by ffmpeg (from imageio-ffmpeg) whose exit
status and error output are checked, and checks that a finished GIF or MP4 is whole.

imageio-ffmpeg's own writer ignores ffmpeg's exit status, so an encoder that stopped on a full disk
looked like a success and its truncated file was renamed over the user's; here any failure raises
EncoderError with ffmpeg's last error line.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
from fractions import Fraction
from pathlib import Path

#: Seconds ffmpeg may take to finish the file after its input ended.
FINISH_TIMEOUT_S = 120.0


class EncoderError(Exception):
    """The encoder failed or wrote a damaged file; the message is meant for the user."""


def _exit_reason(returncode: int, log: str) -> str:
    lines = [line.strip() for line in log.splitlines() if line.strip()]
    if lines:
        return lines[-1][:300]
    if returncode < 0:
        number = -returncode
        if number == getattr(signal, "SIGXFSZ", -1):
            return os.strerror(27)  # EFBIG: File too large
        try:
            return f"the encoder was stopped by {signal.Signals(number).name}"
        except ValueError:
            return f"the encoder was stopped by signal {number}"
    return f"the encoder failed (exit status {returncode})"


class Mp4Encoder:
    """H.264 in MP4 from raw RGB frames of width × height, written by an ffmpeg child process."""

    def __init__(self, path: str | Path, width: int, height: int, fps: float, quality: int = 8) -> None:
        import imageio_ffmpeg

        self.path = Path(path)
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 (ffmpeg's error output, closed in close()/kill())
        crf = int((1 - quality / 10.0) * 51)
        command = [
            imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-f", "rawvideo", "-vcodec", "rawvideo", "-s", f"{width}x{height}",
            "-pix_fmt", "rgb24", "-r", str(Fraction(fps).limit_denominator()), "-i", "-", "-an",
            "-vcodec", "libx264", "-pix_fmt", "yuv420p", "-crf", str(crf), "-v", "error",
            "-movflags", "+faststart", str(self.path)]
        try:
            self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                             stderr=self._log)
        except OSError as error:
            self._log.close()
            raise EncoderError(f"cannot start the MP4 encoder: {error.strerror or error}") from None

    def write(self, frame: bytes) -> None:
        """Sends one frame; raises EncoderError when the encoder has stopped."""
        try:
            self._process.stdin.write(frame)
        except (BrokenPipeError, OSError):
            self._process.wait()
            raise EncoderError(_exit_reason(self._process.returncode, self._read_log())) from None

    def close(self) -> None:
        """Ends the input and waits for ffmpeg; raises EncoderError unless it finished cleanly."""
        try:
            with contextlib.suppress(OSError):
                self._process.stdin.close()
            try:
                self._process.wait(FINISH_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
                raise EncoderError("the MP4 encoder did not finish") from None
            if self._process.returncode != 0:
                raise EncoderError(_exit_reason(self._process.returncode, self._read_log()))
        finally:
            self._log.close()

    def kill(self) -> None:
        """Stops the encoder at once (a cancelled or failed export)."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        for stream in (self._process.stdin, self._log):
            with contextlib.suppress(OSError):
                stream.close()

    def _read_log(self) -> str:
        try:
            self._log.seek(0)
            return self._log.read(65536).decode("utf-8", "replace")
        except (OSError, ValueError):
            return ""


def verify_mp4(path: str | Path, frames: int) -> None:
    """Raises EncoderError unless `path` is an MP4 whose video stream holds `frames` frames."""
    import imageio_ffmpeg

    try:
        count, _seconds = imageio_ffmpeg.count_frames_and_secs(str(path))
    except (RuntimeError, OSError, ValueError) as error:
        raise EncoderError(f"the MP4 written is damaged ({str(error).splitlines()[0][:200]})") from None
    if count != frames:
        raise EncoderError(f"the MP4 written holds {count} of its {frames} frames")


def verify_gif(path: str | Path, width: int, height: int) -> None:
    """Raises EncoderError unless every frame of the GIF at `path` decodes, at width × height."""
    from PIL import Image

    try:
        with Image.open(path) as image:
            if image.format != "GIF" or image.size != (width, height):
                raise EncoderError("the GIF written is damaged")
            for index in range(getattr(image, "n_frames", 1)):
                image.seek(index)
                image.load()
    except EncoderError:
        raise
    except (OSError, ValueError, EOFError, SyntaxError) as error:
        raise EncoderError(f"the GIF written is damaged ({error})") from None
