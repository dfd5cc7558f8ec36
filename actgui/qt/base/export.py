"""Export of figures and panels: PNG at a chosen size and scale, SVG, CSV and the clipboard.

SVG goes through Qt's own QSvgGenerator: pyqtgraph 0.14's SVGExporter raises ValueError with
PySide6 >= 6.11 (pyqtgraph #3485/#3495), so it is not used at all.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication, QWidget

from actgui.core import files
from actgui.qt.base.figure import Figure

DEFAULT_SIZE = (1600, 900)
FORMATS = ("png", "svg", "csv")
#: The most pixels an export may have (about 200 MB as an image in memory).
MAX_PIXELS = 50_000_000
#: The key that marks a sidecar JSON as written by ActGUI (so only those are ever overwritten).
SIDECAR_MARKER = "actgui"


class ExportError(Exception):
    """An export that could not be written; the message is meant for the user."""


def export(figure: Figure, path: str | Path, width: int = DEFAULT_SIZE[0], height: int = DEFAULT_SIZE[1],
           scale: float = 1.0, settings: dict[str, Any] | None = None) -> Path:
    """Writes `figure` to `path`; the suffix (.png, .svg, .csv) picks the format.

    With `settings`, images are stamped with them in a footer line and every format gets a sidecar
    JSON (`path` with suffix .json) holding the same settings.
    """
    path = Path(path)
    figure.set_theme(figure.theme.for_export())
    figure.uncache()
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ExportError(f"unsupported file type '.{suffix}' (use .png, .svg or .csv)")
    check_writable(path)
    if settings is not None:
        check_sidecar(path.with_suffix(".json"))
    if suffix == "csv":
        try:
            figure.table().write_csv(path)
        except OSError as error:
            raise ExportError(files.describe(error, path)) from None
    elif suffix == "png":
        image = render_image(figure, width, height, scale, stamp_text(settings))
        write_bytes(path, encode_image(image, path))
    else:
        buffer = QBuffer()
        buffer.open(QIODevice.WriteOnly)
        render_svg(figure, buffer, width, height, stamp_text(settings))
        write_bytes(path, bytes(buffer.data()))
    if settings is not None:
        write_sidecar(path, figure, settings)
    return path


def stamp_text(settings: dict[str, Any] | None) -> str | None:
    """One line `key=value; …` of the settings (nested keys joined with dots)."""
    if settings is None:
        return None
    parts: list[str] = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, list | tuple):
            parts.append(f"{prefix}=" + ",".join(f"{v:g}" if isinstance(v, float) else str(v) for v in value))
        else:
            parts.append(f"{prefix}={value:g}" if isinstance(value, float) else f"{prefix}={value}")

    walk("", settings)
    return "; ".join(parts)


def write_sidecar(path: Path, figure: Figure, settings: dict[str, Any]) -> Path:
    """`path` with suffix .json: the figure's name, the file it describes and the settings."""
    from actgui import __version__

    sidecar = path.with_suffix(".json")
    data = {"actgui": __version__, "figure": figure.name, "file": path.name, "settings": settings}
    check_sidecar(sidecar)
    write_bytes(sidecar, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return sidecar


def check_sidecar(sidecar: Path) -> None:
    """Raises ExportError when `sidecar` exists but is not a sidecar ActGUI wrote (it is kept)."""
    if not sidecar.exists() and not sidecar.is_symlink():
        return
    try:
        data = json.loads(files.read_bounded(sidecar, 1024 * 1024))
    except (OSError, ValueError):
        data = None
    if not (isinstance(data, dict) and SIDECAR_MARKER in data and "settings" in data):
        raise ExportError(f"{sidecar} exists and was not written by ActGUI; it is kept (move it or "
                          "choose another file name)")


def check_writable(path: Path) -> None:
    """Raises ExportError when `path` cannot be created or overwritten; touches nothing."""
    try:
        files.check_writable(path)
    except OSError as error:
        raise ExportError(files.describe(error, path)) from None


def write_bytes(path: Path, data: bytes) -> None:
    """Writes `data` atomically: on failure the old file stays as it was; raises ExportError."""
    try:
        files.atomic_write(path, data)
    except OSError as error:
        raise ExportError(files.describe(error, path)) from None


def encode_image(image: QImage, path: Path) -> bytes:
    """The image as PNG bytes (encoded in memory, so a failed write never leaves half a file)."""
    buffer = QBuffer()
    buffer.open(QIODevice.WriteOnly)
    if image.isNull() or not image.save(buffer, "PNG"):
        raise ExportError(f"cannot write {path}: the image could not be encoded")
    return bytes(buffer.data())


def check_size(width: int, height: int) -> None:
    """Raises ExportError for an image size beyond the limits (per side and in pixels)."""
    if width < 16 or height < 16 or width > 20000 or height > 20000:
        raise ExportError(f"image size {width}×{height} is out of range (16 to 20000 pixels a side)")
    if width * height > MAX_PIXELS:
        raise ExportError(f"image size {width}×{height} is {width * height / 1e6:.0f} megapixels; "
                          f"at most {MAX_PIXELS // 1_000_000} are allowed")


def _layout(figure: Figure, width: int, height: int) -> None:
    """Lays the (off-screen) figure out at width × height logical pixels."""
    check_size(width, height)
    widget = figure.widget
    if not widget.isVisible():
        widget.setAttribute(Qt.WA_DontShowOnScreen, True)
        widget.show()
    widget.resize(width, height)
    QApplication.processEvents()


def render_image(figure: Figure, width: int, height: int, scale: float = 1.0, stamp: str | None = None) -> QImage:
    """A width × height image of the figure; `scale` > 1 draws text and lines larger (like DPI);
    `stamp` is written in a footer line."""
    if not 0.25 <= scale <= 8:
        raise ExportError(f"scale {scale:g} is out of range (0.25 to 8)")
    check_size(width, height)
    _layout(figure, round(width / scale), round(height / scale))
    image = QImage(width, height, QImage.Format_ARGB32)
    image.fill(QColor(figure.theme.background))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setRenderHint(QPainter.TextAntialiasing)
    _paint(figure, painter, QRectF(0, 0, width, height), stamp, scale)
    painter.end()
    return image


def render_svg(figure: Figure, path: Path | QIODevice, width: int, height: int, stamp: str | None = None) -> None:
    """A vector SVG of the figure through QSvgGenerator, to a file or a device (e.g. a QBuffer)."""
    _layout(figure, width, height)
    generator = QSvgGenerator()
    if isinstance(path, QIODevice):
        generator.setOutputDevice(path)
    else:
        generator.setFileName(str(path))
    generator.setSize(QSize(width, height))
    generator.setViewBox(QRectF(0, 0, width, height))
    generator.setTitle(figure.name)
    painter = QPainter()
    if not painter.begin(generator):
        raise ExportError(f"cannot write {path}")
    painter.fillRect(QRectF(0, 0, width, height), QColor(figure.theme.background))
    _paint(figure, painter, QRectF(0, 0, width, height), stamp)
    painter.end()


def _paint(figure: Figure, painter: QPainter, target: QRectF, stamp: str | None = None, scale: float = 1.0) -> None:
    view = figure.widget
    source = view.mapToScene(view.viewport().rect()).boundingRect()
    if stamp:
        font = QFont()
        font.setPixelSize(max(8, round(figure.theme.font_pt * 1.1 * scale)))
        footer = QFontMetricsF(font).height() * 1.6
        view.scene().render(painter, target.adjusted(0, 0, 0, -footer), source)
        painter.setFont(font)
        painter.setPen(QColor(figure.theme.foreground))
        box = QRectF(target.left() + 8 * scale, target.bottom() - footer, target.width() - 16 * scale, footer)
        painter.drawText(box, Qt.AlignVCenter | Qt.AlignLeft | Qt.TextSingleLine,
                         QFontMetricsF(font).elidedText(stamp, Qt.ElideRight, box.width()))
    else:
        view.scene().render(painter, target, source)


def copy_image(figure: Figure, width: int = DEFAULT_SIZE[0], height: int = DEFAULT_SIZE[1],
               scale: float = 1.0) -> QImage:
    """Puts the rendered figure on the clipboard and returns the image."""
    figure.set_theme(figure.theme.for_export())
    figure.uncache()
    image = render_image(figure, width, height, scale)
    QGuiApplication.clipboard().setImage(image)
    return image


def export_widget(widget: QWidget, path: str | Path) -> Path:
    """The whole panel, controls included, as PNG at its on-screen size."""
    path = Path(path)
    if path.suffix.lower() != ".png":
        raise ExportError("the whole panel is exported as .png")
    check_writable(path)
    write_bytes(path, encode_image(widget.grab().toImage(), path))
    return path
