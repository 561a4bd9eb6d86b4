"""Rule scenarios: given a register and changes, expect these rule ids and not those.

Scenario files live in ``rules/tests/*.yaml`` (see ``rules/README.md``). Each runs on a
fresh SQLite database through the same services every caller uses, so a scenario
tests the rules exactly as users meet them.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar, cast

import yaml
from sqlalchemy import event, update

from governance import store
from governance.cases import Cases
from governance.cases_seed import seed_records
from governance.cases_views import CaseView
from governance.changes import Change, EndMembership, change_from_dict
from governance.engine import Violation
from governance.engine.ruleset import RuleSet, load_rule_set
from governance.errors import InputError
from governance.model import Body, BodyStatus
from governance.register import Register
from governance.rulesource import RuleSource, rules_directory
from governance.services import Governance, Rejected, evaluate_register
from governance.snapshots import Snapshots
from governance.store import Database
from governance.values import parse_date, required_date


@dataclass(frozen=True)
class Scenario:
    name: str
    file: str
    spec: dict[str, Any]

    @property
    def expected(self) -> set[str]:
        return set(self.spec.get("expect") or [])

    @property
    def unexpected(self) -> set[str]:
        return set(self.spec.get("expect_not") or [])


@dataclass
class Outcome:
    scenario: Scenario
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def load_scenarios(directory: Path, pattern: str | None = None) -> list[Scenario]:
    """The scenarios of every ``*.yaml`` file, in file order; with a pattern, those whose
    ``file: name`` contains it (case-insensitive, like ``pytest -k`` with one word)."""
    scenarios = []
    for path in sorted(directory.glob("*.yaml")):
        for spec in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            scenarios.append(Scenario(spec["name"], path.name, spec))
    if pattern:
        scenarios = [s for s in scenarios if pattern.casefold() in f"{s.file}: {s.name}".casefold()]
    return scenarios


def run_scenarios(
    rules_dir: Path, scenarios: Sequence[Scenario], jobs: int = 1, rule_set: RuleSet | None = None
) -> Iterator[Outcome]:
    """The outcomes in the order given, as they come; with ``jobs`` > 1 spread over that many processes.

    The workers are forked from a runner that has built every starting point, so they
    start at once, with nothing to import or seed. A process running other threads (a
    server judging a draft) is never forked: it runs the scenarios itself. ``rule_set`` is
    the folder's, when the caller has read it already.
    """
    global _forked_runner
    runner = ScenarioRunner(rules_dir, rule_set)
    jobs = max(1, min(jobs, len(scenarios)))
    try:
        if jobs == 1 or threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
            yield from (runner.run(scenario) for scenario in scenarios)
            return
        runner.prepare()
        _forked_runner = runner
        with multiprocessing.get_context("fork").Pool(jobs, initializer=_start_worker) as pool:
            for scenario, problems in zip(scenarios, pool.imap(_run_in_worker, scenarios), strict=False):
                yield Outcome(scenario, problems)
    finally:
        _forked_runner = None
        runner.close()


_forked_runner: ScenarioRunner | None = None


def _start_worker() -> None:
    assert _forked_runner is not None, "workers are forked from a prepared runner"
    _forked_runner.own_database()


def _run_in_worker(scenario: Scenario) -> list[str]:
    assert _forked_runner is not None, "workers are forked from a prepared runner"
    return _forked_runner.run(scenario).problems


@dataclass(frozen=True)
class _Given:
    """A starting point: its database file to copy, its register in memory and its default platform."""

    template: Path
    register: Register
    default_platform: str


class ScenarioRunner:
    """Runs scenarios in memory where it can, on a copy of a template database where it must.

    The rule set is loaded once, and each starting point (``given``) is built once: as a
    database file and as its register in memory. A scenario that only checks changes or
    audits is judged on that register by the services' own check path (``overlay`` and the
    engine) without a database round trip; scenarios that share a ``given`` and an unchanged
    start share its register. Only what a scenario writes first (statuses, people, records)
    and case actions, which the case services judge inside their write transaction, run on
    a copy of the template, one engine for the whole suite.
    """

    def __init__(self, rules_dir: Path | str | None = None, rule_set: RuleSet | None = None):
        self.rules = RuleSource.holding(rule_set or load_rule_set(rules_directory(str(rules_dir) if rules_dir else None)))
        self._workdir = Path(tempfile.mkdtemp(prefix="boliv-scenarios-"))
        self._givens: dict[str, _Given] = {}
        self.own_database()

    def own_database(self) -> None:
        """A scenario database file of this process's own (a forked worker must not share its parent's)."""
        self._path = self._workdir / f"scenario-{os.getpid()}.db"
        self._database = _scratch(self._path)
        self._governance = Governance(self._database, self.rules)
        self._governance.snapshots = _Remembering(self._givens)

    def close(self) -> None:
        self._database.dispose()
        shutil.rmtree(self._workdir, ignore_errors=True)

    def prepare(self) -> None:
        """Build every starting point now (before forking workers, which then share them)."""
        for given in GIVENS:
            self._given(given)
        self._database.dispose()

    def _given(self, given: str) -> _Given:
        if given not in self._givens:
            path = self._workdir / f"template-{given}.db"
            database = _scratch(path)
            governance = Governance(database, self.rules)
            governance.prepare()
            if given == "demo":
                governance.seed_demo()
            with database.unit_of_work() as session:
                self._givens[given] = _Given(path, store.load_register(session), store.platforms_reached(session, [])[0])
            database.dispose()
        return self._givens[given]

    def run(self, scenario: Scenario) -> Outcome:
        spec = scenario.spec
        given = spec.get("given", "demo")
        if given not in GIVENS:
            return Outcome(scenario, [f"given must be 'demo' or 'structure', not {given!r}"])
        try:
            return judge(scenario, self._violations(self._given(given), spec))
        except (InputError, KeyError, TypeError, ValueError) as error:  # a scenario file written wrong
            return Outcome(scenario, [f"the scenario cannot run: {type(error).__name__}: {error}"])

    def _violations(self, given: _Given, spec: dict[str, Any]) -> list[Violation]:
        as_of = parse_date(spec.get("as_of"), "as_of") or date.today()
        written_first = any(spec.get(key) for key in ("statuses", "people", "records"))
        if written_first or spec.get("case_actions") or spec.get("constitute"):
            self._start_from(given.template)
            self._write_start(spec)
        if spec.get("constitute"):  # constituteBody: what a refusal reports
            result = self._governance.constitute_body(spec["constitute"], as_of, "scenario")
            return list(result.violations) if isinstance(result, Rejected) else []
        if spec.get("case_actions"):
            return _case_actions(_Referee(self._governance), spec["case_actions"], as_of)
        register = self._load(spec) if written_first else given.register
        changes = [_change(register, item) for item in spec.get("changes") or []]
        if changes:
            return self._governance.check_register(register, changes, as_of, given.default_platform)[0].violations
        return evaluate_register(self.rules.on(as_of), register, as_of)

    def _start_from(self, template: Path) -> None:
        self._database.dispose()  # closes the connections to the last scenario's file; the statement cache stays
        for leftover in self._workdir.glob(f"{self._path.name}-*"):
            leftover.unlink()
        shutil.copyfile(template, self._path)

    def _write_start(self, spec: dict[str, Any]) -> None:
        """The statuses, people and records a scenario starts from, written as the services write them."""
        governance = self._governance
        with governance.database.unit_of_work(write=True) as session:
            for key, status in (spec.get("statuses") or {}).items():
                session.execute(update(Body).where(Body.key == key).values(status=BodyStatus[status]))
        records = dict(spec.get("records") or {})
        if records.get("organisations"):  # before the people, who may belong to them
            with governance.database.unit_of_work(write=True) as session:
                seed_records(session, {"organisations": records.pop("organisations")})
        for person in spec.get("people") or []:
            governance.create_person(
                person["key"], person["name"], person.get("organisation"), person.get("qualifications") or [], "scenario"
            )
        if records:
            with governance.database.unit_of_work(write=True) as session:
                seed_records(session, records)

    def _load(self, spec: dict[str, Any]) -> Register:
        """The register as written, with the scenario's people (a check loads the persons its changes name)."""
        with self._database.unit_of_work() as session:
            return store.load_register(session, person_keys=[person["key"] for person in spec.get("people") or []])


GIVENS = ("demo", "structure")


def _scratch(path: Path) -> Database:
    """A SQLite database for one run: no commit waits for the disk (a crash loses only the run)."""
    database = Database(f"sqlite:///{path}")
    event.listen(database.engine, "connect", lambda connection, _record: connection.execute("PRAGMA synchronous=OFF"))
    return database


T = TypeVar("T")


def _change(register: Register, item: dict[str, Any]) -> Change:
    """Scenario changes are GraphQL-shaped, plus ``end: {person, body, endsOn}`` (the latest such membership)."""
    if "end" not in item:
        return change_from_dict(_yaml_on(item))
    end = item["end"]
    found = [m for m in register.memberships.values() if m.person == end["person"] and m.body == end["body"]]
    if not found:
        raise ValueError(f"{end['person']} has no membership of {end['body']}")
    latest = max(found, key=lambda m: (m.starts_on, -m.id))
    return EndMembership(latest.id, required_date(end["endsOn"], "endsOn"))


class _Remembering(Snapshots):
    """Questions about a starting point's register answered once for every scenario that starts there.

    The registers of the givens are built once and never changed (a check lays its changes
    over a copy), so what the rules say about one on a day holds for the whole suite.
    """

    def __init__(self, givens: dict[str, _Given]) -> None:
        super().__init__()
        self._givens = givens
        self._known: dict[tuple[str, Hashable], Any] = {}

    def answer(self, register: Register, question: Hashable, compute: Callable[[], T]) -> T:
        given = next((name for name, known in self._givens.items() if known.register is register), None)
        if given is None:
            return compute()
        if (given, question) not in self._known:
            self._known[given, question] = compute()
        return cast(T, self._known[given, question])


class _Referee(Cases):
    """The case services as scenarios use them: an allowed step answers only the warnings it brought.

    Scenarios assert rule ids alone, so the view of the case after each step (a further
    load and solve) is not rendered.
    """

    def allowed_answer(self, key: str, on: date, warnings: tuple[Violation, ...]) -> CaseView:
        return CaseView(key, "", "", "", "", (), (), (), (), (), (), (), (), (), "", warnings)


def _case_actions(cases: Cases, actions: list[dict[str, Any]], as_of: date) -> list[Violation]:
    """Run case actions in order; what refused ones reported, and the warnings allowed ones brought, is the outcome."""
    reported: list[Violation] = []
    for item in actions:
        [(kind, spec)] = _yaml_on(item).items()
        on = parse_date(spec.get("on"), "on") or as_of
        if kind == "open":
            result = cases.open(
                spec["key"], spec.get("title", spec["key"]), spec["originator"], spec.get("concerns") or [], "scenario", on,
                track=spec.get("track", "POLITICAL"), co_originators=spec.get("coOriginators") or [],
            )
        elif kind == "advance":
            result = cases.advance(spec["case"], spec["to"], spec["by"], "scenario", on)
        elif kind == "approve":
            result = cases.record_approval(spec["case"], spec["approver"], spec["decision"], "scenario", on)
        elif kind == "answer":
            result = cases.record_hearing_answer(spec["case"], spec["recipient"], spec.get("text", "-"), "scenario", on)
        else:
            raise ValueError(f"unknown case action {kind!r}: use open, advance, approve or answer")
        reported.extend(result.violations if isinstance(result, Rejected) else result.warnings)
    return reported


def _yaml_on(item: dict[str, Any]) -> dict[str, Any]:
    """YAML 1.1 reads an unquoted ``on:`` key as ``True``; dissolveBody's field is called ``on``."""
    return {
        kind: {("on" if key is True else key): value for key, value in body.items()} if isinstance(body, dict) else body
        for kind, body in item.items()
    }


def judge(scenario: Scenario, violations: Iterable[Violation]) -> Outcome:
    reported = list(violations)
    rules = {v.rule for v in reported}
    outcome = Outcome(scenario)
    for rule in sorted(scenario.expected - rules):
        outcome.problems.append(f"expected {rule}, which was not reported")
    for rule in sorted(scenario.unexpected & rules):
        shown = "; ".join(v.message("en") for v in reported if v.rule == rule)
        outcome.problems.append(f"did not expect {rule}: {shown}")
    for rule, severity in (scenario.spec.get("severity") or {}).items():
        found = {v.severity for v in reported if v.rule == rule}
        if found and found != {severity}:
            outcome.problems.append(f"expected {rule} as {severity}, got {', '.join(sorted(found))}")
    return outcome


GAP_WORDS = {
    "never shown failing": {"da": "aldrig vist brudt", "en": "never shown failing"},
    "never shown holding": {"da": "aldrig vist overholdt", "en": "never shown holding"},
}


def gap_text(why: Iterable[str], lang: str) -> str:
    """What ``coverage_gaps`` says of a rule, in words of the language asked ("aldrig vist brudt og ...")."""
    return {"da": " og ", "en": " and "}[lang].join(GAP_WORDS[w][lang] for w in why)


def coverage_gaps(scenarios: Iterable[Scenario], rule_ids: Iterable[str]) -> dict[str, list[str]]:
    """Rules that no scenario shows reported, or none shows not reported."""
    scenarios = list(scenarios)
    gaps: dict[str, list[str]] = {}
    for rule in sorted(rule_ids):
        missing = []
        if not any(rule in s.expected for s in scenarios):
            missing.append("never shown failing")
        if not any(rule in s.unexpected for s in scenarios):
            missing.append("never shown holding")
        if missing:
            gaps[rule] = missing
    return gaps
