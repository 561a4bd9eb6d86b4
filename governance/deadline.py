"""A request's time budget, and stopping the solver when it runs out or its client has gone.

The web layer sets a ``Deadline`` for each request (``within``); it reaches the worker
threads with the context (anyio copies context variables into them). The engine solves
asynchronously and stops at the deadline or when the deadline is cancelled (the client
went away); grounding cannot be interrupted, so it is checked before and after. Work
stopped so raises ``WorkStopped`` (``governance.errors``), which rolls back the transaction it ran in.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
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
    """Solve until done, ``seconds`` have passed (then the best model so far stands) or the deadline stops it."""
    deadline = _current.get()
    started = time.monotonic()
    with control.solve(on_model=on_model, async_=True, **options) as handle:
        while not handle.wait(POLL_SECONDS):
            if deadline is not None and deadline.problem() is not None:
                handle.cancel()
                handle.get()
                deadline.check()
            if seconds is not None and time.monotonic() - started >= seconds:
                handle.cancel()
                break
        handle.get()
