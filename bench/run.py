"""``python -m bench.run`` (``make bench``): the benchmarks of issues 8 and 15, in one run.

Builds the demo and the national data, measures boliv (a one-appointment checkChanges in
process and over HTTP against the naive evaluation of the rule files, a refused change
checked and explained over HTTP, a full audit, the server's peak memory), runs the five seat rules
in boliv, pyDatalog, Rego and plain Python over the same rows, checks that they agree on a
copy with injected violations, and prints two tables, issue 8's targets and issue 15's ratios. Not part of
the test suite; exits 1 when an engine disagrees with boliv.
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import httpx

from bench import data, ratios, seats
from bench.engines import pydatalog_checker, python_checker, rego_checker
from bench.measure import AUDIT, CHECK_CHANGES, EXPLAIN_CHANGES, load, machine, naive_evaluation, p50, p95, rounds
from bench.server import Server, serve
from governance import Appoint, Governance, Violation
from governance.engine.ruleset import DEFAULT_RULES_DIR
from governance.register import Register
from governance.rulesource import RuleSource
from governance.store import Database

AS_OF = data.AS_OF
SEAT_FILES = ("core.lp", "params.lp", "fku.lp", "policy_group.lp", "theme_groups.lp", "vocabulary.yaml")
BOLIV, BOLIV_SEATS = "boliv audit (all rules)", "boliv, seat-rule files only"
PEERS: dict[str, Callable[[seats.SeatData], set[seats.Finding]]] = {
    "pyDatalog": pydatalog_checker.check,
    "Rego (regopy)": rego_checker.check,
    "Python (floor)": python_checker.check,
}

# key, label, unit (ms: seconds shown as milliseconds)
BOLIV_ROWS = [
    ("check_p50", "checkChanges in-process, p50", "ms"),
    ("check_p95", "checkChanges in-process, p95", "ms"),
    ("check_cpu", "checkChanges in-process, p50 CPU time", "ms"),
    ("http_p50", "checkChanges over HTTP, p50", "ms"),
    ("http_p95", "checkChanges over HTTP, p95", "ms"),
    ("audit_first", "audit in-process, first call (reads the DB)", "s"),
    ("audit", "audit in-process, median", "s"),
    ("audit_cpu", "audit in-process, median CPU time", "s"),
    ("http_audit", "audit over HTTP, median", "s"),
    ("rss", "server peak RSS (VmHWM)", "MB"),
    ("platforms", "platforms", ""),
    ("bodies", "bodies", ""),
    ("memberships", "memberships", ""),
]


def audit_of(governance: Governance, registers: list[Register], as_of: date) -> list[Violation]:
    """boliv's own audit (Governance.audit) over registers in memory instead of the database's."""
    view = copy.copy(governance)
    view.platform_registers = lambda body=None: registers  # type: ignore[method-assign]
    return view.audit(as_of).violations


class Subject:
    """One dataset: its services in this process and a real server over the same database."""

    def __init__(self, dataset: data.Dataset, governance: Governance, server: Server, client: httpx.Client):
        self.dataset, self.governance, self.server, self.client = dataset, governance, server, client
        self.changes = [dataset.appointment]
        self.variables = self.appointing(dataset.appointment)
        self.refused = self.appointing(dataset.refused)

    @staticmethod
    def appointing(a: Appoint) -> dict[str, Any]:
        return {
            "changes": [{"appoint": {"person": a.person, "body": a.body, "role": a.role.name,
                                     "appointedBy": a.appointed_by, "onBehalfOf": a.on_behalf_of}}],
            "asOf": AS_OF.isoformat(), "lang": "EN",
        }

    def query(self, document: str, variables: dict[str, Any], field: str) -> dict[str, Any]:
        answer = self.client.post("/graphql", json={"query": document, "variables": variables})
        answer.raise_for_status()
        body = answer.json()
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"][field]
        return data

    def check(self) -> None:
        result = self.governance.check_changes(self.changes, AS_OF)
        assert result.allowed, f"{self.dataset.name}: the appointment is refused: {result.violations}"

    def check_http(self) -> None:
        assert self.query(CHECK_CHANGES, self.variables, "checkChanges")["allowed"]

    def check_refused_http(self) -> None:
        assert not self.query(CHECK_CHANGES, self.refused, "checkChanges")["allowed"]

    def explain_refused_http(self) -> None:
        answer = self.query(EXPLAIN_CHANGES, self.refused, "checkChanges")
        assert not answer["allowed"] and all(v["explanation"] for v in answer["violations"]), answer

    def naive(self) -> None:
        naive_evaluation(self.governance.rule_set_on(AS_OF).program)

    def audit(self) -> None:
        self.governance.audit(AS_OF)

    def audit_http(self) -> None:
        self.query(AUDIT, {"asOf": AS_OF.isoformat(), "lang": "EN"}, "audit")


def measure_boliv(subjects: list[Subject], args: argparse.Namespace) -> dict[str, dict[str, float]]:
    """Table 1 per dataset; the datasets and the two paths take turns."""
    values: dict[str, dict[str, float]] = {s.dataset.name: {} for s in subjects}
    for s in subjects:  # the first audit reads every platform from the database
        started = time.perf_counter()
        s.audit()
        values[s.dataset.name]["audit_first"] = time.perf_counter() - started
    calls = {(s.dataset.name, path): call for s in subjects for path, call in (("check", s.check), ("http", s.check_http))}
    national = next(s for s in subjects if s.dataset.name == "national")  # issue 15's ratios, in the same rounds
    calls.update({("national", "naive"): national.naive, ("national", "refused_http"): national.check_refused_http,
                  ("national", "explain_http"): national.explain_refused_http})
    for (name, path), times in rounds(calls, args.runs, args.warmup).items():
        values[name][f"{path}_p50"], values[name][f"{path}_p95"] = p50(times.wall), p95(times.wall)
        values[name][f"{path}_cpu"] = p50(times.cpu)
    calls = {(s.dataset.name, path): call for s in subjects for path, call in (("audit", s.audit), ("http_audit", s.audit_http))}
    for (name, path), times in rounds(calls, args.audit_runs, warmup=1).items():
        values[name][path], values[name][f"{path}_cpu"] = p50(times.wall), p50(times.cpu)
    for s in subjects:
        registers = s.governance.platform_registers()
        values[s.dataset.name].update(
            rss=s.server.peak_rss_mb(), platforms=len(registers),
            bodies=sum(len(r.bodies) for r in registers), memberships=sum(len(r.memberships) for r in registers),
        )
    return values


def seat_rules_only(folder: Path, database: str) -> Governance:
    """boliv over the rule files that hold the five rules (with core.lp and params.lp) and nothing else."""
    rules = folder / "seat-rules"
    rules.mkdir()
    for name in SEAT_FILES:
        shutil.copy(DEFAULT_RULES_DIR / name, rules / name)
    return Governance(Database(database), RuleSource(rules))


def compare_engines(
    registers: dict[str, list[Register]], full: Governance, seat: Governance, runs: int,
) -> tuple[dict[str, dict[str, float]], dict[str, bool], set[seats.Finding]]:
    """Median seconds of a full pass per engine and dataset (engines taking turns; "national CPU" in CPU time);
    who agrees with boliv."""
    cap = seats.fku_cap(full.rule_set)
    timings: dict[str, dict[str, float]] = {name: {} for name in (BOLIV, BOLIV_SEATS, *PEERS)}
    for name, regs in registers.items():
        rows = seats.export(regs, AS_OF, cap)
        calls: dict[str, Callable[[], object]] = {
            BOLIV: partial(audit_of, full, regs, AS_OF),
            BOLIV_SEATS: partial(audit_of, seat, regs, AS_OF),
        }
        calls.update({peer: partial(check, rows) for peer, check in PEERS.items()})
        for engine, times in rounds(calls, runs, warmup=1).items():
            timings[engine][name], timings[engine][f"{name} CPU"] = p50(times.wall), p50(times.cpu)
    injected = seats.inject(registers["national"], AS_OF)
    expected = seats.findings(audit_of(full, injected, AS_OF))
    rows = seats.export(injected, AS_OF, cap)
    agree = {BOLIV_SEATS: seats.findings(audit_of(seat, injected, AS_OF)) == expected}
    for peer, check in PEERS.items():
        found = check(rows)
        agree[peer] = found == expected
        if not agree[peer]:
            print(f"{peer} disagrees: only boliv {sorted(expected - found)}; only {peer} {sorted(found - expected)}")
    return timings, agree, expected


def show(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value * 1000:.1f}"
    if unit == "s":
        return f"{value:.2f}"
    return f"{value:.0f}"


def table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True)))

    return "\n".join([line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def targets(national: dict[str, float], demo: dict[str, float], boliv: float, pydatalog: float) -> list[str]:
    """The issue's targets against this run's national (SQLite) figures."""
    at_most = [  # text, measured, limit, unit
        ("checkChanges in-process p50 <= 2 ms", national["check_p50"] * 1000, 2.0, "ms"),
        ("checkChanges over HTTP p50 <= 10 ms", national["http_p50"] * 1000, 10.0, "ms"),
        ("in-process p50, national <= 1.5 x demo", national["check_p50"] / demo["check_p50"], 1.5, "x"),
        ("HTTP p50, national <= 1.5 x demo", national["http_p50"] / demo["http_p50"], 1.5, "x"),
        ("full audit <= 3 s", national["audit"], 3.0, "s"),
        ("server peak memory <= 500 MB", national["rss"], 500.0, "MB"),
    ]
    lines = [
        f"  {'MET    ' if value <= limit else 'NOT MET'}  {text}: {value:.2f} {unit}"
        + ("" if value <= limit else f" ({value / limit:.1f}x the limit)")
        for text, value, limit, unit in at_most
    ]
    speedup = pydatalog / boliv
    lines.append(f"  {'MET    ' if speedup >= 10 else 'NOT MET'}  boliv audit >= 10x faster than pyDatalog: {speedup:.2f}x")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="timed one-appointment checks per dataset and path (200)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed checks first (20)")
    parser.add_argument("--audit-runs", type=int, default=5, help="timed audits per dataset and path (5)")
    parser.add_argument("--engine-runs", type=int, default=5, help="timed full passes per engine and dataset (5)")
    parser.add_argument("--copies", type=int, default=data.COPIES, help="synthetic copies in the national data (97)")
    args = parser.parse_args(argv)
    postgres = os.environ.get("BOLIV_BENCH_POSTGRES_URL")
    print("boliv benchmark (issues 8 and 15)")
    print("\n".join(machine()))
    with tempfile.TemporaryDirectory(prefix="boliv-bench-") as tmp, ExitStack() as stack:
        folder = Path(tmp)
        datasets = [data.sqlite(folder, "demo", 0), data.sqlite(folder, "national", args.copies)]
        if postgres:
            datasets.append(data.build("national-pg", stack.enter_context(data.postgres_schema(postgres)), args.copies))
        print("built: " + ", ".join(f"{d.name} in {d.build_seconds:.1f} s" for d in datasets))
        subjects = []
        for d in datasets:
            governance = Governance.open(d.url)
            stack.callback(governance.database.dispose)
            server = stack.enter_context(serve(d.url, folder / f"serve-{d.name}.log"))
            client = stack.enter_context(httpx.Client(base_url=server.base, timeout=300))
            subjects.append(Subject(d, governance, server, client))
        measured = measure_boliv(subjects, args)
        full = subjects[1].governance
        seat = seat_rules_only(folder, datasets[1].url)
        stack.callback(seat.database.dispose)
        registers = {s.dataset.name: s.governance.platform_registers() for s in subjects[:2]}
        timings, agree, expected = compare_engines(registers, full, seat, args.engine_runs)
    demo, national = measured["demo"], measured["national"]
    header = ["measurement", "demo", "national", "national/demo"] + (["national PostgreSQL"] if postgres else [])
    rows = []
    for key, label, unit in BOLIV_ROWS:
        row = [f"{label}{f' ({unit})' if unit else ''}", show(demo[key], unit), show(national[key], unit),
               f"{national[key] / demo[key]:.2f}"]
        rows.append(row + ([show(measured["national-pg"][key], unit)] if postgres else []))
    print(f"\nboliv on SQLite, as of {AS_OF}: {args.runs} timed checks per path after {args.warmup} warm-up, "
          f"audits median of {args.audit_runs}; datasets and paths take turns")
    print(table(header, rows))
    floor, boliv = timings["Python (floor)"]["national"], timings[BOLIV]["national"]
    print(f"\nThe five seat rules, a full pass over every platform from the exported rows (ms, median of "
          f"{args.engine_runs}; engines take turns)")
    floor_cpu, boliv_cpu = timings["Python (floor)"]["national CPU"], timings[BOLIV]["national CPU"]
    seat_rows = [
        [name, show(t["demo"], "ms"), show(t["national"], "ms"), f"{t['national'] / floor:.0f}",
         f"{t['national'] / boliv:.2f}", show(t["national CPU"], "ms"), f"{t['national CPU'] / boliv_cpu:.2f}",
         "" if name == BOLIV else "yes" if agree[name] else "NO"]
        for name, t in timings.items()
    ]
    columns = ["engine", "demo", "national", "national/Python", "national/boliv", "national CPU", "CPU/boliv", "agrees"]
    print(table(columns, seat_rows))
    by_rule = ", ".join(f"{r} {sum(1 for f in expected if f[0] == r)}" for r in seats.SEAT_RULES)
    print(f"agreement: {len(expected)} violations injected into a copy of the national data ({by_rule}); "
          "each engine must report the same (rule, body, severity, args) as boliv's audit")
    for kind, suffix, b, f in (("wall clock", "", boliv, floor), ("CPU time", " CPU", boliv_cpu, floor_cpu)):
        print(f"ratios (national, {kind}): boliv/Python {b / f:.0f}, pyDatalog/boliv "
              f"{timings['pyDatalog']['national' + suffix] / b:.2f}, Rego/boliv {timings['Rego (regopy)']['national' + suffix] / b:.2f}")
    print("\nTargets of issue 8 (national data, SQLite):")
    print("\n".join(targets(national, demo, boliv, timings["pyDatalog"]["national"])))
    print(f"  (in CPU time: checkChanges in-process p50 {national['check_cpu'] * 1000:.1f} ms, audit {national['audit_cpu']:.2f} s, "
          f"pyDatalog/boliv {timings['pyDatalog']['national CPU'] / boliv_cpu:.2f}x)")
    print(f"\nRatios of issue 15 (national data, SQLite; the check paths, the naive evaluation and the refused "
          f"change took turns in the same {args.runs} rounds; the audit, the floor and pyDatalog in the engines' rounds):")
    found = ratios.ratios(national, timings, BOLIV, "Python (floor)")
    print(table(["ratio", "measured", "in CPU time", "must reach", "aim", "verdict"], ratios.ratio_rows(found)))
    print("\nThe p50s (medians) they divide (ms):")
    print(table(["measurement", "wall clock", "CPU time"], ratios.absolutes(national, timings, BOLIV, "Python (floor)")))
    print(f"\nload average at end {load()}")
    return 0 if all(agree.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
