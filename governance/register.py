"""A plain, immutable picture of (part of) the register, as the engine sees it.

The store reads rows into a ``Register``; proposed changes are laid over a copy of it;
the engine turns it into facts. Keeping it free of ORM objects lets a check build the
"after" state without touching the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from governance.enums import (
    ApprovalDecision,
    BodyKind,
    BodyStatus,
    CaseStage,
    CaseTrack,
    DocumentKind,
    EventKind,
    OrganisationKind,
    Role,
)


@dataclass(frozen=True)
class OrganisationRow:
    key: str
    name: str
    kind: OrganisationKind
    platform: str


@dataclass(frozen=True)
class PersonRow:
    key: str
    name: str
    organisation: str | None
    qualifications: tuple[str, ...] = ()


@dataclass(frozen=True)
class BodyRow:
    key: str
    name: str
    kind: BodyKind
    status: BodyStatus
    platform: str
    organisation: str | None = None
    parent: str | None = None
    topic: str | None = None
    expires_on: date | None = None
    dissolved_on: date | None = None


@dataclass(frozen=True)
class MembershipRow:
    """A membership; stored ones have positive ids, proposed ones negative ids."""

    id: int
    person: str
    body: str
    role: Role
    on_behalf_of: str | None
    appointed_by: str | None
    starts_on: date
    ends_on: date | None


@dataclass(frozen=True)
class CaseStepRow:
    stage: CaseStage
    by: str
    on: date


@dataclass(frozen=True)
class HearingAnswerRow:
    recipient: str
    text: str
    on: date


@dataclass(frozen=True)
class ApprovalRow:
    approver: str
    decision: ApprovalDecision
    on: date


@dataclass(frozen=True)
class CaseRow:
    """A case with the organisations it names (none: every housing organisation) and its records."""

    key: str
    title: str
    platform: str
    originator: str
    stage: CaseStage
    concerns: tuple[str, ...] = ()
    history: tuple[CaseStepRow, ...] = ()
    answers: tuple[HearingAnswerRow, ...] = ()
    approvals: tuple[ApprovalRow, ...] = ()
    track: CaseTrack = CaseTrack.POLITICAL
    co_originators: tuple[str, ...] = ()  # bodies that drafted it with the originator

    @property
    def name(self) -> str:
        return self.title


@dataclass(frozen=True)
class ActivityPoolRow:
    """An approved overall budget of a joint steering group, its activity pool and the sub-groups' shares."""

    key: str
    name: str
    body: str
    overall_budget: int
    amount: int
    approved_on: date
    shares: tuple[tuple[str, int], ...] = ()  # (sub-group, amount)


@dataclass(frozen=True)
class DetailBudgetRow:
    key: str
    name: str
    pool: str
    body: str
    amount: int
    made_on: date
    presented_on: date | None


@dataclass(frozen=True)
class ActionPlanRow:
    body: str
    year: int
    presented_on: date | None


@dataclass(frozen=True)
class EventRow:
    kind: EventKind
    body: str
    held_on: date


@dataclass(frozen=True)
class DocumentRow:
    kind: DocumentKind
    body: str
    adopted_on: date


@dataclass(frozen=True)
class CaseProposal:
    """A step someone proposes on a case, judged by the rules before it is recorded."""

    action: str  # open | move | answer | approval
    case: str
    body: str | None = None  # who moves it, answers or decides
    stage: CaseStage | None = None  # the stage a move asks for
    decision: ApprovalDecision | None = None


@dataclass(frozen=True)
class Constitution:
    """A proposal to constitute a body (make it ACTIVE), with the status it stands at before; the rules judge it."""

    body: str
    standing: BodyStatus


@dataclass
class Register:
    platforms: dict[str, dict[str, Any]] = field(default_factory=dict)
    organisations: dict[str, OrganisationRow] = field(default_factory=dict)
    persons: dict[str, PersonRow] = field(default_factory=dict)
    bodies: dict[str, BodyRow] = field(default_factory=dict)
    memberships: dict[int, MembershipRow] = field(default_factory=dict)
    cases: dict[str, CaseRow] = field(default_factory=dict)
    pools: dict[str, ActivityPoolRow] = field(default_factory=dict)
    detail_budgets: dict[str, DetailBudgetRow] = field(default_factory=dict)
    action_plans: list[ActionPlanRow] = field(default_factory=list)
    events: list[EventRow] = field(default_factory=list)
    proposals: tuple[CaseProposal, ...] = ()
    documents: list[DocumentRow] = field(default_factory=list)
    constitutions: tuple[Constitution, ...] = ()  # the one a constitution proposes
    # What the engine made of this register (its facts on a day), kept with it: a register
    # is not changed once it has been read or laid over, and a copy starts without.
    made: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def copy(self) -> Register:
        return Register(
            dict(self.platforms),
            dict(self.organisations),
            dict(self.persons),
            dict(self.bodies),
            dict(self.memberships),
            dict(self.cases),
            dict(self.pools),
            dict(self.detail_budgets),
            list(self.action_plans),
            list(self.events),
            self.proposals,
            list(self.documents),
            self.constitutions,
        )

    def with_body_status(self, key: str, status: BodyStatus) -> Register:
        changed = self.copy()
        changed.bodies[key] = replace(self.bodies[key], status=status)
        return changed

    def constituting(self, key: str, standing: BodyStatus) -> Register:
        """The register as the proposal to constitute a body asks the rules about it: the body ACTIVE, and the proposal."""
        changed = self.with_body_status(key, BodyStatus.ACTIVE)
        changed.constitutions = (Constitution(key, standing),)
        return changed

    def name_of(self, key: str) -> str | None:
        """The display name of a person, organisation, body, case, activity pool or detail budget key."""
        for table in (self.persons, self.organisations, self.bodies, self.cases, self.pools, self.detail_budgets):
            row = table.get(key)
            if row is not None:
                return row.name
        return None
