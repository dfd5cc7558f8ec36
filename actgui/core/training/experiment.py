"""The training experiment as the Training panel and `actgui train` both run it: the comparison
plan (which runs a compare produces), training a run to its end into a history, merging runs into
one table, and the JSON export. The settings and their defaults are `TrainingConfig`'s.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from actgui.core.activations import ACTIVATIONS
from actgui.core.cnn import SHOOTOUT_ACTIVATIONS
from actgui.core.files import atomic_write
from actgui.core.inits import INITS
from actgui.core.models import MODELS
from actgui.core.palette import CURVE_COLORS
from actgui.core.registry import QT_TRANSLATE_NOOP, Param
from actgui.core.table import Table
from actgui.core.training.config import TrainingConfig
from actgui.core.training.history import RunHistory
from actgui.core.training.records import Record
from actgui.core.training.trainer import Trainer, run_to_end

#: Run colours for comparisons without registry colours (and class colours in the figures).
PALETTE = CURVE_COLORS
COMPARE_KINDS = ("activation", "init", "lr")
#: The notes' experiment: the same network with these activations, curves overlaid.
NOTES_COMPARISON = "sigmoid, relu, elu, leaky_relu, selu, gelu"
#: The values offered first for each kind of comparison.
COMPARE_DEFAULTS = {"activation": NOTES_COMPARISON, "init": "xavier_normal, kaiming_normal, normal, zeros",
                    "lr": "0.001, 0.01, 0.1"}
MIN_COMPARED = 2
#: A comparison of activations for a model that takes images (the notes' CNN experiment) trains the
#: notes' variants: `gelu` in its tanh form (gelu_tanh), `leaky_relu` with α = 0.2.
NOTES_VARIANTS = {"gelu": SHOOTOUT_ACTIVATIONS[5], "leaky_relu": SHOOTOUT_ACTIVATIONS[3]}
#: Seeds per compared value (the panel's default is 3: a difference between values may otherwise be luck).
SEEDS = Param("seeds", 3, 1, 10, "seeds per compared value", "每个取值的随机种子数", 1, integer=True)
MAX_SEEDS = int(SEEDS.maximum)
#: The most runs one comparison trains (values × seeds): each curve must stay readable, and each run
#: costs a network's memory.
MAX_COMPARED_RUNS = 24
#: The validation accuracy whose first step the results table reports.
TARGET_ACCURACY = 0.9
TOO_FEW_VALUES = QT_TRANSLATE_NOOP("TrainingPanel", "give at least two values to compare")
DIFFERENT_LAYERS = QT_TRANSLATE_NOOP("TrainingPanel",
                                     "the compared runs have different layers; export them one at a time")

#: How a run is named from its registry entry (the panel shows translated names, the CLI keys).
Namer = Callable[[object], str]


def registry_key(entry: object) -> str:
    return str(entry.key)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class PlannedRun:
    """One run of a plan: its config, the value that sets it apart (a registry key or a learning
    rate), its label and colour."""

    config: TrainingConfig
    value: str
    label: str
    color: str


def split_values(text: str) -> list[str]:
    """'sigmoid, relu; gelu' → ['sigmoid', 'relu', 'gelu']."""
    return [v.strip() for v in text.replace(";", ",").split(",") if v.strip()]


def single_run(config: TrainingConfig, name: Namer = registry_key) -> PlannedRun:
    """The plan of one run: `config` checked, named and coloured after its activation."""
    config = config.checked()
    activation = ACTIVATIONS.get(config.activation)
    return PlannedRun(config, config.activation, name(activation), activation.color)


def check_compared_runs(values: int, seeds: int = 1) -> None:
    """Raises ValueError when `values` × `seeds` runs are more than MAX_COMPARED_RUNS."""
    if values * seeds > MAX_COMPARED_RUNS:
        per_seed = f" × {seeds} seeds = {values * seeds} runs" if seeds > 1 else ""
        raise ValueError(f"{values} values{per_seed}: at most {MAX_COMPARED_RUNS} runs are compared at once "
                         "(fewer values or seeds)")


def compare_plan(base: TrainingConfig, kind: str, values: Sequence[str],
                 name: Namer = registry_key, seeds: int = 1,
                 activation_params: Mapping[str, Mapping[str, float]] | None = None) -> list[PlannedRun]:
    """The runs a comparison produces: `base` once per value of `kind` (activation, init, lr) and
    seed (the base's seed, then the next `seeds - 1`), value by value. An activation or init keeps
    the base's parameters when it is the base's own; another activation takes its entry of
    `activation_params` (e.g. the panel's Leaky ReLU slope), else its defaults (for a model that
    takes images, the notes' variants: NOTES_VARIANTS); another init its defaults. Raises
    ValueError naming a bad value (UnknownKeyError for an unknown key)."""
    if kind not in COMPARE_KINDS:
        raise ValueError(f"compare by one of: {', '.join(COMPARE_KINDS)} (got '{kind}')")
    if len(values) < MIN_COMPARED:
        raise ValueError(TOO_FEW_VALUES)
    if not 1 <= int(seeds) <= MAX_SEEDS:
        raise ValueError(f"seeds: between 1 and {MAX_SEEDS} per value (got {seeds})")
    check_compared_runs(len(values), int(seeds))
    plan = _one_seed_plan(base, kind, values, name, activation_params or {})
    first = plan[0].config.seed
    return [replace(run, config=replace(run.config, seed=first + k)) for run in plan for k in range(int(seeds))]


def _one_seed_plan(base: TrainingConfig, kind: str, values: Sequence[str], name: Namer,
                   activation_params: Mapping[str, Mapping[str, float]]) -> list[PlannedRun]:
    data = base.checked().to_dict()
    plan = []
    for index, value in enumerate(values):
        color = PALETTE[index % len(PALETTE)]
        if kind == "activation":
            key = value
            params = data["activation_params"] if value == data["activation"] else \
                dict(activation_params.get(value, {}))
            if MODELS.get(base.model).images and value in NOTES_VARIANTS and value != data["activation"]:
                key, params = NOTES_VARIANTS[value]
            activation = ACTIVATIONS.get(key)
            config = TrainingConfig.from_dict({**data, "activation": key, "activation_params": dict(params)})
            plan.append(PlannedRun(config, value, name(activation), activation.color))
        elif kind == "init":
            scheme = INITS.get(value)
            params = data["init_params"] if value == data["init"] else {}
            config = TrainingConfig.from_dict({**data, "init": value, "init_params": params})
            plan.append(PlannedRun(config, value, name(scheme), color))
        else:
            try:
                lr = float(value)
            except ValueError:
                raise ValueError(f"learning rate '{value}' is not a number") from None
            config = TrainingConfig.from_dict({**data, "lr": lr})
            plan.append(PlannedRun(config, value, f"lr = {lr:g}", color))
    return plan


def train_history(trainer: Trainer, label: str = "", color: str = "", capacity: int | None = None,
                  on_record: Callable[[Record], None] | None = None) -> RunHistory:
    """Trains `trainer` to the end in this process; the history of every record, with its result."""
    history = RunHistory(trainer.info, capacity, label, color)

    def add(record: Record) -> None:
        history.add(record)
        if on_record is not None:
            on_record(record)

    history.result = run_to_end(trainer.records(), add)
    return history


def merge_runs(histories: Sequence[RunHistory], leading: str = "run", values: Sequence[object] | None = None,
               columns: Callable[[RunHistory], Sequence[str]] | None = None) -> Table:
    """The runs' rows in one table: every column (or `columns(history)`), with a first column
    `leading` holding each run's value of `values` (default: its label) when there are several.
    Raises ValueError when the runs' columns differ."""
    if not histories:
        raise ValueError("no runs")
    if len(histories) == 1:
        history = histories[0]
        return history.table(None if columns is None else columns(history))
    names = values if values is not None else [history.label for history in histories]
    tables = [history.table(None if columns is None else columns(history), leading={leading: value})
              for history, value in zip(histories, names, strict=True)]
    header = tables[0].header
    if any(table.header != header for table in tables):
        raise ValueError(DIFFERENT_LAYERS)
    return Table({name: [v for table in tables for v in table.columns[name]] for name in header})


def groups(plan: Sequence[PlannedRun]) -> list[list[int]]:
    """The plan's run indices by compared value, in the plan's order (the seeds of one value)."""
    order: dict[str, list[int]] = {}
    for index, run in enumerate(plan):
        order.setdefault(run.value, []).append(index)
    return list(order.values())


def steps_to_accuracy(history: RunHistory, target: float = TARGET_ACCURACY) -> float:
    """The first recorded step with validation accuracy ≥ `target` (NaN when never reached)."""
    reached = np.flatnonzero(history.column("val_accuracy") >= target)
    return float(history.column("step")[reached[0]]) if reached.size else math.nan


def run_summary(history: RunHistory) -> dict[str, float]:
    """One run's results: final and best validation accuracy and loss, steps to TARGET_ACCURACY,
    the final dead and saturated share of the hidden units (mean over layers) and seconds."""
    if not len(history):
        raise ValueError("the run has no records yet")
    accuracy, loss = history.column("val_accuracy"), history.column("val_loss")
    finite_accuracy, finite_loss = accuracy[np.isfinite(accuracy)], loss[np.isfinite(loss)]
    last = history.data[-1]
    return {
        "final_val_accuracy": float(accuracy[-1]), "best_val_accuracy":
            float(finite_accuracy.max()) if finite_accuracy.size else math.nan,
        "final_val_loss": float(loss[-1]), "best_val_loss": float(finite_loss.min()) if finite_loss.size else math.nan,
        "steps_to_90": steps_to_accuracy(history),
        "dead_share": float(np.mean(history.metric("dead_fraction")[-1])),
        "saturated_share": float(np.mean(history.metric("saturated_fraction")[-1])),
        "seconds": float(last[history.columns.index("elapsed")]),
        "step": float(last[0]),
    }


#: The results table's columns after the value, label, runs and seeds: (summary key, statistics).
RESULT_COLUMNS = (("final_val_accuracy", ("mean", "min", "max")), ("final_val_loss", ("mean", "min", "max")),
                  ("best_val_accuracy", ("mean",)), ("best_val_loss", ("mean",)), ("steps_to_90", ("mean",)),
                  ("dead_share", ("mean",)), ("saturated_share", ("mean",)), ("seconds", ("mean",)))
_STATISTICS = {"mean": np.nanmean, "min": np.nanmin, "max": np.nanmax}


def results_table(plan: Sequence[PlannedRun], histories: Sequence[RunHistory], leading: str = "value") -> Table:
    """One row per compared value: its label, how many runs, the seeds, then the mean (and for the
    final validation accuracy and loss also the min and max) over its seeds of every `run_summary`
    entry (NaN where no seed has a value, e.g. steps_to_90 when none reached 90 %). Runs without
    records yet are left out."""
    if len(plan) != len(histories):
        raise ValueError(f"{len(plan)} planned runs but {len(histories)} histories")
    columns: dict[str, list] = {leading: [], "label": [], "runs": [], "seeds": []}
    for key, statistics in RESULT_COLUMNS:
        for statistic in statistics:
            columns[f"{key}_{statistic}" if len(statistics) > 1 else key] = []
    for members in groups(plan):
        summaries = [run_summary(histories[i]) for i in members if len(histories[i])]
        if not summaries:
            continue
        run = plan[members[0]]
        columns[leading].append(run.value)
        columns["label"].append(run.label)
        columns["runs"].append(len(summaries))
        columns["seeds"].append(" ".join(str(plan[i].config.seed) for i in members if len(histories[i])))
        for key, statistics in RESULT_COLUMNS:
            values = np.array([summary[key] for summary in summaries])
            for statistic in statistics:
                name = f"{key}_{statistic}" if len(statistics) > 1 else key
                columns[name].append(float(_STATISTICS[statistic](values)) if np.isfinite(values).any()
                                     else math.nan)
    return Table(columns)


def runs_json(histories: Sequence[RunHistory], **header: object) -> dict:
    """`header` (e.g. app and panel) and every run's config, description, result and rows."""
    return {**header, "runs": [history.to_json() for history in histories]}


def _finite(value: object) -> object:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def json_default(value: object) -> object:
    """numpy arrays and numbers as JSON lists and numbers (non-finite floats as null)."""
    if isinstance(value, np.ndarray | np.generic):
        return _finite(value.tolist())
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def write_json(path: str | Path, data: object) -> Path:
    """Writes `data` as indented UTF-8 JSON atomically (a temporary file beside it, then renamed);
    raises OSError when it cannot be written."""
    text = json.dumps(data, indent=1, ensure_ascii=False, default=json_default)
    return atomic_write(path, text + "\n")
