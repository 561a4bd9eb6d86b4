"""Properties of the engine through the services, for random batches of changes on the demo.

hypothesis draws batches of appointments (any registered person to any body, any role,
appointed by and on behalf of any organisation, starting before, on or after the day
asked about, open-ended or not) and ends of memberships, and each example runs on a
fresh copy of a demo database made once per module. What must hold:

- ``checkChanges`` and ``applyChanges`` agree: allowed exactly when applied, with the
  same verdicts; a refusal writes nothing but its audit entry.
- An allowed change never introduces an ERROR: after applying it, the audit of every day
  the check evaluates has no ERROR the audit before did not have.
- A change and its inverse give back the same verdicts: an end and the end put back (the
  last day the membership had, or 9999-12-31, the rules' open end, for an open-ended
  one) leave the audit and the check as they were; an
  appointment ended on its first day leaves the verdicts of the days after as they were.
- The order of the changes in a batch, and of the rows of the register, does not change
  any verdict.
- A scope gives the violations of everything: each body's ``composition`` (and
  ``audit(body)``) equals the full audit filtered to that body, and a check reports for
  the bodies it touches what the audit reports after the change is written.

Bounded for CI: ``EXAMPLES`` examples per property, derandomised (the same examples
every run). ``BOLIV_LONG=1`` runs 300, ``BOLIV_PROPERTY_EXAMPLES=N`` any number and
``BOLIV_PROPERTY_SEED=S`` another random sequence (docs/robustness.md).

The examples run on SQLite copies whatever the back end (the engine's answers do not
depend on it); in the PostgreSQL half only the property that writes runs, on the
test's PostgreSQL database.
"""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import BACKEND
from hypothesis import HealthCheck, given, note, seed, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from governance import store
from governance.changes import Appoint, Change, EndMembership
from governance.engine import evaluate
from governance.model import AuditEntry, Role
from governance.register import Register
from governance.rulesource import RuleSource
from governance.services import Applied, Governance, Rejected

LONG = os.environ.get("BOLIV_LONG") == "1"
EXAMPLES = int(os.environ.get("BOLIV_PROPERTY_EXAMPLES") or (300 if LONG else 15))
SEED = os.environ.get("BOLIV_PROPERTY_SEED")
AS_OF = date(2026, 6, 1)
OPEN_END = date(9999, 12, 31)  # the rules' open end: ending a membership on it reopens it

sqlite_only = pytest.mark.skipif(BACKEND != "sqlite", reason="engine properties on SQLite copies: run in the SQLite half")


def bounded(test):
    """The CI bound: EXAMPLES examples, no deadline, the same examples every run unless a seed is given."""
    configured = settings(
        max_examples=EXAMPLES, deadline=None, database=None, derandomize=SEED is None, print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )(test)
    return seed(int(SEED))(configured) if SEED is not None else configured


# -- the demo, once per module, and a fresh copy per example --------------------------------


@dataclass
class World:
    template: Path
    copies: Path
    rules: RuleSource
    register: Register


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    folder = tmp_path_factory.mktemp("properties")
    template = folder / "demo.db"
    rules = RuleSource(interval=3600)  # read once: every example shares the parsed rule set
    governance = Governance(store.Database(f"sqlite:///{template}"), rules)
    governance.prepare()
    governance.seed_demo()
    with governance.database.unit_of_work() as session:
        register = store.load_register(session)
    with governance.database.engine.connect() as connection:
        connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))  # everything in the main file
    governance.database.dispose()
    return World(template, folder, rules, register)


@contextmanager
def fresh(world: World) -> Iterator[Governance]:
    """The services over a new copy of the demo database."""
    folder = Path(os.path.join(world.copies, f"copy-{random.getrandbits(64):016x}"))
    folder.mkdir()
    shutil.copyfile(world.template, folder / "boliv.db")
    governance = Governance(store.Database(f"sqlite:///{folder / 'boliv.db'}"), world.rules)
    try:
        yield governance
    finally:
        governance.database.dispose()
        shutil.rmtree(folder, ignore_errors=True)


# -- random changes ----------------------------------------------------------------------------


def appointments(register: Register) -> st.SearchStrategy[Appoint]:
    persons = sorted(register.persons)
    organisations = sorted(register.organisations)
    roles = ["MEMBER"] * 4 + [role.name for role in Role]

    @st.composite
    def appoint(draw: st.DrawFn) -> Appoint:
        person = draw(st.sampled_from(persons))
        own = register.persons[person].organisation
        choose_org = st.sampled_from(([own] * 3 if own else []) + organisations)
        starts_on = draw(st.one_of(st.none(), st.integers(-30, 60).map(lambda n: AS_OF + timedelta(days=n))))
        length = draw(st.one_of(st.none(), st.integers(0, 400)))
        return Appoint(
            person=person, body=draw(st.sampled_from(sorted(register.bodies))), role=draw(st.sampled_from(roles)),
            appointed_by=draw(choose_org), on_behalf_of=draw(st.one_of(st.none(), choose_org)), starts_on=starts_on,
            ends_on=None if length is None else (starts_on or AS_OF) + timedelta(days=length),
        )

    return appoint()


def ends(register: Register) -> st.SearchStrategy[EndMembership]:
    """Ends that take effect on the day asked about or up to two months later."""
    days = st.integers(-60, 60).map(lambda n: AS_OF + timedelta(days=n))
    return st.builds(EndMembership, st.sampled_from(sorted(register.memberships)), days)


def batches(register: Register, min_size: int = 1, max_size: int = 3) -> st.SearchStrategy[list[Change]]:
    """Appointments and ends together, each membership ended at most once."""
    change = st.one_of(appointments(register), ends(register))
    return st.lists(change, min_size=min_size, max_size=max_size, unique_by=lambda c: ("end", c.membership) if isinstance(c, EndMembership) else c)


# -- what is compared ------------------------------------------------------------------------


def verdicts(violations) -> set[tuple]:
    """A check's or an audit's verdicts as comparable values: the violation, its subjects, whether introduced."""
    return {(v.identity, v.subjects, v.introduced) for v in violations}


def errors(governance: Governance, day: date) -> set[tuple]:
    return {v.identity for v in governance.audit(day).violations if v.severity == "ERROR"}


def days_checked(batch: list[Change]) -> set[date]:
    """The days on which the batch changes the register, from the day asked about on.

    The day asked about, the appointments' first days, and the day after each last day
    an appointment or an end sets.
    """
    days = {AS_OF} | {c.starts_on for c in batch if isinstance(c, Appoint) and c.starts_on}
    days |= {c.ends_on + timedelta(days=1) for c in batch if isinstance(c, Appoint | EndMembership) and c.ends_on and c.ends_on < date.max}
    return {day for day in days if day >= AS_OF}


def audit_count(governance: Governance, allowed: bool | None = None) -> int:
    with governance.database.unit_of_work() as session:
        query = select(func.count()).select_from(AuditEntry)
        if allowed is not None:
            query = query.where(AuditEntry.allowed == allowed)
        return session.scalar(query)


def memberships(governance: Governance) -> dict:
    with governance.database.unit_of_work() as session:
        return store.load_register(session).memberships


# -- the properties --------------------------------------------------------------------------


def _agree(governance: Governance, batch: list[Change]) -> Applied | Rejected:
    before = memberships(governance)
    check = governance.check_changes(batch, AS_OF)
    result = governance.apply_changes(batch, AS_OF, "property", "hypothesis")
    note(f"allowed={check.allowed} result={type(result).__name__}")
    assert isinstance(result, Applied) == check.allowed
    written = result.check.violations if isinstance(result, Applied) else result.violations
    assert verdicts(written) == verdicts(check.violations)
    after = memberships(governance)
    if isinstance(result, Rejected):
        assert after == before
    else:
        appointed = [c for c in batch if isinstance(c, Appoint)]
        assert len(result.membership_ids) == len(appointed) and set(after) == set(before) | set(result.membership_ids)
        for change in batch:
            if isinstance(change, EndMembership):
                assert after[change.membership].ends_on == change.ends_on
    return result


@sqlite_only
@bounded
@given(data=st.data())
def test_check_and_apply_agree(world: World, data: st.DataObject) -> None:
    batch = data.draw(batches(world.register), label="batch")
    with fresh(world) as governance:
        result = _agree(governance, batch)
        assert audit_count(governance) == 1 and audit_count(governance, allowed=True) == isinstance(result, Applied)


@settings(
    max_examples=max(EXAMPLES // 2, 5), deadline=None, database=None, derandomize=SEED is None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_check_and_apply_agree_on_the_test_back_end(world: World, demo: Governance, data: st.DataObject) -> None:
    """The same on the test's own database (PostgreSQL in that half), whose state carries over between examples.

    The demo is laid down the same way in both databases, so the template's keys and ids name its rows.
    """
    _agree(demo, data.draw(batches(world.register), label="batch"))


@sqlite_only
@bounded
@given(data=st.data())
def test_an_allowed_change_never_introduces_an_error(world: World, data: st.DataObject) -> None:
    batch = data.draw(batches(world.register), label="batch")
    with fresh(world) as governance:
        days = sorted(days_checked(batch))
        before = {day: errors(governance, day) for day in days}
        result = governance.apply_changes(batch, AS_OF, "property")
        note(f"result={type(result).__name__}")
        if isinstance(result, Rejected):
            assert any(v.introduced and v.severity == "ERROR" for v in result.violations)
            return
        for day in days:
            assert errors(governance, day) <= before[day], day


@sqlite_only
@bounded
@given(data=st.data())
def test_an_end_and_the_end_put_back_give_back_the_same_verdicts(world: World, data: st.DataObject) -> None:
    batch = data.draw(st.lists(ends(world.register), min_size=1, max_size=3, unique_by=lambda c: c.membership), label="ends")
    inverse = [EndMembership(c.membership, world.register.memberships[c.membership].ends_on or OPEN_END) for c in batch]
    with fresh(world) as governance:
        audit_before = verdicts(governance.audit(AS_OF).violations)
        check_before = governance.check_changes(batch, AS_OF)
        together = governance.check_changes(batch + inverse, AS_OF)  # one step: nothing changes
        assert together.allowed and not any(v.introduced for v in together.violations)
        result = governance.apply_changes(batch, AS_OF, "property")
        note(f"result={type(result).__name__}")
        if isinstance(result, Applied):
            assert isinstance(governance.apply_changes(inverse, AS_OF, "property"), Applied)
        assert verdicts(governance.audit(AS_OF).violations) == audit_before
        check_again = governance.check_changes(batch, AS_OF)
        assert (check_again.allowed, verdicts(check_again.violations)) == (check_before.allowed, verdicts(check_before.violations))


@sqlite_only
@bounded
@given(data=st.data())
def test_an_appointment_ended_on_its_first_day_leaves_the_later_verdicts(world: World, data: st.DataObject) -> None:
    batch = data.draw(st.lists(appointments(world.register), min_size=1, max_size=3, unique_by=lambda c: c), label="appointments")
    with fresh(world) as governance:
        last_first_day = max(c.starts_on or AS_OF for c in batch)
        later = [last_first_day + timedelta(days=data.draw(st.integers(1, 60), label="days later"))]
        before = {day: verdicts(governance.audit(day).violations) for day in later}
        result = governance.apply_changes(batch, AS_OF, "property")
        note(f"result={type(result).__name__}")
        if isinstance(result, Applied):
            first_days = [c.starts_on or AS_OF for c in batch]
            inverse = [EndMembership(m, day) for m, day in zip(result.membership_ids, first_days, strict=False)]
            assert isinstance(governance.apply_changes(inverse, AS_OF, "property"), Applied)
        for day in later:
            assert verdicts(governance.audit(day).violations) == before[day], day


@sqlite_only
@bounded
@given(data=st.data())
def test_the_order_of_the_changes_does_not_matter(world: World, data: st.DataObject) -> None:
    batch = data.draw(batches(world.register, min_size=2, max_size=4), label="batch")
    shuffled = data.draw(st.permutations(batch), label="shuffled")
    with fresh(world) as governance:
        first, second = governance.check_changes(batch, AS_OF), governance.check_changes(shuffled, AS_OF)
    assert first.allowed == second.allowed
    assert verdicts(first.violations) == verdicts(second.violations)
    assert first.touched == second.touched


@sqlite_only
@bounded
@given(data=st.data())
def test_the_order_of_the_rows_does_not_matter(world: World, data: st.DataObject) -> None:
    """The engine's answer for a register does not depend on the order its rows were read in."""
    rule_set = world.rules.current()
    register = world.register
    shuffled = Register(
        platforms=register.platforms,
        **{
            name: dict(data.draw(st.permutations(list(getattr(register, name).items())), label=name))
            for name in ("organisations", "persons", "bodies", "memberships", "cases", "pools", "detail_budgets")
        },
        action_plans=data.draw(st.permutations(register.action_plans), label="action_plans"),
        events=data.draw(st.permutations(register.events), label="events"),
    )
    day = data.draw(st.sampled_from([AS_OF, date(2026, 1, 1), date(2026, 12, 31)]), label="day")
    touched = data.draw(st.lists(st.sampled_from(sorted(register.bodies)), min_size=1, unique=True), label="touched")
    original, reordered = evaluate(rule_set, register, day, touched), evaluate(rule_set, shuffled, day, touched)
    assert [(v.identity, v.subjects, v.messages) for v in original] == [(v.identity, v.subjects, v.messages) for v in reordered]


@sqlite_only
@bounded
@given(data=st.data())
def test_a_scope_gives_the_violations_of_everything(world: World, data: st.DataObject) -> None:
    batch = data.draw(batches(world.register), label="batch")
    with fresh(world) as governance:
        check = governance.check_changes(batch, AS_OF)
        result = governance.apply_changes(batch, AS_OF, "property")
        note(f"result={type(result).__name__}")
        everything = governance.audit(AS_OF).violations
        bodies = sorted(check.touched | {data.draw(st.sampled_from(sorted(world.register.bodies)), label="another")})
        for body in bodies:
            expected = {(v.identity, v.subjects) for v in everything if v.body == body}
            assert {(v.identity, v.subjects) for v in governance.composition(body, AS_OF).violations} == expected, body
        one = data.draw(st.sampled_from(bodies), label="one")
        assert {(v.identity, v.subjects) for v in governance.audit(AS_OF, one).violations if v.body == one} == {
            (v.identity, v.subjects) for v in everything if v.body == one
        }
        if isinstance(result, Applied) and days_checked(batch) == {AS_OF}:
            for body in check.touched:  # what the check said the state would be is what it is
                reported = {v.identity for v in check.violations if v.body == body}
                assert reported == {v.identity for v in everything if v.body == body}, body
