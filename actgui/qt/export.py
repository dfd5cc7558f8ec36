"""Export of figures and panels: PNG at a chosen size and scale, SVG, CSV and the clipboard.

SVG goes through Qt's own QSvgGenerator: pyqtgraph 0.14's SVGExporter raises ValueError with
PySide6 >= 6.11 (pyqtgraph #3485/#3495), so it is not used at all.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication, QWidget

from actgui.qt.figure import Figure

DEFAULT_SIZE = (1600, 900)
FORMATS = ("png", "svg", "csv")


class ExportError(Exception):
    """An export that could not be written; the message is meant for the user."""


def export(figure: Figure, path: str | Path, width: int = DEFAULT_SIZE[0], height: int = DEFAULT_SIZE[1],
           scale: float = 1.0) -> Path:
    """Writes `figure` to `path`; the suffix (.png, .svg, .csv) picks the format."""
    path = Path(path)
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ExportError(f"unsupported file type '.{suffix}' (use .png, .svg or .csv)")
    check_writable(path)
    if suffix == "csv":
        try:
            figure.table().write_csv(path)
        except OSError as error:
            raise ExportError(f"cannot write {path}: {error.strerror or error}") from None
    elif suffix == "png":
        image = render_image(figure, width, height, scale)
        if not image.save(str(path), "PNG"):
            raise ExportError(f"cannot write {path}")
    else:
        render_svg(figure, path, width, height)
    return path


def check_writable(path: Path) -> None:
    """Raises ExportError when `path` cannot be created or overwritten."""
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a folder")
    if not path.parent.is_dir():
        raise ExportError(f"cannot write {path}: folder {path.parent} does not exist")
    existed = path.exists()
    try:
        with open(path, "ab"):
            pass
    except OSError as error:
        raise ExportError(f"cannot write {path}: {error.strerror or error}") from None
    if not existed:
        path.unlink()


def _layout(figure: Figure, width: int, height: int) -> None:
    """Lays the (off-screen) figure out at width × height logical pixels."""
    if width < 16 or height < 16 or width > 20000 or height > 20000:
        raise ExportError(f"image size {width}×{height} is out of range (16 to 20000 pixels a side)")
    widget = figure.widget
    if not widget.isVisible():
        widget.setAttribute(Qt.WA_DontShowOnScreen, True)
        widget.show()
    widget.resize(width, height)
    QApplication.processEvents()


def render_image(figure: Figure, width: int, height: int, scale: float = 1.0) -> QImage:
    """A width × height image of the figure; `scale` > 1 draws text and lines larger (like DPI)."""
    if not 0.25 <= scale <= 8:
        raise ExportError(f"scale {scale:g} is out of range (0.25 to 8)")
    _layout(figure, round(width / scale), round(height / scale))
    image = QImage(width, height, QImage.Format_ARGB32)
    image.fill(QColor(figure.theme.background))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setRenderHint(QPainter.TextAntialiasing)
    _paint(figure, painter, QRectF(0, 0, width, height))
    painter.end()
    return image


def render_svg(figure: Figure, path: Path, width: int, height: int) -> None:
    """A vector SVG of the figure through QSvgGenerator."""
    _layout(figure, width, height)
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(width, height))
    generator.setViewBox(QRectF(0, 0, width, height))
    generator.setTitle(figure.name)
    painter = QPainter()
    if not painter.begin(generator):
        raise ExportError(f"cannot write {path}")
    painter.fillRect(QRectF(0, 0, width, height), QColor(figure.theme.background))
    _paint(figure, painter, QRectF(0, 0, width, height))
    painter.end()


def _paint(figure: Figure, painter: QPainter, target: QRectF) -> None:
    view = figure.widget
    source = QRectF(view.viewport().rect())
    view.scene().render(painter, target, view.mapToScene(view.viewport().rect()).boundingRect()
                        if source.isValid() else source)


def copy_image(figure: Figure, width: int = DEFAULT_SIZE[0], height: int = DEFAULT_SIZE[1],
               scale: float = 1.0) -> QImage:
    """Puts the rendered figure on the clipboard and returns the image."""
    image = render_image(figure, width, height, scale)
    QGuiApplication.clipboard().setImage(image)
    return image


def export_widget(widget: QWidget, path: str | Path) -> Path:
    """The whole panel, controls included, as PNG at its on-screen size."""
    path = Path(path)
    if path.suffix.lower() != ".png":
        raise ExportError("the whole panel is exported as .png")
    check_writable(path)
    if not widget.grab().save(str(path), "PNG"):
        raise ExportError(f"cannot write {path}")
    return path
