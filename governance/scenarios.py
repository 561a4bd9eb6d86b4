"""Rule scenarios: given a register and changes, expect these rule ids and not those.

Scenario files live in ``rules/tests/*.yaml`` (see ``rules/README.md``). Each runs on a
fresh SQLite database through the same services every caller uses, so a scenario
tests the rules exactly as users meet them.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select, update

from governance.changes import Change, EndMembership, change_from_dict, parse_date
from governance.engine import Violation
from governance.model import Body, BodyStatus, Membership, Person
from governance.cases import Cases
from governance.cases_seed import seed_records
from governance.services import Governance, Rejected


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
    reported: list[Violation] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def load_scenarios(directory: Path) -> list[Scenario]:
    scenarios = []
    for path in sorted(directory.glob("*.yaml")):
        for spec in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            scenarios.append(Scenario(spec["name"], path.name, spec))
    return scenarios


class ScenarioRunner:
    """Runs scenarios against copies of a template database per starting point."""

    def __init__(self, rules_dir: Path | str | None = None):
        self.rules_dir = str(rules_dir) if rules_dir else None
        self._workdir = Path(tempfile.mkdtemp(prefix="boliv-scenarios-"))
        self._templates: dict[str, Path] = {}

    def close(self) -> None:
        shutil.rmtree(self._workdir, ignore_errors=True)

    def _template(self, given: str) -> Path:
        if given not in self._templates:
            path = self._workdir / f"template-{given}.db"
            governance = Governance.open(f"sqlite:///{path}", self.rules_dir)
            if given == "demo":
                governance.seed_demo()
            governance.database.dispose()
            self._templates[given] = path
        return self._templates[given]

    def run(self, scenario: Scenario) -> Outcome:
        spec = scenario.spec
        given = spec.get("given", "demo")
        if given not in ("demo", "structure"):
            return Outcome(scenario, [f"given must be 'demo' or 'structure', not {given!r}"])
        path = self._workdir / "scenario.db"
        shutil.copyfile(self._template(given), path)
        governance = Governance.open(f"sqlite:///{path}", self.rules_dir)
        try:
            return self._run(governance, scenario)
        finally:
            governance.database.dispose()

    def _run(self, governance: Governance, scenario: Scenario) -> Outcome:
        spec = scenario.spec
        as_of = parse_date(spec.get("as_of"), "as_of") or date.today()
        with governance.database.unit_of_work(write=True) as session:
            for key, status in (spec.get("statuses") or {}).items():
                session.execute(update(Body).where(Body.key == key).values(status=BodyStatus[status]))
        for person in spec.get("people") or []:
            governance.create_person(
                person["key"], person["name"], person.get("organisation"), person.get("qualifications") or [], "scenario"
            )
        if spec.get("records"):
            with governance.database.unit_of_work(write=True) as session:
                seed_records(session, spec["records"])
        changes = [self._change(governance, item) for item in spec.get("changes") or []]
        if spec.get("case_actions"):
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
        return EndMembership(membership, parse_date(end["endsOn"], "endsOn"))


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
    outcome = Outcome(scenario, reported=reported)
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
