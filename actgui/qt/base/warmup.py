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

With a start-up helper (`actgui.core.prefetch`, started before Qt is imported and handed to `start`),
the window asks it for the visible panel's first numbers (`prefetch`), which the panel takes with
`when_prefetched`. The helper imports torch on the other core while the window builds its widgets;
the GUI process imports torch itself only once those numbers are drawn and painted (or once the
helper has failed).

Without `start()` (tests, the CLI) nothing is deferred: `when_torch_ready` calls at once.
"""

from __future__ import annotations

import gc
import logging
import os
import subprocess
import threading
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSocketNotifier, QTimer, Signal

from actgui.core import prefetch as helper_protocol

#: The optimiser warm-up starts at the latest this long after torch is imported.
OPTIMISER_WARMUP_LATEST_MS = 1000
#: After the prefetched numbers are handed over, torch's import starts at the latest this long after.
IMPORT_AFTER_NUMBERS_LATEST_MS = 500
#: The start-up helper's answer is given up on after this long; the window then imports torch itself.
PREFETCH_TIMEOUT_MS = 20000

Callbacks = tuple[Callable[[], object], ...]


class _NextPaint(QObject):
    """Calls `then` once: just after the application next paints, or after `latest_ms` if nothing does."""

    def __init__(self, app: QCoreApplication, then: Callable[[], None], latest_ms: int | None = None) -> None:
        super().__init__(app)
        self.app, self.then, self.called = app, then, False
        app.installEventFilter(self)
        if latest_ms is not None:
            QTimer.singleShot(latest_ms, self, self._call)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Paint:  # called once this round of painting is done
            self.app.removeEventFilter(self)
            QTimer.singleShot(0, self, self._call)
        return False

    def _call(self) -> None:
        if not self.called:
            self.called = True
            self.app.removeEventFilter(self)
            self.then()
            self.deleteLater()


class _Prefetch(QObject):
    """Reads the start-up helper's answer for panel `key` as it arrives, without blocking the GUI thread,
    and hands it (or why there is none) to `done(key, answered, result, why)`."""

    def __init__(self, parent: QObject, helper: subprocess.Popen, key: str,
                 done: Callable[[str, bool, object, str], None]) -> None:
        super().__init__(parent)
        self.helper, self.key, self.done = helper, key, done
        self.data = bytearray()
        self.ended = False
        self.fd = helper.stdout.fileno()
        os.set_blocking(self.fd, False)
        self.notifier = QSocketNotifier(self.fd, QSocketNotifier.Read, self)
        self.notifier.activated.connect(self._read)
        QTimer.singleShot(PREFETCH_TIMEOUT_MS, self, lambda: self._end(False, None, "it did not answer in time"))

    def _read(self) -> None:
        try:
            chunk = os.read(self.fd, 1 << 20)
        except BlockingIOError:
            return
        except OSError as error:
            self._end(False, None, str(error))
            return
        if not chunk:  # (not waited for: a helper that is still tearing torch down would hold up the window)
            code = self.helper.poll()
            self._end(False, None, "it ended without an answer" + ("" if code is None else f" (exit code {code})"))
            return
        self.data += chunk
        try:
            complete, result = helper_protocol.decode(bytes(self.data))
        except helper_protocol.PrefetchError as error:
            self._end(False, None, str(error))
            return
        if complete:
            self._end(True, result)

    def _end(self, answered: bool, result: object, why: str = "") -> None:
        if self.ended:
            return
        self.ended = True
        self.notifier.setEnabled(False)
        self.helper.kill()  # it exits by itself once it has answered; this only hurries one that has not
        self.helper.wait()
        self.helper.stdout.close()
        self.data = bytearray()
        self.done(self.key, answered, result, why)


class _Warmup(QObject):
    """Lives on the GUI thread; the import thread signals it, so the callbacks run on the GUI thread."""

    imported = Signal()
    optimisers_warmed = Signal()

    def __init__(self, app: QCoreApplication, helper: subprocess.Popen | None) -> None:
        super().__init__(app)
        self.app = app
        self.done = False
        self.importing = False
        self.import_wanted = False
        self.optimisers_started = False
        self.pending: list[tuple[QObject, Callbacks]] = []
        self.helper = helper
        self.prefetching: _Prefetch | None = None
        self.prefetched: dict[str, object] = {}
        self.prefetch_users: list[tuple[QObject, str, Callable[[object], object]]] = []
        self.after_numbers: list[tuple[QObject, Callbacks]] = []
        self.imported.connect(self._run_pending)
        self.optimisers_warmed.connect(_freeze_start_up_objects)

    def prefetch(self, key: str, state: str, function: str | None) -> None:
        helper, self.helper = self.helper, None
        if helper is None:
            return
        if function is None:
            helper.kill()
            helper.wait()
            return
        try:
            helper_protocol.request(helper, state, function)
        except OSError as error:  # the helper has already gone
            helper.kill()
            helper.wait()
            logging.getLogger("actgui").warning("the start-up helper could not be asked: %s", error)
            return
        self.prefetching = _Prefetch(self, helper, key, self._prefetched)

    def _prefetched(self, key: str, answered: bool, result: object, why: str) -> None:
        self.prefetching = None
        if answered:
            self.prefetched[key] = result
            self._hand_over(key)
            callbacks, self.after_numbers = self.after_numbers, []
            for owner, callback in callbacks:
                if shiboken6.isValid(owner):
                    _run(callback)
        else:
            logging.getLogger("actgui").warning("the start-up helper gave no first numbers: %s", why)
            self.pending.extend(self.after_numbers)  # they wait for torch instead
            self.after_numbers = []
        if self.import_wanted:
            if answered:  # the numbers are drawn first: importing now would slow their painting
                _NextPaint(self.app, self.import_torch, IMPORT_AFTER_NUMBERS_LATEST_MS)
            else:
                self.import_torch()

    def _hand_over(self, key: str) -> None:
        if key not in self.prefetched:
            return
        users = [user for user in self.prefetch_users if user[1] == key]
        if not users:
            return  # kept for the panel, which is not built yet
        result = self.prefetched.pop(key)
        self.prefetch_users = [user for user in self.prefetch_users if user[1] != key]
        for owner, _, use in users:
            if shiboken6.isValid(owner):
                use(result)

    def import_torch(self) -> None:
        if self.prefetching is not None:  # once the helper's numbers are in
            self.import_wanted = True
        elif not self.importing:
            self.importing = True
            threading.Thread(target=_import_torch, args=(self,), name="actgui-torch-import", daemon=True).start()

    def _run_pending(self) -> None:
        self.done = True
        pending, self.pending = self.pending, []
        for owner, callbacks in pending:
            if shiboken6.isValid(owner):  # a panel closed meanwhile has nothing left to draw
                _run(callbacks)
        _NextPaint(self.app, self._warm_optimisers, OPTIMISER_WARMUP_LATEST_MS)  # once the plots are painted

    def _warm_optimisers(self) -> None:
        if not self.optimisers_started:
            self.optimisers_started = True
            threading.Thread(target=_warm_optimisers, args=(self,), name="actgui-optimiser-warmup",
                             daemon=True).start()


_warmup: _Warmup | None = None


def _import_torch(warmup: _Warmup) -> None:
    try:
        import torch  # noqa: F401 (imported for its side effect: the module is loaded)
    finally:
        warmup.imported.emit()


def _warm_optimisers(warmup: _Warmup) -> None:
    import torch

    try:
        torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    finally:
        warmup.optimisers_warmed.emit()


def _freeze_start_up_objects() -> None:
    """Everything imported so far (torch, its compiler, the panels' modules) lives as long as the
    app: moved out of the collector's generations, a full collection no longer walks it (0.2 s with
    torch loaded), so a collection on the GUI thread stays short. The garbage is collected first, once."""
    gc.collect()
    gc.freeze()


#: With start(on_first_paint=False), torch is imported at the latest this long after start() (or after
#: the helper's first numbers, while they are awaited).
IMPORT_LATEST_MS = 3000


def start(on_first_paint: bool = True, helper: subprocess.Popen | None = None) -> None:
    """Defers what needs torch until it is imported, on a daemon thread after the first frame, or
    when `import_now()` is called (once; call on the GUI thread, after the QApplication is made).
    `helper` is the start-up helper from `actgui.core.prefetch.start()`, for `prefetch`."""
    global _warmup
    if _warmup is not None:
        if helper is not None:
            helper.kill()
            helper.wait()
        return
    app = QCoreApplication.instance()
    _warmup = _Warmup(app, helper)
    if on_first_paint:
        _NextPaint(app, _warmup.import_torch)
    else:
        QTimer.singleShot(IMPORT_LATEST_MS, _warmup.import_torch)


def prefetch(key: str, state: str, function: str | None) -> None:
    """Asks the start-up helper (if `start()` was given one, once) for `function(state class())`, both
    "module:name", as panel `key`'s first numbers; without a function the helper is stopped."""
    if _warmup is not None:
        _warmup.prefetch(key, state, function)


def when_prefetched(owner: QObject, key: str, use: Callable[[object], object]) -> None:
    """Hands panel `key`'s first numbers from the start-up helper to `use`, on the GUI thread and never
    inside the caller, if they come (skipped if `owner` is deleted first)."""
    if _warmup is not None and (_warmup.prefetching is not None or key in _warmup.prefetched):
        _warmup.prefetch_users.append((owner, key, use))
        QTimer.singleShot(0, owner, lambda: _warmup._hand_over(key))


def when_first_numbers(owner: QObject, *callbacks: Callable[[], object]) -> None:
    """Runs `callbacks` once the visible panel has its first numbers: after the helper's are handed
    over, or, without them, as `when_torch_ready` does."""
    if _warmup is not None and _warmup.prefetching is not None:
        _warmup.after_numbers.append((owner, callbacks))
    else:
        when_torch_ready(owner, *callbacks)


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


def waiting(owner: QObject) -> bool:
    """Whether `owner` has callbacks waiting for torch's import or for the start-up helper's numbers."""
    if _warmup is None:
        return False
    queued = [*_warmup.pending, *_warmup.after_numbers, *((o, k) for o, k, _ in _warmup.prefetch_users)]
    return any(queued_owner is owner for queued_owner, _ in queued)


def _run(callbacks: tuple[Callable[[], object], ...]) -> None:
    for callback in callbacks:
        callback()
