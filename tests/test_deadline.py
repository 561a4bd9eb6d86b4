"""Solves stop when their time is up (governance/deadline.py): the watchdog interrupts them in the caller's thread."""

from __future__ import annotations

import threading
import time

import clingo
import pytest

from governance import deadline
from governance.errors import BudgetExceeded, ClientGone

# Twelve pigeons in eleven holes: unsatisfiable, and far beyond a second for the solver.
PIGEONS = "p(1..12). h(1..11). 1 { in(P, H) : h(H) } 1 :- p(P). :- in(P1, H), in(P2, H), P1 < P2."


def hard() -> clingo.Control:
    control = clingo.Control(["--warn=none"])
    control.add("base", [], PIGEONS)
    control.ground([("base", [])])
    return control


def test_a_solve_past_the_budget_is_interrupted_and_raises() -> None:
    started = time.monotonic()
    with deadline.within(deadline.Deadline(0.2)), pytest.raises(BudgetExceeded):
        deadline.solve(hard(), lambda model: None)
    assert time.monotonic() - started < 2


def test_a_solve_for_a_client_that_has_gone_is_interrupted() -> None:
    gone = deadline.Deadline(60)
    threading.Timer(0.1, gone.cancel).start()
    with deadline.within(gone), pytest.raises(ClientGone):
        deadline.solve(hard(), lambda model: None)


def test_a_solve_given_seconds_stops_with_what_it_found() -> None:
    started = time.monotonic()
    deadline.solve(hard(), lambda model: None, seconds=0.2)  # no deadline: it simply stops
    assert time.monotonic() - started < 2


def test_solves_within_their_time_are_left_alone() -> None:
    found: list[list[clingo.Symbol]] = []
    with deadline.within(deadline.Deadline(30)):
        for n in range(20):
            control = clingo.Control(["--warn=none"])
            control.add("base", [], f"a({n}). b(X) :- a(X).")
            control.ground([("base", [])])
            deadline.solve(control, lambda model: found.append(model.symbols(shown=True)))
    assert len(found) == 20 and all(clingo.Function("b", [clingo.Number(n)]) in atoms for n, atoms in enumerate(found))
