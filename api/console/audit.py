"""``/audit``: the audit trail for people, filterable by body, who, refused only and dates, paged.

The page is a filter form; the entries come from ``/audit/entries``, an HTML fragment the
script fetches with the signed-in token. The fragment runs the contract's ``auditLog``
(security.graphql) as the request's caller, so only auditors and administrators get it;
the filters other than the body keep the matching ones of the newest ``MAX_LIMIT`` entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from api.console.audit_words import Words, action_words, keys_named, sentences
from api.console.gql import QueryFailed, execute
from api.console.platform_pages import page_number
from api.console.web import Page, language, render, templates
from api.console.words import UI
from api.console.words_work import genitive, long_date
from governance import Governance
from governance.queries import Queries

VERDICTS = ("all", "allowed", "refused", "warnings")
MAX_LIMIT = 500  # auditLog's own limit
PAGE = 25

AUDIT_LOG = """query ConsoleAuditLog($limit: Int, $body: String) {
  auditLog(limit: $limit, body: $body) {
    id at actor action allowed override justification bodies request violations { rule severity introduced }
  }
  cases { key title }
}"""


def verdict_of(entry: dict[str, Any]) -> str:
    if not entry["allowed"]:
        return "refused"
    return "warnings" if any(v["severity"] == "WARNING" for v in entry["violations"]) else "allowed"


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Filters:
    body: str | None
    actor: str | None
    verdict: str
    since: date | None
    until: date | None
    page: int

    @classmethod
    def of(cls, request: Request) -> Filters:
        q = request.query_params
        verdict = "refused" if q.get("refused") else (q.get("verdict") or "all")
        return cls(q.get("body") or None, (q.get("actor") or "").strip() or None, verdict if verdict in VERDICTS else "all",
                   _day(q.get("from")), _day(q.get("to")), page_number(request))

    def query(self, **changed: Any) -> str:
        values = {"body": self.body or "", "actor": self.actor or "", "verdict": self.verdict,
                  "from": self.since.isoformat() if self.since else "", "to": self.until.isoformat() if self.until else "",
                  "page": self.page, **changed}
        return urlencode({k: v for k, v in values.items() if v not in ("", None, "all")})

    def keeps(self, entry: dict[str, Any]) -> bool:
        day = date.fromisoformat(entry["at"][:10])
        return (
            self.verdict in ("all", verdict_of(entry))
            and (self.actor is None or self.actor.lower() in entry["actor"].lower())
            and (self.since is None or day >= self.since)
            and (self.until is None or day <= self.until)
        )


def audit_page(governance: Governance) -> Page:
    queries = Queries(governance.database)

    async def page(request: Request) -> Response:
        filters = Filters.of(request)
        bodies = sorted(await run_in_threadpool(queries.bodies), key=lambda b: b.name)
        return render(request, governance, "audit.html", {
            "bodies": bodies, "filters": filters, "fragment": f"/audit/entries?{filters.query()}",
        })

    return page


def _words(governance: Governance, lang: str, entries: list[dict[str, Any]], cases: list[dict[str, Any]]) -> Words:
    queries = Queries(governance.database)
    keys, ids = keys_named(entries)
    names = {c["key"]: c["title"] for c in cases}
    for rows in (queries.persons(keys), queries.bodies(keys), queries.organisations(keys)):
        names.update({row.key: row.name for row in rows})
    memberships = {m.id: m for m in queries.memberships_by_id(ids)}
    t = UI[lang]

    def name(key: str | None) -> str:
        return names.get(key, key) if key else "–"

    def membership(value: Any) -> str:
        found = memberships.get(int(value)) if str(value).isdigit() else None
        if found is None:
            return str(value)
        return f"{genitive(name(found.person), lang)} ({name(found.body)})"

    return Words(t, name, lambda constant: governance.rule_set.word(str(constant).lower(), lang), lambda day: long_date(day, lang), membership)


def audit_fragment(governance: Governance) -> Page:
    async def fragment(request: Request) -> Response:
        lang = language(request)
        filters = Filters.of(request)
        try:
            data = await execute(request, governance, AUDIT_LOG, {"limit": MAX_LIMIT, "body": filters.body})
        except QueryFailed as error:
            status = {"UNAUTHENTICATED": 401, "FORBIDDEN": 403}.get(error.code or "", 400)
            message = UI[lang]["audit_sign_in"] if status == 401 else str(error)
            return Response(f'<p class="notice">{escape(message)}</p>', status_code=status, media_type="text/html")
        kept = [e for e in data["auditLog"] if filters.keeps(e)]
        pages = max(1, -(-len(kept) // PAGE))
        page = min(filters.page, pages)
        shown = kept[(page - 1) * PAGE: page * PAGE]
        words = await run_in_threadpool(_words, governance, lang, shown, data["cases"])
        rows = [{**e, "what": action_words(e, words), "said": sentences(e, words), "verdict": verdict_of(e)} for e in shown]
        return templates.TemplateResponse(request, "audit_entries.html", {
            "entries": rows, "t": UI[lang], "name": words.name, "long_date": words.long_date, "word": words.word,
            "total": len(kept), "page": page, "pages": pages, "first": (page - 1) * PAGE + 1,
            "previous": f"/audit?{filters.query(page=page - 1)}" if page > 1 else None,
            "next": f"/audit?{filters.query(page=page + 1)}" if page < pages else None,
        }, headers={"Cache-Control": "no-store"})

    return fragment
