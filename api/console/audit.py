"""``/audit``: the audit trail for auditors, filterable by body and by verdict.

The page is a filter form; the entries come from ``/audit/entries`` as an HTML fragment
that the script fetches with the signed-in token, and only the auditor and administrator
roles get them (CONTRACT.md). Entries are read here, newest first, until the GraphQL
``auditLog`` of security.graphql is served.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from api.console.session import AUDIT_READERS
from api.console.web import language, render, templates
from api.console.words import UI
from governance.model import AuditEntry
from governance.queries import Queries
from governance.services import Governance
from governance.store import Database

VERDICTS = ("all", "allowed", "refused", "warnings")
MAX_LIMIT = 500


@dataclass(frozen=True)
class AuditLine:
    id: int
    at: datetime
    actor: str
    action: str
    allowed: bool
    bodies: list[str]
    violations: list[dict[str, Any]]  # rule, severity, body, introduced
    justification: str | None
    request: str  # the request as indented JSON

    @property
    def verdict(self) -> str:
        if not self.allowed:
            return "refused"
        return "warnings" if any(v.get("severity") == "WARNING" for v in self.violations) else "allowed"


def _matches(entry: AuditEntry, body: str | None, verdict: str) -> bool:
    if body and body not in (entry.body_keys or []):
        return False
    if verdict == "allowed":
        return entry.allowed
    if verdict == "refused":
        return not entry.allowed
    if verdict == "warnings":
        return entry.allowed and any(v.get("severity") == "WARNING" for v in entry.violations or [])
    return True


def audit_entries(database: Database, body: str | None = None, verdict: str = "all", limit: int = 100) -> list[AuditLine]:
    """Newest first; the body filter reads the JSON list of body keys, so it is applied while reading."""
    lines: list[AuditLine] = []
    with database.unit_of_work() as session:
        for entry in _newest_first(session):
            if _matches(entry, body, verdict):
                lines.append(AuditLine(
                    entry.id, _utc(entry.at), entry.actor, entry.action, entry.allowed, list(entry.body_keys or []),
                    list(entry.violations or []), entry.justification,
                    json.dumps(entry.request, ensure_ascii=False, indent=1, sort_keys=True),
                ))
                if len(lines) >= limit:
                    break
    return lines


def _utc(moment: datetime) -> datetime:
    """Stored in UTC; SQLite gives it back naive, PostgreSQL in the session's time zone."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _newest_first(session: Any) -> Iterator[AuditEntry]:
    return iter(session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).execution_options(yield_per=200)))


def _filters(request: Request) -> tuple[str | None, str, int]:
    body = request.query_params.get("body") or None
    verdict = request.query_params.get("verdict") or "all"
    try:
        limit = max(1, min(MAX_LIMIT, int(request.query_params.get("limit") or 100)))
    except ValueError:
        limit = 100
    return body, verdict if verdict in VERDICTS else "all", limit


def audit_page(governance: Governance):
    queries = Queries(governance.database)

    async def page(request: Request) -> Response:
        body, verdict, limit = _filters(request)
        bodies = sorted(await run_in_threadpool(queries.bodies), key=lambda b: b.name)
        query = "&".join(f"{k}={v}" for k, v in (("body", body or ""), ("verdict", verdict), ("limit", limit)))
        return render(request, governance, "audit.html", {
            "bodies": bodies, "body": body, "verdict": verdict, "limit": limit, "verdicts": VERDICTS,
            "fragment": f"/audit/entries?{query}",
        })

    return page


def audit_fragment(governance: Governance):
    async def fragment(request: Request) -> Response:
        lang = language(request)
        if request.user.role not in AUDIT_READERS:
            status = 401 if request.user.role is None else 403
            message = UI[lang]["audit_sign_in"] if status == 401 else UI[lang]["audit_forbidden"]
            return Response(f'<p class="notice">{message}</p>', status_code=status, media_type="text/html")
        body, verdict, limit = _filters(request)
        lines = await run_in_threadpool(audit_entries, governance.database, body, verdict, limit)
        rule_set = governance.rule_set
        return templates.TemplateResponse(request, "audit_entries.html", {
            "lines": lines, "t": UI[lang], "word": lambda c: rule_set.word(str(c).lower(), lang),
        }, headers={"Cache-Control": "no-store"})

    return fragment
