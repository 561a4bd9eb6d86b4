"""The audit trail (security.graphql): every mutation, allowed or refused, for auditors and administrators."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from governance.audit import AuditRow, audit_log
from governance.errors import UnknownKey
from schema.context import ContextInfo
from schema.enums import Severity
from schema.errors import InvalidInput, check_limit
from schema.offload import offload
from schema.permissions import Action, requires
from schema.types import Body, body

MAX_ENTRIES = 500


@strawberry.type(description="A violation as the audit entry recorded it.")
class AuditViolation:
    rule: str
    severity: Severity
    introduced: bool
    rule_set_version: str | None = strawberry.field(
        description="For applyChanges: the rule set version of the day the violation was found on; else null."
    )
    body_key: strawberry.Private[str | None]

    @classmethod
    def from_record(cls, recorded: dict[str, Any]) -> AuditViolation:
        return cls(
            rule=recorded["rule"], severity=Severity(recorded["severity"]), introduced=bool(recorded.get("introduced")),
            rule_set_version=recorded.get("ruleSetVersion"), body_key=recorded.get("body"),
        )

    @strawberry.field(description="The body the violation is about.")
    async def body(self, info: ContextInfo) -> Body | None:
        return await body(info, self.body_key)


@strawberry.type(description="One mutation, allowed or refused; entries are only ever appended.")
class AuditEntry:
    id: int
    at: datetime = strawberry.field(description="When, in UTC.")
    actor: str = strawberry.field(description="The token's holder: 'admin' for BOLIV_ADMIN_TOKEN, else the holder and token id.")
    action: str = strawberry.field(description="The mutation asked for, e.g. applyChanges.")
    allowed: bool = strawberry.field(description="Whether it was carried out.")
    override: bool = strawberry.field(description="An administrator applied it although it introduced an ERROR.")
    rule_set_version: str
    rule_set_versions: list[str] = strawberry.field(
        description="Every version that judged: for applyChanges those of the days its changes take effect on, "
        "in day order; else ruleSetVersion alone."
    )
    justification: str | None
    violations: list[AuditViolation]
    bodies: list[str] = strawberry.field(description="The keys of the bodies it touched.")
    request: JSON = strawberry.field(description="What was asked, with the reason when the API refused it.")

    @classmethod
    def from_row(cls, row: AuditRow) -> AuditEntry:
        return cls(
            id=row.id, at=row.at, actor=row.actor, action=row.action, allowed=row.allowed, override=row.override,
            rule_set_version=row.rule_set_version,
            rule_set_versions=list(row.request.get("ruleSetVersions") or [row.rule_set_version]),
            justification=row.justification,
            violations=[AuditViolation.from_record(v) for v in row.violations], bodies=list(row.bodies), request=JSON(row.request),
        )


@strawberry.type
class AuditQuery:
    @strawberry.field(
        extensions=[requires(Action.READ_AUDIT)],
        description="The newest entries of the audit trail (at most 500; default 50), optionally those about one body. "
        "Auditors and administrators only.",
    )
    async def audit_log(self, info: ContextInfo, limit: int | None = 50, body: str | None = None) -> list[AuditEntry]:
        context = info.context
        count = 50 if limit is None else limit
        check_limit(count, MAX_ENTRIES, context.lang)
        if body is not None and await context.loaders.bodies.load(body) is None:
            raise InvalidInput(UnknownKey("body", body), context.lang)
        rows = await offload(context.lang, audit_log, context.governance.database, count, body)
        return [AuditEntry.from_row(row) for row in rows]
