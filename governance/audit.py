"""Reading the audit trail: newest first, optionally the entries about one body.

Entries are written by the services (``Governance.record_entry`` and ``record_refusal``) and
never changed or removed: the model and the database refuse it (``governance.model``,
``governance/migrations``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String, cast, select

from governance.engine import Violation
from governance.model import AuditEntry
from governance.store import Database


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime  # UTC
    actor: str
    action: str
    request: dict[str, Any]
    bodies: tuple[str, ...]
    allowed: bool
    override: bool
    violations: tuple[dict[str, Any], ...]  # rule, severity, body, introduced
    rule_set_version: str
    justification: str | None


def recorded(violation: Violation) -> dict[str, Any]:
    """A violation as the audit trail and the stored reports keep it (``AuditRow.violations``): the one shape."""
    return {"rule": violation.rule, "severity": violation.severity, "body": violation.body, "introduced": violation.introduced}


def _like_literal(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def audit_log(database: Database, limit: int, body: str | None = None) -> list[AuditRow]:
    """The newest ``limit`` entries, or the newest about ``body`` (those whose bodies list names it)."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if body is not None:  # body_keys is a JSON list of strings: match the key as one of its quoted items
        query = query.where(cast(AuditEntry.body_keys, String).like(f"%{_like_literal(json.dumps(body))}%", escape="\\"))
    with database.unit_of_work() as session:
        entries = session.scalars(query).all()
        return [_row(entry) for entry in entries if body is None or body in (entry.body_keys or [])]


def _row(entry: AuditEntry) -> AuditRow:
    at = entry.at if entry.at.tzinfo else entry.at.replace(tzinfo=UTC)  # SQLite keeps no zone
    return AuditRow(
        entry.id, at.astimezone(UTC), entry.actor, entry.action, dict(entry.request or {}),
        tuple(entry.body_keys or ()), entry.allowed, bool(entry.override), tuple(entry.violations or ()),
        entry.rule_set_version, entry.justification,
    )
