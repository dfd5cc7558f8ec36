"""Each ended run's network offered on the window's TrainedNetworkLink, so the Landscape panel can
ask the training process for its loss landscape (computed there, reported back here)."""

from __future__ import annotations

import math

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

    def _compute(self, run_id: int, settings: LandscapeSettings) -> bool:
        self._request = self.worker.compute_landscape(run_id, settings)
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
