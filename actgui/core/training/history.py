"""A run's records as rows of numbers in bounded memory (`RunHistory`), the bounded snapshots of
its larger arrays (`Snapshots`), the records rebuilt from the rows for replays, and the smoothing
the curves use (`ema`)."""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, fields

import numpy as np

from actgui.core.network_detail import NetworkDetail
from actgui.core.table import Table
from actgui.core.training.records import PER_HIDDEN, PER_LAYER, SCALAR, Record, RunInfo, RunResult


def ema(values: np.ndarray, smoothing: float) -> np.ndarray:
    """The debiased exponential moving average s_t = a·s_(t−1) + (1 − a)·x_t, s_(−1) = 0, divided by
    1 − a^(t+1) (as TensorBoard smooths), with a = `smoothing` in [0, 1); vectorised in blocks.
    Below a = 1e-3 the values come back unchanged (they differ from the average by under 0.1 %)."""
    x = np.asarray(values, dtype=np.float64)
    a = float(smoothing)
    if not 0.0 <= a < 1.0:
        raise ValueError(f"smoothing must be in [0, 1) (got {a:g})")
    if a < 1e-3 or x.size == 0:
        return x.copy()
    block = 32
    powers = a ** np.arange(block + 1)
    out = np.empty_like(x)
    carry = 0.0
    for start in range(0, x.size, block):
        chunk = x[start:start + block]
        n = chunk.size
        # s_(start+j) = a^(j+1)·carry + (1 − a)·Σ_(i≤j) a^(j−i)·x_(start+i)
        weighted = np.cumsum(chunk / powers[:n]) * powers[:n]
        out[start:start + n] = powers[1:n + 1] * carry + (1 - a) * weighted
        carry = out[start + n - 1]
    return out / (1 - a ** np.arange(1, x.size + 1))


# -- history -------------------------------------------------------------------------------------
def _fields_with(kind: dict) -> tuple[str, ...]:
    return tuple(f.name for f in fields(Record) if f.metadata.get("column") == kind["column"])


SCALAR_COLUMNS = _fields_with(SCALAR)
LAYER_METRICS = _fields_with(PER_LAYER)
HIDDEN_METRICS = _fields_with(PER_HIDDEN)
_ARRAY_FIELDS = (*LAYER_METRICS, *HIDDEN_METRICS)
#: The values each layer has in a metric with more than one ("parts" in its field metadata).
METRIC_PARTS: dict[str, tuple] = {f.name: tuple(f.metadata["parts"]) for f in fields(Record) if "parts" in f.metadata}
#: The columns `actgui train` writes.
CLI_METRICS = ("grad_norm", "dead_fraction")


#: How many grid predictions and histograms a RunHistory keeps over a run (for replays).
SNAPSHOTS = 64


class Snapshots:
    """(step, array) pairs spanning a whole run in bounded memory: once `capacity` are kept, every
    second one is dropped and from then on every second one is kept (doubling again when full), as
    RunHistory does with its rows; the latest always stays."""

    def __init__(self, capacity: int = SNAPSHOTS, dtype: type = np.float32) -> None:
        if capacity < 2:
            raise ValueError("capacity must be at least 2")
        self.capacity, self.dtype = capacity, dtype
        self._kept: list[tuple[int, np.ndarray]] = []
        self._latest: tuple[int, np.ndarray] | None = None  # when it is not among the kept
        self._stride, self._skip = 1, 0

    def add(self, step: int, array: np.ndarray) -> None:
        item = (int(step), np.asarray(array, dtype=self.dtype))
        if self._skip > 0:
            self._skip -= 1
            self._latest = item
            return
        if len(self._kept) == self.capacity:
            self._kept = self._kept[::2]
            self._stride *= 2
        self._kept.append(item)
        self._latest = None
        self._skip = self._stride - 1

    @property
    def items(self) -> list[tuple[int, np.ndarray]]:
        return self._kept + ([self._latest] if self._latest is not None else [])

    def __len__(self) -> int:
        return len(self._kept) + int(self._latest is not None)

    def at(self, step: int) -> np.ndarray | None:
        """The latest array recorded at or before `step` (float32), None before the first."""
        return self.spread([step])[0]

    def spread(self, steps: Sequence[int]) -> list[np.ndarray | None]:
        """`at(step)` for each of `steps`; each kept array is converted once and shared by the steps it
        stands for (a replay of thousands of records holds at most `capacity` + 1 arrays)."""
        items = self.items
        kept_steps = [item_step for item_step, _ in items]
        converted: dict[int, np.ndarray] = {}
        spread: list[np.ndarray | None] = []
        for step in steps:
            index = bisect.bisect_right(kept_steps, step) - 1
            if index >= 0 and index not in converted:
                converted[index] = items[index][1].astype(np.float32)
            spread.append(converted.get(index) if index >= 0 else None)
        return spread


class RunHistory:
    """A run's records as rows of numbers, in bounded memory.

    With a `capacity`, a full history keeps every second row and from then on stores every second
    record only (doubling again when full again), so it always spans the whole run with at most
    `capacity` rows; the latest record is always kept as a last extra row. Without one it grows.
    The latest histograms, grid predictions and network detail are kept, and `grids` and
    `histogram_snapshots` keep up to SNAPSHOTS of them over the whole run (grids in float16) for
    replays; older network details are dropped. Only the latest image payloads and per-channel
    arrays (image data sets) are kept; `epochs` keeps (epoch, validation loss, validation accuracy)
    of every epoch's end, on the whole validation set.
    """

    def __init__(self, info: RunInfo, capacity: int | None = 4096, label: str = "", color: str = "") -> None:
        if capacity is not None and capacity < 4:
            raise ValueError("capacity must be at least 4")
        self.info, self.capacity, self.label, self.color = info, capacity, label, color
        self.columns = [*SCALAR_COLUMNS]
        for metric in _ARRAY_FIELDS:
            self.columns += self.metric_columns(metric)
        self._index = {name: i for i, name in enumerate(self.columns)}
        self._rows = np.empty(((capacity or 256) + 1, len(self.columns)))
        self._count = 0
        self._stride = 1
        self._skip = 0
        self._tail = False  # whether row `_count` holds the latest record (not a stored row)
        self.records_seen = 0
        self.latest: Record | None = None
        self.histograms: np.ndarray | None = None
        self.grid: np.ndarray | None = None
        self.grids = Snapshots(dtype=np.float16)
        self.histogram_snapshots = Snapshots()
        self.network: NetworkDetail | None = None
        self.images: Record | None = None  # the latest record with image payloads
        self.channels: Record | None = None  # the latest record with per-channel arrays
        self.epochs: list[tuple[float, float, float]] = []
        self.result: RunResult | None = None
        self.messages: list[str] = list(info.messages)
        self.marks: list[tuple[int, str]] = []  # (step, what changed there), e.g. a live learning-rate change
        self.changes: list[tuple[int, dict[str, float]]] = []  # (step, the live settings applied after it)

    def layers(self, metric: str) -> list[str]:
        """The layers a per-layer metric has a value for: every linear layer, or the hidden ones."""
        return self.info.layer_names if metric in LAYER_METRICS else self.info.hidden_names

    def metric_columns(self, metric: str) -> list[str]:
        """A per-layer metric's columns: <metric>/<layer>, or <metric>/<layer>/p<part> for each of its parts."""
        parts = METRIC_PARTS.get(metric)
        if parts is None:
            return [f"{metric}/{layer}" for layer in self.layers(metric)]
        return [f"{metric}/{layer}/p{part}" for layer in self.layers(metric) for part in parts]

    @staticmethod
    def row(record: Record) -> np.ndarray:
        return np.concatenate([[getattr(record, name) for name in SCALAR_COLUMNS],
                               *(np.ravel(getattr(record, name)) for name in _ARRAY_FIELDS)])

    def add(self, record: Record) -> None:
        self.records_seen += 1
        self.latest = record
        if record.histograms is not None:
            self.histograms = record.histograms
            self.histogram_snapshots.add(record.step, record.histograms)
        if record.grid is not None:
            self.grid = record.grid
            self.grids.add(record.step, record.grid)
        if record.network is not None:
            self.network = record.network
        if record.predictions is not None:
            self.images = record
        if record.channel_grad_norm is not None:
            self.channels = record
        if record.epoch_end:
            self.epochs.append((float(record.epoch), float(record.val_loss), float(record.val_accuracy)))
        if record.message:
            self.messages.append(record.message)
        row = self.row(record)
        if self._skip > 0:
            self._skip -= 1
            self._rows[self._count] = row
            self._tail = True
            return
        if self.capacity is not None and self._count == self.capacity:
            kept = self._rows[0:self._count:2].copy()
            self._count = len(kept)
            self._rows[:self._count] = kept
            self._stride *= 2
        elif self.capacity is None and self._count + 1 == len(self._rows):
            self._rows = np.concatenate([self._rows, np.empty_like(self._rows)])
        self._rows[self._count] = row
        self._count += 1
        self._tail = False
        self._skip = self._stride - 1

    def __len__(self) -> int:
        return self._count + int(self._tail)

    @property
    def data(self) -> np.ndarray:
        """The stored rows and the latest record (a view, no copy)."""
        return self._rows[:len(self)]

    def column(self, name: str) -> np.ndarray:
        """One column of `data`; raises KeyError naming the columns for an unknown name."""
        if name not in self._index:
            raise KeyError(f"no column '{name}' (columns: {', '.join(self.columns)})")
        return self.data[:, self._index[name]]

    def metric(self, metric: str) -> np.ndarray:
        """A per-layer metric as (rows, layers), or (rows, layers, parts) for a metric with parts."""
        values = self.data[:, [self._index[name] for name in self.metric_columns(metric)]]
        if metric in METRIC_PARTS:
            return values.reshape(len(values), len(self.layers(metric)), len(METRIC_PARTS[metric]))
        return values

    def table(self, columns: Sequence[str] | None = None, leading: Mapping[str, object] | None = None) -> Table:
        """The rows as a Table: every column, or the named ones; `leading` adds constant columns first."""
        chosen = list(columns) if columns is not None else self.columns
        data = {name: [value] * len(self) for name, value in (leading or {}).items()}
        for name in chosen:
            values = self.column(name)
            data[name] = values.astype(np.int64) if name == "step" else values
        return Table(data)

    def cli_columns(self) -> list[str]:
        """step, train_loss, val_loss, val_accuracy, then grad_norm/<layer>, dead_fraction/<layer>."""
        names = ["step", "train_loss", "val_loss", "val_accuracy"]
        for metric in CLI_METRICS:
            names += self.metric_columns(metric)
        return names

    def to_json(self) -> dict:
        """Config, run description, result and every metric row (NaN written as null)."""
        rows = [[None if isinstance(v, float) and not math.isfinite(v) else v for v in row]
                for row in self.table().rows()]
        info = self.info
        return {
            "label": self.label, "config": info.config, "task": info.task, "classes": info.classes,
            "init": info.init, "init_params": info.init_params, "loss": info.loss_name, "device": info.device,
            "parameters": info.parameters, "layers": info.layer_names, "messages": self.messages,
            "result": None if self.result is None else asdict(self.result),
            "marks": [list(mark) for mark in self.marks],
            "columns": self.columns, "rows": rows,
        }


def records_from_history(history: RunHistory) -> list[Record]:
    """The records a history kept (its rows), to replay onto the training figures: every Record field
    with a column, and the grid predictions and histograms the history kept at or before each step
    (the latest ones with the last record)."""
    data = history.data
    steps = [int(step) for step in history.column("step")]
    scalars = {name: history.column(name) for name in SCALAR_COLUMNS if name != "step"}
    arrays = {name: history.metric(name).astype(np.float32) for name in _ARRAY_FIELDS}
    grids, histograms = history.grids.spread(steps), history.histogram_snapshots.spread(steps)
    last = len(data) - 1
    return [Record(step=step, **{name: float(values[number]) for name, values in scalars.items()},
                   **{name: values[number] for name, values in arrays.items()},
                   histograms=history.histograms if number == last else histograms[number],
                   grid=history.grid if number == last else grids[number])
            for number, step in enumerate(steps)]
