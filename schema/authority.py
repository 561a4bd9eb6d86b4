"""The right each change and each answer needs, with the organisations it touches, checked against ``RIGHTS``.

Each change kind names, in ``KINDS``, the bodies and memberships it refers to and the
demand it makes: the right (``Action``) and how it touches organisations (``Touch``).
The organisations of those bodies and memberships are looked up once per request, and
``schema.permissions`` decides. A change kind without an entry is never allowed (a
``TypeError``, masked as a bug; a test requires an entry for every kind).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from governance.changes import Appoint, Change, CreateBody, DissolveBody, EndMembership, UpdateBody
from schema.context import ContextInfo
from schema.errors import ApiError
from schema.offload import offload
from schema.permissions import Action, Touch, Touches, refusal


@dataclass(frozen=True)
class Demand:
    """A right a request needs, and the organisations it touches (None: no organisation)."""

    action: Action
    touches: Touches = field(default_factory=dict)


@dataclass(frozen=True)
class Parties:
    """What the demands read: whose own body each body is, who appointed each membership."""

    body_organisation: dict[str, str | None]
    appointed_by: dict[int, str | None]


@dataclass(frozen=True)
class ChangeKind:
    """How one change kind touches organisations."""

    bodies: Callable[[Change], Iterable[str]]
    memberships: Callable[[Change], Iterable[int]]
    demand: Callable[[Change, Parties], Demand]


def _no_memberships(_change: Change) -> tuple[int, ...]:
    return ()


KINDS: dict[type, ChangeKind] = {
    Appoint: ChangeKind(
        bodies=lambda c: (c.body,),
        memberships=_no_memberships,
        demand=lambda c, p: Demand(Action.CHANGE_MEMBERSHIPS, {
            Touch.APPOINTED_BY: c.appointed_by, Touch.ON_BEHALF_OF: c.on_behalf_of,
            Touch.BODY_OF: p.body_organisation.get(c.body),
        }),
    ),
    EndMembership: ChangeKind(
        bodies=lambda _c: (),
        memberships=lambda c: (c.membership,),
        demand=lambda c, p: Demand(Action.CHANGE_MEMBERSHIPS, {Touch.APPOINTED_BY: p.appointed_by.get(c.membership)}),
    ),
    CreateBody: ChangeKind(
        bodies=lambda c: (c.key,),
        memberships=_no_memberships,
        demand=lambda c, p: Demand(Action.CHANGE_BODIES, {Touch.BODY_OF: p.body_organisation.get(c.key)}),
    ),
    DissolveBody: ChangeKind(
        bodies=lambda c: (c.body,),
        memberships=_no_memberships,
        demand=lambda c, p: Demand(Action.CHANGE_BODIES, {Touch.BODY_OF: p.body_organisation.get(c.body)}),
    ),
    UpdateBody: ChangeKind(
        bodies=lambda c: (c.body,),
        memberships=_no_memberships,
        demand=lambda c, p: Demand(Action.CHANGE_BODIES, {Touch.BODY_OF: p.body_organisation.get(c.body)}),
    ),
}


def kind_of(change: Change) -> ChangeKind:
    kind = KINDS.get(type(change))
    if kind is None:  # a programming error: a new change kind must say what it touches
        raise TypeError(f"no entry in schema.authority.KINDS for {type(change).__name__}")
    return kind


async def parties(info: ContextInfo, bodies: Iterable[str], memberships: Iterable[int] = ()) -> Parties:
    """The organisations of these bodies and memberships, in one query each (none when nothing is asked)."""
    context = info.context
    bodies, memberships = sorted(set(bodies)), sorted(set(memberships))
    owners = await offload(context.lang, context.queries.body_organisations, bodies) if bodies else {}
    appointers = await offload(context.lang, context.queries.appointers, memberships) if memberships else {}
    return Parties(owners, appointers)


async def change_demands(info: ContextInfo, changes: Sequence[Change]) -> list[Demand]:
    """The demand of every change, in order."""
    kinds = [kind_of(change) for change in changes]
    found = await parties(
        info,
        (body for kind, change in zip(kinds, changes) for body in kind.bodies(change)),
        (membership for kind, change in zip(kinds, changes) for membership in kind.memberships(change)),
    )
    return [kind.demand(change, found) for kind, change in zip(kinds, changes)]


async def body_answer_demand(info: ContextInfo, body: str) -> Demand:
    """Recording a body's approval or hearing answer: the body's own organisation answers for it."""
    return await body_demand(info, Action.ANSWER_FOR_BODY, body)


async def body_demand(info: ContextInfo, action: Action, body: str) -> Demand:
    """A right over one body (a document it sets out): it touches the body's own organisation, if it has one."""
    found = await parties(info, [body])
    return Demand(action, {Touch.BODY_OF: found.body_organisation.get(body)})


def first_refusal(info: ContextInfo, demands: Iterable[Demand]) -> ApiError | None:
    """The refusal of the first demand the caller's role does not grant; None when it grants them all."""
    context = info.context
    for demand in demands:
        error = refusal(context.caller, demand.action, info.field_name, context.lang, demand.touches)
        if error is not None:
            return error
    return None
