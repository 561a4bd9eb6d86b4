"""Repairs: every suggested repair, applied as of its day, gives a body that constitutes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from boliv.cli import main
from governance.changes import Appoint, EndMembership
from governance.engine.repair import Repair, summary
from governance.model import Body, BodyStatus, Membership, Organisation, Person, Role
from governance.services import Applied, Governance, Rejected

AS_OF = date(2026, 6, 1)


def _forming(governance: Governance, body: str) -> None:
    with governance.database.unit_of_work(write=True) as session:
        session.execute(update(Body).where(Body.key == body).values(status=BodyStatus.FORMING))


def _end(governance: Governance, person: str, body: str) -> None:
    with governance.database.unit_of_work() as session:
        membership = session.scalar(select(Membership.id).join(Body).join(Person).where(Body.key == body, Person.key == person))
    assert isinstance(governance.apply_changes([EndMembership(membership, AS_OF - timedelta(days=1))], AS_OF, "test"), Applied)


def _apply(governance: Governance, repair: Repair) -> None:
    changes = [Appoint(a.person, repair.body, a.role, appointed_by=a.appointed_by, on_behalf_of=a.on_behalf_of) for a in repair.appoint]
    changes += [EndMembership(m, AS_OF - timedelta(days=1)) for m in repair.end]
    assert isinstance(governance.apply_changes(changes, AS_OF, "test"), Applied)


@pytest.mark.parametrize(
    ("body", "leaving"),
    [
        ("fku", ["sofie-winther"]),  # FKU's legal seat and the parity go with her
        ("policy-group", ["jens-kristensen"]),  # the chair leaves
        ("theme-legal", ["anders-bjerre", "pia-kirkegaard"]),  # the housing side leaves
        ("fku", ["birgitte-moelgaard"]),  # the chair, held for and appointed by the municipality, leaves
    ],
)
def test_every_repair_of_an_incomplete_body_works_when_applied(demo: Governance, body: str, leaving: list[str]) -> None:
    _forming(demo, body)
    for person in leaving:
        _end(demo, person, body)
    assert isinstance(demo.constitute_body(body, AS_OF, "test"), Rejected)
    repairs, register = demo.repairs(body, AS_OF, limit=3)
    assert repairs, "an incomplete body gets at least one repair"
    assert [r.size for r in repairs] == sorted(r.size for r in repairs), "fewest changes first"
    assert not repairs[0].needs, "registered people come first"
    for repair in repairs:  # a later one may need a person not yet registered: none left whom no rule would flag
        assert not repair.unresolved
        assert summary(repair, register, demo.rule_set, "da") and summary(repair, register, demo.rule_set, "en")
        changes = [Appoint(a.person, body, a.role, appointed_by=a.appointed_by, on_behalf_of=a.on_behalf_of) for a in repair.appoint]
        flagged = [v for v in demo.check_changes(changes, AS_OF).violations if v.severity != "INFO"
                   and any(a.person in v.args for a in repair.appoint)]
        assert not flagged, f"a repair suggests a seat the rules flag: {[v.message('en') for v in flagged]}"
    _apply(demo, repairs[0])
    assert demo.constitute_body(body, AS_OF, "test").status == "active"


def test_each_repair_of_the_secretariat_removes_the_second_daily_leader(demo: Governance) -> None:
    _forming(demo, "secretariat")
    demo.create_person("ny-leder", "Ny Leder", "oesterbo", [], "test")
    with demo.database.unit_of_work(write=True) as session:  # a state the service would refuse, laid down directly
        person = session.scalar(select(Person.id).where(Person.key == "ny-leder"))
        body = session.scalar(select(Body.id).where(Body.key == "secretariat"))
        oesterbo = session.scalar(select(Organisation.id).where(Organisation.key == "oesterbo"))
        session.add(Membership(person_id=person, body_id=body, role=Role.DAILY_LEADER, appointed_by_id=oesterbo, starts_on=date(2026, 2, 1)))
    assert any(v.rule == "secretariat.posts" for v in demo.composition("secretariat", AS_OF).violations)
    repairs, register = demo.repairs("secretariat", AS_OF, limit=3)
    # Ending Maria Thorsen instead would make her count as a ninth FKU seat: only one repair is offered.
    [repair] = repairs
    assert repair.appoint == () and [register.memberships[m].person for m in repair.end] == ["ny-leder"]
    _apply(demo, repair)
    assert demo.constitute_body("secretariat", AS_OF, "test").status == "active"


def test_a_body_no_registered_person_can_fill_says_so(governance: Governance, capsys) -> None:
    governance.create_person("anna", "Anna Andersen", "aab", ["legal"], "test")
    repairs, register = governance.repairs("theme-legal", AS_OF, limit=1)
    [repair] = repairs
    assert [a.person for a in repair.appoint] == ["anna"]
    [need] = repair.needs
    assert need.organisation == "vejle-kommune" and need.qualifications == ("legal",)
    assert "it needs a person from Vejle Kommune with legal knowledge" in summary(repair, register, governance.rule_set, "en")
    assert "den kræver en person fra Vejle Kommune med juridisk viden" in summary(repair, register, governance.rule_set, "da")


def test_a_valid_body_needs_no_repair(demo: Governance) -> None:
    assert demo.repairs("fku", AS_OF)[0] == []


def test_the_repair_and_explain_commands(demo: Governance, database_url: str, capsys) -> None:
    _forming(demo, "fku")
    _end(demo, "sofie-winther", "fku")
    assert main(["repair", "--database", database_url, "--body", "fku", "--as-of", "2026-06-01", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1. 1 change so that FKU can be active from 1 June 2026: ") and " appoints " in out and "from 1 June 2026" in out
    assert main(["explain", "--database", database_url, "--body", "fku", "--as-of", "2026-06-01", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "WARNING fku.theme-seats (fku)" in out and "Rule fku.theme-seats" in out


def test_an_ad_hoc_group_past_its_end_date_is_repaired_by_dissolving_it(demo: Governance) -> None:
    from governance.changes import DissolveBody

    [register] = demo.platform_registers("adhoc-styringsdialog")
    last_day = register.bodies["adhoc-styringsdialog"].expires_on
    later = last_day + timedelta(days=30)
    assert not demo.composition("adhoc-styringsdialog", later).valid  # adhoc.expired
    [repair], found_in = demo.repairs("adhoc-styringsdialog", later)
    assert repair.dissolve == last_day + timedelta(days=1) and repair.size == 1 and not repair.appoint
    assert summary(repair, found_in, demo.rule_set, "da") == (
        "1 ændring, da Ad hoc-gruppen om den nye styringsdialog har passeret sin slutdato: "
        "Ad hoc-gruppen om den nye styringsdialog nedlægges den 1. januar 2028."
    )
    assert summary(repair, found_in, demo.rule_set, "en").endswith("is dissolved on 1 January 2028.")
    assert isinstance(demo.apply_changes([DissolveBody("adhoc-styringsdialog", repair.dissolve)], later, "test"), Applied)
    assert demo.composition("adhoc-styringsdialog", later).valid
    assert demo.repairs("adhoc-styringsdialog", last_day)[0] == []  # before its end date nothing is due
