"""The floor: the five seat rules written by hand in Python, one pass over plain rows."""

from __future__ import annotations

from collections import defaultdict

from bench.seats import Finding, Member, SeatData

SIDES = {"municipality": "municipality", "housing_organisation": "housing"}
COMPLETENESS = {"forming": "WARNING", "active": "ERROR"}  # a requirement of a complete body


def check(data: SeatData) -> set[Finding]:
    orgs = {o.key: o for o in data.organisations}
    municipalities: dict[str, list[str]] = defaultdict(list)
    for o in data.organisations:
        if o.kind == "municipality":
            municipalities[o.platform].append(o.key)
    held: dict[str, list[Member]] = defaultdict(list)  # body -> its active memberships
    for m in data.memberships:
        if m.starts <= data.as_of <= m.ends:
            held[m.body].append(m)
    leaders: dict[str, set[str]] = defaultdict(set)  # platform -> the secretariat's daily leaders
    for b in data.bodies:
        if b.kind == "secretariat":
            leaders[b.platform].update(m.person for m in held[b.key] if m.role == "daily_leader")

    def side(m: Member, platform: str) -> str | None:
        org = orgs.get(m.on_behalf_of) if m.on_behalf_of else None
        return SIDES.get(org.kind) if org and org.platform == platform else None

    found: set[Finding] = set()
    for b in data.bodies:
        live, severity, members = b.status != "dissolved", COMPLETENESS.get(b.status), held[b.key]
        chairs = [m for m in members if m.role == "chair"]
        if b.kind == "forum":
            seats = {m.person for m in members} - leaders[b.platform]
            sides: dict[str, set[str]] = {"municipality": set(), "housing": set()}
            for m in members:
                if m.person in seats and (s := side(m, b.platform)):
                    sides[s].add(m.person)
            if live and len(seats) > data.cap:
                found.add(("fku.cap", b.key, "ERROR", (b.key, str(len(seats)), str(data.cap))))
            if severity:
                mu, ho = len(sides["municipality"]), len(sides["housing"])
                if mu != ho:
                    found.add(("fku.parity", b.key, severity, ("unequal", b.key, str(mu), str(ho))))
                for p in seats - sides["municipality"] - sides["housing"]:
                    found.add(("fku.parity", b.key, severity, ("unassigned", b.key, p)))
            for mun in municipalities[b.platform]:
                for m in chairs if live else ():
                    if (behalf := m.on_behalf_of or "none") != mun:
                        found.add(("fku.chair", b.key, "ERROR", ("not_municipality", b.key, m.person, behalf, mun)))
                    if (appointer := m.appointed_by or "none") != mun:
                        found.add(("fku.chair", b.key, "ERROR", ("appointed", b.key, m.person, appointer, mun)))
                if severity and not chairs:
                    found.add(("fku.chair", b.key, severity, ("missing", b.key, mun)))
        elif b.kind == "policy_group":
            for mun in municipalities[b.platform]:
                for m in chairs if live else ():
                    if (a := m.appointed_by or "none") != mun:
                        found.add(("policy-group.chair", b.key, "ERROR", ("appointed", b.key, m.person, a, mun)))
                if severity and not chairs:
                    found.add(("policy-group.chair", b.key, severity, ("missing", b.key, mun)))
        elif b.kind in ("theme_group", "adhoc_group") and live:
            for m in members:
                if m.on_behalf_of is not None and (a := m.appointed_by or "none") != m.on_behalf_of:
                    found.add(("theme.self-appointed", b.key, "ERROR", (b.key, m.person, m.on_behalf_of, a)))
    return found
