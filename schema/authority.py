"""The right each change and each answer needs, with the organisations it touches, checked against ``RIGHTS``.

Each change names what it touches (``governance.changes.Reach``): what it alters, the body
whose own organisation it is, the stored membership whose appointer it is, and the
organisations a new membership names. The organisations of those bodies and memberships
are looked up once per request, and ``schema.permissions`` decides.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from governance.changes import Change, Reach, Subject
from schema.context import ContextInfo
from schema.errors import ApiError
from schema.offload import offload
from schema.permissions import Action, Touch, Touches, refusal

ACTIONS = {Subject.MEMBERSHIPS: Action.CHANGE_MEMBERSHIPS, Subject.BODIES: Action.CHANGE_BODIES}


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

    def demand(self, reach: Reach) -> Demand:
        """A change's demand: a touch it does not name is no organisation (``Scope.breach`` fails closed)."""
        appointer = self.appointed_by.get(reach.membership) if reach.membership is not None else reach.appointed_by
        return Demand(ACTIONS[reach.subject], {
            Touch.APPOINTED_BY: appointer, Touch.ON_BEHALF_OF: reach.on_behalf_of,
            Touch.BODY_OF: self.body_organisation.get(reach.body) if reach.body is not None else None,
        })


async def parties(info: ContextInfo, bodies: Iterable[str], memberships: Iterable[int] = ()) -> Parties:
    """The organisations of these bodies and memberships, in one query each (none when nothing is asked)."""
    context = info.context
    bodies, memberships = sorted(set(bodies)), sorted(set(memberships))
    owners = await offload(context.lang, context.queries.body_organisations, bodies) if bodies else {}
    appointers = await offload(context.lang, context.queries.appointers, memberships) if memberships else {}
    return Parties(owners, appointers)


async def change_demands(info: ContextInfo, changes: Sequence[Change]) -> list[Demand]:
    """The demand of every change, in order."""
    reaches = [change.reach for change in changes]
    found = await parties(
        info,
        (reach.body for reach in reaches if reach.body is not None),
        (reach.membership for reach in reaches if reach.membership is not None),
    )
    return [found.demand(reach) for reach in reaches]


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
