"""An audit of many platforms in a few parts, one thread each: clingo grounds and solves without the GIL.

Rules never relate two platforms, so the violations of the whole register are those of
its platforms, and a part of them is a program of its own. One program for all platforms
grounds each statement once (about 30 µs each); one per platform would pay that 98 times
on the national data. So the platforms are laid into as many contiguous parts as the
process may use cores (at most ``MAX_PARTS``), of about as many memberships each, and each
part is evaluated in a worker thread: on the national data with two cores, the audit takes
about 0.7 of its time in one program, for more CPU time (each part grounds every statement). The same cached platform
registers give the same parts (``snapshots.combine``), so their facts are made once.
"""

from __future__ import annotations

import contextvars
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date

from governance.engine import RuleSet, Violation, evaluate
from governance.register import Register
from governance.snapshots import combine

MAX_PARTS = 4
_CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
PARTS = max(1, min(MAX_PARTS, _CORES))
_POOL = ThreadPoolExecutor(max_workers=PARTS, thread_name_prefix="boliv-audit") if PARTS > 1 else None


def parts_of(registers: Sequence[Register], parts: int = PARTS) -> list[list[Register]]:
    """The platform registers in at most ``parts`` contiguous runs of about as many memberships each."""
    weights = [1 + len(register.memberships) for register in registers]
    share = sum(weights) / max(1, min(parts, len(registers)))
    runs: list[list[Register]] = [[]]
    filled = 0.0
    for register, weight in zip(registers, weights, strict=True):
        if runs[-1] and filled >= share * len(runs) and len(runs) < parts:
            runs.append([])
        runs[-1].append(register)
        filled += weight
    return [run for run in runs if run]


def audit(rule_set: RuleSet, registers: Sequence[Register], as_of: date, explain: bool = False) -> list[Violation]:
    """Every body's violations in these platform registers, in the order one program gives them."""
    def whole(run: Sequence[Register]) -> list[Violation]:
        register = combine(list(run))
        return evaluate(rule_set, register, as_of, list(register.bodies), explain=explain)

    runs = parts_of(registers)
    if _POOL is None or len(runs) < 2:
        return whole(registers)
    # Each part under the caller's context: its deadline reaches the worker (deadline.py).
    futures = [_POOL.submit(contextvars.copy_context().run, whole, run) for run in runs]
    found = [violation for future in futures for violation in future.result()]
    return sorted(found, key=lambda v: (v.body, v.rule, repr(v.args)))
