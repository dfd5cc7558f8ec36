"""Simplified Chinese and English: switching at run time retranslates menus, panels and plots."""

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QFontDatabase

import actgui
from actgui.qt.base.i18n import install_language
from actgui.qt.shell.main_window import MainWindow

TS = Path(actgui.__file__).parent / "resources" / "i18n" / "actgui_zh_CN.ts"


@pytest.fixture
def window(qtbot, english_afterwards):
    window = MainWindow()
    qtbot.addWidget(window)
    return window


def test_every_string_is_translated():
    unfinished = [m.findtext("source") for m in ET.parse(TS).getroot().iter("message")
                  if m.find("translation").get("type") == "unfinished" or not m.findtext("translation")]
    assert unfinished == []


def test_a_chinese_font_is_available(qapp):
    assert QFontDatabase.families(QFontDatabase.SimplifiedChinese)


def test_switching_language_retranslates_everything(window):
    window.language_actions["zh_CN"].trigger()
    assert window.file_menu.title() == "文件(&F)"
    assert window.tabs.tabText(0) == "函数"
    functions = window.panels["functions"]
    assert functions.activation_list.item(2).text() == "Sigmoid 函数"
    assert functions.figure.value_plot.titleLabel.text == "激活函数 f(x)"
    assert functions.properties_table.horizontalHeaderItem(0).text() == "激活函数"
    window.language_actions["en"].trigger()
    assert window.file_menu.title() == "&File"
    assert window.tabs.tabText(0) == "Functions"
    assert functions.activation_list.item(2).text() == "Sigmoid"
    assert functions.figure.value_plot.titleLabel.text == "Activation f(x)"


def test_cli_exports_in_chinese(tmp_path):
    from actgui.cli import main

    assert main(["export", "softmax", "--lang", "zh_CN", "--out", str(tmp_path / "s.svg")]) == 0
    text = (tmp_path / "s.svg").read_text(encoding="utf-8")
    assert "概率" in text and "下标" in text and "index" not in text
    install_language("en")


def test_the_catalogue_covers_every_string_in_the_sources(tmp_path):
    """lupdate over today's sources adds nothing untranslated (and finds every context by name)."""
    import shutil
    import subprocess
    import sys

    copy = tmp_path / "check.ts"
    shutil.copy(TS, copy)
    root = Path(actgui.__file__).parent
    sources = sorted(str(p) for p in root.rglob("*.py"))
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    subprocess.run([str(lupdate), "-no-obsolete", *sources, "-ts", str(copy)], check=True, capture_output=True)
    messages = list(ET.parse(copy).getroot().iter("message"))
    missing = [m.findtext("source") for m in messages if m.find("translation").get("type") == "unfinished"]
    assert missing == []
    assert all(c.findtext("name") for c in ET.parse(copy).getroot().iter("context"))


def test_results_headers_follow_the_language_and_keep_the_column_name(qtbot):
    from actgui.core.table import Table
    from actgui.qt.panels.training.comparison import ResultsView

    view = ResultsView()
    qtbot.addWidget(view)
    view.show_table(Table({"activation": ["relu"], "final_val_accuracy_mean": [0.9], "steps_to_90": [120]}))
    header = view.model.horizontalHeaderItem
    assert [header(i).text() for i in range(3)] == ["activation", "final val. accuracy (mean)", "steps to 90 %"]
    install_language("zh_CN")
    try:
        view.retranslate()  # as the Training panel does on a language change
        assert [header(i).text() for i in range(3)] == ["激活函数", "最终验证准确率 (均值)", "达到 90 % 的步数"]
        assert header(1).toolTip() == "final_val_accuracy_mean"
    finally:
        install_language("en")
