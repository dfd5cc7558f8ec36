"""The Softmax panel's settings: the logits, the temperature, and softmax applied twice with its own temperature."""

from __future__ import annotations

from dataclasses import dataclass

from actgui.core.registry import Param
from actgui.core.softmax import MAX_LOGITS, NOTES_LOGITS
from actgui.state.base import PanelState, items, param_field

TEMPERATURE = Param("temperature", 1.0, 0.05, 10.0, "temperature T", "温度 T", 0.05)
TWICE_TEMPERATURE = Param("twice_temperature", 1.0, 0.05, 10.0, "temperature T₂ of the second softmax",
                          "第二次 softmax 的温度 T₂", 0.05)


@dataclass
class SoftmaxState(PanelState):
    panel = "softmax"
    logits: list[float] = items(lambda: list(NOTES_LOGITS), min_length=1, max_length=MAX_LOGITS)
    temperature: float = param_field(TEMPERATURE)
    twice: bool = False
    twice_temperature: float = param_field(TWICE_TEMPERATURE)
