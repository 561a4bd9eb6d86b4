"""The one path every caller takes: check, apply, constitute, create, audit.

Services decide what to load and what to write; the engine decides every verdict.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from governance import parallel_audit, store
from governance.audit import recorded
from governance.cases_seed import seed_cases_demo
from governance.changes import (
    Change,
    DissolveBody,
    day_before,
    overlay,
    referenced_bodies,
    referenced_memberships,
    referenced_persons,
    referenced_platforms,
)
from governance.engine import RuleSet, Violation, evaluate
from governance.engine.repair import Repair, find_repairs
from governance.engine.ruleset import digest
from governance.errors import BolivError, DuplicateKey, Empty, InputError, UnknownKey
from governance.keys import new_key
from governance.model import (
    AuditEntry,
    Body,
    BodyStatus,
    Organisation,
    Person,
    Platform,
    RuleSetVersion,
)
from governance.register import BodyRow, PersonRow, Register
from governance.rulebook import FIRST_DAY, RuleBook, Timeline
from governance.rulefiles import folder_files
from governance.rulesource import RuleSource, rules_directory
from governance.seed import DEMO_FILE, is_empty, read_yaml, seed_demo, seed_structure
from governance.settings import CoreSettings
from governance.snapshots import Snapshots, combine
from governance.writer import write_difference

log = logging.getLogger("boliv.audit")


@dataclass(frozen=True)
class Verdict:
    valid: bool
    rule_set_version: str
    violations: list[Violation]


Identity = tuple[str, str, str, str]  # Violation.identity


@dataclass(frozen=True)
class Check:
    """The verdict on changes: ``rule_set_version`` is the version in force on ``asOf``;
    ``rule_set_versions`` every version that judged a day, in day order; ``found_by`` the
    version of the day each violation was found on (by ``Violation.identity``)."""

    allowed: bool
    rule_set_version: str
    violations: list[Violation]
    touched: frozenset[str] = frozenset()
    rule_set_versions: tuple[str, ...] = ()
    found_by: Mapping[Identity, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Applied:
    audit_id: int
    check: Check
    membership_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Rejected:
    violations: list[Violation]
    audit_id: int | None = None
    found_by: Mapping[Identity, str] = field(default_factory=dict)  # for a refused check: as ``Check.found_by``


FIRST_JUSTIFICATION = "The rule files the register was created with."


def evaluate_register(
    rule_set: RuleSet, register: Register, as_of: date, body: str | None = None, explain: bool = False
) -> list[Violation]:
    """A whole register's violations, or one body's and those of the bodies that read it; ``explain``: with explanations."""
    return evaluate(rule_set, register, as_of, [body] if body else list(register.bodies), explain=explain)


def _has_error(violations: Sequence[Violation]) -> bool:
    return any(v.severity.blocks for v in violations)


class Governance:
    """The services over one database and its rules: the published versions, or a draft folder."""

    def __init__(self, database: store.Database, rules: RuleBook | RuleSource | None = None):
        self.database = database
        self.rules: RuleBook | RuleSource = rules if rules is not None else RuleBook(database)
        self.snapshots = Snapshots()

    @classmethod
    def open(
        cls, url: str | None = None, rules_dir: str | None = None, published: bool = False, settings: CoreSettings | None = None,
    ) -> Governance:
        """Connect, create and migrate a new database, and give it the structure.

        ``url`` and ``rules_dir`` are taken before ``settings`` (without settings: the
        environment's, ``governance.settings``). A rule folder is served as a draft
        (``governance.rulesource``) unless ``published`` asks for the published versions;
        a new database takes it as its first published rule set either way.
        """
        given = settings if settings is not None else CoreSettings.from_env()
        settings = CoreSettings(url or given.database_url, rules_dir or given.rules_dir, given.audit_key)
        database = store.Database(settings=settings)
        draft = settings.rules_dir and not published
        governance = cls(database, RuleSource(settings.rules_dir) if draft else RuleBook(database))
        governance.prepare(rules_directory(settings.rules_dir))
        return governance

    def prepare(self, first_rules: Path | None = None) -> None:
        """Migrate; a database without a published rule set gets these files (default: the project's) as its first."""
        self.database.create_schema()
        with self.database.unit_of_work(write=True) as session:
            if session.scalar(select(RuleSetVersion.id).limit(1)) is None:
                directory = first_rules or rules_directory()
                session.add(RuleSetVersion(
                    version=digest(directory), files=folder_files(directory), in_force_from=FIRST_DAY,
                    published_by="boliv", justification=FIRST_JUSTIFICATION, retired=[], reports={},
                ))
        with self.database.unit_of_work(write=True) as session:
            if is_empty(session):
                seed_structure(session, read_yaml(self.rule_set.structure_file))

    @property
    def rule_set(self) -> RuleSet:
        """The rule set in force today (a draft: the draft)."""
        return self.rules.current()

    def rule_set_on(self, day: date) -> RuleSet:
        """The rule set in force on a day: the one that answers every question as of that day."""
        return self.rules.on(day)

    def timeline(self) -> Timeline | RuleSource:
        """One view of the versions for a question that judges several days."""
        return self.rules.timeline()

    # -- seeding ---------------------------------------------------------------------

    def seed_demo(self) -> bool:
        """Add the fictional demo register; False when it is there already."""
        demo = read_yaml(DEMO_FILE)
        with self.database.unit_of_work(write=True) as session:
            first = demo["persons"][0]["key"]
            if session.scalar(select(Person.id).where(Person.key == first)) is not None:
                return False
            seed_demo(session, demo)
            seed_cases_demo(session)
        return True

    def seed_synthetic(self, copies: int) -> int:
        """Add copies of the whole structure with the demo people (keys suffixed ``-s1`` ...); the number added."""
        structure, demo = read_yaml(self.rule_set.structure_file), read_yaml(DEMO_FILE)
        added = 0
        for number in range(1, copies + 1):
            suffix = f"-s{number}"
            with self.database.unit_of_work(write=True) as session:
                if session.scalar(select(Platform.id).where(Platform.key == structure["platform"]["key"] + suffix)):
                    continue
                seed_structure(session, structure, suffix)
                seed_demo(session, demo, suffix)
                added += 1
        return added

    # -- questions -------------------------------------------------------------------

    def composition(self, body: str, as_of: date, explain: bool = False) -> Verdict:
        rule_set = self.rule_set_on(as_of)
        with self.database.unit_of_work() as session:
            platforms = store.platforms_of_bodies(session, [body])
            if body not in platforms:
                raise UnknownKey("body", body)
            register = self.snapshots.register(session, platforms.values())
        violations = [v for v in evaluate(rule_set, register, as_of, [body], explain=explain) if v.body == body]
        return Verdict(not _has_error(violations), rule_set.version, violations)

    def audit(self, as_of: date, body: str | None = None, explain: bool = False) -> Verdict:
        """Every body's violations (or one body's and those that read it), platform by platform."""
        rule_set = self.rule_set_on(as_of)
        registers = self.platform_registers(body)
        if body is None:  # every platform: in a few parts, one thread each (parallel_audit.py)
            violations = parallel_audit.audit(rule_set, registers, as_of, explain)
        else:
            violations = evaluate_register(rule_set, combine(registers), as_of, body, explain)
        return Verdict(not _has_error(violations), rule_set.version, violations)

    def platform_registers(self, body: str | None = None) -> list[Register]:
        """The register of every platform, or of the one platform a body belongs to."""
        with self.database.unit_of_work() as session:
            if body is None:
                versions = store.platform_versions(session)  # every platform, in one query
                return [self.snapshots.register(session, [key], known=versions) for key in versions]
            found = store.platforms_of_bodies(session, [body])
            if body not in found:
                raise UnknownKey("body", body)
            return [self.snapshots.register(session, [found[body]])]

    def repairs(self, body: str, as_of: date, limit: int = 3) -> tuple[list[Repair], Register]:
        """The smallest sets of changes that make a body valid as ACTIVE on a day, and the register they refer to."""
        day_before(as_of)  # a repair ends memberships the day before
        [register] = self.platform_registers(body)
        return find_repairs(self.rule_set_on(as_of), register, body, as_of, limit), register

    def check_changes(self, changes: Sequence[Change], as_of: date, explain: bool = False) -> Check:
        """The verdict on changes taken together; ``explain``: its violations with their explanations."""
        with self.database.unit_of_work() as session:
            register, default = self._load_for(session, changes)
        return self.check_register(register, changes, as_of, default, explain)[0]

    def _load_for(self, session: Session, changes: Sequence[Change], lock: bool = False) -> tuple[Register, str]:
        """The register of every platform the changes reach; with ``lock``, those platforms' write lock first."""
        default, of_bodies, versions = store.platforms_reached(session, referenced_bodies(changes))
        platforms = set(of_bodies.values())
        platforms |= store.platforms_of_memberships(session, referenced_memberships(changes))
        platforms |= referenced_platforms(changes, default)
        if lock:  # a writing unit reads the register afresh, under the lock, and never caches it
            store.lock_platforms(session, platforms)
            return store.load_register(session, platforms, referenced_persons(changes)), default
        return self.snapshots.register(session, platforms, referenced_persons(changes), versions), default

    def check_register(
        self, before: Register, changes: Sequence[Change], as_of: date, default: str, explain: bool = False
    ) -> tuple[Check, Register]:
        """Each day a change takes effect is judged, before and after, by the rule set in force that day.

        It reads nothing from the database: ``before`` is the register as loaded (or, for the
        rule scenarios, as built in memory), so every caller judges changes the same way.
        """
        timeline = self.timeline()
        after = overlay(before, changes, as_of, default)
        current: set[Identity] = set()
        resulting: dict[Identity, Violation] = {}
        found_by: dict[Identity, str] = {}
        judged: dict[str, None] = {}  # the versions in day order, each once
        for day in after.dates:
            rule_set = timeline.on(day)
            judged.setdefault(rule_set.version)
            question = ("violations", rule_set.version, day, as_of, after.touched)
            before_day = partial(evaluate, rule_set, before, day, after.touched, as_of)
            for v in self.snapshots.answer(before, question, before_day):
                current.add(v.identity)
            for v in evaluate(rule_set, after.register, day, after.touched, as_of, explain):
                if v.identity not in resulting:
                    resulting[v.identity], found_by[v.identity] = v, rule_set.version
        violations = [
            replace(v, introduced=identity not in current)
            for identity, v in resulting.items()
        ]
        allowed = not any(v.introduced and v.severity.blocks for v in violations)
        check = Check(allowed, timeline.on(as_of).version, violations, after.touched, tuple(judged), found_by)
        return check, after.register

    # -- changes -----------------------------------------------------------------------

    def apply_changes(
        self, changes: Sequence[Change], as_of: date, actor: str, justification: str | None = None, override: bool = False,
        explain: bool = False,
    ) -> Applied | Rejected:
        """Check and write in one transaction that holds the platforms' write lock.

        With ``override`` the changes are written although they introduce an ERROR; the
        caller has made sure the actor may and has given a justification. The entry is
        marked ``override`` only when an ERROR was in fact set aside.
        """
        request: dict[str, Any] = {"changes": [c.described() for c in changes], "asOf": as_of.isoformat()}
        try:
            with self.database.unit_of_work(write=True) as session:
                register, default = self._load_for(session, changes, lock=True)
                check, after = self.check_register(register, changes, as_of, default, explain)
                written = check.allowed or override
                created: list[int] = []
                if written:
                    created = write_difference(session, register, after)
                entry = self.record_entry(
                    session, actor, "applyChanges", {**request, "ruleSetVersions": list(check.rule_set_versions)},
                    check.touched, written, check.violations, justification,
                    override=written and not check.allowed, version=check.rule_set_version, found_by=check.found_by,
                )
        except InputError as error:
            self.record_refusal(actor, "applyChanges", request, error, justification)
            raise
        if written:
            return Applied(entry.id, check, created)
        return Rejected(check.violations, entry.id, check.found_by)

    def constitute_body(self, body: str, as_of: date, actor: str, explain: bool = False) -> BodyRow | Rejected:
        """Move a FORMING body to ACTIVE when it is valid as ACTIVE (the rules refuse a dissolved one)."""
        request = {"body": body, "asOf": as_of.isoformat()}
        with self.database.unit_of_work(write=True) as session:
            platforms = store.platforms_of_bodies(session, [body])
            if body not in platforms:
                raise UnknownKey("body", body)
            store.lock_platforms(session, platforms.values())
            register = store.load_register(session, platforms.values())
            active = register.constituting(body, DissolveBody.standing(register.bodies[body], as_of).status)
            rule_set = self.rule_set_on(as_of)
            errors = [v for v in evaluate(rule_set, active, as_of, [body], explain=explain) if v.body == body and v.severity.blocks]
            if errors:
                entry = self.record_entry(session, actor, "constituteBody", request, {body}, False, errors, None, version=rule_set.version)
                return Rejected(errors, entry.id)
            session.execute(update(Body).where(Body.key == body).values(status=BodyStatus.ACTIVE))
            self.record_entry(session, actor, "constituteBody", request, {body}, True, [], None, version=rule_set.version)
            return active.bodies[body]

    def create_person(
        self, key: str, name: str, organisation: str | None, qualifications: Sequence[str], actor: str
    ) -> PersonRow:
        request = {"key": key, "name": name, "organisation": organisation, "qualifications": list(qualifications)}
        try:
            with self.database.unit_of_work(write=True, unique=DuplicateKey("person", key)) as session:
                org_id = None
                if organisation is not None:
                    found = session.execute(
                        select(Organisation.id, Platform.key).join(Platform).where(Organisation.key == organisation)
                    ).first()
                    if found is None:
                        raise UnknownKey("organisation", organisation)
                    org_id = found[0]
                    store.lock_platforms(session, [found[1]])
                if not key.strip() or not name.strip():
                    raise Empty("key_and_name", key)
                new_key(key)
                if session.scalar(select(Person.id).where(Person.key == key)) is not None:
                    raise DuplicateKey("person", key)
                session.add(Person(key=key, name=name, organisation_id=org_id, qualifications=list(dict.fromkeys(qualifications))))
                self.record_entry(session, actor, "createPerson", request, set(), True, [], None)
        except InputError as error:
            self.record_refusal(actor, "createPerson", request, error, None)
            raise
        return PersonRow(key, name, organisation, tuple(qualifications))

    # -- the audit trail -------------------------------------------------------------------

    def record_entry(
        self, session: Session, actor: str, action: str, request: dict[str, Any], bodies: set[str] | frozenset[str],
        allowed: bool, violations: Sequence[Violation], justification: str | None, override: bool = False,
        version: str | None = None, found_by: Mapping[Identity, str] | None = None,
    ) -> AuditEntry:
        """Add one entry to the audit trail in ``session``: every service that changes the register writes one.

        The entry names the version that judged (``version``), else the one in force today; with
        ``found_by`` each violation names the version that found it (a check spanning several).
        """
        items = [recorded(v) for v in violations]
        if found_by:
            for item, v in zip(items, violations, strict=True):
                item["ruleSetVersion"] = found_by[v.identity]
        entry = AuditEntry(
            actor=actor, action=action, request=request, body_keys=sorted(bodies), allowed=allowed,
            violations=items,
            rule_set_version=version or self.rule_set.version, justification=justification, override=override,
        )
        session.add(entry)
        session.flush()
        if not allowed:
            reasons = sorted({v.rule for v in violations if v.severity.blocks}) or [str(request.get("error", "-"))]
            log.info("mutation refused: %s by %s (audit entry %s): %s", action, actor, entry.id, "; ".join(reasons))
        return entry

    def record_refusal(self, actor: str, action: str, request: dict[str, Any], error: BolivError, justification: str | None) -> None:
        """A refused mutation whose input could not be checked still leaves its entry."""
        with self.database.unit_of_work(write=True) as session:
            request = {**request, "error": error.messages["en"]}
            self.record_entry(session, actor, action, request, set(), False, [], justification)
        error.recorded = True

