"""The yearly duties (rules/yearly.lp) through Governance.audit and boliv check."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select

from boliv.cli import main
from governance.cases_seed import seed_records
from governance.model import Body, Event, EventKind, Membership
from governance.services import Governance


def _reported(governance: Governance, rule: str, as_of: date) -> list[tuple]:
    return [(v.severity, v.body, v.args) for v in governance.audit(as_of).violations if v.rule == rule]


def _drop_events(governance: Governance, kind: EventKind) -> None:
    with governance.database.unit_of_work(write=True) as session:
        session.execute(delete(Event).where(Event.kind == kind))


def test_the_demo_keeps_its_yearly_duties(demo: Governance) -> None:
    for as_of in (date(2026, 6, 1), date(2027, 6, 1)):
        found = [v for v in demo.audit(as_of).violations if v.severity != "INFO"]
        assert not found, [v.message("en") for v in found]


def test_a_year_without_a_conference_is_flagged_once_it_has_passed(demo: Governance) -> None:
    _drop_events(demo, EventKind.CONFERENCE)
    assert _reported(demo, "secretariat.conference", date(2026, 12, 31)) == []
    found = demo.audit(date(2027, 1, 1)).violations
    conference = [v for v in found if v.rule == "secretariat.conference"]
    assert [(v.severity, v.body, v.args) for v in conference] == [("WARNING", "secretariat", ("secretariat", 2026))]
    assert "2026" in conference[0].message("da") and conference[0].source == "Fællessekretariat"


def test_every_past_year_needs_its_conference(demo: Governance) -> None:
    assert _reported(demo, "secretariat.conference", date(2028, 3, 1)) == [("WARNING", "secretariat", ("secretariat", 2027))]
    with demo.database.unit_of_work(write=True) as session:
        seed_records(session, {"events": [{"kind": "CONFERENCE", "body": "secretariat", "heldOn": "2027-11-04"}]})
    assert _reported(demo, "secretariat.conference", date(2028, 3, 1)) == []


def test_a_year_without_an_evaluation_is_flagged_on_the_policy_group(demo: Governance) -> None:
    _drop_events(demo, EventKind.EVALUATION)
    assert _reported(demo, "evaluation.annual", date(2026, 12, 31)) == []
    assert _reported(demo, "evaluation.annual", date(2027, 6, 1)) == [("WARNING", "policy-group", ("policy-group", 2026))]


def test_any_body_of_the_platform_may_carry_out_the_evaluation(demo: Governance) -> None:
    _drop_events(demo, EventKind.EVALUATION)
    with demo.database.unit_of_work(write=True) as session:
        seed_records(session, {"events": [{"kind": "EVALUATION", "body": "adhoc-styringsdialog", "heldOn": "2026-11-30"}]})
    assert _reported(demo, "evaluation.annual", date(2027, 6, 1)) == []


def _secretariat_staffed_from(demo: Governance, day: date) -> None:
    with demo.database.unit_of_work(write=True) as session:
        secretariat = session.scalar(select(Body.id).where(Body.key == "secretariat"))
        for membership in session.scalars(select(Membership).where(Membership.body_id == secretariat)):
            membership.starts_on = day


def test_duties_count_from_the_first_full_year_a_body_had_members(demo: Governance) -> None:
    """A secretariat staffed from February 2027 owes no conference for 2026 or 2027; 2028 is its first full year."""
    _drop_events(demo, EventKind.CONFERENCE)
    _secretariat_staffed_from(demo, date(2027, 2, 1))
    assert _reported(demo, "secretariat.conference", date(2028, 6, 1)) == []
    assert _reported(demo, "secretariat.conference", date(2029, 1, 1)) == [("WARNING", "secretariat", ("secretariat", 2028))]


def test_a_secretariat_staffed_on_15_december_owes_no_conference_for_that_year(demo: Governance) -> None:
    _drop_events(demo, EventKind.CONFERENCE)
    _secretariat_staffed_from(demo, date(2026, 12, 15))
    assert _reported(demo, "secretariat.conference", date(2027, 6, 1)) == []
    _secretariat_staffed_from(demo, date(2026, 1, 1))  # staffed all of 2026
    assert _reported(demo, "secretariat.conference", date(2027, 6, 1)) == [("WARNING", "secretariat", ("secretariat", 2026))]


def test_a_register_without_members_owes_nothing(governance: Governance) -> None:
    for rule in ("secretariat.conference", "evaluation.annual", "loeget.meetings", "loeget.action-plan"):
        assert _reported(governance, rule, date(2030, 6, 1)) == []


def test_boliv_check_reports_the_duties(demo: Governance, database_url: str, capsys) -> None:
    assert main(["check", "--database", database_url, "--as-of", "2027-06-01", "--lang", "en"]) == 0
    assert "0 warnings" in capsys.readouterr().out
    assert main(["check", "--database", database_url, "--as-of", "2028-06-01", "--lang", "en"]) == 1  # the ad hoc group expired
    out = capsys.readouterr().out
    for rule in ("secretariat.conference", "evaluation.annual", "loeget.meetings"):
        assert rule in out
    assert "held no joint conference in 2027" in out
