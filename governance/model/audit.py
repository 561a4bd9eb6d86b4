"""The append-only records: the audit trail, the published rule sets, and the API's tokens."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from governance.model.base import Base, enum_column, utcnow


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
    role: Mapped[TokenRole] = mapped_column(enum_column(TokenRole))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))  # org-admin only
    holder: Mapped[str] = mapped_column(String(120))  # who holds it, as the audit trail names them
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex of the secret
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

