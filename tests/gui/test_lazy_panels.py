"""The window paints its tabs first, builds the visible panel just after that first frame and every
other one when its tab is first shown; settings given to a panel not built yet (sessions, presets)
are what it shows once it is."""

import pytest
from PySide6.QtGui import QColor

from actgui.qt.shell.main_window import PANELS, MainWindow, PanelPlaceholder

KEYS = [cls.key for cls in PANELS]


@pytest.fixture
def window(qtbot, english_afterwards):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    return window


def test_the_first_frame_has_every_tab_and_then_the_visible_panel_is_built(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.panels.built() == {} and window.states.built() == {}
    assert all(isinstance(window.tabs.widget(i), PanelPlaceholder) for i in range(len(PANELS)))
    window.show()
    qtbot.waitUntil(lambda: "functions" in window.panels.built())
    assert window.tabs.currentWidget() is window.panels["functions"]


def test_entries_name_their_panel_and_its_settings():
    for entry in PANELS:
        panel_class = entry.panel_class()
        assert panel_class.key == entry.key and entry.state_class() is panel_class.state_type
        assert panel_class.__name__ == entry.context


def test_only_the_visible_panel_is_built(window, qtbot):
    qtbot.waitUntil(lambda: "functions" in window.panels.built())
    assert list(window.panels.built()) == ["functions"]
    assert list(window.panels) == KEYS and len(window.panels) == len(PANELS)
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "Functions", "Softmax", "Initialisation", "Training", "Losses", "Landscape", "Backprop"]
    assert all(isinstance(window.tabs.widget(i), PanelPlaceholder) for i in range(1, len(PANELS)))


def test_showing_a_tab_builds_its_panel(window, qtbot):
    for index, key in enumerate(KEYS):
        window.tabs.setCurrentIndex(index)
        qtbot.waitUntil(lambda key=key: key in window.panels.built())
        panel = window.panels.built()[key]
        assert window.tabs.widget(index) is panel and window.tabs.currentIndex() == index
        assert window.current_panel() is panel and window.tabs.tabText(index) == panel.title()
        assert PANELS[index].title() == panel.title()  # the placeholder's title is the panel's
    assert set(window.panels.built()) == set(KEYS)


def test_reading_a_panel_builds_it_in_its_tab_without_switching(window):
    softmax = window.panels["softmax"]
    assert window.tabs.widget(KEYS.index("softmax")) is softmax
    assert window.current_key() == "functions"


def test_a_session_applied_before_a_panel_is_built_is_shown_when_it_is(window):
    session = window.session()
    session["panels"]["softmax"]["temperature"] = 3.5
    session["panels"]["landscape"]["surface"] = "saddle"
    window.apply_session(session)
    assert "softmax" not in window.panels.built() and "landscape" not in window.panels.built()
    assert window.session()["panels"]["softmax"]["temperature"] == 3.5
    softmax = window.panels["softmax"]
    assert softmax.temperature.value() == pytest.approx(3.5)
    assert softmax.settings.temperature == 3.5
    landscape = window.panels["landscape"]
    assert landscape.state()["surface"] == "saddle" and landscape.runs


def test_a_preset_naming_an_unbuilt_tab_shows_it_built(window, qtbot):
    assert window.load_preset("softmax_temperature")
    qtbot.waitUntil(lambda: "softmax" in window.panels.built())
    assert window.tabs.currentWidget() is window.panels["softmax"]


def test_the_whole_session_is_the_same_before_and_after_every_panel_is_built(window):
    before = window.session()
    for key in KEYS:
        window.panels[key]
    assert window.session() == before


def test_hidden_controls_and_theme_reach_panels_built_later(window):
    window.controls_action.trigger()
    window.theme_actions["dark"].trigger()
    losses = window.panels["losses"]
    window.tabs.setCurrentWidget(losses)
    assert losses.control_panes and not any(pane.isVisible() for pane in losses.control_panes)
    assert losses.theme.name == "dark"
    training = window.panels["training"]
    assert training.figures and all(figure.widget.backgroundBrush().color() == QColor("#1e1f22")
                                    for figure in training.figures.values())


def test_placeholder_titles_follow_the_language(window):
    window.language_actions["zh_CN"].trigger()
    index = KEYS.index("landscape")
    assert isinstance(window.tabs.widget(index), PanelPlaceholder)
    assert window.tabs.tabText(index) == "损失曲面"
    assert window.panels["landscape"].title() == "损失曲面" and window.tabs.tabText(index) == "损失曲面"


def test_closing_shuts_down_only_what_was_built(window):
    window.close()
    assert "training" not in window.panels.built()
