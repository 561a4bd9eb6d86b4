"""Lay down cases, Løget's budgets and plans, and the yearly events from a data file.

``cases_demo.yaml`` holds the three worked cases of the source and the demo's budgets,
plans, meetings, conferences and evaluations; tests lay down their own in the same
shape. Rows are written as given: the rules judge them afterwards, in ``audit``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from governance.changes import parse_date
from governance.model import (
    ActionPlan,
    ActivityPool,
    ApprovalDecision,
    Body,
    BodyKind,
    BodyStatus,
    Case,
    CaseApproval,
    CaseConcern,
    CaseCoOriginator,
    CaseStage,
    CaseStep,
    CaseTrack,
    DetailBudget,
    Document,
    DocumentKind,
    Event,
    EventKind,
    HearingAnswer,
    Membership,
    Organisation,
    OrganisationKind,
    Person,
    Platform,
    PoolShare,
    Role,
)
from governance.seed import read_yaml

CASES_DEMO_FILE = Path(__file__).with_name("cases_demo.yaml")


def seed_cases_demo(session: Session) -> None:
    """The demo's cases, budgets, plans and events (after the demo persons and memberships)."""
    seed_records(session, read_yaml(CASES_DEMO_FILE))


def seed_records(session: Session, data: dict[str, Any]) -> None:
    """Organisations, bodies and memberships first, then cases, activity pools, detail budgets, action plans, events and documents."""
    _organisations(session, data.get("organisations") or [])
    _bodies(session, data.get("bodies") or [])
    ids = _Ids(session)
    for spec in data.get("memberships") or []:
        session.add(Membership(
            person_id=ids.person(spec["person"]), body_id=ids.body(spec["body"]), role=Role[spec["role"]],
            on_behalf_of_id=ids.org(spec.get("onBehalfOf")), appointed_by_id=ids.org(spec.get("appointedBy")),
            starts_on=parse_date(spec["startsOn"], "startsOn"), ends_on=parse_date(spec.get("endsOn"), "endsOn"),
        ))
    for spec in data.get("cases") or []:
        _case(session, ids, spec)
    for spec in data.get("pools") or []:
        pool = ActivityPool(
            key=spec["key"], name=spec["name"], body_id=ids.body(spec["body"]), overall_budget=spec["overallBudget"],
            amount=spec["amount"], approved_on=parse_date(spec["approvedOn"], "approvedOn"),
        )
        session.add(pool)
        session.flush()
        session.add_all(PoolShare(pool_id=pool.id, body_id=ids.body(body), amount=amount) for body, amount in (spec.get("shares") or {}).items())
    pool_ids = dict(session.execute(select(ActivityPool.key, ActivityPool.id)).all())
    for spec in data.get("detailBudgets") or []:
        session.add(DetailBudget(
            key=spec["key"], name=spec["name"], pool_id=pool_ids[spec["pool"]], body_id=ids.body(spec["body"]),
            amount=spec["amount"], made_on=parse_date(spec["madeOn"], "madeOn"), presented_on=parse_date(spec.get("presentedOn"), "presentedOn"),
        ))
    for spec in data.get("actionPlans") or []:
        session.add(ActionPlan(body_id=ids.body(spec["body"]), year=spec["year"], presented_on=parse_date(spec.get("presentedOn"), "presentedOn")))
    for spec in data.get("events") or []:
        session.add(Event(kind=EventKind[spec["kind"]], body_id=ids.body(spec["body"]), held_on=parse_date(spec["heldOn"], "heldOn"), title=spec.get("title", "")))
    for spec in data.get("documents") or []:
        session.add(Document(
            kind=DocumentKind[spec["kind"]], body_id=ids.body(spec["body"]), adopted_on=parse_date(spec["adoptedOn"], "adoptedOn"),
            title=spec.get("title", ""),
        ))
    session.flush()


class _Ids:
    """Row ids by key, read once."""

    def __init__(self, session: Session):
        self.bodies = dict(session.execute(select(Body.key, Body.id)).all())
        self.orgs = dict(session.execute(select(Organisation.key, Organisation.id)).all())
        self.persons = dict(session.execute(select(Person.key, Person.id)).all())

    def body(self, key: str) -> int:
        return self.bodies[key]

    def org(self, key: str | None) -> int | None:
        return self.orgs[key] if key else None

    def person(self, key: str) -> int:
        return self.persons[key]


def _organisations(session: Session, specs: list[dict[str, Any]]) -> None:
    """Further organisations of a platform (an area group's, say: kind OTHER)."""
    platform_ids = dict(session.execute(select(Platform.key, Platform.id)).all())
    session.add_all(
        Organisation(key=spec["key"], name=spec["name"], kind=OrganisationKind[spec["kind"]], platform_id=platform_ids[spec["platform"]])
        for spec in specs
    )
    session.flush()


def _bodies(session: Session, specs: list[dict[str, Any]]) -> None:
    platform_ids = dict(session.execute(select(Platform.key, Platform.id)).all())
    for spec in specs:
        parent = session.scalar(select(Body).where(Body.key == spec["parent"])) if spec.get("parent") else None
        session.add(Body(
            key=spec["key"], name=spec["name"], kind=BodyKind[spec["kind"]], status=BodyStatus[spec.get("status", "FORMING")],
            platform_id=parent.platform_id if parent else platform_ids[spec["platform"]], parent=parent,
            topic=spec.get("topic"), expires_on=parse_date(spec.get("expiresOn"), "expiresOn"),
        ))
    session.flush()


def _case(session: Session, ids: _Ids, spec: dict[str, Any]) -> None:
    """A case at the stage of its last history step, with its track, co-originators, concerns, answers and approvals."""
    history = spec["history"]
    originator = ids.body(spec["originator"])
    platform_id = session.scalar(select(Body.platform_id).where(Body.id == originator))
    case = Case(
        key=spec["key"], title=spec["title"], platform_id=platform_id, originator_id=originator,
        stage=CaseStage[history[-1]["stage"]], track=CaseTrack[spec.get("track", "POLITICAL")],
    )
    session.add(case)
    session.flush()
    session.add_all(CaseCoOriginator(case_id=case.id, body_id=ids.body(body)) for body in spec.get("coOriginators") or [])
    session.add_all(CaseConcern(case_id=case.id, organisation_id=ids.org(org)) for org in spec.get("concerns") or [])
    for step in history:
        session.add(CaseStep(case_id=case.id, stage=CaseStage[step["stage"]], by_id=ids.body(step["by"]), taken_on=parse_date(step["takenOn"], "takenOn")))
    for answer in spec.get("answers") or []:
        session.add(HearingAnswer(case_id=case.id, recipient_id=ids.body(answer["recipient"]), text=answer["text"], answered_on=parse_date(answer["answeredOn"], "answeredOn")))
    for approval in spec.get("approvals") or []:
        session.add(CaseApproval(
            case_id=case.id, approver_id=ids.body(approval["approver"]), decision=ApprovalDecision[approval["decision"]],
            decided_on=parse_date(approval["decidedOn"], "decidedOn"),
        ))
    session.flush()

