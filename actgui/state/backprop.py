"""The Backprop panel's settings: the step's network, data and batch, and where the step-through stands
(the phase and the layer it has reached), and the first-layer weight whose paths are listed."""

from __future__ import annotations

from dataclasses import dataclass

from actgui.core.activations import ACTIVATIONS
from actgui.core.backprop import (
    BATCH_SIZE,
    LOSSES,
    LR,
    MAX_HIDDEN_LAYERS,
    MAX_UNITS,
    PHASES,
    SEED,
    TASK_LOSSES,
    StepSettings,
    supported_datasets,
)
from actgui.core.datasets import CLASSES, DATASETS, SAMPLES
from actgui.state.base import PanelState, choice, items, number, param_field


def phase_steps(layers: int) -> list[tuple[str, int]]:
    """The step-through of a network of `layers` weighted layers: forward layer by layer from the input,
    the loss, backward layer by layer from the output, the update (layer −1: every layer at once)."""
    return ([("forward", index) for index in range(layers)] + [("loss", layers - 1)]
            + [("backward", index) for index in reversed(range(layers))] + [("update", -1)])


def phase_layer(phase: str, layers: int) -> int:
    """The layer a whole phase shows (forward and loss: all computed; backward: all, down to the first)."""
    return {"forward": layers - 1, "loss": layers - 1, "backward": 0, "update": -1}[phase]


@dataclass
class BackpropState(PanelState):
    panel = "backprop"
    dataset: str = choice("xor", supported_datasets)
    classes: int = param_field(CLASSES)  # of the data sets with a variable number of classes
    samples: int = number(100, SAMPLES.minimum, SAMPLES.maximum)
    hidden: list[int] = items(lambda: [3], minimum=1, maximum=MAX_UNITS, max_length=MAX_HIDDEN_LAYERS)
    # every activation, so the controls need no torch; one that learns a parameter is refused with a reason
    activation: str = choice("sigmoid", ACTIVATIONS.keys)
    loss: str = choice("", lambda: ["", *LOSSES])  # "": the task's own
    batch_size: int = param_field(BATCH_SIZE)
    first: int = number(0, 0, SAMPLES.maximum - 1)  # the batch's first example in the training set
    lr: float = param_field(LR)
    seed: int = param_field(SEED)
    phase: str = choice("forward", lambda: PHASES)
    layer: int = number(0, -1, MAX_HIDDEN_LAYERS)  # how far the phase has gone (−1: every layer)
    unit: int = number(1, 1, MAX_UNITS)  # the first-layer weight whose paths are listed: its unit (from 1)
    source: int = number(1, 1, MAX_UNITS)  # and its input (from 1)

    def validate(self) -> None:
        task = DATASETS.get(self.dataset).task
        if self.loss and self.loss not in TASK_LOSSES[task]:
            raise ValueError(f"loss: {task} data take {', '.join(TASK_LOSSES[task])} (got '{self.loss}')")

    def step_settings(self) -> StepSettings:
        """The step these settings ask for."""
        classes = self.classes if DATASETS.get(self.dataset).variable_classes else None
        return StepSettings(self.dataset, tuple(self.hidden), self.activation, self.batch_size, self.first, self.lr,
                            self.seed, classes, self.loss, self.samples)

    @property
    def weight(self) -> tuple[int, int]:
        """The listed weight as (unit, input) counted from 0."""
        return self.unit - 1, self.source - 1

    @property
    def layers(self) -> int:
        """Weighted layers of the network: the hidden ones and the output layer."""
        return len(self.hidden) + 1

    def position(self) -> int:
        """Where the step-through stands in `phase_steps` (the nearest step of the phase)."""
        steps = phase_steps(self.layers)
        layer = min(self.layer, self.layers - 1)
        if (self.phase, layer) in steps:
            return steps.index((self.phase, layer))
        return next(i for i, (phase, _) in enumerate(steps) if phase == self.phase)

    def go(self, offset: int) -> None:
        """Moves the step-through `offset` steps (kept within the step)."""
        steps = phase_steps(self.layers)
        phase, layer = steps[max(0, min(len(steps) - 1, self.position() + offset))]
        with self.changes():
            self.phase, self.layer = phase, layer
