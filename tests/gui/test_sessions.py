"""Sessions: the whole app state round-trips exactly; broken files are refused with the state kept."""

import json
from pathlib import Path

import pytest

import actgui
from actgui.qt.shell.main_window import MainWindow


@pytest.fixture
def window(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    return window


def change_some_settings(window):
    functions = window.panels["functions"]
    functions.set_selected(["elu", "gelu"])
    functions.sliders[("elu", "alpha")].setValue(1.5)
    functions.xmax_spin.setValue(10)
    window.panels["softmax"].set_logits([1.0, 5.0])


def test_round_trip(window, qtbot, tmp_path):
    change_some_settings(window)
    path = tmp_path / "lecture.json"
    assert window.save_session(path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["format"] == "actgui-session" and saved["version"] == 1
    assert saved["panels"]["functions"]["names"] == ["elu", "gelu"]

    other = MainWindow()
    qtbot.addWidget(other)
    assert other.load_session(path)
    assert other.session() == window.session()
    assert other.recent_files()[0] == str(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"format": "actgui-session", "version": 1, "panels": {"functions": {"names": ["re', "not valid JSON"),
        ('{"format": "actgui-session", "version": 7, "panels": {}}', "version 7"),
        ('{"format": "actgui-session", "version": 1, "panels": {"nope": {}}}', "unknown panel 'nope'"),
        ('{"format": "actgui-session", "version": 1, "panels": {"softmax": {"logits": [1, 2], "temperature": 1,'
         ' "twice": false}, "functions": {"names": ["bogus"], "xmin": 0, "xmax": 1, "points": 1000,'
         ' "derivative": true, "second": false}}}', "bogus"),
    ],
)
def test_broken_files_change_nothing(window, tmp_path, content, message):
    change_some_settings(window)
    before = window.session()
    path = tmp_path / "broken.json"
    path.write_text(content, encoding="utf-8")
    assert not window.load_session(path)
    assert message in window.statusBar().currentMessage()
    assert window.session() == before


def test_presets_load(window):
    assert {"relu_family", "sigmoid_vs_tanh", "softmax_temperature"} <= set(window.preset_actions)
    for name, action in window.preset_actions.items():
        action.trigger()
        assert window.statusBar().currentMessage().startswith("Preset"), name
        assert window.current_panel().key == json.loads(
            (Path(actgui.__file__).parent / "resources" / "presets" / f"{name}.json").read_text())["view"]["tab"]


def test_stamped_export_writes_a_sidecar(window, tmp_path, qtbot):
    from actgui.qt.shell.export_dialog import ExportDialog

    dialog = ExportDialog(window.panels["functions"], window)
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(tmp_path / "f.png"))
    dialog.stamp_check.setChecked(True)
    assert dialog.run_export()
    sidecar = json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))
    assert sidecar["figure"] == "functions"
    assert sidecar["settings"]["panel"] == "functions"
    assert sidecar["settings"]["names"] == ["sigmoid", "tanh", "relu"]


def test_presets_show_what_they_name(window):
    assert window.load_preset("sigmoid_vanishing")
    depth = window.panels["init"].state()
    assert depth["view"] == "depth" and depth["depth"]["activation"] == "sigmoid"
    assert window.load_preset("saddle_momentum")
    assert window.panels["landscape"].state()["surface"] == "saddle"
    assert not window.load_preset("no_such_preset")
    assert "no preset 'no_such_preset'" in window.statusBar().currentMessage()


def test_training_presets(window):
    assert window.load_preset("dead_relu")
    config = window.panels["training"].state()
    assert config["activation"] == "relu" and config["lr"] == 0.1
    assert window.load_preset("activation_shootout")
    assert window.panels["training"].state()["compare_values"] == "sigmoid, relu, elu, leaky_relu, selu, gelu"
