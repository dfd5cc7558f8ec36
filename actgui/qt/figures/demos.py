"""Demo data for every figure kind, registered in `FIGURES`: the notes' own examples where there is
one (sigmoid's derivative over [−20, 20], six activations with f and f′, softmax of 1, 2, 3, 0.5)."""

from __future__ import annotations

from functools import cache

from actgui.core.backprop import StepSettings, compute_step
from actgui.core.depth import DEPTH_COMPARISONS, DepthSpec, run_depth
from actgui.core.descent import DescentSettings, run
from actgui.core.function_plot import FunctionPlotSpec, compute
from actgui.core.inits import sample_weights
from actgui.core.losses import curves
from actgui.core.surfaces import get_surface
from actgui.core.training.history import RunHistory
from actgui.qt.base.figure import Figure
from actgui.qt.base.theme import Theme
from actgui.qt.figures import backprop, functions, images, init, landscape, losses, softmax, weight_matrix
from actgui.qt.figures.registry import FIGURES
from actgui.qt.figures.training_views import TRAINING_FIGURES, TrainingScene

SIX = ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu"]


def _functions(spec: FunctionPlotSpec, overlay: bool = False):
    def demo(theme: Theme) -> Figure:
        figure = functions.FunctionsFigure(theme, overlay=overlay)
        figure.show(spec, compute(spec))
        return figure
    return demo


def _softmax(twice: bool):
    def demo(theme: Theme) -> Figure:
        figure = softmax.SoftmaxFigure(theme)
        figure.show([1.0, 2.0, 3.0, 0.5, -1.0, 0.0, 2.5, 1.5, -0.5, 3.5], 1.0, twice)
        return figure
    return demo


def _jacobian(theme: Theme) -> Figure:
    figure = softmax.JacobianFigure(theme)
    figure.show([1.0, 2.0, 3.0], 1.0)
    return figure


def _init_histogram(theme: Theme) -> Figure:
    figure = init.InitHistogramFigure(theme)
    figure.show([sample_weights("kaiming_normal", 64, 64, {}, 0), sample_weights("xavier_uniform", 64, 64, {}, 0)])
    return figure


def _depth(theme: Theme) -> Figure:
    figure = init.DepthFigure(theme)
    base = DepthSpec(depth=10, width=64, batch=64)
    figure.show_cases([run_depth(spec) for spec in DEPTH_COMPARISONS.get(DEPTH_COMPARISONS.keys()[0]).specs(base)])
    return figure


def _depth_histograms(theme: Theme) -> Figure:
    figure = init.DepthHistogramFigure(theme)
    figure.show(run_depth(DepthSpec(activation="tanh", init="xavier_normal", depth=8, width=64, batch=64)))
    return figure


def _weight_matrix(theme: Theme) -> Figure:
    figure = weight_matrix.WeightMatrixFigure(theme)
    figure.show(sample_weights("kaiming_normal", 3, 5, {}, 0))
    return figure


def _losses(figure_class: type[losses.LossCurvesFigure], names: list[str], target: float, axis: str | None):
    def demo(theme: Theme) -> Figure:
        figure = figure_class(theme)
        data = curves(names, target, None, axis, None, 400)
        figure.show(data, target, axis or data[0].loss.prediction)
        return figure
    return demo


def _distributions(theme: Theme) -> Figure:
    figure = losses.DistributionFigure(theme)
    figure.show([0.1, 0.6, 0.3], [0.3, 0.3, 0.4])
    return figure


def _landscape(theme: Theme) -> Figure:
    surface = get_surface("rosenbrock", "")
    params = surface.resolve({})
    figure = landscape.LandscapeFigure(theme)
    figure.show_surface(surface, params, True)
    figure.show_runs([run(surface, DescentSettings(start=(-1.5, 2.0), steps=100), params)])
    return figure


def _backprop(theme: Theme) -> Figure:
    figure = backprop.BackpropFigure(theme)
    step = compute_step(StepSettings(dataset="spiral", hidden=(4, 4), activation="tanh", batch_size=4))
    figure.show(step, "backward", 0, (0, 0))
    return figure


def _backprop_data(theme: Theme) -> Figure:
    figure = backprop.BackpropDataFigure(theme)
    figure.show(compute_step(StepSettings(dataset="moons", batch_size=5)))
    return figure


@cache
def _runs() -> tuple[RunHistory, ...]:
    """Two short runs on the spiral data (ReLU and tanh), trained once per process."""
    from actgui.core.training.config import TrainingConfig
    from actgui.core.training.trainer import Trainer, run_to_end

    runs = []
    for activation, color in (("relu", "#1f77b4"), ("tanh", "#d62728")):
        trainer = Trainer(TrainingConfig(dataset="spiral", samples=300, hidden=(16, 16), steps=60, record_every=5,
                                         activation=activation))
        history = RunHistory(trainer.info, capacity=None, label=activation, color=color)
        history.result = run_to_end(trainer.records(), history.add)
        runs.append(history)
    return tuple(runs)


def _training(key: str):
    def demo(theme: Theme) -> Figure:
        runs = _runs()
        return TRAINING_FIGURES[key].build(theme, TrainingScene(runs=runs, run=runs[0]))
    return demo


def _shootout(theme: Theme) -> Figure:
    figure = images.ShootoutFigure(theme)
    figure.show(images.shootout_series(_runs()))
    return figure


FIGURES.register("functions_sigmoid", _functions(FunctionPlotSpec(names=["sigmoid"], xmin=-20, xmax=20, points=1000)))
FIGURES.register("functions_six", _functions(FunctionPlotSpec(names=SIX, xmin=-6, xmax=6)))
FIGURES.register("functions_second", _functions(FunctionPlotSpec(names=["tanh", "gelu"], second=True)))
FIGURES.register("functions_tanh_identity", _functions(FunctionPlotSpec(names=["tanh", "sigmoid"], tanh_identity=True,
                                                                        effective_range=True)))
FIGURES.register("functions_overlay", _functions(FunctionPlotSpec(names=["sigmoid", "tanh", "relu"]), overlay=True))
FIGURES.register("softmax", _softmax(False))
FIGURES.register("softmax_twice", _softmax(True))
FIGURES.register("jacobian", _jacobian)
FIGURES.register("init_histogram", _init_histogram)
FIGURES.register("depth", _depth)
FIGURES.register("depth_histograms", _depth_histograms)
FIGURES.register("weight_matrix", _weight_matrix)
FIGURES.register("loss_regression", _losses(losses.RegressionLossFigure, ["mse", "mae", "huber"], 0.0, None))
FIGURES.register("loss_classification", _losses(losses.ClassificationLossFigure, ["bce", "hinge"], 1.0, "logit"))
FIGURES.register("loss_sigmoid_output", _losses(losses.SigmoidOutputLossFigure, ["mse", "bce"], 1.0, "logit"))
FIGURES.register("loss_distributions", _distributions)
FIGURES.register("landscape", _landscape)
FIGURES.register("backprop", _backprop)
FIGURES.register("backprop_data", _backprop_data)
FIGURES.register("shootout", _shootout)
for _key in ("loss", "accuracy", "boundary", "gradients", "update_ratio", "health", "histograms"):
    FIGURES.register(f"training_{_key}", _training(_key))
