"""The network just trained, shared between panels that may not import each other: the Training
panel offers it (and computes its loss landscape in its training process), the Landscape panel asks
for that landscape. The window makes one link and hands it to both."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from actgui.core.network_landscape import LandscapeSettings


class TrainedNetworkLink(QObject):
    """`description` names the network on offer ("" while there is none); `compute(settings)` asks
    its owner for the loss landscape, which answers through `progressed`, `computed` or `failed`
    (an empty reason: cancelled)."""

    changed = Signal()  # a network was offered or withdrawn
    progressed = Signal(int, int)  # loss evaluations done, in all
    computed = Signal(object)  # NetworkLandscape
    failed = Signal(str)  # why ("" when cancelled)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trained_network")
        self.description = ""
        self.busy = False
        self._compute: Callable[[LandscapeSettings], bool] | None = None
        self._cancel: Callable[[], None] | None = None

    @property
    def available(self) -> bool:
        return self._compute is not None

    # -- the owner's side -----------------------------------------------------------------------
    def offer(self, description: str, compute: Callable[[LandscapeSettings], bool], cancel: Callable[[], None]) -> None:
        """A trained network is there: `compute(settings)` starts its landscape (False when it cannot)."""
        self.description, self._compute, self._cancel = description, compute, cancel
        self.changed.emit()

    def withdraw(self) -> None:
        """The network is gone (a new run started); a computation under way ends as failed."""
        if self._compute is None:
            return
        self.description, self._compute, self._cancel = "", None, None
        if self.busy:
            self.report_failed("")
        self.changed.emit()

    def report_progress(self, done: int, total: int) -> None:
        if self.busy:
            self.progressed.emit(done, total)

    def report_computed(self, landscape: object) -> None:
        if self.busy:
            self.busy = False
            self.computed.emit(landscape)

    def report_failed(self, reason: str) -> None:
        if self.busy:
            self.busy = False
            self.failed.emit(reason)

    # -- the viewer's side ----------------------------------------------------------------------
    def compute(self, settings: LandscapeSettings) -> bool:
        """Starts the landscape of the network on offer; False when there is none or one is under way."""
        if self._compute is None or self.busy:
            return False
        self.busy = True
        if not self._compute(settings):
            self.busy = False
            return False
        return True

    def cancel(self) -> None:
        if self.busy and self._cancel is not None:
            self._cancel()
