"""Løget By's budgets, action plans and meetings (rules/loeget_budget.lp) through Governance.audit."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import delete, select, update

from governance.cases_seed import seed_records
from governance.model import ActionPlan, Body, DetailBudget, Event, EventKind
from governance.services import Governance

ON = date(2026, 6, 1)
POOL = "loeget-pulje-2026-2029"


def _reported(governance: Governance, rule: str, as_of: date = ON) -> list[tuple]:
    return [(v.severity, v.body, v.args) for v in governance.audit(as_of).violations if v.rule == rule]


def _seed(governance: Governance, data: dict[str, Any]) -> None:
    with governance.database.unit_of_work(write=True) as session:
        seed_records(session, data)


def _detail(key: str, body: str, amount: int, made_on: str = "2026-05-05", presented_on: str | None = "2026-05-19") -> dict[str, Any]:
    return {"key": key, "name": key, "pool": POOL, "body": body, "amount": amount, "madeOn": made_on, "presentedOn": presented_on}


def test_the_demo_budgets_plans_and_meetings_hold(demo: Governance) -> None:
    for rule in ("loeget.budget", "loeget.budget-presented", "loeget.action-plan", "loeget.meetings"):
        for as_of in (ON, date(2027, 6, 1)):
            assert _reported(demo, rule, as_of) == [], (rule, as_of)


# -- loeget.budget ----------------------------------------------------------------------------


def test_detail_budgets_stay_within_the_share(demo: Governance) -> None:
    # The social group has 2,600,000 and has used 830,000 in 2026.
    _seed(demo, {"detailBudgets": [_detail("social-ekstra", "loeget-social", 1_770_000)]})
    assert _reported(demo, "loeget.budget") == []
    _seed(demo, {"detailBudgets": [_detail("social-for-meget", "loeget-social", 1)]})
    found = demo.audit(ON).violations
    budget = [v for v in found if v.rule == "loeget.budget"]
    assert [(v.severity, v.body, v.args) for v in budget] == [("ERROR", "loeget-social", ("details", "loeget-social", POOL, 2_600_001, 2_600_000))]
    assert "2.600.001 kr." in budget[0].message("da") and "Aktivitetspuljen Løget By 2026-2029" in budget[0].message("da")
    assert not demo.audit(ON).valid


def test_a_detail_budget_counts_from_the_day_it_is_made(demo: Governance) -> None:
    _seed(demo, {"detailBudgets": [_detail("physical-2027", "loeget-physical", 2_000_000, "2027-03-01", "2027-03-16")]})
    assert _reported(demo, "loeget.budget", date(2027, 2, 28)) == []
    assert [a[2][0] for a in _reported(demo, "loeget.budget", date(2027, 3, 1))] == ["details"]


def test_a_group_without_a_share_has_a_share_of_nothing(demo: Governance) -> None:
    _seed(demo, {"pools": [{"key": "ny-pulje", "name": "Ny pulje", "body": "loeget-joint", "overallBudget": 100, "amount": 100, "approvedOn": "2026-05-01"}],
                 "detailBudgets": [{**_detail("uden-andel", "loeget-social", 50), "pool": "ny-pulje"}]})
    assert _reported(demo, "loeget.budget") == [("ERROR", "loeget-social", ("details", "loeget-social", "ny-pulje", 50, 0))]


def test_shares_stay_within_the_pool_and_the_pool_within_the_budget(demo: Governance) -> None:
    _seed(demo, {"pools": [{
        "key": "for-stor", "name": "For stor pulje", "body": "loeget-joint", "overallBudget": 1_000_000, "amount": 1_200_000,
        "approvedOn": "2026-05-01", "shares": {"loeget-social": 700_000, "loeget-physical": 600_000},
    }]})
    assert sorted(_reported(demo, "loeget.budget")) == [
        ("ERROR", "loeget-joint", ("pool", "loeget-joint", "for-stor", 1_200_000, 1_000_000)),
        ("ERROR", "loeget-joint", ("shares", "loeget-joint", "for-stor", 1_300_000, 1_200_000)),
    ]
    assert _reported(demo, "loeget.budget", date(2026, 4, 30)) == []  # not yet approved


# -- loeget.budget-presented --------------------------------------------------------------------


def test_a_detail_budget_not_presented_is_flagged_until_it_is(demo: Governance) -> None:
    _seed(demo, {"detailBudgets": [_detail("social-efterår", "loeget-social", 100_000, "2026-05-26", None)]})
    found = [v for v in demo.audit(ON).violations if v.rule == "loeget.budget-presented"]
    assert [(v.severity, v.body, v.args) for v in found] == [("WARNING", "loeget-social", ("loeget-social", "social-efterår", 20260526, "loeget-joint"))]
    assert "26 May 2026" in found[0].message("en") and "for information" in found[0].message("en")
    assert demo.audit(ON).valid  # for information, not approval: no error
    with demo.database.unit_of_work(write=True) as session:
        session.execute(update(DetailBudget).where(DetailBudget.key == "social-efterår").values(presented_on=date(2026, 6, 16)))
    assert len(_reported(demo, "loeget.budget-presented", date(2026, 6, 15))) == 1
    assert _reported(demo, "loeget.budget-presented", date(2026, 6, 16)) == []


# -- loeget.action-plan -------------------------------------------------------------------------


def test_each_subgroup_presents_an_action_plan_every_year(demo: Governance) -> None:
    with demo.database.unit_of_work(write=True) as session:
        social = session.scalar(select(Body.id).where(Body.key == "loeget-social"))
        session.execute(delete(ActionPlan).where(ActionPlan.body_id == social, ActionPlan.year == 2026))
    assert _reported(demo, "loeget.action-plan", date(2026, 12, 31)) == []
    assert _reported(demo, "loeget.action-plan", date(2027, 1, 1)) == [("WARNING", "loeget-social", ("loeget-social", 2026, "loeget-joint"))]


def test_a_plan_counts_once_it_is_presented(demo: Governance) -> None:
    _seed(demo, {"actionPlans": [{"body": "loeget-social", "year": 2028, "presentedOn": "2029-02-01"},
                                 {"body": "loeget-physical", "year": 2028}]})
    found = _reported(demo, "loeget.action-plan", date(2029, 1, 15))
    assert {(body, args[1]) for _, body, args in found} >= {("loeget-social", 2028), ("loeget-physical", 2028)}
    found = _reported(demo, "loeget.action-plan", date(2029, 2, 1))
    assert ("loeget-social", 2028) not in {(body, args[1]) for _, body, args in found}
    assert ("loeget-physical", 2028) in {(body, args[1]) for _, body, args in found}


# -- loeget.meetings ----------------------------------------------------------------------------


def _meetings(governance: Governance, days: list[str]) -> None:
    with governance.database.unit_of_work(write=True) as session:
        session.execute(delete(Event).where(Event.kind == EventKind.STEERING_MEETING))
        seed_records(session, {"events": [{"kind": "STEERING_MEETING", "body": "loeget-joint", "heldOn": d} for d in days]})


def test_about_six_meetings_a_year(demo: Governance) -> None:
    _meetings(demo, ["2026-02-01", "2026-06-01", "2026-10-01"])
    assert _reported(demo, "loeget.meetings", date(2026, 12, 31)) == []
    found = [v for v in demo.audit(date(2027, 6, 1)).violations if v.rule == "loeget.meetings"]
    assert [(v.severity, v.body, v.args) for v in found] == [("WARNING", "loeget-joint", ("loeget-joint", 2026, 3, 4, 8))]
    assert "3" in found[0].message("da") and "4 til 8" in found[0].message("da")
    _meetings(demo, [f"2026-{month:02d}-10" for month in range(1, 10)])
    assert _reported(demo, "loeget.meetings", date(2027, 6, 1)) == [("WARNING", "loeget-joint", ("loeget-joint", 2026, 9, 4, 8))]
    _meetings(demo, [f"2026-{month:02d}-10" for month in (1, 3, 5, 7)])
    assert _reported(demo, "loeget.meetings", date(2027, 6, 1)) == []
