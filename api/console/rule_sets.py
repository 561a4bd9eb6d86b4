"""``/rules``: the published rule sets, newest first, with their days in force.

Each version shows who published it and why, the rule ids it added, changed and
retired with their messages in both languages, and the impact reported at its
publication; the version in force today is marked. The page reads the versions the
way every answer does (``governance.rulebook``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from api.console.web import Page, language, render
from governance import Governance
from governance.engine.ruleset import RuleSet
from governance.rulebook import Published, parsed, read_timeline
from governance.rulediff import rule_changes

WORDS = {
    "da": {
        "title": "Regelsæt", "lead": "De offentliggjorte regelsæt. Hvert svar pr. en dato gives af regelsættet i kraft den dag.",
        "in_force_today": "I kraft i dag", "from": "I kraft fra", "until": "til og med", "open": "og fremover",
        "first_day": "begyndelsen", "never": "Aldrig i kraft: erstattet samme dag", "published": "Offentliggjort",
        "by": "af", "why": "Begrundelse", "added": "Tilføjet", "changed": "Ændret", "retired": "Udgået",
        "none": "Ingen regler tilføjet, ændret eller udgået.", "impact": "Virkning på ikrafttrædelsesdagen",
        "no_impact": "Ingen enheds afgørelse ændres.", "becomes_invalid": "bliver ugyldig", "becomes_valid": "bliver gyldig",
        "unchanged": "samme afgørelse", "first": "Første udgave: alle regler.", "rules": "{n} regler",
    },
    "en": {
        "title": "Rule sets", "lead": "The published rule sets. Every answer as of a date is given by the rule set in force that day.",
        "in_force_today": "In force today", "from": "In force from", "until": "to", "open": "onwards",
        "first_day": "the beginning", "never": "Never in force: replaced on its first day", "published": "Published",
        "by": "by", "why": "Justification", "added": "Added", "changed": "Changed", "retired": "Retired",
        "none": "No rule added, changed or retired.", "impact": "Impact on the day it came into force",
        "no_impact": "No body's verdict changes.", "becomes_invalid": "becomes invalid", "becomes_valid": "becomes valid",
        "unchanged": "same verdict", "first": "First version: every rule.", "rules": "{n} rules",
    },
}


@dataclass(frozen=True)
class RuleLine:
    id: str
    messages: dict[str, str]  # da, en


@dataclass(frozen=True)
class VersionView:
    entry: Published
    today: bool
    never: bool
    first: bool
    count: int
    added: list[RuleLine]
    changed: list[RuleLine]
    retired: list[RuleLine]
    impact: list[dict[str, Any]]


def _lines(rule_set: RuleSet, ids: tuple[str, ...]) -> list[RuleLine]:
    lines = []
    for rule in ids:
        meta = rule_set.rules[rule]
        variant = meta.variants.get("") or next(iter(meta.variants.values()))
        lines.append(RuleLine(rule, dict(variant.messages)))
    return lines


def versions(governance: Governance, today: date) -> list[VersionView]:
    with governance.database.unit_of_work() as session:
        timeline = read_timeline(session)
    in_force = timeline.entry_on(today) if timeline.versions else None
    views = []
    for index, entry in enumerate(timeline.versions):
        before = parsed(timeline.versions[index - 1]) if index else None
        after = parsed(entry)
        changes = rule_changes(before, after)
        views.append(VersionView(
            entry, entry is in_force, entry.in_force_until is not None and entry.in_force_until < entry.in_force_from,
            index == 0, len(after.rules), [] if index == 0 else _lines(after, changes.added), _lines(after, changes.changed),
            _lines(before, changes.retired) if before else [], list(entry.reports.get("impact", [])),
        ))
    return list(reversed(views))


def rule_sets_page(governance: Governance) -> Page:
    async def page(request: Request) -> Response:
        lang = language(request)
        found = await run_in_threadpool(versions, governance, date.today())
        return render(request, governance, "rule_sets.html", {"versions": found, "w": WORDS[lang], "other": "en" if lang == "da" else "da"})

    return page
