"""A body's repairs as short lists of concrete actions in plain words, each with the changes
that carry it out (``applyChanges``), for the body page's "carry out the suggestion"."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from api.console.words_work import genitive
from governance.engine.repair import Repair
from governance.engine.ruleset import RuleSet
from governance.register import Register


@dataclass(frozen=True)
class RepairLine:
    lead: str
    actions: list[str]
    changes: str  # the ChangeInput list as JSON, for the page's check-then-apply form
    as_of: str
    applicable: bool  # False when it needs people no one has registered, or errors stay


def repair_lines(repairs: list[Repair], register: Register, rule_set: RuleSet, lang: str, t: dict[str, str],
                 long_date: Callable[[date], str]) -> list[RepairLine]:
    def name(key: str | None) -> str:
        return (register.name_of(key) or key) if key else ""

    def role(value: str) -> str:
        return rule_set.word(value.lower(), lang)

    def behalf(org: str | None) -> str:
        return t["repair_behalf"].format(org=name(org)) if org else ""

    lines = []
    for found in repairs:
        last_day = found.as_of - timedelta(days=1)
        actions: list[str] = []
        changes: list[dict[str, Any]] = []
        for a in found.appoint:
            actions.append(t["repair_appoint"].format(person=name(a.person), role=role(a.role), behalf=behalf(a.on_behalf_of),
                                                      by=name(a.appointed_by)))
            changes.append({"appoint": {"person": a.person, "body": found.body, "role": a.role, "appointedBy": a.appointed_by,
                                        "onBehalfOf": a.on_behalf_of, "startsOn": found.as_of.isoformat()}})
        for membership in found.end:
            m = register.memberships[membership]
            person = genitive(name(m.person), lang)
            actions.append(t["repair_end"].format(person=person, role=role(m.role), day=long_date(last_day)))
            changes.append({"endMembership": {"membership": str(membership), "endsOn": last_day.isoformat()}})
        if found.dissolve is not None:
            actions.append(t["repair_dissolve"].format(body=name(found.body), day=long_date(found.dissolve)))
            changes.append({"dissolveBody": {"body": found.body, "on": found.dissolve.isoformat()}})
        for need in found.needs:
            tags = t["repair_tags"].format(tags=", ".join(need.qualifications)) if need.qualifications else ""
            actions.append(t["repair_need"].format(org=name(need.organisation), role=role(need.role), tags=tags))
        actions += [t["repair_unresolved"].format(message=v.message(lang)) for v in found.unresolved]
        size = len(changes) + len(found.needs)
        lead = (t["repair_lead_one"] if size == 1 else t["repair_lead"]).format(
            count=size, body=name(found.body), day=long_date(found.as_of)
        )
        if found.dissolve is not None:
            lead = t["dissolve_lead"].format(day=long_date(found.dissolve - timedelta(days=1)))
        lines.append(RepairLine(lead, actions, json.dumps(changes), found.as_of.isoformat(),
                                bool(changes) and not found.needs and not found.unresolved))
    return lines
