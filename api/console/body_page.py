"""``/bodies/<key>``: the verdict with explanations, the repairs one can carry out, the seats
(for a forum, as the rules count them), one members table and the history."""

from __future__ import annotations

from datetime import timedelta

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from api.chart import Tally, tallies, verdict_words
from api.console.members import member_lines
from api.console.repair_lines import repair_lines
from api.console.web import Page, as_of, language, render
from api.console.words import UI
from api.console.words_work import long_date
from governance import Governance, Verdict
from governance.seats import Seats, forum_seats


def _needs_repair(status: str, verdict: Verdict) -> bool:
    """Repairs make a body valid as ACTIVE: an ACTIVE body without errors is already, a dissolved one never will be."""
    return status == "forming" or (status == "active" and not verdict.valid)


def _seat_lines(seats: Seats, name: object, t: dict[str, str]) -> tuple[str, list[str]]:
    """The count in one line ("8 af 8 pladser: …") and which member holds each theme group's seat."""
    line = t["seats_line"].format(seats=len(seats.sides), cap=seats.cap, municipality=seats.count("municipality"),
                                  housing=seats.count("housing"))
    unassigned = sum(1 for side in seats.sides.values() if side is None)
    if unassigned:
        line += ", " + t["seats_unassigned"].format(count=unassigned)
    if seats.outside:
        line += "; " + t["seats_outside"].format(names=", ".join(name(p) for p in seats.outside))  # type: ignore[operator]
    themes = [
        t["theme_seat_held"].format(theme=name(theme), names=", ".join(name(p) for p in holders))  # type: ignore[operator]
        for theme, holders in sorted(seats.theme_holders.items(), key=lambda item: name(item[0]))  # type: ignore[operator]
    ]
    return line + ".", themes


def body_page(governance: Governance) -> Page:
    async def page(request: Request) -> Response:
        key, day, lang = request.path_params["key"], as_of(request), language(request)
        t = UI[lang]
        everyone = request.query_params.get("memberships") == "all"
        [register] = await run_in_threadpool(governance.platform_registers, key)
        verdict = await run_in_threadpool(governance.composition, key, day, True)
        body = register.bodies[key]
        name = lambda k: register.name_of(k) or k  # noqa: E731
        dated = lambda d: long_date(d, lang)  # noqa: E731
        repairs = None
        if _needs_repair(body.status, verdict):
            found, repair_register = await run_in_threadpool(governance.repairs, key, day)
            repairs = repair_lines(found, repair_register, governance.rule_set_on(day), lang, t, dated)
        seats = await run_in_threadpool(forum_seats, governance, key, day) if body.kind == "forum" else None
        members, outside = member_lines(register, key, day, everyone, seats)
        violations = [
            {"severity": v.severity, "rule": v.rule, "message": v.message(lang), "source": v.source, "explanation": v.explanation(lang)}
            for v in sorted(verdict.violations, key=lambda v: (v.severity.rank, v.rule))
        ]
        seat_line, theme_lines = _seat_lines(seats, name, t) if seats else (None, [])
        return render(request, governance, "body.html", {
            "body": body, "as_of": day, "day_before": (day - timedelta(days=1)).isoformat(),
            "parent": register.bodies.get(body.parent or ""),
            "children": sorted((b for b in register.bodies.values() if b.parent == key), key=lambda b: b.name),
            "organisation": register.organisations.get(body.organisation or ""),
            "tally": tallies(verdict.violations).get(key, Tally()),
            "verdict_words": verdict_words, "violations": violations, "repairs": repairs,
            "seat_line": seat_line, "theme_lines": theme_lines, "forum": seats is not None,
            "members": members, "outside": outside, "everyone": everyone,
            "drafters": sorted((b for b in register.bodies.values() if b.key != key and b.status != "dissolved"
                                and b.kind not in ("council", "board")), key=lambda b: b.name),
            "housing": sorted((o for o in register.organisations.values() if o.kind == "housing_organisation"), key=lambda o: o.name),
        })

    return page
