"""``/audit``: the audit trail for auditors, filterable by body and by verdict.

The page is a filter form; the entries come from ``/audit/entries``, an HTML fragment the
script fetches with the signed-in token. The fragment runs the contract's ``auditLog``
(security.graphql) as the request's caller, so only auditors and administrators get it.
"""

from __future__ import annotations

from html import escape
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from api.console.gql import QueryFailed, execute
from api.console.web import Page, language, render, templates
from api.console.words import UI
from governance.queries import Queries
from governance.services import Governance

VERDICTS = ("all", "allowed", "refused", "warnings")
MAX_LIMIT = 500  # auditLog's own limit

AUDIT_LOG = """query ConsoleAuditLog($limit: Int, $body: String) {
  auditLog(limit: $limit, body: $body) {
    id at actor action allowed override justification bodies request violations { rule severity introduced }
  }
}"""


def verdict_of(entry: dict[str, Any]) -> str:
    if not entry["allowed"]:
        return "refused"
    return "warnings" if any(v["severity"] == "WARNING" for v in entry["violations"]) else "allowed"


def _filters(request: Request) -> tuple[str | None, str, int]:
    body = request.query_params.get("body") or None
    verdict = request.query_params.get("verdict") or "all"
    try:
        limit = max(1, min(MAX_LIMIT, int(request.query_params.get("limit") or 100)))
    except ValueError:
        limit = 100
    return body, verdict if verdict in VERDICTS else "all", limit


def audit_page(governance: Governance) -> Page:
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


def audit_fragment(governance: Governance) -> Page:
    async def fragment(request: Request) -> Response:
        lang = language(request)
        body, verdict, limit = _filters(request)
        try:  # a verdict filter reads the newest entries auditLog gives and keeps those that match
            data = await execute(request, governance, AUDIT_LOG, {"limit": MAX_LIMIT if verdict != "all" else limit, "body": body})
        except QueryFailed as error:
            status = {"UNAUTHENTICATED": 401, "FORBIDDEN": 403}.get(error.code or "", 400)
            message = UI[lang]["audit_sign_in"] if status == 401 else str(error)
            return Response(f'<p class="notice">{escape(message)}</p>', status_code=status, media_type="text/html")
        entries = [e for e in data["auditLog"] if verdict in ("all", verdict_of(e))][:limit]
        rule_set = governance.rule_set
        return templates.TemplateResponse(request, "audit_entries.html", {
            "entries": entries, "verdict_of": verdict_of, "t": UI[lang],
            "word": lambda constant: rule_set.word(str(constant).lower(), lang),
        }, headers={"Cache-Control": "no-store"})

    return fragment

