"""What a panel's code view shows: the plain torch code of the panel's current settings.

`PANEL_CODE` maps a panel's key to a function of its state returning the recipe (actgui.core.codegen);
the window's code view, its File → Export… as code and the tests read it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from actgui.core.codegen.recipe import Recipe
from actgui.state.base import PanelState


def _functions(state) -> Recipe:
    from actgui.core.codegen.functions import function_recipe

    return function_recipe(state.spec(), overlay=state.overlay)


def _softmax(state) -> Recipe:
    from actgui.core.codegen.softmax import softmax_recipe

    return softmax_recipe(state.logits, state.temperature, state.twice, state.twice_temperature, jacobian=True)


def _init(state) -> Recipe:
    if state.view == "depth":
        from actgui.core.codegen.depth import depth_recipe
        from actgui.core.depth import DEPTH_COMPARISONS

        spec = state.depth.spec()
        cases = state.depth.cases
        return depth_recipe([spec] if cases is None else DEPTH_COMPARISONS.get(cases).specs(spec))
    from actgui.core.codegen.inits import init_recipe

    histogram = state.histogram
    compare = None if histogram.compare is None else (histogram.compare, histogram.compare_values())
    return init_recipe(histogram.scheme, histogram.scheme_values(), histogram.fan_in, histogram.fan_out,
                       histogram.seed, compare=compare)


def _training(state) -> Recipe:
    from actgui.core.codegen.training import training_recipe

    config = state.config().checked()
    return training_recipe([config], [config.activation])


def _losses(state) -> Recipe:
    from actgui.core.codegen.losses import losses_recipe
    from actgui.core.losses import CLASSIFICATION, REGRESSION, VALUE
    from actgui.state.losses import REGRESSION_WINDOW, SIGMOID_OUTPUT_LOSSES

    if state.view == REGRESSION:
        names = state.names(REGRESSION)
        return losses_recipe(names, state.target, state.loss_params(names), VALUE, REGRESSION_WINDOW)
    names = list(SIGMOID_OUTPUT_LOSSES) if state.mse_vs_bce else state.names(CLASSIFICATION)
    return losses_recipe(names, state.label, state.loss_params(names), state.axis)


def _landscape(state) -> Recipe:
    from actgui.core.codegen.functions import NoCodeError
    from actgui.core.codegen.landscape import landscape_recipe
    from actgui.core.descent import DescentSettings
    from actgui.core.surfaces import surface_keys

    if state.surface not in surface_keys():
        raise NoCodeError("the trained network's landscape is computed from its weights: export the Training "
                          "panel's run as code instead")
    settings = DescentSettings(start=tuple(state.starts[-1]), optimizers=tuple(state.optimizers), lr=state.lr,
                               momentum=state.momentum, steps=state.steps)
    earlier = [tuple(start) for start in state.starts[:-1]]
    return landscape_recipe(state.surface, state.surface_values(), settings, earlier, state.expression,
                            state.learning_rates())


def _backprop(state) -> Recipe:
    from actgui.core.backprop import compute_step
    from actgui.core.codegen.backprop import backprop_recipe

    return backprop_recipe(compute_step(state.step_settings()))


#: Each panel's code, by panel key.
PANEL_CODE: dict[str, Callable[[PanelState], Recipe]] = {
    "functions": _functions,
    "softmax": _softmax,
    "init": _init,
    "training": _training,
    "losses": _losses,
    "landscape": _landscape,
    "backprop": _backprop,
}


#: Each panel's settings that change how its figures look or run, not the numbers they show (a grid, the
#: playback speed, a log axis, the device), or that start a run of their own (a comparison's values):
#: every other choice and switch of a panel's state changes its code (tests/gui/test_code_views.py).
DISPLAY_SETTINGS: dict[str, frozenset[str]] = {
    "functions": frozenset({"grid", "effective_range"}),
    "softmax": frozenset(),
    "init": frozenset(),
    "training": frozenset({"until_paused", "device", "bf16", "compare_by", "speed", "log_y", "x_axis",
                           "feature_layer", "points_kind"}),
    "losses": frozenset(),
    "landscape": frozenset({"keep", "field", "network_directions"}),
    "backprop": frozenset({"phase"}),
}


def panel_recipe(key: str, state: PanelState) -> Recipe:
    """The recipe of panel `key` in `state`; raises KeyError for a panel without code and
    ValueError (NoCodeError among them) for settings the code cannot express."""
    return PANEL_CODE[key](state)


def trained_recipe(runs: Sequence[tuple[object, object]]) -> Recipe:
    """The code of runs as they trained: each (PlannedRun, RunHistory) with its settings, the steps it
    recorded at and the live changes made during it, by step (a history that thinned its rows keeps
    every other record: the training losses between then differ)."""
    from actgui.core.codegen.training import RunSchedule, training_recipe

    schedules = [RunSchedule(tuple(int(step) for step in history.column("step")), tuple(history.changes))
                 for _, history in runs]
    return training_recipe([run.config for run, _ in runs], [run.label for run, _ in runs], schedules)


def watched_states(state: PanelState) -> list[PanelState]:
    """The state and its parts (a change in any of them changes the code)."""
    parts = [value for value in vars(state).values() if isinstance(value, PanelState)]
    return [state, *(part for each in parts for part in watched_states(each))]
