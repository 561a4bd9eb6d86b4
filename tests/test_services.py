"""The services every caller goes through: check, apply, constitute, create, audit."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from governance.changes import Appoint, CreateBody, DissolveBody, EndMembership
from governance.errors import InputError
from governance.model import AuditEntry, Body, BodyStatus, Membership, Person, Role
from governance.queries import Queries
from governance.services import Applied, Governance, Rejected

AS_OF = date(2026, 6, 1)


def _count(governance: Governance, model) -> int:
    with governance.database.unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(model))


def _member_ids(governance: Governance, body: str) -> list[int]:
    with governance.database.unit_of_work() as session:
        return list(session.scalars(select(Membership.id).join(Body).where(Body.key == body).order_by(Membership.id)))


def _ninth_seat(governance: Governance) -> Appoint:
    governance.create_person("ole-test", "Ole Test", "aab", ["legal"], "test")
    return Appoint("ole-test", "fku", "MEMBER", appointed_by="aab", on_behalf_of="aab")


def test_a_ninth_fku_seat_is_not_allowed(demo: Governance) -> None:
    check = demo.check_changes([_ninth_seat(demo)], AS_OF)
    assert not check.allowed
    cap = [v for v in check.violations if v.rule == "fku.cap"]
    assert len(cap) == 1 and cap[0].introduced and cap[0].severity == "ERROR"
    assert cap[0].subjects[0] == "fku"
    assert "9" in cap[0].message("da") and "9" in cap[0].message("en")
    assert cap[0].source == "Forum for Koordination og Udvikling"


def test_a_refused_change_writes_nothing_but_its_audit_entry(demo: Governance) -> None:
    appoint = _ninth_seat(demo)
    before = _member_ids(demo, "fku")
    entries = _count(demo, AuditEntry)
    result = demo.apply_changes([appoint], AS_OF, actor="test")
    assert isinstance(result, Rejected)
    assert any(v.rule == "fku.cap" and v.introduced for v in result.violations)
    assert _member_ids(demo, "fku") == before
    assert _count(demo, AuditEntry) == entries + 1
    with demo.database.unit_of_work() as session:
        entry = session.get(AuditEntry, result.audit_id)
        assert entry.allowed is False and entry.actor == "test" and entry.body_keys == ["fku"]


def test_an_allowed_change_is_written_and_audited(demo: Governance) -> None:
    demo.create_person("lise-test", "Lise Test", "aab", ["social"], "test")
    result = demo.apply_changes(
        [Appoint("lise-test", "theme-social", "MEMBER", appointed_by="aab", on_behalf_of="aab")], AS_OF, "test", "new member"
    )
    assert isinstance(result, Applied) and result.check.allowed
    assert len(result.membership_ids) == 1
    with demo.database.unit_of_work() as session:
        membership = session.get(Membership, result.membership_ids[0])
        assert membership.starts_on == AS_OF and membership.ends_on is None
        assert session.get(AuditEntry, result.audit_id).justification == "new member"


def test_the_other_party_may_not_appoint_a_theme_member(demo: Governance) -> None:
    demo.create_person("lise-test", "Lise Test", "aab", ["social"], "test")
    check = demo.check_changes(
        [Appoint("lise-test", "theme-social", "MEMBER", appointed_by="vejle-kommune", on_behalf_of="aab")], AS_OF
    )
    assert not check.allowed
    assert [v.rule for v in check.violations if v.introduced] == ["theme.self-appointed"]


def test_leaving_the_theme_group_takes_the_fku_theme_seat_with_it(demo: Governance) -> None:
    """FKU reads its theme groups: Sofie Winther holds FKU's legal seat through theme-legal."""
    with demo.database.unit_of_work() as session:
        legal = session.scalar(
            select(Membership.id).join(Body).join(Person).where(Body.key == "theme-legal", Person.key == "sofie-winther")
        )
    check = demo.check_changes([EndMembership(legal, date(2026, 5, 31))], AS_OF)
    assert not check.allowed
    assert ("fku.theme-seats", "fku") in {(v.rule, v.body) for v in check.violations if v.introduced}


def test_a_future_appointment_is_checked_on_the_day_it_starts(demo: Governance) -> None:
    appoint = _ninth_seat(demo)
    later = Appoint(appoint.person, "fku", "MEMBER", appointed_by="aab", on_behalf_of="aab", starts_on=date(2026, 9, 1))
    check = demo.check_changes([later], AS_OF)
    assert not check.allowed and any(v.rule == "fku.cap" for v in check.violations)


def test_an_end_that_takes_effect_later_is_checked_on_the_day_it_takes_effect(demo: Governance) -> None:
    with demo.database.unit_of_work() as session:
        chair = session.scalar(select(Membership.id).join(Body).where(Body.key == "fku", Membership.role == Role.CHAIR))
    later = EndMembership(chair, date(2026, 6, 10))
    check = demo.check_changes([later], AS_OF)
    assert not check.allowed
    assert ("fku.chair", "fku") in {(v.rule, v.body) for v in check.violations if v.introduced and v.severity == "ERROR"}
    result = demo.apply_changes([later], AS_OF, "test")
    assert isinstance(result, Rejected) and chair in _member_ids(demo, "fku")
    assert demo.composition("fku", date(2026, 6, 11)).valid


def test_a_membership_that_would_begin_after_the_dissolution_never_begins(demo: Governance) -> None:
    demo.create_person("ole-test", "Ole Test", "aab", ["legal"], "test")
    later = Appoint("ole-test", "noerremarken", "MEMBER", appointed_by="aab", starts_on=date(2026, 9, 1))
    result = demo.apply_changes([later, DissolveBody("noerremarken", AS_OF)], AS_OF, "test")
    assert isinstance(result, Applied), result
    with demo.database.unit_of_work() as session:
        row = session.scalar(select(Membership).where(Membership.id == result.membership_ids[0]))
        assert (row.starts_on, row.ends_on) == (date(2026, 9, 1), date(2026, 8, 31))


def test_checks_do_not_write(demo: Governance) -> None:
    before = (_member_ids(demo, "fku"), _count(demo, AuditEntry))
    demo.check_changes([_ninth_seat(demo)], AS_OF)
    assert (_member_ids(demo, "fku"), _count(demo, AuditEntry) - 1) == before  # createPerson left its entry


def test_unknown_keys_are_named(demo: Governance) -> None:
    with pytest.raises(InputError) as error:
        demo.check_changes([Appoint("nobody", "fku", "MEMBER", appointed_by="aab")], AS_OF)
    assert error.value.value == "nobody" and "nobody" in error.value.message("da")
    with pytest.raises(InputError) as error:
        demo.check_changes([EndMembership(999999, AS_OF)], AS_OF)
    assert error.value.value == "999999"
    with pytest.raises(InputError):
        demo.composition("nowhere", AS_OF)


def test_an_adhoc_group_needs_an_end_date(demo: Governance) -> None:
    open_ended = demo.check_changes([CreateBody("adhoc-pr", "Fælles PR", "ADHOC_GROUP", parent="fku")], AS_OF)
    assert not open_ended.allowed and any(v.rule == "adhoc.expiry" for v in open_ended.violations)
    dated = demo.apply_changes(
        [CreateBody("adhoc-pr", "Fælles PR", "ADHOC_GROUP", parent="fku", expires_on=date(2026, 12, 31))], AS_OF, "test"
    )
    assert isinstance(dated, Applied)
    assert demo.composition("adhoc-pr", AS_OF).valid


def test_dissolving_a_body_ends_its_memberships(demo: Governance) -> None:
    result = demo.apply_changes([DissolveBody("noerremarken", AS_OF)], AS_OF, "test")
    assert isinstance(result, Applied)
    with demo.database.unit_of_work() as session:
        body = session.scalar(select(Body).where(Body.key == "noerremarken"))
        assert body.status is BodyStatus.DISSOLVED and body.dissolved_on == AS_OF
        ends = session.scalars(select(Membership.ends_on).where(Membership.body_id == body.id)).all()
        assert ends and all(end == date(2026, 5, 31) for end in ends)


def test_constitute_refuses_an_incomplete_body_and_accepts_a_complete_one(governance: Governance) -> None:
    refused = governance.constitute_body("fku", AS_OF, "test")
    assert isinstance(refused, Rejected)
    assert {v.rule for v in refused.violations} >= {"fku.theme-seats", "fku.chair"}
    assert all(v.severity == "ERROR" for v in refused.violations)
    accepted = governance.constitute_body("noerremarken", AS_OF, "test")
    assert accepted.status == "active"


def test_create_person_refuses_duplicates_and_unknown_organisations(governance: Governance) -> None:
    governance.create_person("p1", "Person Et", "aab", ["legal"], "test")
    with pytest.raises(InputError) as error:
        governance.create_person("p1", "Person Et", "aab", [], "test")
    assert error.value.code == "DUPLICATE_KEY"
    with pytest.raises(InputError) as error:
        governance.create_person("p2", "Person To", "atlantis", [], "test")
    assert error.value.value == "atlantis"


def test_demo_is_valid_everywhere(demo: Governance) -> None:
    verdict = demo.audit(AS_OF)
    assert verdict.valid, [v.message("en") for v in verdict.violations if v.severity == "ERROR"]
    for body in ("policy-group", "secretariat", "fku", "theme-legal", "theme-technical", "theme-social", "loeget-joint"):
        assert demo.composition(body, AS_OF).valid


def _appoint_concurrently(governance: Governance, appointments: list[Appoint]) -> list[object]:
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda a: governance.apply_changes([a], AS_OF, "test"), appointments))


def test_concurrent_appointments_never_exceed_the_fku_cap(governance: Governance) -> None:
    sides = ["vejle-kommune", "aab", "oesterbo", "domea"]
    appointments = []
    for number in range(16):
        side = sides[number % 4]
        governance.create_person(f"p{number}", f"Person {number}", side, [], "test")
        appointments.append(Appoint(f"p{number}", "fku", "MEMBER", appointed_by=side, on_behalf_of=side))
    results = _appoint_concurrently(governance, appointments)
    assert sum(isinstance(r, Applied) for r in results) == 8
    assert len(_member_ids(governance, "fku")) == 8


def test_concurrent_daily_leaders_seat_exactly_one(demo: Governance) -> None:
    with demo.database.unit_of_work() as session:
        leader = session.scalars(select(Membership.id).join(Person).where(Person.key == "maria-thorsen")).all()
    only_secretariat = demo.check_changes([EndMembership(min(leader), date(2026, 5, 31))], AS_OF)
    assert "fku.cap" in {v.rule for v in only_secretariat.violations if v.introduced}  # she would count as a seat
    ends = [EndMembership(m, date(2026, 5, 31)) for m in leader]
    assert isinstance(demo.apply_changes(ends, AS_OF, "test"), Applied)
    appointments = []
    for number in range(8):
        demo.create_person(f"leader{number}", f"Leder {number}", "oesterbo", [], "test")
        appointments.append(Appoint(f"leader{number}", "secretariat", "DAILY_LEADER", appointed_by="oesterbo"))
    results = _appoint_concurrently(demo, appointments)
    assert sum(isinstance(r, Applied) for r in results) == 1


def test_an_override_writes_what_the_rules_refuse_and_marks_only_that_entry(demo: Governance) -> None:
    ninth, before = _ninth_seat(demo), _member_ids(demo, "fku")
    result = demo.apply_changes([ninth], AS_OF, "admin", "Byrådets beslutning 12/5", override=True)
    assert isinstance(result, Applied) and any(v.rule == "fku.cap" and v.introduced for v in result.check.violations)
    assert _member_ids(demo, "fku") == before + result.membership_ids
    harmless = demo.apply_changes([EndMembership(result.membership_ids[0], AS_OF)], AS_OF, "admin", "why", override=True)
    assert isinstance(harmless, Applied) and harmless.check.allowed
    with demo.database.unit_of_work() as session:
        marked = {e.id: (e.allowed, e.override) for e in session.scalars(select(AuditEntry))}
    assert marked[result.audit_id] == (True, True)
    assert marked[harmless.audit_id] == (True, False)  # nothing was set aside


def test_a_dissolution_dated_later_is_scheduled_and_takes_effect_on_its_day(demo: Governance) -> None:
    today = date.today()
    on = today + timedelta(days=30)
    result = demo.apply_changes([DissolveBody("noerremarken", on)], today, "test")
    assert isinstance(result, Applied), result  # its members stay until the day before, so nothing is broken
    [before] = Queries(demo.database).bodies(["noerremarken"])
    assert (before.status, before.dissolved_on) == ("active", on)
    assert demo.composition("noerremarken", today).valid
    late = Appoint("ida-rosendahl", "noerremarken", "MEMBER", appointed_by="aab", starts_on=on)
    check = demo.check_changes([late], today)
    assert ("membership.dissolved-body", "noerremarken") in {(v.rule, v.body) for v in check.violations if v.introduced}
    with demo.database.unit_of_work() as session:
        ends = session.scalars(select(Membership.ends_on).join(Body).where(Body.key == "noerremarken")).all()
    assert ends and all(end <= on - timedelta(days=1) for end in ends)
