"""The Losses panel's settings: the view, the ticked losses of each kind, targets, parameters, P and Q."""

from __future__ import annotations

from dataclasses import dataclass, field

from actgui.core.losses import CLASSIFICATION, LOGIT, LOSSES, PROBABILITY, REGRESSION, distributions
from actgui.core.registry import Param
from actgui.state.base import PanelState, choice, items, param_field

TARGET = Param("target", 0.0, -3.0, 3.0, "target y", "目标值 y", 0.1)
LABEL = Param("label", 0.8, 0.0, 1.0, "target t (1: the true class)", "目标 t（1 表示真实类别）", 0.01)
KINDS = (REGRESSION, CLASSIFICATION)
AXES = (PROBABILITY, LOGIT)
MAX_CLASSES = 12
#: The regression view's prediction range.
REGRESSION_WINDOW = (-5.0, 5.0)
#: The sigmoid-output comparison: MSE's gradient vanishes for a confident mistake, BCE's does not.
SIGMOID_OUTPUT_LOSSES = ["mse", "bce"]


def loss_keys(kind: str):
    """The keys of the registered losses of `kind`, for a field's choices."""
    return lambda: [loss.key for loss in LOSSES if loss.kind == kind]


def _default_params() -> dict[str, dict[str, float]]:
    return {loss.key: {p.key: p.default for p in loss.params} for loss in LOSSES if loss.params}


@dataclass
class LossesState(PanelState):
    panel = "losses"
    view: str = choice(REGRESSION, lambda: KINDS)
    regression: list[str] = items(lambda: ["mae", "mse", "huber"], choices=loss_keys(REGRESSION))
    classification: list[str] = items(lambda: ["bce", "kl_div"], choices=loss_keys(CLASSIFICATION))
    target: float = param_field(TARGET)
    label: float = param_field(LABEL)
    axis: str = choice(PROBABILITY, lambda: AXES)
    params: dict[str, dict[str, float]] = field(default_factory=_default_params)
    p: list[float] = items(lambda: [0.05, 0.7, 0.15, 0.1], min_length=1, max_length=MAX_CLASSES)
    q: list[float] = items(lambda: [0.1, 0.5, 0.3, 0.1], min_length=1, max_length=MAX_CLASSES)
    #: The classification view shows MSE against BCE on a sigmoid output instead of the ticked losses.
    mse_vs_bce: bool = False

    def validate(self) -> None:
        for owner, values in self.params.items():
            LOSSES.get(owner).resolve(values)
        distributions(self.p, self.q)

    def names(self, kind: str) -> list[str]:
        return list(self.regression if kind == REGRESSION else self.classification)

    def loss_params(self, names: list[str]) -> dict[str, dict[str, float]]:
        """The parameters of the losses `names` (defaults filled in)."""
        return {name: LOSSES.get(name).resolve(self.params.get(name)) for name in names if LOSSES.get(name).params}
