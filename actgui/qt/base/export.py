"""Export of figures and panels: PNG at a chosen size and scale, SVG, PDF, CSV and the clipboard.

SVG goes through Qt's own QSvgGenerator: pyqtgraph 0.14's SVGExporter raises ValueError with
PySide6 >= 6.11 (pyqtgraph #3485/#3495), so it is not used at all. Vector devices get the screen's
resolution, so that pyqtgraph's recorded pictures (axes, bars) replay at the scale of the curves,
and `flatten_svg` bakes Qt's scaled groups into device coordinates, so that renderers without
`vector-effect="non-scaling-stroke"` (librsvg, browsers' print paths, converters) stroke curves
as thin lines instead of page-sized polygons.
"""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPicture,
)
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication, QWidget

from actgui.core import files
from actgui.qt.base.figure import Figure

DEFAULT_SIZE = (1600, 900)
FORMATS = ("png", "svg", "pdf", "csv")
#: The most pixels an export may have (about 200 MB as an image in memory).
MAX_PIXELS = 50_000_000
#: The key that marks a sidecar JSON as written by ActGUI (so only those are ever overwritten).
SIDECAR_MARKER = "actgui"


class ExportError(Exception):
    """An export that could not be written; the message is meant for the user."""


def export(figure: Figure, path: str | Path, width: int = DEFAULT_SIZE[0], height: int = DEFAULT_SIZE[1],
           scale: float = 1.0, settings: dict[str, Any] | None = None) -> Path:
    """Writes `figure` to `path`; the suffix (.png, .svg, .pdf, .csv) picks the format.

    With `settings`, images are stamped with them in a footer line and every format gets a sidecar
    JSON (`path` with suffix .json) holding the same settings.
    """
    path = Path(path)
    figure.set_theme(figure.theme.for_export())
    figure.uncache()
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ExportError(f"unsupported file type '.{suffix}' (use .png, .svg, .pdf or .csv)")
    check_writable(path)
    if settings is not None:
        check_sidecar(path.with_suffix(".json"), path)
    if suffix == "csv":
        try:
            figure.table().write_csv(path)
        except OSError as error:
            raise ExportError(files.describe(error, path)) from None
    elif suffix == "png":
        image = render_image(figure, width, height, scale, stamp_text(settings))
        write_bytes(path, encode_image(image, path))
    else:
        data = (render_svg(figure, width, height, scale, stamp_text(settings)) if suffix == "svg"
                else render_pdf(figure, width, height, scale, stamp_text(settings)))
        write_bytes(path, data)
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
    check_sidecar(sidecar, path)
    write_bytes(sidecar, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return sidecar


def check_sidecar(sidecar: Path, described: Path | None = None) -> None:
    """Raises ExportError when `sidecar` exists but is not a sidecar ActGUI wrote (it is kept), or
    (given `described`) one ActGUI wrote for another file."""
    if not sidecar.exists() and not sidecar.is_symlink():
        return
    try:
        data = json.loads(files.read_bounded(sidecar, 1024 * 1024))
    except (OSError, ValueError):
        data = None
    if not (isinstance(data, dict) and SIDECAR_MARKER in data and "settings" in data):
        raise ExportError(f"{sidecar} exists and was not written by ActGUI; it is kept (move it or "
                          "choose another file name)")
    if described is not None and data.get("file") != Path(described).name:
        raise ExportError(f"{sidecar} describes another file ({str(data.get('file'))[:80]}); it is kept (move it "
                          "or choose another file name)")


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


def _check_scale(scale: float) -> None:
    if not 0.25 <= scale <= 8:
        raise ExportError(f"scale {scale:g} is out of range (0.25 to 8)")


def render_image(figure: Figure, width: int, height: int, scale: float = 1.0, stamp: str | None = None) -> QImage:
    """A width × height image of the figure; `scale` > 1 draws text and lines larger (like DPI);
    `stamp` is written in a footer line."""
    _check_scale(scale)
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


def vector_resolution() -> int:
    """The dots per inch pyqtgraph's QPictures are recorded at (the screen's): vector devices use it too."""
    return QPicture().logicalDpiX()


def render_svg(figure: Figure, width: int, height: int, scale: float = 1.0, stamp: str | None = None) -> bytes:
    """A vector SVG of the figure, width × height user units (pixels at 96 dpi), flattened for any renderer."""
    _check_scale(scale)
    check_size(width, height)
    _layout(figure, round(width / scale), round(height / scale))
    buffer = QBuffer()
    buffer.open(QIODevice.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setResolution(vector_resolution())
    generator.setSize(QSize(width, height))
    generator.setViewBox(QRectF(0, 0, width, height))
    generator.setTitle(figure.name)
    painter = QPainter()
    if not painter.begin(generator):
        raise ExportError("cannot draw the SVG")
    painter.fillRect(QRectF(0, 0, width, height), QColor(figure.theme.background))
    _paint(figure, painter, QRectF(0, 0, width, height), stamp, scale)
    painter.end()
    return flatten_svg(bytes(buffer.data()))


def render_pdf(figure: Figure, width: int, height: int, scale: float = 1.0, stamp: str | None = None) -> bytes:
    """A one-page vector PDF of the figure; the page is width × height pixels at 96 dpi."""
    _check_scale(scale)
    check_size(width, height)
    _layout(figure, round(width / scale), round(height / scale))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    writer = QPdfWriter(buffer)
    dpi = vector_resolution()
    writer.setResolution(dpi)
    writer.setTitle(figure.name)
    writer.setCreator("ActGUI")
    writer.setPageLayout(QPageLayout(QPageSize(QSizeF(width * 72 / dpi, height * 72 / dpi), QPageSize.Point,
                                               figure.name, QPageSize.ExactMatch),
                                     QPageLayout.Portrait, QMarginsF(0, 0, 0, 0)))
    painter = QPainter()
    if not painter.begin(writer):
        raise ExportError("cannot draw the PDF")
    target = QRectF(0, 0, writer.width(), writer.height())
    painter.fillRect(target, QColor(figure.theme.background))
    _paint(figure, painter, target, stamp, scale)
    painter.end()
    buffer.close()
    return bytes(data)


SVG_NS = "http://www.w3.org/2000/svg"
_SHAPES = {f"{{{SVG_NS}}}{tag}" for tag in ("path", "polyline", "polygon", "rect")}
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_PATH_TOKEN = re.compile(r"[MLCQZmlcqzHVAhvaSsTt]|" + _NUMBER.pattern)


def flatten_svg(data: bytes) -> bytes:
    """Qt's SVG with every transformed group of plain shapes rewritten in device coordinates.

    QSvgGenerator writes a curve as its data-space path under the view's transform (e.g.
    matrix(65,0,0,-376,…)) with `vector-effect="non-scaling-stroke"`; a renderer that ignores the
    vector effect scales the 2 px pen by 376 and fills the plot. Baking the matrix into the points
    keeps the drawing identical where the effect is honoured and correct where it is not.
    """
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = ET.fromstring(data)
    for group in root.iter(f"{{{SVG_NS}}}g"):
        matrix = _matrix(group.get("transform"))
        if matrix is None or not len(group) or any(child.tag not in _SHAPES or len(child) for child in group):
            continue
        baked = [_baked(child, matrix) for child in group]
        if any(b is None for b in baked):
            continue
        for index, (child, new) in enumerate(zip(list(group), baked, strict=True)):
            group.remove(child)
            group.insert(index, new)
        del group.attrib["transform"]
    for group in root.iter(f"{{{SVG_NS}}}g"):
        matrix = _matrix(group.get("transform"))
        for image in group.iter(f"{{{SVG_NS}}}image"):
            _sharpen(image, matrix or (1, 0, 0, 1, 0, 0))
    return b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' + ET.tostring(root, encoding="utf-8")


MAX_SHARPENED_SIDE = 2048
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def _sharpen(image: ET.Element, matrix: tuple[float, ...]) -> None:
    """Enlarges a small embedded image (a heat map's cells) by whole pixels to about its drawn size.

    Qt asks for `image-rendering="optimizeSpeed"`, but renderers are free to smooth anyway (librsvg
    does), which would blur a 3 × 3 Jacobian into a gradient; enlarged cells stay square everywhere.
    """
    href = image.get(_XLINK_HREF, "")
    prefix = "data:image/png;base64,"
    if not href.startswith(prefix):
        return
    a, b, c, d = matrix[:4]
    drawn_w = float(image.get("width", 0)) * math.hypot(a, b)
    drawn_h = float(image.get("height", 0)) * math.hypot(c, d)
    picture = QImage.fromData(QByteArray.fromBase64(href[len(prefix):].encode("ascii")), "PNG")
    if picture.isNull() or picture.width() == 0 or picture.height() == 0:
        return
    factor = min(math.ceil(drawn_w / picture.width()), math.ceil(drawn_h / picture.height()),
                 MAX_SHARPENED_SIDE // max(picture.width(), picture.height()))
    if factor < 2:
        return
    larger = picture.scaled(picture.width() * factor, picture.height() * factor, Qt.IgnoreAspectRatio,
                            Qt.FastTransformation)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    larger.save(buffer, "PNG")
    image.set(_XLINK_HREF, prefix + bytes(data.toBase64()).decode("ascii"))


def _matrix(transform: str | None) -> tuple[float, ...] | None:
    """matrix(a,b,c,d,e,f) as six floats, None when absent or the identity."""
    if not transform or not transform.startswith("matrix("):
        return None
    values = tuple(float(v) for v in _NUMBER.findall(transform))
    if len(values) != 6 or values == (1, 0, 0, 1, 0, 0):
        return None
    return values


def _apply(matrix: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def _points(matrix: tuple[float, ...], values: list[float]) -> str:
    pairs = (_apply(matrix, values[i], values[i + 1]) for i in range(0, len(values) - 1, 2))
    return " ".join(f"{x:.6g},{y:.6g}" for x, y in pairs)


def _baked(shape: ET.Element, matrix: tuple[float, ...]) -> ET.Element | None:
    """A copy of `shape` in device coordinates, or None for a shape this cannot rewrite exactly."""
    tag = shape.tag.rsplit("}", 1)[1]
    new = ET.Element(shape.tag, dict(shape.attrib))
    new.tail = shape.tail
    non_scaling = new.attrib.pop("vector-effect", None) == "non-scaling-stroke"
    if not non_scaling and new.get("stroke", "none") != "none":
        a, b, c, d = matrix[:4]
        width = float(new.get("stroke-width", "1")) * abs(a * d - b * c) ** 0.5
        new.set("stroke-width", f"{width:.6g}")
    if tag in ("polyline", "polygon"):
        values = [float(v) for v in _NUMBER.findall(shape.get("points", ""))]
        new.set("points", _points(matrix, values))
    elif tag == "rect":
        x, y = float(shape.get("x", 0)), float(shape.get("y", 0))
        w, h = float(shape.get("width", 0)), float(shape.get("height", 0))
        corners = [x, y, x + w, y, x + w, y + h, x, y + h]
        new = ET.Element(f"{{{SVG_NS}}}polygon", {k: v for k, v in new.attrib.items()
                                                   if k not in ("x", "y", "width", "height", "rx", "ry")})
        new.tail = shape.tail
        new.set("points", _points(matrix, corners))
    else:
        parts: list[str] = []
        numbers: list[float] = []
        for token in _PATH_TOKEN.findall(shape.get("d", "")):
            if token[0].isalpha():
                if token not in "MLCQZ":
                    return None
                if numbers:
                    parts.append(_points(matrix, numbers))
                    numbers = []
                parts.append(token)
            else:
                numbers.append(float(token))
        if numbers:
            parts.append(_points(matrix, numbers))
        new.set("d", " ".join(parts))
    return new


def _paint(figure: Figure, painter: QPainter, target: QRectF, stamp: str | None = None, scale: float = 1.0) -> None:
    figure.place_legends()
    QApplication.processEvents()
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
