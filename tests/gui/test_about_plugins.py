"""Help → About lists the plugins that failed to load, in both languages; the window starts regardless."""

from actgui.core import plugins
from actgui.qt.base.i18n import install_language
from actgui.qt.shell.main_window import MainWindow


def test_about_reports_a_broken_plugin(qtbot, monkeypatch):
    problem = plugins.PluginProblem("actgui.activations", "bent", "bent-identity", "ImportError: No module named <x>")
    monkeypatch.setattr(plugins, "PROBLEMS", [problem])
    window = MainWindow()
    qtbot.addWidget(window)
    text = window.about_text()
    assert "<p>Plugins that failed to load:</p><ul><li>bent-identity: actgui.activations 'bent': ImportError: " \
           "No module named &lt;x&gt;</li></ul>" in text.replace("&#x27;", "'")
    install_language("zh_CN")
    try:
        assert "未能加载的插件" in window.about_text()
    finally:
        install_language("en")
