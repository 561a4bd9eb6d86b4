"""The five seat rules as the peers see them: plain rows exported once, and the violations to agree on.

The rules (rules/fku.lp, rules/policy_group.lp, rules/theme_groups.lp): ``fku.cap`` (at
most 8 seats, the secretariat's daily leader outside them), ``fku.parity`` (as many seats
for the municipality as for the housing organisations; a seat for neither side is
unassigned), ``fku.chair`` (on behalf of the municipality), ``policy-group.chair``
(appointed by the municipality) and ``theme.self-appointed`` (appointedBy == onBehalfOf).
A violation is compared as ``(rule, body, severity, args)``, the args as strings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import NamedTuple, TypedDict, Unpack

from governance import RuleSet, Violation
from governance.engine.facts import day
from governance.enums import BodyStatus, Role
from governance.register import MembershipRow, Register

SEAT_RULES = ("fku.cap", "fku.parity", "fku.chair", "policy-group.chair", "theme.self-appointed")

Finding = tuple[str, str, str, tuple[str, ...]]  # rule, body, severity (ERROR | WARNING), args


class Org(NamedTuple):
    key: str
    kind: str  # municipality | housing_organisation | other
    platform: str


class BodyRow(NamedTuple):
    key: str
    kind: str  # forum | policy_group | theme_group | adhoc_group | secretariat | ...
    status: str  # forming | active | dissolved
    platform: str


class Member(NamedTuple):
    id: int
    person: str
    body: str
    role: str  # chair | member | daily_leader | ...
    on_behalf_of: str | None
    appointed_by: str | None
    starts: int  # YYYYMMDD
    ends: int  # YYYYMMDD; 99991231 when open


@dataclass(frozen=True)
class SeatData:
    """Everything the five rules read, as plain rows, and the day asked about."""

    as_of: int
    cap: int
    organisations: tuple[Org, ...]
    bodies: tuple[BodyRow, ...]
    memberships: tuple[Member, ...]


def fku_cap(rule_set: RuleSet) -> int:
    found = re.search(r"param\(fku_cap,\s*(\d+)\)", rule_set.program)
    assert found, "rules: no param(fku_cap, N)"
    return int(found.group(1))


def export(registers: Iterable[Register], as_of: date, cap: int) -> SeatData:
    """The registers (one per platform) as plain rows."""
    orgs: dict[str, Org] = {}
    bodies: list[BodyRow] = []
    members: list[Member] = []
    for register in registers:
        orgs.update({o.key: Org(o.key, o.kind, o.platform) for o in register.organisations.values()})
        bodies.extend(BodyRow(b.key, b.kind, b.status, b.platform) for b in register.bodies.values())
        members.extend(
            Member(m.id, m.person, m.body, m.role, m.on_behalf_of, m.appointed_by, day(m.starts_on), day(m.ends_on))
            for m in register.memberships.values()
        )
    return SeatData(day(as_of), cap, tuple(orgs.values()), tuple(bodies), tuple(members))


def findings(violations: Iterable[Violation]) -> set[Finding]:
    """boliv's verdicts on the five rules, as comparable tuples."""
    return {(v.rule, v.body, v.severity, tuple(str(a) for a in v.args)) for v in violations if v.rule in SEAT_RULES}


class _Changed(TypedDict, total=False):
    """The fields of a membership ``inject`` changes."""

    on_behalf_of: str | None
    appointed_by: str | None
    starts_on: date
    ends_on: date | None


def inject(registers: Sequence[Register], as_of: date) -> list[Register]:
    """A copy of the registers with every variant of the five rules broken somewhere (needs 43+ platforms)."""
    assert len(registers) > 43, "injection needs the national data"
    out = [r.copy() for r in registers]
    by_platform = {next(iter(r.bodies.values())).platform: r for r in out}
    next_id = -1

    def add(r: Register, person: str, body: str, role: str, obo: str | None, by: str | None) -> None:
        nonlocal next_id
        r.memberships[next_id] = MembershipRow(next_id, person, body, Role(role), obo, by, date(2026, 1, 1), None)
        next_id -= 1

    def change(r: Register, body: str, role: str, **fields: Unpack[_Changed]) -> None:
        m = next(m for m in r.memberships.values() if m.body == body and m.role == role)
        r.memberships[m.id] = replace(m, **fields)

    def status(r: Register, body: str, value: str) -> None:
        r.bodies[body] = replace(r.bodies[body], status=BodyStatus(value))

    r = by_platform["bolivvejle-s3"]  # cap and parity: 3 more seats, 2 for the municipality
    add(r, "jens-kristensen-s3", "fku-s3", "member", "vejle-kommune-s3", "vejle-kommune-s3")
    add(r, "mette-lauridsen-s3", "fku-s3", "member", "vejle-kommune-s3", "vejle-kommune-s3")
    add(r, "inger-thomsen-s3", "fku-s3", "member", "aab-s3", "aab-s3")
    r = by_platform["bolivvejle-s7"]  # a seat on behalf of nobody: unassigned (and cap)
    add(r, "gert-hviid-s7", "fku-s7", "member", None, "oesterbo-s7")
    r = by_platform["bolivvejle-s11"]  # the chair on behalf of a housing organisation (parity 3 to 5)
    change(r, "fku-s11", "chair", on_behalf_of="aab-s11", appointed_by="aab-s11")
    r = by_platform["bolivvejle-s13"]  # no chair since yesterday: missing, as an error
    change(r, "fku-s13", "chair", ends_on=as_of - timedelta(days=1))
    r = by_platform["bolivvejle-s17"]  # FORMING forum without a chair: missing and parity as warnings
    status(r, "fku-s17", "forming")
    change(r, "fku-s17", "chair", starts_on=as_of + timedelta(days=30))
    r = by_platform["bolivvejle-s19"]  # a DISSOLVED forum over its cap: nothing
    status(r, "fku-s19", "dissolved")
    add(r, "jens-kristensen-s19", "fku-s19", "member", "vejle-kommune-s19", "vejle-kommune-s19")
    r = by_platform["bolivvejle-s23"]  # a seat on behalf of another platform's organisation: unassigned
    add(r, "gert-hviid-s23", "fku-s23", "member", "oesterbo-s1", "oesterbo-s1")
    r = by_platform["bolivvejle-s29"]  # the secretariat's leader also as a member: still outside the seats
    add(r, "maria-thorsen-s29", "fku-s29", "member", "oesterbo-s29", "oesterbo-s29")
    r = by_platform["bolivvejle-s31"]  # policy-group chair appointed by a housing organisation
    change(r, "policy-group-s31", "chair", appointed_by="aab-s31")
    r = by_platform["bolivvejle-s37"]  # FORMING policy group without a chair: missing, as a warning
    status(r, "policy-group-s37", "forming")
    change(r, "policy-group-s37", "chair", ends_on=date(2026, 1, 1))
    r = by_platform["bolivvejle-s43"]  # no housing seats left: parity 4 to 0
    for m in [m for m in r.memberships.values() if m.body == "fku-s43" and m.on_behalf_of not in (None, "vejle-kommune-s43")]:
        r.memberships[m.id] = replace(m, ends_on=date(2026, 1, 1))
    r = by_platform["bolivvejle-s41"]  # theme groups: appointed by the other side, by nobody
    change(r, "theme-social-s41", "chair", appointed_by="vejle-kommune-s41")
    change(r, "theme-legal-s41", "chair", appointed_by=None)
    add(r, "gert-hviid-s41", "theme-social-s41", "member", None, "oesterbo-s41")  # represents nobody: not this rule
    return out
