"""A request's time budget, and stopping the solver when it runs out or its client has gone.

The web layer sets a ``Deadline`` for each request (``within``); it reaches the worker
threads with the context (anyio copies context variables into them). The engine's solves
are interrupted at the deadline or when the deadline is cancelled (the client went
away); grounding cannot be interrupted, so it is checked before and after. Work
stopped so raises ``WorkStopped`` (``governance.errors``), which rolls back the transaction it ran in.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import clingo

from governance.errors import BudgetExceeded, ClientGone, WorkStopped

POLL_SECONDS = 0.05  # how often a waiting solve looks at the deadline

_STOPPED: dict[str, type[WorkStopped]] = {"budget": BudgetExceeded, "client-gone": ClientGone}  # by ``Deadline.problem``


class Deadline:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self._gone = threading.Event()

    def cancel(self) -> None:
        """The client has gone: stop the work at the next check."""
        self._gone.set()

    def problem(self) -> str | None:
        if self._gone.is_set():
            return "client-gone"
        return "budget" if time.monotonic() >= self.ends else None

    def check(self) -> None:
        reason = self.problem()
        if reason is not None:
            raise _STOPPED[reason](self.seconds)


_current: ContextVar[Deadline | None] = ContextVar("boliv_deadline", default=None)


@contextmanager
def within(deadline: Deadline | None) -> Iterator[Deadline | None]:
    """Run the block (and the threads it starts) under ``deadline``; None: without one."""
    token = _current.set(deadline)
    try:
        yield deadline
    finally:
        _current.reset(token)


def current() -> Deadline | None:
    return _current.get()


def check() -> None:
    """Raise ``WorkStopped`` when the current request's budget is spent or its client has gone."""
    deadline = _current.get()
    if deadline is not None:
        deadline.check()


def ground(control: clingo.Control, parts: list[tuple[str, list[Any]]], context: Any = None) -> None:
    """Ground, looking at the deadline before and after (grounding itself cannot be interrupted).

    ``context``: the object whose methods answer the program's external functions (the facts' ``@facts``).
    """
    check()
    control.ground(parts, context=context)
    check()


def solve(control: clingo.Control, on_model: Callable[[clingo.Model], Any], seconds: float | None = None, **options: Any) -> None:
    """Solve until done, ``seconds`` have passed (then the best model so far stands) or the deadline stops it.

    The solve runs in the calling thread; the watchdog interrupts it when its time is up.
    """
    deadline = _current.get()
    ends = None if seconds is None else time.monotonic() + seconds
    if deadline is None and ends is None:
        control.solve(on_model=on_model, **options)
        return
    with _WATCHDOG.watching(control, deadline, ends) as watch:
        control.solve(on_model=on_model, **options)
    if watch.stopped and deadline is not None:
        deadline.check()  # raises, unless it was ``seconds`` that stopped it


@dataclass(eq=False)  # each watch is its own: kept in a set by identity
class _Watch:
    control: clingo.Control
    deadline: Deadline | None
    ends: float | None  # when ``seconds`` run out
    stopped: bool = False

    def due(self, now: float) -> bool:
        return (self.deadline is not None and self.deadline.problem() is not None) or (self.ends is not None and now >= self.ends)


class _Watchdog:
    """One thread that interrupts the solves whose time is up (``Control.interrupt`` may be called from any thread).

    Solving so, in the caller's thread, spares each solve the thread clingo's asynchronous
    solving starts and the handle it is waited on through: about half a millisecond of
    every check. The watchdog looks every ``POLL_SECONDS`` while solves run, and for a
    second after the last one (a request's solves come in bursts), then sleeps until the
    next. A solve it interrupts just as it ends leaves the interrupt for that control's
    next solve; only a question past its deadline solves again, and is stopped anyway.
    """

    LINGER_SECONDS = 1.0

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._watches: set[_Watch] = set()
        self._polling = False
        self._thread: threading.Thread | None = None

    @contextmanager
    def watching(self, control: clingo.Control, deadline: Deadline | None, ends: float | None) -> Iterator[_Watch]:
        watch = _Watch(control, deadline, ends)
        with self._changed:
            self._watches.add(watch)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="boliv-solve-watchdog", daemon=True)
                self._thread.start()
            elif not self._polling:
                self._changed.notify()
        try:
            yield watch
        finally:
            with self._changed:
                self._watches.discard(watch)

    def _run(self) -> None:
        idle_since = time.monotonic()
        with self._changed:
            while True:
                self._polling = True
                now = time.monotonic()
                for watch in self._watches:
                    if not watch.stopped and watch.due(now):
                        watch.stopped = True
                        watch.control.interrupt()
                if self._watches:
                    idle_since = now
                elif now - idle_since >= self.LINGER_SECONDS:
                    self._polling = False
                    self._changed.wait()
                    idle_since = time.monotonic()
                    continue
                self._changed.wait(POLL_SECONDS)


_WATCHDOG = _Watchdog()
