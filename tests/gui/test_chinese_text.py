"""In Chinese, the text actually shown is Chinese: labels, titles, buttons, combo items, tabs, tooltips,
table cells and headers, plot titles, axis labels, legends and notes of every panel, the menus, the
guide and the export dialog hold no English word other than names (ReLU, Adam, PyTorch …), symbols and
code (nn.Linear, fan_in)."""

from __future__ import annotations

import re

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QModelIndex, QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabWidget,
    QTextBrowser,
    QWidget,
)

from actgui.qt.base.i18n import install_language
from actgui.qt.shell.export_dialog import ExportDialog
from actgui.qt.shell.main_window import PANELS, MainWindow

#: Names kept in English in Chinese text: activations, optimisers, losses, inits and their authors, surfaces,
#: data sets, file formats, libraries and devices, keys, and the notation of the notes.
NAMES = set(re.findall(r"\S+", """
ReLU ReLU6 PReLU GELU ELU SELU CELU SiLU Mish Swish Sigmoid Tanh Softplus Softsign Squareplus Hardsigmoid Hardswish
Hardtanh LogSigmoid Leaky Softmax Heaviside Adam SGD RMSprop Nesterov Momentum AdamW MSE MAE BCE KL Huber Kaiming He
Xavier Glorot Bengio LeCun PyTorch ActGUI Himmelblau Rastrigin Rosenbrock MNIST Fashion IDX CSV PNG SVG PDF JSON GIF
MP4 LaTeX Pillow Qt PySide6 CPU GPU CUDA MPS Apple CNN MLP RNN PCA EMA NaN BatchNorm Dropout Shift Ctrl Alt PageUp
PageDown Page Up Down Space F1 F11 Esc Logits Logit H264 QR Var CrossEntropyLoss BCELoss MSELoss NLLLoss GD XOR
Python Jupyter matplotlib numpy
"""))
#: Functions and words of the notation, written in lower case in formulas.
NOTATION = set(re.findall(r"\S+", """
exp log ln max min sign tanh sigmoid softmax softplus relu gelu elu selu leaky sech cosh sinh erf clamp mean std
logit logits inf nan gain sp xy ij val sparsity mode nonlinearity linear torch optim autograd backward cpu cuda mps
bfloat16 bf16 epoch kl ce sin cos fan
"""))
TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9_.+]*[A-Za-z0-9]")


def english_words(text: str) -> list[str]:
    """The words of `text` that are neither Chinese, names, notation nor code."""
    words = []
    text = re.sub(r"<[^>]+>|&[a-z]+;", " ", text)
    for match in TOKEN.finditer(text):
        token, before = match.group(), text[match.start() - 1:match.start()]
        if "_" in token or "." in token or before in "._`-" and before or token in NAMES or token.lower() in NOTATION:
            continue
        if re.fullmatch(r"[A-Za-z]\d*|[A-Za-z][a-z]?\d+|[a-z]+\d+", token):  # symbols and names: x, W, T2, conv1
            continue
        words.append(token)
    return words


def shown_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every text `root` shows."""
    texts = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        name = widget.objectName() or type(widget).__name__
        if isinstance(widget, QLabel):
            texts.append((name, widget.text()))
        if isinstance(widget, QAbstractButton):
            texts.append((name, widget.text()))
        if isinstance(widget, QGroupBox):
            texts.append((name, widget.title()))
        if isinstance(widget, QComboBox):
            texts += [(name, widget.itemText(i)) for i in range(widget.count())]
        if isinstance(widget, QTabWidget):
            texts += [(name, widget.tabText(i)) for i in range(widget.count())]
        if isinstance(widget, QLineEdit):
            texts.append((name, widget.placeholderText()))
        if isinstance(widget, QTextBrowser):
            texts.append((name, widget.toPlainText()))
        texts.append((f"{name} (tooltip)", widget.toolTip()))
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            rows = model.rowCount(QModelIndex())
            try:
                columns = model.columnCount(QModelIndex())
            except TypeError:  # a list model: one column
                columns = 1
            for column in range(columns):
                texts.append((f"{name} (header)", str(model.headerData(column, Qt.Horizontal) or "")))
                texts += [(f"{name} (cell)", str(model.data(model.index(row, column)) or "")) for row in range(rows)]
        if isinstance(widget, pg.GraphicsView):
            for item in widget.scene().items():
                if not item.isVisible():
                    continue
                if isinstance(item, pg.LabelItem):
                    texts.append((f"{name} (plot text)", item.text))
                elif isinstance(item, pg.TextItem):
                    texts.append((f"{name} (plot text)", item.textItem.toPlainText()))
                elif isinstance(item, pg.AxisItem):
                    texts.append((f"{name} (axis)", item.labelText))
    return texts


def english_in(root: QWidget, where: str) -> list[str]:
    return [f"{where} · {name}: {text!r} → {words}" for name, text in shown_texts(root)
            if (words := english_words(text))]


@pytest.fixture
def window(qtbot, tmp_path, english_afterwards):
    install_language("zh_CN")
    window = MainWindow(settings=QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    window.guide_action.trigger()
    return window


def test_the_word_filter_keeps_names_and_finds_english():
    assert english_words("σ′(x) = σ(x)(1 − σ(x))，在 x = 0 处取最大值 0.25") == []
    assert english_words("Adam，η = 0.01 · nn.Linear(3, 5).weight · fan_in · ReLU 修正线性单元") == []
    assert english_words("σ′(x) = σ(x)(1 − σ(x)), max 0.25 at 0") == ["at"]
    assert english_words("×Close") == ["Close"]



@pytest.mark.parametrize("key", [entry.key for entry in PANELS])
def test_every_text_shown_in_chinese_is_chinese(window, qtbot, key):
    panel = window.panels[key]
    window.tabs.setCurrentWidget(panel)
    views = [view for view in panel.findChildren(QTabWidget) if view.objectName().startswith(f"{key}.")]
    found = english_in(window, key)
    for view in views:  # every page of the panel's own tabs
        for index in range(view.count()):
            view.setCurrentIndex(index)
            qtbot.wait(50)
            found += english_in(view.widget(index), f"{key} / {view.tabText(index)}")
    assert found == [], "\n".join(found)


def test_the_menus_and_the_export_dialog_are_chinese(window, qtbot):
    texts = [action.text() for action in window.findChildren(QAction)]
    assert [text for text in texts if english_words(text.replace("&", ""))] == ["English"]  # the language's own name
    for key in ("functions", "landscape", "init"):
        dialog = ExportDialog(window.panels[key], window)
        qtbot.addWidget(dialog)
        dialog.show()
        found = english_in(dialog, f"export {key}")
        assert found == [], "\n".join(found)
