"""The settings drawer's rows are the run's settings as TrainingConfig declares them: every declared
row is there, in its group and in field order, named `training.<field>` for the binder, with its
declared label and tooltip; a new declaration is a new row with no other code."""

from dataclasses import dataclass

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QSpinBox, QWidget

from actgui.core.registry import Param
from actgui.core.training.config import TrainingConfig
from actgui.core.training.settings import FORM_GROUPS, RUN_GROUP, FormRow, declared_settings, form_rows, setting
from actgui.qt.base.theme import LIGHT
from actgui.qt.panels.training.widgets import SettingsBox


@pytest.fixture(scope="module")
def panel():
    from training_fake import FakeTrainingProcess

    from actgui.qt.panels.training.panel import TrainingPanel

    panel = TrainingPanel(LIGHT, process=FakeTrainingProcess())
    yield panel
    panel.deleteLater()


def test_every_declared_row_is_in_its_group_in_field_order(panel):
    boxes = dict(zip(FORM_GROUPS, (panel.drawer.data, panel.drawer.network, panel.drawer.optimizer,
                                   panel.drawer.run), strict=True))
    for group, box in boxes.items():
        rows = form_rows(TrainingConfig, group)
        assert rows, group
        positions = []
        for item, _, row in rows:
            widget = panel.findChild(QWidget, f"training.{item.name}")
            assert widget is box.widgets[item.name] and box.isAncestorOf(widget), item.name
            positions.append(box.row_of(item.name))
            if row.label:
                assert box.labels[item.name].text() == QCoreApplication.translate("TrainingPanel", row.label)
            if row.tooltip:
                assert widget.toolTip() == QCoreApplication.translate("TrainingPanel", row.tooltip)
        assert positions == sorted(positions), group


def test_every_setting_has_a_bound_widget(panel):
    """A setting without a drawer row is on the presenter bar (or edited as points): nothing is left out."""
    for item, declared in declared_settings(TrainingConfig):
        widget = panel.findChild(QWidget, f"training.{item.name}")
        assert widget is not None, item.name
        if declared.param is not None and isinstance(widget, QSpinBox | QDoubleSpinBox):
            assert widget.maximum() == pytest.approx(declared.param.maximum)


def test_a_new_declaration_is_a_new_row(qtbot):
    @dataclass(frozen=True)
    class Extended(TrainingConfig):
        warmup: int = setting(param=Param("warmup", 10, 0, 500, "warm-up steps", "预热步数", 1, integer=True),
                              form=FormRow(RUN_GROUP, "Warm-up steps", "Steps at a rising learning rate"))
        ema_weights: bool = setting(False, form=FormRow(RUN_GROUP, "EMA of the weights"))

    box = SettingsBox(RUN_GROUP, {"device": QComboBox()}, config_class=Extended)  # the group's own widget
    qtbot.addWidget(box)
    box.retranslate_rows()
    warmup, ema = box.widgets["warmup"], box.widgets["ema_weights"]
    assert isinstance(warmup, QSpinBox) and (warmup.minimum(), warmup.maximum()) == (0, 500)
    assert warmup.objectName() == "training.warmup" and warmup.toolTip() == "Steps at a rising learning rate"
    assert isinstance(ema, QCheckBox) and ema.objectName() == "training.ema_weights"
    assert box.labels["warmup"].text() == "Warm-up steps"
    assert box.row_of("bf16") < box.row_of("warmup") < box.row_of("ema_weights")  # field order
    with pytest.raises(ValueError, match="must make its widget"):
        @dataclass(frozen=True)
        class Unbuildable(TrainingConfig):
            schedule: str = setting("cosine", form=FormRow(RUN_GROUP, "Schedule"))

        SettingsBox(RUN_GROUP, {"device": QComboBox()}, config_class=Unbuildable)
    with pytest.raises(ValueError, match="no setting of the drawer's 'run' group"):
        SettingsBox(RUN_GROUP, {"lr": QWidget()})
