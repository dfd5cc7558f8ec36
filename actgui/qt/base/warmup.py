"""torch imported in the background, so the window paints before it is there.

`actgui.qt.shell.app.run` calls `start()` before it builds the window. From then on panels hand what
needs torch to `when_torch_ready`; once the window has painted its first frame (or, with
`start(on_first_paint=False)`, when `import_now()` is called: the main window calls it once the
visible panel's controls are on the screen), a daemon thread imports torch (seconds on a small
machine), and then the callbacks run on the GUI thread and the plots fill in. (Importing while
widgets are built would only slow both: loading torch's libraries holds the GIL.)
After those, once the plots they drew are painted, a second step constructs one torch.optim optimiser
(which imports torch._dynamo, seconds again) in the background, so the first descent path or
optimiser on the GUI thread does not pay it.

Without `start()` (tests, the CLI) nothing is deferred: `when_torch_ready` calls at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

#: The optimiser warm-up starts at the latest this long after torch is imported.
OPTIMISER_WARMUP_LATEST_MS = 1000


class _Warmup(QObject):
    """Lives on the GUI thread; the import thread signals it, so the callbacks run on the GUI thread."""

    imported = Signal()

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.app = app
        self.done = False
        self.importing = False
        self.optimisers_started = False
        self.pending: list[tuple[QObject, tuple[Callable[[], object], ...]]] = []
        self.imported.connect(self._run_pending)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Paint:  # the first frame, then the plots: each once it is on the screen
            self.app.removeEventFilter(self)
            QTimer.singleShot(0, self._warm_optimisers if self.done else self.import_torch)
        return False

    def import_torch(self) -> None:
        if not self.importing:
            self.importing = True
            threading.Thread(target=_import_torch, args=(self,), name="actgui-torch-import", daemon=True).start()

    def _run_pending(self) -> None:
        self.done = True
        pending, self.pending = self.pending, []
        for owner, callbacks in pending:
            if shiboken6.isValid(owner):  # a panel closed meanwhile has nothing left to draw
                _run(callbacks)
        self.app.installEventFilter(self)  # the optimisers once the plots are painted
        QTimer.singleShot(OPTIMISER_WARMUP_LATEST_MS, self._warm_optimisers)  # or if nothing repaints

    def _warm_optimisers(self) -> None:
        if not self.optimisers_started:
            self.optimisers_started = True
            self.app.removeEventFilter(self)
            threading.Thread(target=_warm_optimisers, name="actgui-optimiser-warmup", daemon=True).start()


_warmup: _Warmup | None = None


def _import_torch(warmup: _Warmup) -> None:
    try:
        import torch  # noqa: F401 (imported for its side effect: the module is loaded)
    finally:
        warmup.imported.emit()


def _warm_optimisers() -> None:
    import torch

    torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)


#: With start(on_first_paint=False), torch is imported at the latest this long after start().
IMPORT_LATEST_MS = 3000


def start(on_first_paint: bool = True) -> None:
    """Defers what needs torch until it is imported, on a daemon thread after the first frame, or
    when `import_now()` is called (once; call on the GUI thread, after the QApplication is made)."""
    global _warmup
    if _warmup is not None:
        return
    app = QCoreApplication.instance()
    _warmup = _Warmup(app)
    if on_first_paint:
        app.installEventFilter(_warmup)
    else:
        QTimer.singleShot(IMPORT_LATEST_MS, _warmup.import_torch)


def import_now() -> None:
    """Starts the background import of torch now (if `start()` deferred it and it has not begun)."""
    if _warmup is not None:
        _warmup.import_torch()


def torch_ready() -> bool:
    """Whether code on the GUI thread can use torch without waiting for the background import."""
    return _warmup is None or _warmup.done


def when_torch_ready(owner: QObject, *callbacks: Callable[[], object]) -> None:
    """Runs `callbacks` in order for `owner` (skipped if it is deleted first): now when nothing is
    imported in the background, else on the GUI thread after the import, never inside the caller,
    so a constructor stays light."""
    if _warmup is None:
        _run(callbacks)
    elif _warmup.done:
        QTimer.singleShot(0, owner, lambda: _run(callbacks))
    else:
        _warmup.pending.append((owner, callbacks))


def _run(callbacks: tuple[Callable[[], object], ...]) -> None:
    for callback in callbacks:
        callback()
