"""Timing helpers, the GraphQL documents the bench sends, the naive evaluation, and a description of the machine."""

from __future__ import annotations

import gc
import math
import os
import platform
import sqlite3
import statistics
import subprocess
import time
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import TypeVar

import clingo

K = TypeVar("K", bound=Hashable)

CHECK_CHANGES = """
query CheckChanges($changes: [ChangeInput!]!, $asOf: Date, $lang: Language) {
  checkChanges(changes: $changes, asOf: $asOf) {
    allowed
    ruleSetVersion
    violations { rule severity message(lang: $lang) subjects source introduced }
  }
}
"""

# The contract's ExplainChanges (/work/shared/contract/explain.graphql): a check that asks for explanations.
EXPLAIN_CHANGES = """
query ExplainChanges($changes: [ChangeInput!]!, $asOf: Date, $lang: Language) {
  checkChanges(changes: $changes, asOf: $asOf) {
    allowed
    violations { rule severity introduced explanation(lang: $lang) }
  }
}
"""

AUDIT = """
query Audit($asOf: Date, $lang: Language) {
  audit(asOf: $asOf) {
    valid
    ruleSetVersion
    violations { rule severity message(lang: $lang) subjects source body { key } }
  }
}
"""


def naive_evaluation(program: str) -> None:
    """The fixed price of the rule program: a fresh ``Control`` parses and grounds every rule file, no facts.

    ``program`` is the text of every rule file of the rule set in force, because/5 rules
    included (grounded too once they sit under ``#program explain.``); a check is measured
    against this (issue 15).
    """
    control = clingo.Control(["--warn=none"])
    control.add("base", [], program)
    control.ground([("base", []), ("explain", [])])
    control.solve()


@dataclass
class Times:
    """Seconds per call: wall clock, and this process's CPU time (what other sessions' load leaves alone)."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)


def rounds(calls: Mapping[K, Callable[[], object]], runs: int, warmup: int = 0) -> dict[K, Times]:
    """Each callable timed ``runs`` times after ``warmup`` untimed rounds.

    The callables take turns, so a change in the machine's load (other sessions share it)
    falls on all of them alike and their ratios hold.
    """
    for _ in range(warmup):
        for call in calls.values():
            call()
    gc.collect()
    times = {name: Times() for name in calls}
    for _ in range(runs):
        for name, call in calls.items():
            wall, cpu = time.perf_counter(), time.process_time()
            call()
            times[name].cpu.append(time.process_time() - cpu)
            times[name].wall.append(time.perf_counter() - wall)
    return times


def p50(times: list[float]) -> float:
    return statistics.median(times)


def p95(times: list[float]) -> float:
    """The nearest-rank 95th percentile."""
    ordered = sorted(times)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def machine() -> list[str]:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
        platform.processor() or "unknown",
    )
    root = Path(__file__).resolve().parents[1]
    git = ["git", "rev-parse", "--short", "HEAD"]
    commit = subprocess.run(git, check=False, cwd=root, capture_output=True, text=True).stdout.strip()
    return [
        f"CPU: {cpu}, {os.cpu_count()} cores; load average at start {load()}",
        (
            f"Python {platform.python_version()}, clingo {clingo.__version__}, SQLite {sqlite3.sqlite_version}, "
            f"pyDatalog {version('pyDatalog')}, regopy {version('regopy')}; {platform.system()} {platform.release()}"
        ),
        f"boliv at commit {commit or '?'} (working tree as found)",
    ]
