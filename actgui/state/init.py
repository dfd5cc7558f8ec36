"""The Initialisation panel's settings: the weight-distribution view and the depth experiment.

Scheme and activation parameters are kept per entry (``{"uniform": {"a": -1, "b": 1}}``), so switching
the scheme and back restores its values; what is drawn uses the current entry's values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from actgui.core.activations import ACTIVATIONS
from actgui.core.depth import DEPTH_COMPARISONS, DEPTH_PRESETS, MAX_BATCH, MAX_DEPTH, MAX_WIDTH, DepthSpec
from actgui.core.inits import INITS, MAX_FAN
from actgui.state.base import PanelState, choice, number

MAX_SEED = 2**31 - 1
#: The demo layer whose weights are shown one by one is at most this many inputs and outputs.
MAX_LAYER_FEATURES = 10
_DEPTH = DepthSpec()
#: The depth experiment opens on this case from the notes.
DEFAULT_DEPTH_PRESET = DEPTH_PRESETS.get("relu_kaiming")

EntryValues = dict[str, dict[str, float | str]]
#: The constant the depth view's constant init starts from: small enough that the signal of 20 layers of
#: 256 units stays finite forwards and backwards, so the lesson of a constant init shows (every unit of a
#: layer identical) instead of an overflow; the slider's own step. The weight view keeps the notes' constant_(6).
DEPTH_CONSTANT = 0.01


def _per_entry(values: Any, key: Any) -> Any:
    """An older file's flat parameters of entry `key` as per-entry parameters (others pass unchanged)."""
    if isinstance(values, dict) and not all(isinstance(v, dict) for v in values.values()):
        return {key: values} if isinstance(key, str) else values
    return values


@dataclass
class HistogramState(PanelState):
    """One weight matrix drawn with a scheme, optionally against a second scheme; the demo layer
    nn.Linear(layer_in, layer_out), initialised with the same scheme and seed, shows its weights."""

    panel = "init.histogram"
    scheme: str = choice("kaiming_normal", INITS.keys)
    params: EntryValues = field(default_factory=dict)
    fan_in: int = number(256, 1, MAX_FAN)
    fan_out: int = number(256, 1, MAX_FAN)
    seed: int = number(0, 0, MAX_SEED)
    compare: str | None = choice(None, INITS.keys)
    compare_params: EntryValues = field(default_factory=dict)
    layer_in: int = number(3, 1, MAX_LAYER_FEATURES)
    layer_out: int = number(5, 1, MAX_LAYER_FEATURES)

    @classmethod
    def upgrade(cls, data: dict[str, Any]) -> dict[str, Any]:
        data = dict(data)
        if "params" in data:
            data["params"] = _per_entry(data["params"], data.get("scheme", cls.scheme))
        if "compare_params" in data:
            data["compare_params"] = _per_entry(data["compare_params"], data.get("compare"))
        return data

    def validate(self) -> None:
        for values in (self.params, self.compare_params):
            for key, entry in values.items():
                INITS.get(key).resolve(entry)

    def scheme_values(self) -> dict[str, float | str]:
        return INITS.get(self.scheme).resolve(self.params.get(self.scheme))

    def compare_values(self) -> dict[str, float | str]:
        return {} if self.compare is None else INITS.get(self.compare).resolve(self.compare_params.get(self.compare))


@dataclass
class DepthState(PanelState):
    """A deep stack of equal layers: activation, initialisation, sizes and seed; `cases` names one of the
    notes' comparisons drawn instead of the single network (its cases share the sizes and seed)."""

    panel = "init.depth"
    activation: str = choice(DEFAULT_DEPTH_PRESET.activation, ACTIVATIONS.keys)
    activation_params: dict[str, dict[str, float]] = field(default_factory=dict)
    init: str = choice(DEFAULT_DEPTH_PRESET.init, INITS.keys)
    init_params: EntryValues = field(
        default_factory=lambda: {DEFAULT_DEPTH_PRESET.init: INITS.get(DEFAULT_DEPTH_PRESET.init).resolve(
                                     DEFAULT_DEPTH_PRESET.init_params),
                                 "constant": {"val": DEPTH_CONSTANT}})
    depth: int = number(_DEPTH.depth, 1, MAX_DEPTH)
    width: int = number(_DEPTH.width, 1, MAX_WIDTH)
    batch: int = number(_DEPTH.batch, 1, MAX_BATCH)
    seed: int = number(_DEPTH.seed, 0, MAX_SEED)
    cases: str | None = choice(None, DEPTH_COMPARISONS.keys)

    @classmethod
    def upgrade(cls, data: dict[str, Any]) -> dict[str, Any]:
        data = dict(data)
        if "activation_params" in data:
            data["activation_params"] = _per_entry(data["activation_params"], data.get("activation", cls.activation))
        if "init_params" in data:
            data["init_params"] = _per_entry(data["init_params"], data.get("init", cls.init))
        return data

    def validate(self) -> None:
        for key, entry in self.activation_params.items():
            ACTIVATIONS.get(key).resolve(entry)
        for key, entry in self.init_params.items():
            INITS.get(key).resolve(entry)

    def spec(self) -> DepthSpec:
        return DepthSpec(
            activation=self.activation, init=self.init,
            activation_params=ACTIVATIONS.get(self.activation).resolve(self.activation_params.get(self.activation)),
            init_params=INITS.get(self.init).resolve(self.init_params.get(self.init)),
            depth=self.depth, width=self.width, batch=self.batch, seed=self.seed)


@dataclass
class InitState(PanelState):
    panel = "init"
    view: Literal["histogram", "depth"] = "histogram"
    histogram: HistogramState = field(default_factory=HistogramState)
    depth: DepthState = field(default_factory=DepthState)
