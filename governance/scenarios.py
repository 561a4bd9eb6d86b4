"""Rule scenarios: given a register and changes, expect these rule ids and not those.

Scenario files live in ``rules/tests/*.yaml`` (see ``rules/README.md``). Each runs on a
fresh SQLite database through the same services every caller uses, so a scenario
tests the rules exactly as users meet them.
"""

from __future__ import annotations

import atexit
import multiprocessing
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select, update

from governance.cases import Cases
from governance.cases_seed import seed_records
from governance.changes import Change, change_from_dict
from governance.engine import Violation
from governance.engine.ruleset import load_rule_set
from governance.errors import InputError
from governance.model import Body, BodyStatus, Membership, Person
from governance.rulesource import RuleSource, rules_directory
from governance.services import Governance, Rejected
from governance.store import Database
from governance.values import parse_date


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


def run_scenarios(rules_dir: Path, scenarios: Sequence[Scenario], jobs: int = 1) -> Iterator[Outcome]:
    """The outcomes in the order given, as they come; with ``jobs`` > 1 spread over that many processes.

    Each process builds its own runner (templates, engine) once; a scenario costs only its
    own evaluations, so two processes on two cores take about half the time.
    """
    jobs = max(1, min(jobs, len(scenarios)))
    if jobs == 1:
        runner = ScenarioRunner(rules_dir)
        try:
            yield from (runner.run(scenario) for scenario in scenarios)
        finally:
            runner.close()
        return
    context = multiprocessing.get_context("spawn")  # no fork of a process that may hold threads or clingo state
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(str(rules_dir),)) as pool:
        for scenario, problems in zip(scenarios, pool.map(_run_in_worker, scenarios)):
            yield Outcome(scenario, problems)


_worker_runner: ScenarioRunner | None = None


def _start_worker(rules_dir: str) -> None:
    global _worker_runner
    _worker_runner = ScenarioRunner(rules_dir)
    atexit.register(_worker_runner.close)


def _run_in_worker(scenario: Scenario) -> list[str]:
    assert _worker_runner is not None, "the pool's initializer makes the runner"
    return _worker_runner.run(scenario).problems


class ScenarioRunner:
    """Runs scenarios against copies of a template database per starting point.

    The rule set is loaded once, and every scenario runs on the same engine (its file
    replaced by a copy of the template between scenarios), so SQLAlchemy compiles each
    statement once for the whole suite instead of once per scenario.
    """

    def __init__(self, rules_dir: Path | str | None = None):
        self.rules = RuleSource.holding(load_rule_set(rules_directory(str(rules_dir) if rules_dir else None)))
        self._workdir = Path(tempfile.mkdtemp(prefix="boliv-scenarios-"))
        self._templates: dict[str, Path] = {}
        self._path = self._workdir / "scenario.db"
        self._database = Database(f"sqlite:///{self._path}")

    def close(self) -> None:
        self._database.dispose()
        shutil.rmtree(self._workdir, ignore_errors=True)

    def _template(self, given: str) -> Path:
        if given not in self._templates:
            path = self._workdir / f"template-{given}.db"
            database = Database(f"sqlite:///{path}")
            governance = Governance(database, self.rules)
            governance.prepare()
            if given == "demo":
                governance.seed_demo()
            database.dispose()
            self._templates[given] = path
        return self._templates[given]

    def run(self, scenario: Scenario) -> Outcome:
        spec = scenario.spec
        given = spec.get("given", "demo")
        if given not in ("demo", "structure"):
            return Outcome(scenario, [f"given must be 'demo' or 'structure', not {given!r}"])
        template = self._template(given)
        self._database.dispose()  # closes the connections to the last scenario's file; the statement cache stays
        for leftover in self._workdir.glob("scenario.db-*"):
            leftover.unlink()
        shutil.copyfile(template, self._path)
        try:
            return self._run(Governance(self._database, self.rules), scenario)
        except (InputError, KeyError, TypeError, ValueError) as error:  # a scenario file written wrong
            return Outcome(scenario, [f"the scenario cannot run: {type(error).__name__}: {error}"])

    def _run(self, governance: Governance, scenario: Scenario) -> Outcome:
        spec = scenario.spec
        as_of = parse_date(spec.get("as_of"), "as_of") or date.today()
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
        changes = [self._change(governance, item) for item in spec.get("changes") or []]
        if spec.get("constitute"):  # constituteBody: what a refusal reports
            result = governance.constitute_body(spec["constitute"], as_of, "scenario")
            violations = result.violations if isinstance(result, Rejected) else []
        elif spec.get("case_actions"):
            violations = _case_actions(Cases(governance), spec["case_actions"], as_of)
        elif changes:
            violations = governance.check_changes(changes, as_of).violations
        else:
            violations = governance.audit(as_of).violations
        return judge(scenario, violations)

    @staticmethod
    def _change(governance: Governance, item: dict[str, Any]) -> Change:
        """Scenario changes are GraphQL-shaped, plus ``end: {person, body, endsOn}``."""
        if "end" not in item:
            return change_from_dict(_yaml_on(item))
        end = item["end"]
        with governance.database.unit_of_work() as session:
            membership = session.scalar(
                select(Membership.id)
                .join(Person, Membership.person_id == Person.id)
                .join(Body, Membership.body_id == Body.id)
                .where(Person.key == end["person"], Body.key == end["body"])
                .order_by(Membership.starts_on.desc())
            )
        if membership is None:
            raise ValueError(f"{end['person']} has no membership of {end['body']}")
        return change_from_dict({"endMembership": {"membership": membership, "endsOn": end["endsOn"]}})


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
