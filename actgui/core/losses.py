"""The loss registry and the information measures behind the classification losses.

Every loss is written out in torch operations (`fn`) and paired with the torch.nn.functional call it
reproduces (`reference`), so the tests check one against the other for every entry. A loss maps a
per-sample prediction and target (tensors of the same shape) to the per-sample loss:

- regression losses take a real prediction ŷ and a real target y;
- classification losses take the predicted probability p of the class (or its logit z) and the target
  t ∈ [0, 1], the probability that the sample belongs to that class (1: it is the true class). The
  two-class distributions are P = (1 − t, t) and Q = (1 − p, p).

Gradients shown in the app come from autograd (`curve`); `gradient` is the analytic form the tests
check autograd against.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from actgui.core.lazy import lazy_module
from actgui.core.registry import QT_TRANSLATE_NOOP, Param, Registry, resolve_params

if TYPE_CHECKING:
    from torch import Tensor

torch = lazy_module("torch")
F = lazy_module("torch.nn.functional")

Params = Mapping[str, float]
LossFn = Callable[["Tensor", "Tensor", Params], "Tensor"]

REGRESSION = "regression"
CLASSIFICATION = "classification"
#: Regression losses scoring a sigmoid output ŷ = p = σ(z) against a class target t, on the same
#: probability or logit axis as the classification losses (MSE vs BCE).
SIGMOID_OUTPUT = "sigmoid_output"
#: What a loss's prediction is: a real value, a probability in (0, 1) or a logit (score) in ℝ.
VALUE, PROBABILITY, LOGIT = "value", "probability", "logit"
#: Probabilities are kept this far from 0 and 1 on plotted grids (log 0 is −∞).
PROBABILITY_MARGIN = 1e-3
TARGET_LIMIT = 100.0


@dataclass(frozen=True)
class Loss:
    """One loss function and everything the app shows about it."""

    key: str
    name_en: str
    name_zh: str
    kind: str  # REGRESSION or CLASSIFICATION
    prediction: str  # VALUE, PROBABILITY or LOGIT
    fn: LossFn
    reference: LossFn
    gradient: LossFn
    formula: str
    gradient_formula: str
    color: str
    params: tuple[Param, ...] = ()
    #: Predictions (in the loss's own input) where the gradient jumps or switches formula.
    kinks: Callable[[float, Params], tuple[float, ...]] = lambda target, p: ()

    def resolve(self, overrides: Mapping[str, float] | None = None) -> dict[str, float]:
        """Parameter values: defaults updated with `overrides`, range-checked."""
        return resolve_params(self.key, self.params, overrides)

    def check_target(self, target: float) -> float:
        """The target as a float; raises ValueError when it is outside the loss's range."""
        target = float(target)
        if self.kind == CLASSIFICATION and not 0.0 <= target <= 1.0:
            raise ValueError(f"{self.key}: the target t is a probability in [0, 1] (got {target:g})")
        if not -TARGET_LIMIT <= target <= TARGET_LIMIT:
            raise ValueError(f"{self.key}: the target must lie in [{-TARGET_LIMIT:g}, {TARGET_LIMIT:g}]")
        return target

    def __call__(self, prediction: Tensor, target: Tensor, params: Params | None = None) -> Tensor:
        return self.fn(prediction, target, self.resolve(params))


LOSSES: Registry[Loss] = Registry("loss")
register = LOSSES.register


# -- information measures over the last dimension ---------------------------------------------------
def entropy(p: Tensor) -> Tensor:
    """H(P) = −Σ P log P in nats (0 log 0 = 0)."""
    return -torch.xlogy(p, p).sum(-1)


def cross_entropy(p: Tensor, q: Tensor) -> Tensor:
    """H(P, Q) = −Σ P log Q in nats: infinite where Q = 0 and P > 0."""
    return -torch.xlogy(p, q).sum(-1)


def kl_divergence(p: Tensor, q: Tensor) -> Tensor:
    """KL(P‖Q) = Σ P log(P/Q) = H(P, Q) − H(P) in nats."""
    return (torch.xlogy(p, p) - torch.xlogy(p, q)).sum(-1)


def normalise(weights: Sequence[float]) -> np.ndarray:
    """Non-negative weights scaled to sum to 1; raises ValueError for negative or all-zero weights."""
    w = np.asarray(weights, dtype=np.float64)
    if w.ndim != 1 or w.size < 2:
        raise ValueError("a distribution needs at least two classes")
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise ValueError("probabilities must be finite and non-negative")
    total = w.sum()
    if total <= 0:
        raise ValueError("at least one probability must be positive")
    return w / total


@dataclass(frozen=True)
class Information:
    """H(P), H(P, Q) and KL(P‖Q) of two distributions, in nats."""

    entropy: float
    cross_entropy: float
    kl: float


def distributions(p: Sequence[float], q: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """P and Q normalised; raises ValueError for bad weights or different numbers of classes."""
    p, q = normalise(p), normalise(q)
    if p.shape != q.shape:
        raise ValueError(f"P has {p.size} classes but Q has {q.size}")
    return p, q


def information(p: Sequence[float], q: Sequence[float]) -> Information:
    """The three measures for P and Q (normalised first); raises ValueError for bad weights."""
    pt, qt = (torch.as_tensor(w) for w in distributions(p, q))
    return Information(float(entropy(pt)), float(cross_entropy(pt, qt)), float(kl_divergence(pt, qt)))


def _binary(p: Tensor) -> Tensor:
    """The two-class distribution (1 − p, p) along a new last dimension."""
    return torch.stack([1 - p, p], dim=-1)


# -- regression losses -------------------------------------------------------------------------------
register(
    Loss(
        key="mae",
        name_en="MAE (L1)",
        name_zh="平均绝对误差 MAE（L1）",
        kind=REGRESSION,
        prediction=VALUE,
        fn=lambda y_hat, y, p: (y_hat - y).abs(),
        reference=lambda y_hat, y, p: F.l1_loss(y_hat, y, reduction="none"),
        gradient=lambda y_hat, y, p: torch.sign(y_hat - y),
        formula=QT_TRANSLATE_NOOP("Formula", "L = |ŷ − y|"),
        gradient_formula=QT_TRANSLATE_NOOP("Formula", "∂L/∂ŷ = sign(ŷ − y): always ±1"),
        color="#1f77b4",
        kinks=lambda target, p: (target,),
    )
)
register(
    Loss(
        key="mse",
        name_en="MSE (L2)",
        name_zh="均方误差 MSE（L2）",
        kind=REGRESSION,
        prediction=VALUE,
        fn=lambda y_hat, y, p: (y_hat - y) ** 2,
        reference=lambda y_hat, y, p: F.mse_loss(y_hat, y, reduction="none"),
        gradient=lambda y_hat, y, p: 2 * (y_hat - y),
        formula=QT_TRANSLATE_NOOP("Formula", "L = (ŷ − y)²"),
        gradient_formula=QT_TRANSLATE_NOOP("Formula", "∂L/∂ŷ = 2(ŷ − y): grows with the error"),
        color="#d62728",
    )
)


def _huber(y_hat: Tensor, y: Tensor, p: Params) -> Tensor:
    d, delta = y_hat - y, p["delta"]
    return torch.where(d.abs() <= delta, 0.5 * d**2, delta * (d.abs() - 0.5 * delta))


register(
    Loss(
        key="huber",
        name_en="Huber (δ)",
        name_zh="Huber 损失（δ）",
        kind=REGRESSION,
        prediction=VALUE,
        fn=_huber,
        reference=lambda y_hat, y, p: F.huber_loss(y_hat, y, reduction="none", delta=p["delta"]),
        gradient=lambda y_hat, y, p: torch.clamp(y_hat - y, -p["delta"], p["delta"]),
        params=(Param("delta", 1.0, 0.1, 5.0, "δ (switch point)", "δ（切换点）", 0.05),),
        formula=QT_TRANSLATE_NOOP("Formula", "L = ½(ŷ − y)² if |ŷ − y| ≤ δ else δ(|ŷ − y| − ½δ)"),
        gradient_formula=QT_TRANSLATE_NOOP("Formula", "∂L/∂ŷ = clamp(ŷ − y, −δ, δ): MSE inside δ, MAE outside"),
        color="#2ca02c",
        kinks=lambda target, p: (target - p["delta"], target + p["delta"]),
    )
)


def _smooth_l1(y_hat: Tensor, y: Tensor, p: Params) -> Tensor:
    d, beta = y_hat - y, p["beta"]
    return torch.where(d.abs() < beta, 0.5 * d**2 / beta, d.abs() - 0.5 * beta)


register(
    Loss(
        key="smooth_l1",
        name_en="Smooth L1 (β)",
        name_zh="平滑 L1 损失（β）",
        kind=REGRESSION,
        prediction=VALUE,
        fn=_smooth_l1,
        reference=lambda y_hat, y, p: F.smooth_l1_loss(y_hat, y, reduction="none", beta=p["beta"]),
        gradient=lambda y_hat, y, p: torch.clamp((y_hat - y) / p["beta"], -1.0, 1.0),
        params=(Param("beta", 1.0, 0.1, 5.0, "β (switch point)", "β（切换点）", 0.05),),
        formula=QT_TRANSLATE_NOOP("Formula", "L = ½(ŷ − y)²/β if |ŷ − y| < β else |ŷ − y| − ½β  (Huber / β)"),
        gradient_formula=QT_TRANSLATE_NOOP("Formula", "∂L/∂ŷ = clamp((ŷ − y)/β, −1, 1)"),
        color="#ff7f0e",
        kinks=lambda target, p: (target - p["beta"], target + p["beta"]),
    )
)


# -- classification losses -----------------------------------------------------------------------------
def _bce(p: Tensor, t: Tensor, params: Params) -> Tensor:
    return -(torch.xlogy(t, p) + torch.xlogy(1 - t, 1 - p))


def _probability_gradient(p: Tensor, t: Tensor, params: Params) -> Tensor:
    return (p - t) / (p * (1 - p))


register(
    Loss(
        key="bce",
        name_en="Binary cross-entropy (BCE)",
        name_zh="二元交叉熵 BCE",
        kind=CLASSIFICATION,
        prediction=PROBABILITY,
        fn=_bce,
        reference=lambda p, t, params: F.binary_cross_entropy(p, t, reduction="none"),
        gradient=_probability_gradient,
        formula=QT_TRANSLATE_NOOP("Formula", "L = −[t log p + (1 − t) log(1 − p)]"),
        gradient_formula=QT_TRANSLATE_NOOP("Formula", "∂L/∂p = (p − t) / (p(1 − p)): huge for a confident mistake"),
        color="#9467bd",
    )
)


def _bce_with_logits(z: Tensor, t: Tensor, params: Params) -> Tensor:
    # softplus(z) = log(1 + e^z), computed without overflowing e^z.
    return F.softplus(z) - t * z


register(
    Loss(
        key="bce_with_logits",
        name_en="BCE with logits",
        name_zh="带 logits 的二元交叉熵",
        kind=CLASSIFICATION,
        prediction=LOGIT,
        fn=_bce_with_logits,
        reference=lambda z, t, params: F.binary_cross_entropy_with_logits(z, t, reduction="none"),
        gradient=lambda z, t, params: torch.sigmoid(z) - t,
        formula=QT_TRANSLATE_NOOP("Formula", "L = −[t log σ(z) + (1 − t) log(1 − σ(z))] = log(1 + e^z) − t·z"),
        gradient_formula=QT_TRANSLATE_NOOP("Formula", "∂L/∂z = σ(z) − t: bounded by 1"),
        color="#8c564b",
    )
)
register(
    Loss(
        key="cross_entropy",
        name_en="Cross-entropy (CE)",
        name_zh="交叉熵 CE",
        kind=CLASSIFICATION,
        prediction=PROBABILITY,
        fn=lambda p, t, params: cross_entropy(_binary(t), _binary(p)),
        # Log-probabilities are valid logits: softmax(log Q) = Q.
        reference=lambda p, t, params: F.cross_entropy(
            torch.log(_binary(p)).reshape(-1, 2), _binary(t).reshape(-1, 2), reduction="none"
        ).reshape(p.shape),
        gradient=_probability_gradient,
        formula=QT_TRANSLATE_NOOP("Formula", "H(P, Q) = −Σ P log Q  (two classes: P = (1 − t, t), Q = (1 − p, p))"),
        gradient_formula=QT_TRANSLATE_NOOP("Formula", "∂L/∂p = (p − t) / (p(1 − p))"),
        color="#e377c2",
    )
)
register(
    Loss(
        key="kl_div",
        name_en="KL divergence",
        name_zh="KL 散度",
        kind=CLASSIFICATION,
        prediction=PROBABILITY,
        fn=lambda p, t, params: kl_divergence(_binary(t), _binary(p)),
        reference=lambda p, t, params: F.kl_div(torch.log(_binary(p)), _binary(t), reduction="none").sum(-1),
        gradient=_probability_gradient,
        formula=QT_TRANSLATE_NOOP("Formula", "KL(P‖Q) = Σ P log(P/Q) = H(P, Q) − H(P): 0 when p = t"),
        gradient_formula=QT_TRANSLATE_NOOP("Formula", "∂L/∂p = (p − t) / (p(1 − p)): the same as cross-entropy"),
        color="#17becf",
    )
)


def _hinge(s: Tensor, t: Tensor, params: Params) -> Tensor:
    return t * F.relu(1 - s) + (1 - t) * F.relu(1 + s)


def _hinge_reference(s: Tensor, t: Tensor, params: Params) -> Tensor:
    # multi_margin_loss over the scores (−s/2, s/2) is max(0, 1 − y·s) / 2 for the label y = ±1.
    scores = torch.stack([-s / 2, s / 2], dim=-1).reshape(-1, 2)
    positive, negative = (torch.full((scores.shape[0],), c, dtype=torch.long) for c in (1, 0))
    loss_positive = 2 * F.multi_margin_loss(scores, positive, reduction="none").reshape(s.shape)
    loss_negative = 2 * F.multi_margin_loss(scores, negative, reduction="none").reshape(s.shape)
    return t * loss_positive + (1 - t) * loss_negative


register(
    Loss(
        key="hinge",
        name_en="Hinge (SVM)",
        name_zh="合页损失 Hinge（SVM）",
        kind=CLASSIFICATION,
        prediction=LOGIT,
        fn=_hinge,
        reference=_hinge_reference,
        gradient=lambda s, t, params: -t * (s < 1).to(s.dtype) + (1 - t) * (s > -1).to(s.dtype),
        formula=QT_TRANSLATE_NOOP(
            "Formula", "L = max(0, 1 − y·s), label y = +1 (t = 1) or −1 (t = 0); soft t mixes both"
        ),
        gradient_formula=QT_TRANSLATE_NOOP("Formula", "∂L/∂s = −1 below the margin s < 1 (y = +1), then 0"),
        color="#bcbd22",
        kinks=lambda target, p: tuple(k for k, weight in ((-1.0, 1 - target), (1.0, target)) if weight > 0),
    )
)


# -- curves -------------------------------------------------------------------------------------------
@dataclass
class LossCurve:
    """A loss sampled along a prediction axis: values and autograd gradient (float64 numpy arrays)."""

    loss: Loss
    x: np.ndarray
    y: np.ndarray
    dy: np.ndarray
    params: dict[str, float]


def axes_for(kind: str) -> tuple[str, ...]:
    """The prediction axes a view of `kind` losses can use."""
    return (VALUE,) if kind == REGRESSION else (PROBABILITY, LOGIT)


def default_window(axis: str, target: float = 0.0) -> tuple[float, float]:
    """The prediction range plotted by default: target ± 4, (0, 1) or logits in [−6, 6]."""
    if axis == VALUE:
        return target - 4.0, target + 4.0
    if axis == PROBABILITY:
        return PROBABILITY_MARGIN, 1 - PROBABILITY_MARGIN
    return -6.0, 6.0


def check_window(axis: str, xmin: float, xmax: float, points: int) -> None:
    """Raises ValueError for an empty window, too few/many points or probabilities outside (0, 1)."""
    if not xmin < xmax:
        raise ValueError(f"the prediction range is empty: {xmin:g} must be smaller than {xmax:g}")
    if not 10 <= points <= 20000:
        raise ValueError(f"points must be between 10 and 20000 (got {points})")
    if axis == PROBABILITY and not (xmin > 0 and xmax < 1):
        raise ValueError("probabilities must lie strictly between 0 and 1")
    if axis != PROBABILITY and not (xmin >= -1000 and xmax <= 1000):
        raise ValueError("the prediction range must lie within [−1000, 1000]")


def convert(value: float, source: str, axis: str) -> float | None:
    """A prediction given as `source` (probability or logit) expressed on `axis`; None if it has no place there."""
    if source == axis:
        return value
    if source == LOGIT and axis == PROBABILITY:
        return 1.0 / (1.0 + math.exp(-value))
    if source == PROBABILITY and axis == LOGIT and 0.0 < value < 1.0:
        return math.log(value / (1.0 - value))
    return None


def _to_input(x: Tensor, axis: str, prediction: str) -> Tensor:
    """The loss's own input computed from the plotted axis (p = σ(z), z = log(p / (1 − p)))."""
    if axis == prediction:
        return x
    if axis == PROBABILITY and prediction == LOGIT:
        return torch.log(x) - torch.log1p(-x)
    if axis == LOGIT and prediction == PROBABILITY:
        return torch.sigmoid(x)
    raise ValueError(f"a {prediction} loss cannot be plotted against a {axis} axis")


def curve(
    loss: Loss,
    x: np.ndarray,
    target: float,
    params: Mapping[str, float] | None = None,
    axis: str | None = None,
) -> LossCurve:
    """L and dL/dx along `x` for one target; x is `axis` (the loss's own input by default).

    The gradient is by autograd through the conversion between probability and logit, so every
    curve in a plot is a derivative with respect to the same plotted variable.
    """
    axis = axis or loss.prediction
    values = loss.resolve(params)
    target = loss.check_target(target)
    # On a probability or logit axis a regression loss scores the sigmoid output: ŷ = p.
    source = PROBABILITY if loss.prediction == VALUE and axis != VALUE else loss.prediction
    xt = torch.as_tensor(np.asarray(x, dtype=np.float64)).clone().requires_grad_(True)
    loss_values = loss.fn(_to_input(xt, axis, source), torch.full_like(xt, target), values)
    (grad,) = torch.autograd.grad(loss_values.sum(), xt)
    return LossCurve(loss, np.asarray(x, dtype=np.float64), loss_values.detach().numpy(), grad.detach().numpy(), values)


def plot_kind(names: Sequence[str], axis: str | None = None) -> str:
    """REGRESSION, CLASSIFICATION or SIGMOID_OUTPUT (regression losses on a probability or logit axis,
    alone or with classification losses); raises UnknownKeyError for an unknown loss."""
    kinds = {LOSSES.get(name).kind for name in names}
    if kinds == {CLASSIFICATION}:
        return CLASSIFICATION
    if kinds == {REGRESSION} and axis in (None, VALUE):
        return REGRESSION
    return SIGMOID_OUTPUT


def curves(
    names: Sequence[str],
    target: float,
    params: Mapping[str, Mapping[str, float]] | None = None,
    axis: str | None = None,
    window: tuple[float, float] | None = None,
    points: int = 801,
) -> list[LossCurve]:
    """Every named loss on one grid; raises UnknownKeyError or ValueError with a one-line reason.

    Losses of one kind use `axis` (default: the first loss's own input). Regression and
    classification losses share an axis only on a sigmoid output: against the logit z (the
    default) or the probability p = σ(z), the regression losses score ŷ = p against t ∈ [0, 1].
    """
    if not names:
        raise ValueError("choose at least one loss")
    losses = [LOSSES.get(name) for name in names]
    if plot_kind(names, axis) == SIGMOID_OUTPUT:
        axis = axis or LOGIT
        if axis == VALUE:
            raise ValueError("regression and classification losses share an axis only on a sigmoid output: plot "
                             "them against the logit or the probability (the regression losses then score "
                             "ŷ = p = σ(z) against the class target t)")
        if not 0.0 <= float(target) <= 1.0:
            raise ValueError(f"on a sigmoid output the target is a class probability t in [0, 1] (got {target:g}); "
                             "a regression target outside it has no axis in common with classification")
    else:
        axis = axis or losses[0].prediction
        if axis not in axes_for(losses[0].kind):
            raise ValueError(f"{losses[0].kind} losses cannot be plotted against a {axis} axis")
    for name in params or {}:
        if name not in names:
            raise ValueError(f"parameter given for '{name}', which is not plotted")
    xmin, xmax = window or default_window(axis, target)
    check_window(axis, xmin, xmax, points)
    x = np.linspace(xmin, xmax, int(points))
    return [curve(loss, x, target, (params or {}).get(loss.key), axis) for loss in losses]
