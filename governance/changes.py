"""Proposed changes to the register, and how they are laid over a register in memory."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from governance.errors import BadChange, BadDate, BadValue, DuplicateKey, UnknownKey
from governance.keys import new_key
from governance.model import MAX_ID, BodyKind, Role
from governance.register import BodyRow, MembershipRow, Register


@dataclass(frozen=True)
class Appoint:
    person: str
    body: str
    role: str  # a Role name: MEMBER, CHAIR, ...
    appointed_by: str
    on_behalf_of: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None


@dataclass(frozen=True)
class EndMembership:
    membership: int
    ends_on: date


@dataclass(frozen=True)
class CreateBody:
    key: str
    name: str
    kind: str  # a BodyKind name
    parent: str | None = None
    expires_on: date | None = None
    topic: str | None = None
    platform: str | None = None


@dataclass(frozen=True)
class DissolveBody:
    body: str
    on: date


@dataclass(frozen=True)
class UpdateBody:
    """Rename a body or move its end (an ad hoc group's expiry); a field left None stays as it is."""

    body: str
    name: str | None = None
    expires_on: date | None = None


Change = Appoint | EndMembership | CreateBody | DissolveBody | UpdateBody
CHANGE_KINDS = ("appoint", "endMembership", "createBody", "dissolveBody", "updateBody")


@dataclass(frozen=True)
class Overlay:
    """The state after the changes, the bodies they touch, and the days the state changes on."""

    register: Register
    touched: frozenset[str]
    dates: tuple[date, ...]


def parse_date(value: Any, field_name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise BadDate.not_a_date(value, field_name) from None


def membership_id(value: Any) -> int:
    """A membership id as written by a client: ASCII digits within the ids the database can hold, else unknown."""
    text = str(value)
    if re.fullmatch(r"[0-9]{1,10}", text) is None or not 0 < int(text) <= MAX_ID:
        raise UnknownKey("membership", text)
    return int(text)


def _enum_name(value: str, enum: type, field_name: str) -> str:
    if value not in enum.__members__:
        allowed = ", ".join(enum.__members__)
        raise BadValue("choice", value, field=field_name, allowed=allowed)
    return value


def change_from_dict(data: Mapping[str, Any]) -> Change:
    """A change from its GraphQL-shaped dictionary (exactly one of the four members)."""
    members = [k for k, v in data.items() if v is not None]
    if len(members) != 1 or members[0] not in CHANGE_KINDS:
        kinds = ", ".join(CHANGE_KINDS)
        raise BadChange("one_kind", ",".join(members), kinds=kinds)
    kind, body = members[0], data[members[0]]
    if kind == "appoint":
        return Appoint(
            person=body["person"], body=body["body"], role=_enum_name(body["role"], Role, "role"),
            appointed_by=body["appointedBy"], on_behalf_of=body.get("onBehalfOf"),
            starts_on=parse_date(body.get("startsOn"), "startsOn"), ends_on=parse_date(body.get("endsOn"), "endsOn"),
        )
    if kind == "endMembership":
        return EndMembership(membership_id(body["membership"]), parse_date(body["endsOn"], "endsOn"))
    if kind == "createBody":
        return CreateBody(
            key=body["key"], name=body["name"], kind=_enum_name(body["kind"], BodyKind, "kind"),
            parent=body.get("parent"), expires_on=parse_date(body.get("expiresOn"), "expiresOn"),
            topic=body.get("topic"), platform=body.get("platform"),
        )
    if kind == "updateBody":
        return UpdateBody(body["body"], body.get("name"), parse_date(body.get("expiresOn"), "expiresOn"))
    return DissolveBody(body["body"], parse_date(body["on"], "on"))


def referenced_bodies(changes: Sequence[Change]) -> set[str]:
    keys: set[str] = set()
    for change in changes:
        if isinstance(change, Appoint | DissolveBody | UpdateBody):
            keys.add(change.body)
        elif isinstance(change, CreateBody) and change.parent:
            keys.add(change.parent)
    return keys


def referenced_persons(changes: Sequence[Change]) -> set[str]:
    return {c.person for c in changes if isinstance(c, Appoint)}


def overlay(register: Register, changes: Sequence[Change], as_of: date, default_platform: str) -> Overlay:
    """Lay the changes over a copy of the register, in order, as one step.

    ``dates`` are the days on which the register changes from ``as_of`` on: the day asked
    about, and each later day on which a change takes effect (a first day, the day after
    a last day, a dissolution), so a check sees every state the changes bring.
    """
    after = register.copy()
    touched: set[str] = set()
    takes_effect = [as_of]
    next_id = -1
    for change in changes:
        if isinstance(change, Appoint):
            _require(after, change)
            starts_on = change.starts_on or as_of
            after.memberships[next_id] = MembershipRow(
                next_id, change.person, change.body, Role[change.role].value, change.on_behalf_of,
                change.appointed_by, starts_on, change.ends_on,
            )
            next_id -= 1
            touched.add(change.body)
            takes_effect += [starts_on, _day_after(change.ends_on)]
        elif isinstance(change, EndMembership):
            current = after.memberships.get(change.membership)
            if current is None:
                raise UnknownKey("membership", str(change.membership))
            after.memberships[change.membership] = replace(current, ends_on=change.ends_on)
            touched.add(current.body)
            takes_effect.append(_day_after(change.ends_on))
        elif isinstance(change, CreateBody):
            after.bodies[change.key] = _new_body(after, change, default_platform)
            touched.add(change.key)
        elif isinstance(change, UpdateBody):
            after.bodies[change.body] = _updated_body(after, change)
            touched.add(change.body)
            takes_effect.append(_day_after(change.expires_on))
        else:
            body = after.bodies.get(change.body)
            if body is None:
                raise UnknownKey("body", change.body)
            day_before(change.on)  # the memberships' last day must exist
            # dated later, the dissolution is scheduled: the body keeps its status until that day (BodyRow.on)
            status = "dissolved" if change.on <= as_of else body.status
            after.bodies[change.body] = replace(body, status=status, dissolved_on=change.on)
            for m in list(after.memberships.values()):
                if m.body == change.body and (m.ends_on is None or m.ends_on >= change.on):
                    # its last day is the day before the dissolution; one that begins later never begins
                    after.memberships[m.id] = replace(m, ends_on=max(m.starts_on, change.on) - timedelta(days=1))
            touched.add(change.body)
            takes_effect.append(change.on)
    dates = {day for day in takes_effect if day is not None and day >= as_of}
    return Overlay(after, frozenset(touched), tuple(sorted(dates)))


def day_before(day: date) -> date:
    """The last day of what ends when ``day`` begins; the calendar's first day has none."""
    if day == date.min:
        raise BadDate.calendar_start(day.isoformat())
    return day - timedelta(days=1)


def _day_after(last_day: date | None) -> date | None:
    """The first day without a membership that ends on ``last_day``; None when it never ends."""
    return None if last_day is None or last_day == date.max else last_day + timedelta(days=1)


def _require(register: Register, change: Appoint) -> None:
    if change.person not in register.persons:
        raise UnknownKey("person", change.person)
    if change.body not in register.bodies:
        raise UnknownKey("body", change.body)
    for org in (change.appointed_by, change.on_behalf_of):
        if org is not None and org not in register.organisations:
            raise UnknownKey("organisation", org)


def _new_body(register: Register, change: CreateBody, default_platform: str) -> BodyRow:
    new_key(change.key)
    if change.key in register.bodies:
        raise DuplicateKey("body", change.key)
    platform = change.platform or default_platform
    if change.parent is not None:
        parent = register.bodies.get(change.parent)
        if parent is None:
            raise UnknownKey("body", change.parent)
        platform = parent.platform
    if platform not in register.platforms:
        raise UnknownKey("platform", platform)
    return BodyRow(
        change.key, change.name, BodyKind[change.kind].value, "forming", platform,
        parent=change.parent, topic=change.topic, expires_on=change.expires_on,
    )


def _updated_body(register: Register, change: UpdateBody) -> BodyRow:
    body = register.bodies.get(change.body)
    if body is None:
        raise UnknownKey("body", change.body)
    if change.name is None and change.expires_on is None:
        raise BadChange("update_nothing", change.body)
    if change.name is not None and not change.name.strip():
        raise BadValue("body_name", "name")
    return replace(
        body,
        name=body.name if change.name is None else change.name.strip(),
        expires_on=body.expires_on if change.expires_on is None else change.expires_on,
    )
