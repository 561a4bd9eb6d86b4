"""A body's members table: who sits, on whose behalf, which seat (for a forum, as the rules
count them: governance.seats), with past and future memberships on request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from governance.register import MembershipRow, Register
from governance.seats import Seats

_ROLE_ORDER = {"chair": 0, "daily_leader": 1}


@dataclass(frozen=True)
class MemberLine:
    """A membership with names instead of keys, and where it stands on the day asked about."""

    id: int
    person: str
    role: str
    on_behalf_of: str | None
    appointed_by: str | None
    starts_on: date
    ends_on: date | None
    when: str  # past | current | future
    seat: str | None  # municipality | housing | none | None (not a forum)
    themes: tuple[str, ...]  # the theme groups whose seat this member holds


def holds(m: MembershipRow, day: date) -> bool:
    return m.starts_on <= day and (m.ends_on is None or m.ends_on >= day)


def _when(m: MembershipRow, day: date) -> str:
    if holds(m, day):
        return "current"
    return "future" if m.starts_on > day else "past"


def member_lines(register: Register, body: str, day: date, everyone: bool,
                 seats: Seats | None) -> tuple[list[MemberLine], list[MemberLine]]:
    """The seat holders (or all members) and, apart, those who sit outside the seats."""

    def name(key: str | None) -> str | None:
        return (register.name_of(key) or key) if key else None

    themes: dict[str, list[str]] = {}
    for theme, holders in (seats.theme_holders if seats else {}).items():
        for person in holders:
            themes.setdefault(person, []).append(name(theme) or theme)
    own = [m for m in register.memberships.values() if m.body == body and (everyone or holds(m, day))]
    own.sort(key=lambda m: ({"current": 0, "future": 1, "past": 2}[_when(m, day)], _ROLE_ORDER.get(m.role, 9),
                            name(m.person) or "", m.starts_on))
    inside: list[MemberLine] = []
    outside: list[MemberLine] = []
    for m in own:
        current = holds(m, day)
        seat = None
        if seats is not None and current and m.person not in seats.outside:
            seat = seats.sides.get(m.person) or "none"
        line = MemberLine(
            m.id, name(m.person) or m.person, m.role, name(m.on_behalf_of), name(m.appointed_by), m.starts_on, m.ends_on,
            _when(m, day), seat, tuple(sorted(themes.get(m.person, []))) if current else (),
        )
        (outside if seats is not None and current and m.person in seats.outside else inside).append(line)
    return inside, outside
