"""``/bodies/<key>``: members as of a date, the verdict with explanations, the repairs, the history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from api.console.web import Page, as_of, language, render
from api.console.words import UI
from governance.chart import Tally, tallies, verdict_words
from governance.engine.repair import Repair, summary
from governance.register import MembershipRow, Register
from governance.services import Governance, Verdict

_ROLE_ORDER = {"chair": 0, "daily_leader": 1}


@dataclass(frozen=True)
class MemberLine:
    """A membership with names instead of keys."""

    person: str
    role: str
    on_behalf_of: str | None
    appointed_by: str | None
    starts_on: date
    ends_on: date | None


@dataclass(frozen=True)
class RepairLine:
    summary: str
    tries: list[tuple[str, str]]  # (label, what-if URL) for each appointment it proposes


def _line(m: MembershipRow, register: Register) -> MemberLine:
    def name(key: str | None) -> str | None:
        return (register.name_of(key) or key) if key else None

    return MemberLine(name(m.person) or m.person, m.role, name(m.on_behalf_of), name(m.appointed_by), m.starts_on, m.ends_on)


def holds(m: MembershipRow, day: date) -> bool:
    return m.starts_on <= day and (m.ends_on is None or m.ends_on >= day)


def _repair_lines(repairs: list[Repair], register: Register, governance: Governance, lang: str, label: str) -> list[RepairLine]:
    lines = []
    for found in repairs:
        tries = [
            (
                label.format(person=register.name_of(a.person) or a.person),
                "/what-if?" + urlencode({
                    "person": a.person, "body": found.body, "role": a.role, "onBehalfOf": a.on_behalf_of or "",
                    "appointedBy": a.appointed_by, "startsOn": found.as_of.isoformat(),
                }),
            )
            for a in found.appoint
        ]
        lines.append(RepairLine(summary(found, register, governance.rule_set_on(found.as_of), lang), tries))
    return lines


def _needs_repair(status: str, verdict: Verdict) -> bool:
    """Repairs make a body valid as ACTIVE: an ACTIVE body without errors is already, a dissolved one never will be."""
    return status == "forming" or (status == "active" and not verdict.valid)


def body_page(governance: Governance) -> Page:
    async def page(request: Request) -> Response:
        key, day, lang = request.path_params["key"], as_of(request), language(request)
        [register] = await run_in_threadpool(governance.platform_registers, key)
        verdict = await run_in_threadpool(governance.composition, key, day)
        body = register.bodies[key]
        repairs = None
        if _needs_repair(body.status, verdict):
            found, repair_register = await run_in_threadpool(governance.repairs, key, day)
            repairs = _repair_lines(found, repair_register, governance, lang, UI[lang]["try_person"])
        own = sorted(
            (m for m in register.memberships.values() if m.body == key),
            key=lambda m: (m.starts_on, _ROLE_ORDER.get(m.role, 9), register.name_of(m.person) or m.person),
        )
        members = sorted((m for m in own if holds(m, day)), key=lambda m: (_ROLE_ORDER.get(m.role, 9), register.name_of(m.person) or ""))
        violations = [
            {"severity": v.severity, "rule": v.rule, "message": v.message(lang), "source": v.source, "explanation": v.explanation(lang)}
            for v in sorted(verdict.violations, key=lambda v: ({"ERROR": 0, "WARNING": 1}.get(v.severity, 2), v.rule))
        ]
        return render(request, governance, "body.html", {
            "body": body, "as_of": day,
            "parent": register.bodies.get(body.parent or ""),
            "children": sorted((b for b in register.bodies.values() if b.parent == key), key=lambda b: b.name),
            "organisation": register.organisations.get(body.organisation or ""),
            "tally": tallies(verdict.violations).get(key, Tally()),
            "verdict_words": verdict_words, "violations": violations, "repairs": repairs,
            "members": [_line(m, register) for m in members], "history": [_line(m, register) for m in own],
        })

    return page

