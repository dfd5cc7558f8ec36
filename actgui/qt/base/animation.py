"""Animated export: frames drawn off screen from figures, written as GIF (Pillow) or MP4 (imageio-ffmpeg).

An `Animation` names its figures (drawn side by side in each frame), its frame count and how to
draw frame i. `AnimationWriter` renders one frame per `write_next()` call (so the GUI can render in
chunks between events) into a temporary file beside the target, which `finish()` renames into place;
`write_animation` drives it to the end with a progress callback and a cancel check. Like still
exports, frames can be stamped with the settings in a footer line, with a sidecar JSON beside.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter
from PySide6.QtWidgets import QApplication

from actgui.core.encoders import EncoderError, Mp4Encoder, verify_gif, verify_mp4
from actgui.core.files import give_mode_of
from actgui.qt.base.animation_defaults import DEFAULT_FPS, DEFAULT_FRAMES, DEFAULT_SIZE  # noqa: F401 (re-exported)
from actgui.qt.base.export import ExportError, check_sidecar, check_writable, render_image, stamp_text
from actgui.qt.base.figure import Figure

FORMATS = ("gif", "mp4")
MAX_FRAMES = 1000
MAX_FPS = 60
#: A GIF keeps every frame in memory until it is written: this many pixels in all, at most.
MAX_GIF_PIXELS = 1_500_000_000


class AnimationCancelled(Exception):
    """The user cancelled the export; nothing was written."""


@dataclass
class Animation:
    """Frames 0 … frames − 1 of `figures` (side by side); `draw(i)` puts frame i on them.

    `settings` describe what is animated (for the stamp and the sidecar JSON)."""

    name: str
    figures: list[Figure]
    frames: int
    draw: Callable[[int], None]
    settings: dict[str, Any] = field(default_factory=dict)
    #: A line under frame i saying what it shows (e.g. "negative_slope = 0.35"), or None.
    caption: Callable[[int], str] | None = None


def check_options(path: Path, frames: int, fps: float, width: int, height: int) -> str:
    """The format ('gif' or 'mp4') for `path`; raises ExportError naming the first bad option."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ExportError(f"unsupported file type '.{suffix}' for an animation (use .gif or .mp4)")
    if not 2 <= frames <= MAX_FRAMES:
        raise ExportError(f"frames must be 2 to {MAX_FRAMES} (got {frames})")
    if not 1 <= fps <= MAX_FPS:
        raise ExportError(f"fps must be 1 to {MAX_FPS} (got {fps:g})")
    if width < 64 or height < 64 or width > 3840 or height > 2160:
        raise ExportError(f"frame size {width}×{height} is out of range (64×64 to 3840×2160)")
    if suffix == "mp4" and (width % 2 or height % 2):
        raise ExportError(f"an MP4's width and height must be even (got {width}×{height})")
    if suffix == "gif" and frames * width * height > MAX_GIF_PIXELS:
        raise ExportError(f"{frames} frames of {width}×{height} are too many for a GIF; "
                          "use fewer frames, a smaller size or .mp4")
    return suffix


def encoder_problem(kind: str) -> str | None:
    """None when the encoder for 'gif' or 'mp4' can be used, else a message saying how to get it."""
    if kind == "gif":
        try:
            import PIL.Image  # noqa: F401
        except ImportError:
            return "GIF export needs Pillow, which is not installed (pip install Pillow)"
        return None
    try:
        import imageio_ffmpeg
    except ImportError:
        return "MP4 export needs imageio-ffmpeg, which is not installed (pip install imageio-ffmpeg)"
    try:
        imageio_ffmpeg.get_ffmpeg_exe()
    except RuntimeError as error:
        return f"MP4 export needs an ffmpeg executable: {error}"
    return None


def image_to_rgb(image: QImage) -> np.ndarray:
    """An (h, w, 3) uint8 copy of the image's pixels."""
    rgb = image.convertToFormat(QImage.Format_RGB888)
    width, height, stride = rgb.width(), rgb.height(), rgb.bytesPerLine()
    data = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=stride * height)
    return data.reshape(height, stride)[:, :width * 3].reshape(height, width, 3).copy()


def render_frame(figures: Sequence[Figure], width: int, height: int, scale: float = 1.0,
                 stamp: str | None = None) -> QImage:
    """The figures side by side in one width × height image, the stamp (if any) in a footer line."""
    if len(figures) == 1:
        return render_image(figures[0], width, height, scale, stamp)
    font = QFont()
    font.setPixelSize(max(8, round(figures[0].theme.font_pt * 1.1 * scale)))
    footer = round(QFontMetricsF(font).height() * 1.6) if stamp else 0
    image = QImage(width, height, QImage.Format_ARGB32)
    image.fill(QColor(figures[0].theme.background))
    painter = QPainter(image)
    edges = np.linspace(0, width, len(figures) + 1).round().astype(int)
    for figure, left, right in zip(figures, edges[:-1], edges[1:], strict=True):
        painter.drawImage(int(left), 0, render_image(figure, int(right - left), height - footer, scale))
    if stamp:
        painter.setRenderHint(QPainter.TextAntialiasing)
        painter.setFont(font)
        painter.setPen(QColor(figures[0].theme.foreground))
        box = QRectF(8 * scale, height - footer, width - 16 * scale, footer)
        painter.drawText(box, Qt.AlignVCenter | Qt.AlignLeft | Qt.TextSingleLine,
                         QFontMetricsF(font).elidedText(stamp, Qt.ElideRight, box.width()))
    painter.end()
    return image


def freeze_ranges(animation: Animation, frames: Sequence[int]) -> None:
    """Draws the given frames (a sweep's extremes, or all of them) before the first frame is shown and
    from then on fixes the axes of every plot on show, after each frame is drawn, to the union of what
    they showed, so only the data moves while the animation plays."""
    plots = [plot for figure in animation.figures for plot in figure.plots
             if plot.scene() is not None and not plot.vb.state["aspectLocked"]]
    union: list[QRectF | None] = [None] * len(plots)
    for index in frames:
        animation.draw(index)
        for i, plot in enumerate(plots):
            rect = plot.vb.childrenBoundingRect()
            if rect.isValid() and np.isfinite([rect.left(), rect.right(), rect.top(), rect.bottom()]).all():
                union[i] = rect if union[i] is None else union[i].united(rect)
    fixed = [(plot, rect) for plot, rect in zip(plots, union, strict=True)
             if rect is not None and rect.width() > 0 and rect.height() > 0]
    draw = animation.draw

    def draw_fixed(index: int) -> None:
        draw(index)
        for plot, rect in fixed:
            plot.vb.disableAutoRange()
            plot.vb.setRange(rect, padding=0.04)

    animation.draw = draw_fixed
    draw_fixed(0)


class AnimationWriter:
    """Renders `animation` frame by frame into `path` (.gif or .mp4) at `fps`, width × height.

    Raises ExportError (with a message for the user) for bad options, a missing encoder or a file
    that cannot be written; nothing appears at `path` until `finish()` succeeds."""

    def __init__(self, animation: Animation, path: str | Path, fps: float = DEFAULT_FPS,
                 width: int = DEFAULT_SIZE[0], height: int = DEFAULT_SIZE[1], scale: float = 1.0,
                 stamp: bool = False) -> None:
        self.animation, self.path = animation, Path(path)
        self.fps, self.width, self.height, self.scale = float(fps), int(width), int(height), float(scale)
        self.kind = check_options(self.path, animation.frames, self.fps, self.width, self.height)
        problem = encoder_problem(self.kind)
        if problem:
            raise ExportError(problem)
        check_writable(self.path)
        if stamp:
            check_sidecar(self.path.with_suffix(".json"), self.path)
        self.settings = {**animation.settings, "frames": animation.frames, "fps": self.fps} if stamp else None
        self.stamp = stamp_text(self.settings)
        for figure in animation.figures:
            figure.set_theme(figure.theme.for_export())
            figure.uncache()
        self.done = 0
        try:
            handle, name = tempfile.mkstemp(prefix=f".{self.path.stem}.", suffix=self.path.suffix,
                                            dir=self.path.parent)
        except OSError as error:
            raise ExportError(f"cannot write {self.path}: {error.strerror or error}") from None
        os.close(handle)
        self._temp = Path(name)
        self._gif_frames: list = []
        self._mp4 = None
        if self.kind == "mp4":
            self._open_mp4()

    @property
    def total(self) -> int:
        return self.animation.frames

    def _open_mp4(self) -> None:
        try:
            self._mp4 = Mp4Encoder(self._temp, self.width, self.height, self.fps)
        except EncoderError as error:
            self.abort()
            raise ExportError(str(error)) from None

    def write_next(self) -> bool:
        """Draws, renders and encodes the next frame; True while frames remain."""
        if self.done >= self.total:
            return False
        try:
            self.animation.draw(self.done)
            QApplication.processEvents()
            caption = self.animation.caption(self.done) if self.animation.caption else None
            footer = " · ".join(text for text in (caption, self.stamp) if text) or None
            pixels = image_to_rgb(render_frame(self.animation.figures, self.width, self.height, self.scale, footer))
        except (ValueError, RuntimeError) as error:
            self.abort()
            raise ExportError(f"cannot draw frame {self.done + 1}: {error}") from None
        try:
            if self.kind == "gif":
                from PIL import Image

                self._gif_frames.append(Image.fromarray(pixels).quantize(256, method=Image.Quantize.FASTOCTREE,
                                                                         dither=Image.Dither.NONE))
            else:
                self._mp4.write(pixels.tobytes())
        except (OSError, RuntimeError, EncoderError) as error:
            self.abort()
            raise ExportError(f"cannot write {self.path}: {getattr(error, 'strerror', None) or error}") from None
        self.done += 1
        return self.done < self.total

    def shorten(self) -> None:
        """Ends the animation at the frames written so far (a live recording whose run ended early);
        raises ExportError with fewer than two."""
        if self.done < 2:
            raise ExportError(f"only {self.done} frame(s) were recorded; an animation needs two")
        self.animation.frames = self.done
        if self.settings is not None:
            self.settings["frames"] = self.done

    def finish(self) -> Path:
        """Closes the encoder, syncs the file and renames it into place (with its sidecar JSON)."""
        if self.done < self.total:
            raise ExportError(f"only {self.done} of {self.total} frames are rendered")
        try:
            if self.kind == "gif":
                first, *rest = self._gif_frames
                first.save(self._temp, format="GIF", save_all=True, append_images=rest,
                           duration=round(1000 / self.fps), loop=0, disposal=1, optimize=False)
                self._gif_frames = []
                verify_gif(self._temp, self.width, self.height)
            else:
                encoder, self._mp4 = self._mp4, None
                encoder.close()
                verify_mp4(self._temp, self.total)
            with open(self._temp, "rb+") as handle:
                os.fsync(handle.fileno())
            if self.settings is not None:
                self._write_sidecar()
            give_mode_of(self._temp, self.path)
            os.replace(self._temp, self.path)
        except (OSError, RuntimeError, EncoderError, ExportError) as error:
            self.abort()
            if isinstance(error, ExportError):
                raise
            raise ExportError(f"cannot write {self.path}: {getattr(error, 'strerror', None) or error}") from None
        return self.path

    def _write_sidecar(self) -> None:
        from actgui import __version__

        sidecar = self.path.with_suffix(".json")
        data = {"actgui": __version__, "animation": self.animation.name, "file": self.path.name,
                "settings": self.settings}
        check_sidecar(sidecar, self.path)
        write_text_atomic(sidecar, json.dumps(data, indent=2, ensure_ascii=False) + "\n")

    def abort(self) -> None:
        """Stops encoding and removes the temporary file; the target is left as it was."""
        self._gif_frames = []
        if self._mp4 is not None:
            self._mp4.kill()
            self._mp4 = None
        self._temp.unlink(missing_ok=True)


def write_text_atomic(path: Path, text: str) -> None:
    """Writes `text` to a temporary file beside `path`, syncs it and renames it onto `path`."""
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(name, path)
    except OSError:
        Path(name).unlink(missing_ok=True)
        raise


def write_animation(animation: Animation, path: str | Path, fps: float = DEFAULT_FPS,
                    width: int = DEFAULT_SIZE[0], height: int = DEFAULT_SIZE[1], scale: float = 1.0,
                    stamp: bool = False, progress: Callable[[int, int], None] | None = None,
                    cancelled: Callable[[], bool] | None = None) -> Path:
    """Writes every frame and returns the path; `progress(done, total)` after each frame, and
    `cancelled()` returning True stops with AnimationCancelled (nothing written)."""
    writer = AnimationWriter(animation, path, fps, width, height, scale, stamp)
    try:
        while True:
            if cancelled is not None and cancelled():
                raise AnimationCancelled
            more = writer.write_next()
            if progress is not None:
                progress(writer.done, writer.total)
            if not more:
                break
    except BaseException:
        writer.abort()
        raise
    return writer.finish()
