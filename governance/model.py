"""The register's tables, in SQLAlchemy 2's typed style, and nothing else.

Field names follow Popolo / Open Civic Data where they fit: an organisation of the
source is a party (``Organisation``), a Popolo "organization" that people sit in is a
``Body``, and ``Membership`` carries ``role``, ``on_behalf_of``, ``starts_on`` and
``ends_on`` (valid time: both days included, ``None`` means open-ended).
"""

from __future__ import annotations

import enum
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

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


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON}


def _enum(cls: type[enum.Enum]) -> Enum:
    """Store enums as their names in a plain string column, portable across back ends."""
    return Enum(cls, native_enum=False, length=32, validate_strings=True)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Platform(Base):
    """A collaboration platform such as BolivVejle; the national data holds one per municipality.

    Rules never relate bodies of different platforms, so a platform is also the unit a
    check loads and the unit a write locks.
    """

    __tablename__ = "platforms"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Bumped by every write that touches the platform's register; caches of it key on this.
    version: Mapped[int] = mapped_column(default=0, server_default="0")


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OrganisationKind] = mapped_column(_enum(OrganisationKind))
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id"), index=True)

    platform: Mapped[Platform] = relationship()


class Person(Base):
    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    qualifications: Mapped[list[str]] = mapped_column(default=list)

    organisation: Mapped[Organisation | None] = relationship()


class Body(Base):
    __tablename__ = "bodies"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[BodyKind] = mapped_column(_enum(BodyKind))
    status: Mapped[BodyStatus] = mapped_column(_enum(BodyStatus), default=BodyStatus.FORMING)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id"), index=True)
    topic: Mapped[str | None] = mapped_column(String(40))
    expires_on: Mapped[date | None] = mapped_column(Date)
    dissolved_on: Mapped[date | None] = mapped_column(Date)

    platform: Mapped[Platform] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    parent: Mapped[Body | None] = relationship(remote_side=[id])


MAX_ID = 2**31 - 1  # the largest id an INTEGER primary key holds on PostgreSQL (and so on both back ends)


class Membership(Base):
    __tablename__ = "memberships"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    role: Mapped[Role] = mapped_column(_enum(Role))
    on_behalf_of_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    appointed_by_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)

    person: Mapped[Person] = relationship()
    body: Mapped[Body] = relationship()
    on_behalf_of: Mapped[Organisation | None] = relationship(foreign_keys=[on_behalf_of_id])
    appointed_by: Mapped[Organisation | None] = relationship(foreign_keys=[appointed_by_id])


class AuditEntry(Base):
    """One mutation, allowed or refused. Rows are only ever inserted.

    The ORM refuses to update or delete one (below); the database refuses too, by
    triggers the migrations create (``governance/migrations``). Each entry is sealed into
    a keyed chain as it is written (``governance.audit_chain``), which shows any change
    made past both.
    """

    __tablename__ = "audit_entries"
    __table_args__ = (UniqueConstraint("previous_id", name="uq_audit_entries_previous_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(60))
    request: Mapped[dict[str, Any]] = mapped_column(default=dict)
    body_keys: Mapped[list[str]] = mapped_column(default=list)
    allowed: Mapped[bool]
    violations: Mapped[list[Any]] = mapped_column(JSON, default=list)
    rule_set_version: Mapped[str] = mapped_column(String(80))
    justification: Mapped[str | None] = mapped_column(Text)
    # An administrator applied the change although it introduced an ERROR (with a justification).
    override: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The chain: the entry before this one, and the HMAC of this entry's content and that entry's digest.
    previous_id: Mapped[int | None] = mapped_column()
    digest: Mapped[str] = mapped_column(String(64))


class AppendOnly(Exception):
    """An attempt to change or remove an audit entry."""


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _append_only(_mapper: Any, _connection: Any, entry: AuditEntry) -> None:
    raise AppendOnly(f"audit entry {entry.id} cannot be changed or removed: the audit trail is append-only")


class RuleSetVersion(Base):
    """One published rule set: the rule files as they were, from the day they are in force.

    Rows are only ever inserted, like the audit trail (the ORM and the database's
    triggers refuse the rest); a rollback is a new row holding earlier files.
    """

    __tablename__ = "rule_set_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(80))  # the digest of the files (governance.engine.ruleset.digest)
    files: Mapped[dict[str, Any]] = mapped_column(JSON)  # file name (tests/ for scenarios) -> text
    in_force_from: Mapped[date] = mapped_column(Date)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_by: Mapped[str] = mapped_column(String(120))
    justification: Mapped[str] = mapped_column(Text)
    retired: Mapped[list[Any]] = mapped_column(JSON, default=list)  # rule ids retired on purpose
    reports: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # lint, scenarios, impact at publication


@event.listens_for(RuleSetVersion, "before_update")
@event.listens_for(RuleSetVersion, "before_delete")
def _published_stays(_mapper: Any, _connection: Any, row: RuleSetVersion) -> None:
    raise AppendOnly(f"rule set version {row.id} cannot be changed or removed: published rule sets are append-only")


class TokenRole(enum.Enum):
    """What the holder of an API token may do (``schema.permissions.RIGHTS``)."""

    VIEWER = "viewer"
    ORG_ADMIN = "org-admin"
    STAFF = "staff"
    AUDITOR = "auditor"
    ADMIN = "admin"


class ApiToken(Base):
    """A bearer token of the API. Only a hash of its secret is stored; revoked tokens stay listed."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[TokenRole] = mapped_column(_enum(TokenRole))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))  # org-admin only
    holder: Mapped[str] = mapped_column(String(120))  # who holds it, as the audit trail names them
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex of the secret
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


# -- cases ---------------------------------------------------------------------------------


class Case(Base):
    """A proposal on its way from the originating body to final political treatment.

    Required approvals are never stored: the rules derive them from the organisations
    the case concerns (``CaseConcern``; none means every housing organisation).
    """

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id"), index=True)
    originator_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    stage: Mapped[CaseStage] = mapped_column(_enum(CaseStage), default=CaseStage.DRAFT)
    track: Mapped[CaseTrack] = mapped_column(_enum(CaseTrack), default=CaseTrack.POLITICAL, server_default=CaseTrack.POLITICAL.name)


class CaseCoOriginator(Base):
    """A body that drafted a case together with its originating body."""

    __tablename__ = "case_co_originators"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), primary_key=True)


class CaseConcern(Base):
    """An organisation a case names as concerned."""

    __tablename__ = "case_concerns"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)


class CaseStep(Base):
    """One dated step of a case's history: the stage it reached and the body that moved it there."""

    __tablename__ = "case_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    stage: Mapped[CaseStage] = mapped_column(_enum(CaseStage))
    by_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))
    taken_on: Mapped[date] = mapped_column(Date)


class HearingAnswer(Base):
    """An answer to a case's hearing; it returns to the originating body and stays with the case."""

    __tablename__ = "hearing_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))
    text: Mapped[str] = mapped_column(Text)
    answered_on: Mapped[date] = mapped_column(Date)


class CaseApproval(Base):
    """A required approver's decision on a case: at most one per approver."""

    __tablename__ = "case_approvals"
    __table_args__ = (UniqueConstraint("case_id", "approver_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    approver_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))
    decision: Mapped[ApprovalDecision] = mapped_column(_enum(ApprovalDecision))
    decided_on: Mapped[date] = mapped_column(Date)


# -- Løget's budgets and plans, and the yearly duties -----------------------------------------


class ActivityPool(Base):
    """An approved overall budget of a joint steering group and the activity pool within it (whole kroner)."""

    __tablename__ = "activity_pools"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    overall_budget: Mapped[int]
    amount: Mapped[int]
    approved_on: Mapped[date] = mapped_column(Date)


class PoolShare(Base):
    """A steering sub-group's share of an activity pool."""

    __tablename__ = "pool_shares"
    __table_args__ = (UniqueConstraint("pool_id", "body_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pool_id: Mapped[int] = mapped_column(ForeignKey("activity_pools.id"), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))
    amount: Mapped[int]


class DetailBudget(Base):
    """A sub-group's detail budget within its share, and when it was presented to the joint group (if yet)."""

    __tablename__ = "detail_budgets"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    pool_id: Mapped[int] = mapped_column(ForeignKey("activity_pools.id"), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))
    amount: Mapped[int]
    made_on: Mapped[date] = mapped_column(Date)
    presented_on: Mapped[date | None] = mapped_column(Date)


class ActionPlan(Base):
    """A steering sub-group's annual action plan, and when it was presented to the joint group (if yet)."""

    __tablename__ = "action_plans"
    __table_args__ = (UniqueConstraint("body_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    year: Mapped[int]
    presented_on: Mapped[date | None] = mapped_column(Date)


class Event(Base):
    """A dated event a duty asks for: a steering meeting, the joint conference, the yearly evaluation."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[EventKind] = mapped_column(_enum(EventKind))
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200), default="")


class Document(Base):
    """A document the source asks a body to set out: goals and success criteria, the communication strategy."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DocumentKind] = mapped_column(_enum(DocumentKind))
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    adopted_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200), default="")
