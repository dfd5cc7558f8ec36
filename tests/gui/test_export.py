"""Export machinery: PNG size and scale, SVG through QSvgGenerator, CSV, and clear errors."""

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QGuiApplication, QImage

from actgui.qt.base.export import ExportError, copy_image, export
from actgui.qt.base.theme import DARK
from actgui.qt.figures.softmax import SoftmaxFigure


@pytest.fixture
def figure(qtbot):
    figure = SoftmaxFigure(DARK)
    figure.show([1.0, 2.0, 3.0], 1.0, False)
    qtbot.addWidget(figure.widget)
    return figure


def test_png_has_the_requested_size_and_theme_background(figure, tmp_path):
    export(figure, tmp_path / "a.png", 1600, 900, 2.0)
    image = QImage(str(tmp_path / "a.png"))
    assert (image.width(), image.height()) == (1600, 900)
    assert image.pixelColor(2, 2).name() == DARK.background


def test_svg_is_valid_vector_output(figure, tmp_path):
    export(figure, tmp_path / "a.svg", 1200, 600)
    root = ET.parse(tmp_path / "a.svg").getroot()
    assert root.get("viewBox") == "0 0 1200 600"
    assert root.findall(".//{http://www.w3.org/2000/svg}path") or root.findall(".//{http://www.w3.org/2000/svg}rect")
    assert "<image" not in (tmp_path / "a.svg").read_text()


def test_csv(figure, tmp_path):
    export(figure, tmp_path / "a.csv")
    lines = (tmp_path / "a.csv").read_text().splitlines()
    assert lines[0] == "index,logit,probability"
    assert lines[3].startswith("2,3.0,0.665240955774")


def test_clipboard(figure):
    image = copy_image(figure, 320, 200)
    assert QGuiApplication.clipboard().image().size() == image.size()


@pytest.mark.parametrize(
    ("name", "message"),
    [("missing/a.png", "does not exist"), ("a.bmp", "unsupported file type"), ("folder.png", "it is a folder")],
)
def test_errors_are_clear(figure, tmp_path, name, message):
    (tmp_path / "folder.png").mkdir()
    with pytest.raises(ExportError, match=message):
        export(figure, tmp_path / name)


def test_read_only_folder(figure, tmp_path):
    import os

    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        with pytest.raises(ExportError, match="Permission denied"):
            export(figure, folder / "a.png")
    finally:
        folder.chmod(0o700)


def test_size_out_of_range(figure, tmp_path):
    with pytest.raises(ExportError, match="out of range"):
        export(figure, tmp_path / "a.png", 5, 5)


def test_exports_draw_thick_lines(tmp_path, qtbot):
    from actgui.core.function_plot import FunctionPlotSpec, compute
    from actgui.qt.base.theme import LIGHT
    from actgui.qt.figures.functions import FunctionsFigure

    spec = FunctionPlotSpec(names=["relu"])
    figure = FunctionsFigure(LIGHT)
    figure.show(spec, compute(spec))
    qtbot.addWidget(figure.widget)
    assert figure._styled[0][0].opts["pen"].widthF() == 1.0
    export(figure, tmp_path / "a.png", 400, 300)
    assert figure._styled[0][0].opts["pen"].widthF() == 2.0
