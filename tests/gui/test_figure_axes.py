"""Axes every figure shares: end labels kept (log scales too), whole-number index ticks, colour bars
and titles that follow the theme's sizes."""

from __future__ import annotations

from PySide6.QtGui import QImage, QPainter

from actgui.core.depth import DepthSpec, run_depth
from actgui.qt.base.theme import LIGHT, get_theme
from actgui.qt.figures.init import DepthFigure
from actgui.qt.figures.softmax import JacobianFigure, SoftmaxFigure


def labels(axis) -> list[str]:
    image = QImage(10, 10, QImage.Format_ARGB32)
    painter = QPainter(image)
    try:
        return [text for _, _, text in axis.generateDrawSpecs(painter)[2]]
    finally:
        painter.end()


def shown(figure, qtbot, size=(1000, 600)):
    qtbot.addWidget(figure.widget)
    figure.widget.resize(*size)
    figure.widget.show()
    qtbot.waitExposed(figure.widget)
    return figure


def test_a_log_axis_labels_the_decade_at_its_top(qtbot):
    figure = DepthFigure(LIGHT)
    figure.show(run_depth(DepthSpec(activation="sigmoid", init="xavier_normal", depth=20, width=64, batch=64)))
    shown(figure, qtbot)
    top = figure.plot.getAxis("left").range[1]
    texts = labels(figure.plot.getAxis("left"))
    assert texts and texts[-1] in ("1", "0.1"), (top, texts)


def test_three_logits_get_whole_number_ticks(qtbot):
    softmax, jacobian = SoftmaxFigure(LIGHT), JacobianFigure(LIGHT)
    softmax.show([1.0, 2.0, 3.0], 1.0, False)
    jacobian.show([1.0, 2.0, 3.0], 1.0)
    shown(softmax, qtbot)
    shown(jacobian, qtbot)
    qtbot.wait(50)
    for plot, side in ((softmax.logit_plot, "bottom"), (softmax.probability_plot, "bottom"),
                       (jacobian.plot, "bottom"), (jacobian.plot, "left")):
        assert labels(plot.getAxis(side)) == ["0", "1", "2"]


def test_lecture_mode_scales_colour_bars_and_titles(qtbot):
    lecture = get_theme("light", lecture=True)
    figure = shown(JacobianFigure(LIGHT), qtbot, (600, 400))
    figure.show([1.0, 2.0, 3.0], 1.0)
    title_height = figure.plot.titleLabel.maximumHeight()
    figure.set_theme(lecture)
    assert figure.colorbar.axis.style["tickFont"].pointSize() == lecture.font_pt
    assert labels(figure.colorbar.axis)  # the bar's values are drawn, not clipped away
    qtbot.waitUntil(lambda: figure.plot.titleLabel.maximumHeight() > title_height)
    assert figure.plot.titleLabel.itemRect().height() <= figure.plot.titleLabel.maximumHeight()


def test_a_narrow_label_breaks_between_words_never_inside_one(qtbot):
    import pyqtgraph as pg

    from actgui.qt.base.figure import wrap_label

    label = pg.LabelItem("Sigmoid Tanh")
    word = pg.LabelItem("Sigmoid")
    wrap_label(label, word.item.boundingRect().width() / 2)
    lines = []
    block = label.item.document().firstBlock()
    layout = block.layout()
    for index in range(layout.lineCount()):
        line = layout.lineAt(index)
        lines.append(block.text()[line.textStart():line.textStart() + line.textLength()].strip())
    assert lines == ["Sigmoid", "Tanh"]
    assert label.item.boundingRect().width() >= word.item.boundingRect().width() - 1


def test_the_sigmoid_derivative_axis_reads_its_own_numbers(qtbot):
    from actgui.core.function_plot import FunctionPlotSpec, compute
    from actgui.qt.figures.functions import FunctionsFigure

    spec = FunctionPlotSpec(names=["sigmoid"], xmin=-20, xmax=20, points=1000)
    figure = shown(FunctionsFigure(LIGHT), qtbot, (1600, 900))
    figure.show(spec, compute(spec))
    axis = figure.derivative_plot.getAxis("left")
    qtbot.waitUntil(lambda: "0.25" in labels(axis))
    assert labels(axis) == ["0", "0.05", "0.10", "0.15", "0.20", "0.25"]
    assert axis.labelString().count("f′(x)") == 1 and "f″" not in axis.labelString() and "(x0" not in axis.labelString()
    assert {"-20", "0", "20"} <= set(labels(figure.value_plot.getAxis("bottom")))


def test_tiny_and_huge_ranges_get_scientific_tick_labels():
    from actgui.qt.base.figure import tick_strings

    assert tick_strings([0.0, 1e-4, 2.5e-4], 5e-5) == ["0", "1.0×10⁻⁴", "2.5×10⁻⁴"]
    assert tick_strings([0.0, 2e5, 4e5], 2e5) == ["0", "2×10⁵", "4×10⁵"]
    assert tick_strings([0.0, 0.5, 1.0], 0.5) == ["0", "0.5", "1.0"]


def test_lecture_tick_labels_on_a_narrow_axis_never_overlap(qtbot):
    """The decision boundary's x axis at lecture size on a 1280 × 720 projector: −1.3…1.3 over about
    200 pixels read −1, 0, 1 (pyqtgraph had also labelled the 0.5 steps, running −1.0−0.5 together)."""
    from actgui.qt.base.figure import Figure

    figure = Figure(get_theme("light", lecture=True))
    plot = figure.add_plot(0, 0, legend=False)
    plot.setXRange(-1.3, 1.3, padding=0)
    shown(figure, qtbot, (260, 300))
    figure.set_theme(get_theme("light", lecture=True))
    qtbot.wait(50)
    axis = plot.getAxis("bottom")
    image = QImage(10, 10, QImage.Format_ARGB32)
    painter = QPainter(image)
    try:
        rects = sorted((rect for rect, _, text in axis.generateDrawSpecs(painter)[2] if text),
                       key=lambda rect: rect.left())
    finally:
        painter.end()
    assert [text for text in labels(axis) if text] == ["-1", "0", "1"], axis.size()
    assert all(left.right() <= right.left() for left, right in zip(rects, rects[1:], strict=False))


def test_index_ticks_label_every_index_while_they_fit_and_thin_out_after(qtbot):
    lecture = get_theme("light", lecture=True)
    figure = SoftmaxFigure(lecture)
    figure.set_theme(lecture)
    figure.show([0.2, 0.02, 0.15, 0.15, 1.3, 0.5, 0.06, 1.1, 0.05, 3.75], 1.0, False)
    shown(figure, qtbot, (1400, 500))
    qtbot.wait(50)
    axis = figure.logit_plot.getAxis("bottom")
    assert labels(axis) == [str(i) for i in range(10)]
    figure.widget.resize(360, 500)
    qtbot.waitUntil(lambda: labels(axis) != [str(i) for i in range(10)])
    assert labels(axis) in (["0", "2", "4", "6", "8"], ["0", "5"])
