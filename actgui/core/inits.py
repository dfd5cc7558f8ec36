"""The initialisation registry: one `register(...)` per weight-initialisation scheme.

Every scheme fills a weight of shape (fan_out, fan_in), as `nn.Linear` stores it, through
`torch.nn.init`, and states the distribution it samples from (`Theory`: mean, standard deviation,
support, density and point masses) so the app can draw theory over the sampled histogram.
Gains come from `torch.nn.init.calculate_gain`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from actgui.core.activations import ACTIVATIONS
from actgui.core.lazy import lazy_module
from actgui.core.registry import QT_TRANSLATE_NOOP, Param, Registry

if TYPE_CHECKING:
    from torch import Tensor

torch = lazy_module("torch")
nn = lazy_module("torch.nn")


Value = float | str
Values = Mapping[str, Value]

#: Largest fan_in / fan_out the app samples (a 4096 × 4096 weight is 16.8 million values).
MAX_FAN = 4096
NONLINEARITIES = ("relu", "leaky_relu", "tanh", "sigmoid", "linear", "selu")
MODES = ("fan_in", "fan_out")


@dataclass(frozen=True)
class Choice:
    """A parameter that takes one of a few strings, such as Kaiming's mode or nonlinearity."""

    key: str
    default: str
    options: tuple[str, ...]
    name_en: str
    name_zh: str

    def check(self, value: object) -> str:
        text = str(value)
        if text not in self.options:
            raise ValueError(f"{self.key}='{text}' is not one of: {', '.join(self.options)}")
        return text


@dataclass(frozen=True)
class Theory:
    """The distribution a scheme samples each weight from.

    `density` is the continuous part (it integrates to 1 minus the point masses' total);
    `atoms` are point masses (value, probability), e.g. the single value of a constant init.
    """

    mean: float
    std: float
    low: float = -math.inf
    high: float = math.inf
    density: Callable[[np.ndarray], np.ndarray] | None = None
    atoms: tuple[tuple[float, float], ...] = ()

    def pdf(self, x: np.ndarray) -> np.ndarray:
        """The continuous density at x (zeros for a pure point mass)."""
        x = np.asarray(x, dtype=np.float64)
        return np.zeros_like(x) if self.density is None else self.density(x)

    @property
    def bounded(self) -> bool:
        return math.isfinite(self.low) and math.isfinite(self.high)


Filler = Callable[["Tensor", Values, "torch.Generator | None"], object]
TheoryFn = Callable[[int, int, Values], Theory]


@dataclass(frozen=True)
class InitScheme:
    """One initialisation scheme: how torch samples it and what the theory says."""

    key: str
    name_en: str
    name_zh: str
    fill: Filler
    theory_fn: TheoryFn
    formula: str
    params: tuple[Param, ...] = ()
    choices: tuple[Choice, ...] = ()
    check: Callable[[Values], None] = lambda values: None

    def resolve(self, overrides: Mapping[str, object] | None = None) -> dict[str, Value]:
        """Defaults updated with `overrides` (numbers or numeric strings; strings for choices).

        Raises ValueError naming the scheme and the parameter for an unknown key, a value that is
        not a number, a value out of range or an option that does not exist.
        """
        values: dict[str, Value] = {p.key: p.default for p in self.params}
        values.update({c.key: c.default for c in self.choices})
        numeric = {p.key: p for p in self.params}
        choices = {c.key: c for c in self.choices}
        for key, value in (overrides or {}).items():
            try:
                if key in choices:
                    values[key] = choices[key].check(value)
                elif key in numeric:
                    values[key] = numeric[key].check(_number(key, value))
                else:
                    allowed = ", ".join([*numeric, *choices]) or "none"
                    raise ValueError(f"no parameter '{key}' (parameters: {allowed})")
            except ValueError as error:
                raise ValueError(f"{self.key}: {error}") from None
        try:
            self.check(values)
        except ValueError as error:
            raise ValueError(f"{self.key}: {error}") from None
        return values

    def theory(self, fan_in: int, fan_out: int, params: Mapping[str, object] | None = None) -> Theory:
        """The distribution of one weight of a (fan_out, fan_in) matrix."""
        check_fans(fan_in, fan_out)
        return self.theory_fn(fan_in, fan_out, self.resolve(params))


def _number(key: str, value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{key}='{value}' is not a number") from None


def check_fans(fan_in: int, fan_out: int) -> None:
    """Raises ValueError unless 1 ≤ fan_in, fan_out ≤ MAX_FAN."""
    for name, fan in (("fan_in", fan_in), ("fan_out", fan_out)):
        if not 1 <= fan <= MAX_FAN:
            raise ValueError(f"{name} must be between 1 and {MAX_FAN} (got {fan})")


INITS: Registry[InitScheme] = Registry("init scheme", plugin_group="actgui.inits")
register = INITS.register


# -- densities -----------------------------------------------------------------------------------
def _normal_density(mean: float, std: float, weight: float = 1.0) -> Callable[[np.ndarray], np.ndarray]:
    def density(x: np.ndarray) -> np.ndarray:
        z = (x - mean) / std
        return weight * np.exp(-0.5 * z * z) / (std * math.sqrt(2.0 * math.pi))

    return density


def _uniform_density(low: float, high: float) -> Callable[[np.ndarray], np.ndarray]:
    def density(x: np.ndarray) -> np.ndarray:
        return np.where((x >= low) & (x <= high), 1.0 / (high - low), 0.0)

    return density


def _normal(mean: float, std: float) -> Theory:
    return Theory(mean, std, density=_normal_density(mean, std))


def _uniform(low: float, high: float) -> Theory:
    return Theory((low + high) / 2, (high - low) / math.sqrt(12.0), low, high, _uniform_density(low, high))


def _centred_uniform(std: float) -> Theory:
    return _uniform(-math.sqrt(3.0) * std, math.sqrt(3.0) * std)


def _point(value: float) -> Theory:
    return Theory(value, 0.0, value, value, atoms=((value, 1.0),))


def _norm_cdf(z: float) -> float:
    return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))


def _truncated_normal(mean: float, std: float, low: float, high: float) -> Theory:
    alpha, beta = (low - mean) / std, (high - mean) / std
    mass = _norm_cdf(beta) - _norm_cdf(alpha)
    phi_a, phi_b = (math.exp(-0.5 * z * z) / math.sqrt(2 * math.pi) for z in (alpha, beta))
    shift = (phi_a - phi_b) / mass
    variance = std**2 * (1 + (alpha * phi_a - beta * phi_b) / mass - shift**2)
    normal = _normal_density(mean, std, 1.0 / mass)

    def density(x: np.ndarray) -> np.ndarray:
        return np.where((x >= low) & (x <= high), normal(x), 0.0)

    return Theory(mean + std * shift, math.sqrt(max(variance, 0.0)), low, high, density)


def _orthogonal(gain: float, n: int) -> Theory:
    """An entry of a random (semi-)orthogonal matrix: a coordinate of a uniform unit vector in R^n,
    density ∝ (1 − x²)^((n−3)/2) on (−1, 1), scaled by the gain."""
    if n == 1:
        return Theory(0.0, gain, -gain, gain, atoms=((-gain, 0.5), (gain, 0.5)))
    log_c = math.lgamma(n / 2) - 0.5 * math.log(math.pi) - math.lgamma((n - 1) / 2)

    def density(x: np.ndarray) -> np.ndarray:
        u = x / gain
        inside = np.abs(u) < 1
        with np.errstate(divide="ignore"):
            logs = log_c + (n - 3) / 2 * np.log1p(-np.where(inside, u * u, 0.0))
        return np.where(inside, np.exp(logs) / gain, 0.0)

    return Theory(0.0, gain / math.sqrt(n), -gain, gain, density)


def _kaiming_std(fan_in: int, fan_out: int, p: Values) -> float:
    fan = fan_in if p["mode"] == "fan_in" else fan_out
    return nn.init.calculate_gain(str(p["nonlinearity"]), float(p["a"])) / math.sqrt(fan)


def _xavier_std(fan_in: int, fan_out: int, p: Values) -> float:
    return float(p["gain"]) * math.sqrt(2.0 / (fan_in + fan_out))


def _ordered(low: str, high: str) -> Callable[[Values], None]:
    def check(p: Values) -> None:
        if not float(p[low]) < float(p[high]):
            raise ValueError(f"{low} ({float(p[low]):g}) must be smaller than {high} ({float(p[high]):g})")

    return check


def _check_trunc(p: Values) -> None:
    _ordered("a", "b")(p)
    mean, std, a, b = (float(p[k]) for k in ("mean", "std", "a", "b"))
    if mean < a - 2 * std or mean > b + 2 * std:
        raise ValueError("the mean must lie within 2 std of [a, b] (torch cannot sample it correctly otherwise)")


# -- parameters ----------------------------------------------------------------------------------
def _std_param(default: float, minimum: float = 0.001) -> Param:
    return Param("std", default, minimum, 10.0, "standard deviation σ", "标准差 σ", 0.001)


_GAIN = Param("gain", 1.0, 0.01, 10.0, "gain", "增益 gain", 0.001)
_MEAN = Param("mean", 0.0, -10.0, 10.0, "mean μ", "均值 μ", 0.01)
#: torch accepts any number for Kaiming's `a` (gain √(2 / (1 + a²)), negative slopes included); the app
#: caps |a| at 100, where the gain is 0.014.
KAIMING_A_LIMIT = 100.0
_KAIMING_A = Param("a", 0.0, -KAIMING_A_LIMIT, KAIMING_A_LIMIT, "negative slope a", "负半轴斜率 a", 0.01)
_MODE = Choice("mode", "fan_in", MODES, "mode", "模式 mode")
# torch's own default: nonlinearity='leaky_relu', whose gain √(2 / (1 + a²)) is the one `a` acts on.
_NONLINEARITY = Choice("nonlinearity", "leaky_relu", NONLINEARITIES, "nonlinearity", "非线性 nonlinearity")


def _check_kaiming(p: Values) -> None:
    if float(p["a"]) != 0.0 and p["nonlinearity"] != "leaky_relu":
        raise ValueError(f"a={float(p['a']):g} has no effect with nonlinearity='{p['nonlinearity']}' "
                         "(torch uses a only for nonlinearity='leaky_relu')")

# -- schemes -------------------------------------------------------------------------------------
register(
    InitScheme(
        key="uniform",
        name_en="Uniform U(a, b)",
        name_zh="均匀分布初始化 U(a, b)",
        params=(
            Param("a", 0.0, -10.0, 10.0, "lower bound a", "下界 a"),
            Param("b", 1.0, -10.0, 10.0, "upper bound b", "上界 b"),
        ),
        check=_ordered("a", "b"),
        fill=lambda w, p, g: nn.init.uniform_(w, float(p["a"]), float(p["b"]), generator=g),
        theory_fn=lambda fi, fo, p: _uniform(float(p["a"]), float(p["b"])),
        formula=QT_TRANSLATE_NOOP("Formula", "W ~ U(a, b), Var = (b − a)² / 12"),
    )
)
register(
    InitScheme(
        key="normal",
        name_en="Normal N(μ, σ²)",
        name_zh="正态分布初始化 N(μ, σ²)",
        params=(_MEAN, _std_param(1.0)),
        fill=lambda w, p, g: nn.init.normal_(w, float(p["mean"]), float(p["std"]), generator=g),
        theory_fn=lambda fi, fo, p: _normal(float(p["mean"]), float(p["std"])),
        formula=QT_TRANSLATE_NOOP("Formula", "W ~ N(μ, σ²)"),
    )
)
register(
    InitScheme(
        key="zeros",
        name_en="Zeros",
        name_zh="全零初始化",
        fill=lambda w, p, g: nn.init.zeros_(w),
        theory_fn=lambda fi, fo, p: _point(0.0),
        formula=QT_TRANSLATE_NOOP("Formula", "W = 0"),
    )
)
register(
    InitScheme(
        key="ones",
        name_en="Ones",
        name_zh="全一初始化",
        fill=lambda w, p, g: nn.init.ones_(w),
        theory_fn=lambda fi, fo, p: _point(1.0),
        formula=QT_TRANSLATE_NOOP("Formula", "W = 1"),
    )
)
register(
    InitScheme(
        key="constant",
        name_en="Constant",
        name_zh="固定值初始化",
        params=(Param("val", 6.0, -10.0, 10.0, "value", "常数值", 0.01),),
        fill=lambda w, p, g: nn.init.constant_(w, float(p["val"])),
        theory_fn=lambda fi, fo, p: _point(float(p["val"])),
        formula=QT_TRANSLATE_NOOP("Formula", "W = val"),
    )
)
register(
    InitScheme(
        key="xavier_uniform",
        name_en="Xavier/Glorot uniform",
        name_zh="Xavier 均匀分布初始化",
        params=(_GAIN,),
        fill=lambda w, p, g: nn.init.xavier_uniform_(w, float(p["gain"]), generator=g),
        theory_fn=lambda fi, fo, p: _centred_uniform(_xavier_std(fi, fo, p)),
        formula=QT_TRANSLATE_NOOP(
            "Formula", "W ~ U(−b, b), b = gain·√(6 / (fan_in + fan_out)), Var = gain²·2 / (fan_in + fan_out)"
        ),
    )
)
register(
    InitScheme(
        key="xavier_normal",
        name_en="Xavier/Glorot normal",
        name_zh="Xavier 正态分布初始化",
        params=(_GAIN,),
        fill=lambda w, p, g: nn.init.xavier_normal_(w, float(p["gain"]), generator=g),
        theory_fn=lambda fi, fo, p: _normal(0.0, _xavier_std(fi, fo, p)),
        formula=QT_TRANSLATE_NOOP("Formula", "W ~ N(0, σ²), σ = gain·√(2 / (fan_in + fan_out))"),
    )
)
register(
    InitScheme(
        key="kaiming_uniform",
        name_en="Kaiming/He uniform",
        name_zh="Kaiming（He）均匀分布初始化",
        params=(_KAIMING_A,),
        choices=(_MODE, _NONLINEARITY),
        check=_check_kaiming,
        fill=lambda w, p, g: nn.init.kaiming_uniform_(
            w, float(p["a"]), str(p["mode"]), str(p["nonlinearity"]), generator=g
        ),
        theory_fn=lambda fi, fo, p: _centred_uniform(_kaiming_std(fi, fo, p)),
        formula=QT_TRANSLATE_NOOP("Formula", "W ~ U(−b, b), b = gain·√(3 / fan); ReLU: gain = √2, Var = 2 / fan"),
    )
)
register(
    InitScheme(
        key="kaiming_normal",
        name_en="Kaiming/He normal",
        name_zh="Kaiming（He）正态分布初始化",
        params=(_KAIMING_A,),
        choices=(_MODE, _NONLINEARITY),
        check=_check_kaiming,
        fill=lambda w, p, g: nn.init.kaiming_normal_(
            w, float(p["a"]), str(p["mode"]), str(p["nonlinearity"]), generator=g
        ),
        theory_fn=lambda fi, fo, p: _normal(0.0, _kaiming_std(fi, fo, p)),
        formula=QT_TRANSLATE_NOOP("Formula", "W ~ N(0, σ²), σ = gain / √fan; ReLU: gain = √2, Var = 2 / fan"),
    )
)
register(
    InitScheme(
        key="lecun_normal",
        name_en="LeCun normal (for SELU)",
        name_zh="LeCun 正态分布初始化（配合 SELU）",
        # torch's SELU docs: use kaiming_normal_ with nonlinearity='linear' for self-normalising nets.
        fill=lambda w, p, g: nn.init.kaiming_normal_(w, mode="fan_in", nonlinearity="linear", generator=g),
        theory_fn=lambda fi, fo, p: _normal(0.0, 1.0 / math.sqrt(fi)),
        formula=QT_TRANSLATE_NOOP("Formula", "W ~ N(0, 1 / fan_in)"),
    )
)
register(
    InitScheme(
        key="orthogonal",
        name_en="Orthogonal",
        name_zh="正交初始化",
        params=(_GAIN,),
        fill=lambda w, p, g: nn.init.orthogonal_(w, float(p["gain"]), generator=g),
        theory_fn=lambda fi, fo, p: _orthogonal(float(p["gain"]), max(fi, fo)),
        formula=QT_TRANSLATE_NOOP("Formula", "W = gain·Q, QQᵀ = I or QᵀQ = I (QR); Var = gain² / max(fan_in, fan_out)"),
    )
)
register(
    InitScheme(
        key="trunc_normal",
        name_en="Truncated normal",
        name_zh="截断正态分布初始化",
        params=(
            _MEAN,
            _std_param(1.0),
            Param("a", -2.0, -10.0, 10.0, "lower cut a", "下截断 a"),
            Param("b", 2.0, -10.0, 10.0, "upper cut b", "上截断 b"),
        ),
        check=_check_trunc,
        fill=lambda w, p, g: nn.init.trunc_normal_(
            w, float(p["mean"]), float(p["std"]), float(p["a"]), float(p["b"]), generator=g
        ),
        theory_fn=lambda fi, fo, p: _truncated_normal(float(p["mean"]), float(p["std"]), float(p["a"]), float(p["b"])),
        formula=QT_TRANSLATE_NOOP("Formula", "W ~ N(μ, σ²), a ≤ W ≤ b"),
    )
)


def _sparse_theory(fan_in: int, fan_out: int, p: Values) -> Theory:
    # torch zeroes ceil(sparsity · rows) entries of every column; the rest are N(0, std²).
    zero = math.ceil(float(p["sparsity"]) * fan_out) / fan_out
    std = float(p["std"])
    atoms = ((0.0, zero),) if zero > 0 else ()
    return Theory(0.0, std * math.sqrt(1 - zero), density=_normal_density(0.0, std, 1 - zero), atoms=atoms)


register(
    InitScheme(
        key="sparse",
        name_en="Sparse",
        name_zh="稀疏初始化",
        params=(
            Param("sparsity", 0.1, 0.0, 1.0, "sparsity (zero share per column)", "稀疏度（每列置零比例）"),
            _std_param(0.01),
        ),
        fill=lambda w, p, g: nn.init.sparse_(w, float(p["sparsity"]), float(p["std"]), generator=g),
        theory_fn=_sparse_theory,
        formula=QT_TRANSLATE_NOOP("Formula", "P(W = 0) = ⌈sparsity·fan_out⌉ / fan_out, else W ~ N(0, σ²)"),
    )
)
register(
    InitScheme(
        key="standard",
        name_en="Standard U(−1/√n, 1/√n), biases zero",
        name_zh="标准初始化 U(−1/√n, 1/√n)，偏置为零",
        # Glorot & Bengio (2010), eq. 1: the "standard" baseline they compare normalised init against.
        fill=lambda w, p, g: nn.init.uniform_(w, -1 / math.sqrt(w.shape[1]), 1 / math.sqrt(w.shape[1]), generator=g),
        theory_fn=lambda fi, fo, p: _uniform(-1.0 / math.sqrt(fi), 1.0 / math.sqrt(fi)),
        formula=QT_TRANSLATE_NOOP("Formula", "W ~ U(−1/√fan_in, 1/√fan_in), b = 0 (Glorot & Bengio's standard init)"),
    )
)
register(
    InitScheme(
        key="torch_default",
        name_en="PyTorch default (nn.Linear)",
        name_zh="PyTorch 默认初始化（nn.Linear）",
        # nn.Linear.reset_parameters: kaiming_uniform_(weight, a=√5), i.e. U(−1/√fan_in, 1/√fan_in).
        fill=lambda w, p, g: nn.init.kaiming_uniform_(w, a=math.sqrt(5), generator=g),
        theory_fn=lambda fi, fo, p: _uniform(-1.0 / math.sqrt(fi), 1.0 / math.sqrt(fi)),
        formula=QT_TRANSLATE_NOOP("Formula", "W, b ~ U(−1/√fan_in, 1/√fan_in) (kaiming_uniform_, a = √5)"),
    )
)


# -- sampling ------------------------------------------------------------------------------------
def _generator(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(int(seed))


def init_weight_(
    tensor: Tensor,
    scheme_key: str,
    params: Mapping[str, object] | None = None,
    generator: torch.Generator | None = None,
) -> Tensor:
    """Fills a 2-D weight (fan_out, fan_in) in place with `scheme_key`; returns it.

    Raises UnknownKeyError for an unknown scheme and ValueError for bad parameters.
    """
    scheme = INITS.get(scheme_key)
    values = scheme.resolve(params)
    with torch.no_grad():
        scheme.fill(tensor, values, generator)
    return tensor


def init_linear_(
    layer: nn.Linear,
    scheme_key: str,
    params: Mapping[str, object] | None = None,
    generator: torch.Generator | None = None,
) -> nn.Linear:
    """Initialises a linear layer: weight by the scheme, bias zero (the notes' rule), except for
    torch_default, which keeps nn.Linear's own U(−1/√fan_in, 1/√fan_in) bias."""
    init_weight_(layer.weight, scheme_key, params, generator)
    if layer.bias is not None:
        init_bias_(layer.bias, scheme_key, layer.in_features, generator)
    return layer


def init_bias_(bias: Tensor, scheme_key: str, fan_in: int, generator: torch.Generator | None = None) -> Tensor:
    """Zeros, or nn.Linear's own U(−1/√fan_in, 1/√fan_in) for torch_default; in place."""
    with torch.no_grad():
        if scheme_key == "torch_default":
            bound = 1.0 / math.sqrt(fan_in)
            nn.init.uniform_(bias, -bound, bound, generator=generator)
        else:
            nn.init.zeros_(bias)
    return bias


@dataclass(frozen=True)
class WeightSample:
    """Weights of one (fan_out, fan_in) matrix, flattened, with their statistics and the theory."""

    scheme: InitScheme
    params: dict[str, Value]
    fan_in: int
    fan_out: int
    seed: int
    weights: Tensor
    theory: Theory
    mean: float
    std: float
    min: float
    max: float


def sample_weights(
    scheme_key: str, fan_in: int, fan_out: int, params: Mapping[str, object] | None = None, seed: int = 0
) -> WeightSample:
    """Samples a (fan_out, fan_in) weight with the scheme, reproducibly from `seed`.

    sparse_ draws its zero positions from torch's global generator, so that one is seeded too,
    inside `fork_rng` (the caller's random state is left as it was).
    """
    scheme = INITS.get(scheme_key)
    check_fans(fan_in, fan_out)
    values = scheme.resolve(params)
    weight = torch.empty(fan_out, fan_in)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(int(seed))
        with torch.no_grad():
            scheme.fill(weight, values, _generator(seed))
    flat = weight.reshape(-1)
    mean = flat.mean()
    # One centred dot product: several times faster than torch.std_mean on a million values.
    deviation = flat - mean
    std = torch.sqrt(torch.dot(deviation, deviation) / (flat.numel() - 1)) if flat.numel() > 1 else torch.zeros(())
    low, high = torch.aminmax(flat)
    return WeightSample(
        scheme,
        values,
        fan_in,
        fan_out,
        int(seed),
        flat,
        scheme.theory_fn(fan_in, fan_out, values),
        float(mean),
        float(std),
        float(low),
        float(high),
    )


def _compact(theory: Theory) -> bool:
    """A bounded support not much wider than the spread (uniform, truncated normal), worth showing whole;
    an orthogonal entry is bounded by ±gain but concentrated far inside."""
    return theory.bounded and theory.high - theory.low <= 8 * theory.std


def histogram_edges(samples: list[WeightSample], bins: int | None = None) -> np.ndarray:
    """Common bin edges for the samples.

    `bins` bins (or 10 to 100, growing with the sample size) span the samples' range, widened to the
    theoretical support of bounded schemes so its ends fall on bin edges, plus two empty bins each
    side. When every weight is equal, an odd count centres the value in the middle bin.
    """
    low = min(min(s.min, s.theory.low) if _compact(s.theory) else s.min for s in samples)
    high = max(max(s.max, s.theory.high) if _compact(s.theory) else s.max for s in samples)
    if bins is None:
        size = max(s.weights.numel() for s in samples)
        bins = int(min(100, max(10, round(math.sqrt(size)))))
    if high - low <= 1e-12 * max(1.0, abs(low)):
        half = max(abs(low), 1.0) * 0.5
        return np.linspace(low - half, high + half, (bins | 1) + 1)
    width = (high - low) / bins
    return np.linspace(low - 2 * width, high + 2 * width, bins + 5)


def histogram_density(sample: WeightSample, edges: np.ndarray) -> np.ndarray:
    """The sample's histogram on evenly spaced `edges`, scaled as a density (area = share of weights
    inside). Bins are [left, right); weights outside the edges are not counted."""
    bins = len(edges) - 1
    low, width = float(edges[0]), float(edges[1] - edges[0])
    # Bin index by arithmetic and bincount, about three times faster than torch.histc. Shifted by one
    # bin, so truncation toward zero is a floor for every weight that is counted; index 0 collects the
    # weights below the edges and index bins + 1 those above.
    index = torch.add(sample.weights, width - low).mul_(1.0 / width).clamp_(0, bins + 1).to(torch.int32)
    counts = torch.bincount(index, minlength=bins + 2)[1:-1]
    return counts.double().numpy() / (sample.weights.numel() * width)


# -- recommendation ------------------------------------------------------------------------------
#: Gauss–Hermite nodes and weights for E[g(z)], z ~ N(0, 1).
_HERMITE_NODES, _HERMITE_WEIGHTS = np.polynomial.hermite_e.hermegauss(241)
_HERMITE_WEIGHTS = _HERMITE_WEIGHTS / _HERMITE_WEIGHTS.sum()
_GAIN_RANGE = (1e-3, 100.0)


def second_moment(activation_key: str, activation_params: Mapping[str, float] | None = None,
                  scale: float = 1.0) -> float:
    """E[f(scale·z)²] for z ~ N(0, 1), by Gauss–Hermite quadrature (241 nodes, float64)."""
    activation = ACTIVATIONS.get(activation_key)
    values = activation.resolve(activation_params)
    z = torch.as_tensor(scale * _HERMITE_NODES, dtype=torch.float64)
    with torch.no_grad():
        square = activation.fn(z, values).double() ** 2
    return float((square.numpy() * _HERMITE_WEIGHTS).sum())


def _map_slope(activation_key: str, values: Mapping[str, float], q: float) -> float:
    """d log V / d log q of the variance map V(q) = E[f(√q·z)²], by a central difference."""
    step = 1e-3
    up = second_moment(activation_key, values, math.sqrt(q * math.exp(step)))
    down = second_moment(activation_key, values, math.sqrt(q * math.exp(-step)))
    return math.log(up / down) / (2 * step) if up > 0 and down > 0 else math.nan


@dataclass(frozen=True)
class GainDerivation:
    """The gain that keeps the signal's scale through a deep stack, derived from the activation.

    Weights with Var(W) = gain² / fan_in (zero mean, biases zero) give the pre-activation
    z = W·h the variance q = gain²·E[h²], so one layer maps q to gain²·V(q), V(q) = E[f(√q·z)²].
    `method` "moment": gain solves E[f(gain·z)²] = 1, so an input with E[x²] = 1 leaves every
    layer with E[h²] = 1 (the map's fixed point is q* = gain², where the first layer starts).
    `method` "fixed_point": f is too small for that (|f| < 1), so gain² = 1 / E[f(z)²] puts the
    fixed point at q* = 1. `slope` is the map's d log q′ / d log q at q*: below 1 the fixed point
    attracts (drifts die out), 1 is neutral (ReLU: any scale is kept), above 1 it repels (finite-
    width noise grows by that factor per layer).
    """

    activation: str
    gain: float
    method: str
    fixed_point: float
    unit_moment: float  # E[f(z)²]
    slope: float

    @property
    def text_en(self) -> str:
        if self.method == "moment":
            rule = f"gain solves E[f(gain·z)²] = 1 for z ~ N(0, 1): gain = {self.gain:.4g}"
        else:
            rule = (f"|f| < 1, so E[f(gain·z)²] = 1 has no solution; gain² = 1 / E[f(z)²] = 1 / {self.unit_moment:.4g}"
                    f" puts the fixed point of q → gain²·E[f(√q·z)²] at q = 1: gain = {self.gain:.4g}")
        return f"{rule}; slope of the variance map there {self.slope:.3g} ({self._stability_en})"

    @property
    def text_zh(self) -> str:
        if self.method == "moment":
            rule = f"gain 满足 E[f(gain·z)²] = 1（z ~ N(0, 1)）：gain = {self.gain:.4g}"
        else:
            rule = (f"|f| < 1，E[f(gain·z)²] = 1 无解；取 gain² = 1 / E[f(z)²] = 1 / {self.unit_moment:.4g}，"
                    f"使方差映射 q → gain²·E[f(√q·z)²] 的不动点为 q = 1：gain = {self.gain:.4g}")
        return f"{rule}；该处方差映射的斜率为 {self.slope:.3g}（{self._stability_zh}）"

    @property
    def stability(self) -> str:
        """"attracting", "neutral" or "repelling"."""
        if abs(self.slope - 1.0) <= 0.01:
            return "neutral"
        return "attracting" if self.slope < 1.0 else "repelling"

    @property
    def _stability_en(self) -> str:
        return {"attracting": "below 1: deviations die out", "neutral": "1: every scale is kept",
                "repelling": "above 1: deviations grow with depth"}[self.stability]

    @property
    def _stability_zh(self) -> str:
        return {"attracting": "小于 1：偏差逐层消退", "neutral": "等于 1：任何尺度都保持",
                "repelling": "大于 1：偏差随深度放大"}[self.stability]


def derive_gain(activation_key: str, activation_params: Mapping[str, float] | None = None) -> GainDerivation:
    """The variance-keeping gain of the activation (see GainDerivation), found numerically."""
    values = ACTIVATIONS.get(activation_key).resolve(activation_params)
    unit = second_moment(activation_key, values)
    low, high = _GAIN_RANGE
    if second_moment(activation_key, values, high) >= 1.0 and second_moment(activation_key, values, low) < 1.0:
        for _ in range(60):  # E[f(g·z)²] grows with g for every registered activation; bisect in log g
            middle = math.sqrt(low * high)
            low, high = (middle, high) if second_moment(activation_key, values, middle) < 1.0 else (low, middle)
        gain = math.sqrt(low * high)
        method, fixed_point = "moment", gain * gain
    else:
        gain = 1.0 / math.sqrt(unit) if unit > 0 else 1.0
        method, fixed_point = "fixed_point", 1.0
    return GainDerivation(activation_key, gain, method, fixed_point, unit,
                          _map_slope(activation_key, values, fixed_point))


@dataclass(frozen=True)
class Recommendation:
    """The scheme recommended for an activation, with its parameters, the reason and the derivation."""

    scheme: str
    params: dict[str, Value]
    reason_en: str
    reason_zh: str
    derivation: GainDerivation


def recommended_init(activation_key: str, activation_params: Mapping[str, float] | None = None) -> Recommendation:
    """The notes' rule with the gain derived from the activation (`derive_gain`); biases zero.

    ReLU family → Kaiming (its gain √(2 / (1 + a²)) is the derived one); SELU → LeCun normal (the
    derived gain is 1); every other activation → Xavier normal with the derived gain, which for the
    square layers of a deep stack is Var(W) = gain² / fan_in.
    """
    activation = ACTIVATIONS.get(activation_key)
    values = activation.resolve(activation_params)
    derivation = derive_gain(activation_key, values)
    derived_en, derived_zh = f"Derived: {derivation.text_en}.", f"推导：{derivation.text_zh}。"
    if activation.family == "relu":
        slope = values.get("negative_slope", values.get("weight"))
        if slope is None:
            params: dict[str, Value] = {"a": 0.0, "mode": "fan_in", "nonlinearity": "relu"}
            detail_en, detail_zh = "nonlinearity='relu'", "nonlinearity='relu'"
        else:
            params = {"a": float(slope), "mode": "fan_in", "nonlinearity": "leaky_relu"}
            detail_en = detail_zh = f"nonlinearity='leaky_relu', a = {slope:g}"
        torch_gain = nn.init.calculate_gain(str(params["nonlinearity"]), float(params["a"]))
        return Recommendation(
            "kaiming_normal",
            params,
            f"ReLU-family units zero (most of) the negative half of the signal, so Kaiming/He init doubles "
            f"the variance: Var(W) = gain² / fan_in, torch's gain {torch_gain:.4g} ({detail_en}). Biases zero. "
            + derived_en,
            f"ReLU 类激活把负半轴信号（大部分）置零，Kaiming（He）初始化把方差加倍：Var(W) = gain² / fan_in，"
            f"torch 的 gain 为 {torch_gain:.4g}（{detail_zh}）。偏置初始化为零。" + derived_zh,
            derivation,
        )
    if activation_key == "selu":
        return Recommendation(
            "lecun_normal",
            {},
            "SELU only self-normalises with LeCun-normal weights, Var(W) = 1 / fan_in (torch: kaiming_normal_ "
            "with nonlinearity='linear'). Biases zero. " + derived_en,
            "SELU 只有配合 LeCun 正态初始化 Var(W) = 1 / fan_in 才能自归一化（torch 中为 nonlinearity='linear' "
            "的 kaiming_normal_）。偏置初始化为零。" + derived_zh,
            derivation,
        )
    gain = round(derivation.gain, 4)
    torch_en = torch_zh = ""
    if activation_key in NONLINEARITIES:
        torch_gain = nn.init.calculate_gain(activation_key)
        torch_en = f" (torch's calculate_gain('{activation_key}') = {torch_gain:.4g})"
        torch_zh = f"（torch 的 calculate_gain('{activation_key}') = {torch_gain:.4g}）"
    return Recommendation(
        "xavier_normal",
        {"gain": gain},
        f"Xavier/Glorot normal with the gain derived from the activation, gain = {gain:.4g}{torch_en}: "
        f"Var(W) = gain² · 2 / (fan_in + fan_out). Biases zero. " + derived_en,
        f"Xavier（Glorot）正态初始化，gain 由激活函数推导得出，gain = {gain:.4g}{torch_zh}："
        f"Var(W) = gain² · 2 / (fan_in + fan_out)。偏置初始化为零。" + derived_zh,
        derivation,
    )
