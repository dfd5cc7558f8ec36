"""Each ended run's network offered on the window's TrainedNetworkLink, so the Landscape panel can
ask the training process for its loss landscape (computed there, reported back here)."""

from __future__ import annotations

import math
from pathlib import Path

from actgui.core.network_landscape import LandscapeSettings
from actgui.core.training.history import RunHistory
from actgui.qt.base.trained_network import TrainedNetworkLink
from actgui.qt.panels.training.widgets import translate
from actgui.qt.panels.training.worker import TrainingWorker


class NetworkOffer:
    """Brokers one link: offers, withdraws, and relays a landscape's progress, result or failure."""

    def __init__(self, link: TrainedNetworkLink, worker: TrainingWorker) -> None:
        self.link, self.worker = link, worker
        self._request: int | None = None
        worker.landscapeProgress.connect(self._progress)
        worker.landscapeComputed.connect(self._computed)
        worker.landscapeFailed.connect(self._failed)

    def withdraw(self) -> None:
        self.link.withdraw()

    def offer(self, run_id: int, history: RunHistory | None) -> None:
        """Offers `history`'s network (run `run_id`) unless it diverged or has no record."""
        if history is None or history.latest is None:
            return
        if history.result is not None and history.result.status == "diverged":
            self.link.withdraw()
            return
        loss = history.latest.train_loss
        description = translate("TrainingPanel", "{label} (step {step}, training loss {loss})").format(
            label=history.label, step=history.latest.step,
            loss="–" if loss is None or not math.isfinite(loss) else f"{loss:.4g}")
        self.link.offer(description, lambda settings: self._compute(run_id, settings), self.worker.cancel_landscape)

    def offer_file(self, path: str, index: int, history: RunHistory) -> None:
        """Offers run `index` of an opened run file, from its last weights (computed from the file)."""
        latest = history.latest
        loss = latest.train_loss if latest is not None else math.nan
        description = translate("TrainingPanel", "{label} of {file} (step {step}, training loss {loss})").format(
            label=history.label, file=Path(path).name, step=latest.step if latest is not None else 0,
            loss="–" if loss is None or not math.isfinite(loss) else f"{loss:.4g}")
        self.link.offer(description, lambda settings: self._compute(0, settings, index, path),
                        self.worker.cancel_landscape)

    def _compute(self, run_id: int, settings: LandscapeSettings, index: int = 0, run_file: str = "") -> bool:
        self._request = self.worker.compute_landscape(run_id, settings, index, run_file)
        return self._request is not None

    def _progress(self, request: int, done: int, total: int) -> None:
        if request == self._request:
            self.link.report_progress(done, total)

    def _computed(self, request: int, landscape: object) -> None:
        if request == self._request:
            self._request = None
            self.link.report_computed(landscape)

    def _failed(self, request: int, reason: str) -> None:
        if request == self._request:
            self._request = None
            self.link.report_failed(reason)
