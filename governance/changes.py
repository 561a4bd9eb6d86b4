"""Proposed changes to the register: each kind a class that knows what it names and how it is laid over a register.

A change is read from its GraphQL shape by ``change_from_dict``, the one parser (the API's
inputs, the scenarios and the console's forms all give it that shape). What a change
names serves three readers: the services load the platforms its bodies, memberships and
persons are on (``bodies``, ``memberships``, ``persons``, ``platform``); ``schema.authority``
finds the organisations it touches (``reach``); ``overlay`` lays it over a copy of the
register (``lay``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta
from enum import Enum
from typing import Any, ClassVar

from governance.enums import BodyKind, BodyStatus, Role
from governance.errors import BadChange, BadDate, BadValue, DuplicateKey, UnknownKey
from governance.keys import new_key
from governance.register import BodyRow, MembershipRow, Register
from governance.values import enum_member, membership_id, parse_date, required_date


class Subject(Enum):
    """What a change alters, and so the right it needs (``schema.authority``)."""

    MEMBERSHIPS = "memberships"
    BODIES = "bodies"


@dataclass(frozen=True)
class Reach:
    """The organisations a change touches, as it names them: the body whose own organisation it is, the stored
    membership whose appointing organisation it is, and the organisations a new membership names itself."""

    subject: Subject
    body: str | None = None
    membership: int | None = None
    appointed_by: str | None = None
    on_behalf_of: str | None = None


@dataclass
class Draft:
    """A copy of the register being changed in order, what the changes so far touch, and the days they take effect."""

    register: Register
    as_of: date
    default_platform: str
    touched: set[str] = field(default_factory=set)
    takes_effect: list[date | None] = field(default_factory=list)
    next_id: int = -1

    def new_membership_id(self) -> int:
        """Proposed memberships have negative ids, so they never meet a stored one."""
        self.next_id -= 1
        return self.next_id + 1


class Change(ABC):
    """One proposed change; ``KIND`` is its member of the GraphQL ``ChangeInput``."""

    KIND: ClassVar[str]

    @classmethod
    @abstractmethod
    def parse(cls, data: Mapping[str, Any]) -> Change:
        """The change from its GraphQL-shaped fields (camelCase; dates as dates or ISO text; enums as members or names)."""

    @property
    @abstractmethod
    def reach(self) -> Reach:
        """What the change touches, for the right it needs."""

    @abstractmethod
    def lay(self, draft: Draft) -> None:
        """Lay the change over the draft register, raising ``InputError`` for what it cannot take."""

    def bodies(self) -> tuple[str, ...]:
        """The stored bodies the change refers to."""
        return ()

    def persons(self) -> tuple[str, ...]:
        return ()

    def memberships(self) -> tuple[int, ...]:
        """The stored memberships the change refers to."""
        return ()

    def new_platform(self, default: str) -> str | None:
        """The platform the change reaches that none of its bodies or memberships names (a new top-level body's)."""
        return None

    def described(self) -> dict[str, Any]:
        """The change as the audit trail records it: its class and its fields, dates as ISO text, enums by name."""
        described: dict[str, Any] = {"kind": type(self).__name__}
        for item in fields(self):  # type: ignore[arg-type]  # every change kind is a dataclass
            value = getattr(self, item.name)
            described[item.name] = value.isoformat() if isinstance(value, date) else value.name if isinstance(value, Enum) else value
        return described


@dataclass(frozen=True)
class Appoint(Change):
    KIND: ClassVar[str] = "appoint"

    person: str
    body: str
    role: Role  # a Role name (MEMBER, CHAIR, ...) is taken too
    appointed_by: str
    on_behalf_of: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "role", enum_member(self.role, Role, "role"))

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> Appoint:
        return cls(
            person=data["person"], body=data["body"], role=enum_member(data["role"], Role, "role"),
            appointed_by=data["appointedBy"], on_behalf_of=data.get("onBehalfOf"),
            starts_on=parse_date(data.get("startsOn"), "startsOn"), ends_on=parse_date(data.get("endsOn"), "endsOn"),
        )

    @property
    def reach(self) -> Reach:
        return Reach(Subject.MEMBERSHIPS, body=self.body, appointed_by=self.appointed_by, on_behalf_of=self.on_behalf_of)

    def bodies(self) -> tuple[str, ...]:
        return (self.body,)

    def persons(self) -> tuple[str, ...]:
        return (self.person,)

    def lay(self, draft: Draft) -> None:
        after = draft.register
        _require(after, self)
        starts_on = self.starts_on or draft.as_of
        new_id = draft.new_membership_id()
        after.memberships[new_id] = MembershipRow(
            new_id, self.person, self.body, self.role, self.on_behalf_of,
            self.appointed_by, starts_on, self.ends_on,
        )
        draft.touched.add(self.body)
        draft.takes_effect += [starts_on, _day_after(self.ends_on)]


@dataclass(frozen=True)
class EndMembership(Change):
    KIND: ClassVar[str] = "endMembership"

    membership: int
    ends_on: date

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> EndMembership:
        return cls(membership_id(data["membership"]), required_date(data["endsOn"], "endsOn"))

    @property
    def reach(self) -> Reach:
        return Reach(Subject.MEMBERSHIPS, membership=self.membership)

    def memberships(self) -> tuple[int, ...]:
        return (self.membership,)

    def lay(self, draft: Draft) -> None:
        current = draft.register.memberships.get(self.membership)
        if current is None:
            raise UnknownKey("membership", str(self.membership))
        draft.register.memberships[self.membership] = replace(current, ends_on=self.ends_on)
        draft.touched.add(current.body)
        draft.takes_effect.append(_day_after(self.ends_on))


@dataclass(frozen=True)
class CreateBody(Change):
    KIND: ClassVar[str] = "createBody"

    key: str
    name: str
    kind: BodyKind  # a BodyKind name is taken too
    parent: str | None = None
    expires_on: date | None = None
    topic: str | None = None
    platform: str | None = None  # a top-level body's platform; the default platform when None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", enum_member(self.kind, BodyKind, "kind"))

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> CreateBody:
        return cls(
            key=data["key"], name=data["name"], kind=enum_member(data["kind"], BodyKind, "kind"),
            parent=data.get("parent"), expires_on=parse_date(data.get("expiresOn"), "expiresOn"),
            topic=data.get("topic"), platform=data.get("platform"),
        )

    @property
    def reach(self) -> Reach:
        return Reach(Subject.BODIES, body=self.key)

    def bodies(self) -> tuple[str, ...]:
        return (self.parent,) if self.parent else ()

    def new_platform(self, default: str) -> str | None:
        return None if self.parent is not None else self.platform or default

    def lay(self, draft: Draft) -> None:
        draft.register.bodies[self.key] = _new_body(draft.register, self, draft.default_platform)
        draft.touched.add(self.key)


@dataclass(frozen=True)
class DissolveBody(Change):
    """The one meaning of a dissolution: on its day the body is dissolved and the memberships it still has end
    the day before; dated after the day asked about, it is scheduled and the body keeps its status until then."""

    KIND: ClassVar[str] = "dissolveBody"

    body: str
    on: date

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> DissolveBody:
        return cls(data["body"], required_date(data["on"], "on"))

    @staticmethod
    def standing(body: BodyRow, day: date) -> BodyRow:
        """The body as it stands on ``day``: a dissolution dated later is scheduled, not yet in effect."""
        if body.dissolved_on is not None and body.dissolved_on <= day and body.status != BodyStatus.DISSOLVED:
            return replace(body, status=BodyStatus.DISSOLVED)
        return body

    @property
    def reach(self) -> Reach:
        return Reach(Subject.BODIES, body=self.body)

    def bodies(self) -> tuple[str, ...]:
        return (self.body,)

    def lay(self, draft: Draft) -> None:
        after = draft.register
        body = after.bodies.get(self.body)
        if body is None:
            raise UnknownKey("body", self.body)
        day_before(self.on)  # the memberships' last day must exist
        after.bodies[self.body] = self.standing(replace(body, dissolved_on=self.on), draft.as_of)
        for m in list(after.memberships.values()):
            if m.body == self.body and (m.ends_on is None or m.ends_on >= self.on):
                # its last day is the day before the dissolution; one that begins later never begins
                after.memberships[m.id] = replace(m, ends_on=max(m.starts_on, self.on) - timedelta(days=1))
        draft.touched.add(self.body)
        draft.takes_effect.append(self.on)


@dataclass(frozen=True)
class UpdateBody(Change):
    """Rename a body or move its end (an ad hoc group's expiry); a field left None stays as it is."""

    KIND: ClassVar[str] = "updateBody"

    body: str
    name: str | None = None
    expires_on: date | None = None

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> UpdateBody:
        return cls(data["body"], data.get("name"), parse_date(data.get("expiresOn"), "expiresOn"))

    @property
    def reach(self) -> Reach:
        return Reach(Subject.BODIES, body=self.body)

    def bodies(self) -> tuple[str, ...]:
        return (self.body,)

    def lay(self, draft: Draft) -> None:
        draft.register.bodies[self.body] = _updated_body(draft.register, self)
        draft.touched.add(self.body)
        draft.takes_effect.append(_day_after(self.expires_on))


CHANGE_TYPES: tuple[type[Change], ...] = (Appoint, EndMembership, CreateBody, DissolveBody, UpdateBody)
_BY_KIND: dict[str, type[Change]] = {kind.KIND: kind for kind in CHANGE_TYPES}
CHANGE_KINDS = tuple(_BY_KIND)


@dataclass(frozen=True)
class Overlay:
    """The state after the changes, the bodies they touch, and the days the state changes on."""

    register: Register
    touched: frozenset[str]
    dates: tuple[date, ...]


def change_from_dict(data: Mapping[str, Any]) -> Change:
    """A change from its GraphQL-shaped dictionary (exactly one of the four members)."""
    members = [k for k, v in data.items() if v is not None]
    if len(members) != 1 or members[0] not in CHANGE_KINDS:
        kinds = ", ".join(CHANGE_KINDS)
        raise BadChange("one_kind", ",".join(members), kinds=kinds)
    kind, body = members[0], data[members[0]]
    return _BY_KIND[kind].parse(body)


def referenced_bodies(changes: Sequence[Change]) -> set[str]:
    return {key for change in changes for key in change.bodies()}


def referenced_persons(changes: Sequence[Change]) -> set[str]:
    return {key for change in changes for key in change.persons()}


def referenced_memberships(changes: Sequence[Change]) -> set[int]:
    return {membership for change in changes for membership in change.memberships()}


def referenced_platforms(changes: Sequence[Change], default: str) -> set[str]:
    """The platforms the changes reach beyond those of their bodies and memberships."""
    return {key for change in changes if (key := change.new_platform(default)) is not None}


def overlay(register: Register, changes: Sequence[Change], as_of: date, default_platform: str) -> Overlay:
    """Lay the changes over a copy of the register, in order, as one step.

    ``dates`` are the days on which the register changes from ``as_of`` on: the day asked
    about, and each later day on which a change takes effect (a first day, the day after
    a last day, a dissolution), so a check sees every state the changes bring.
    """
    draft = Draft(register.copy(), as_of, default_platform, takes_effect=[as_of])
    for change in changes:
        change.lay(draft)
    dates = {day for day in draft.takes_effect if day is not None and day >= as_of}
    return Overlay(draft.register, frozenset(draft.touched), tuple(sorted(dates)))


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
        change.key, change.name, change.kind, BodyStatus.FORMING, platform,
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
