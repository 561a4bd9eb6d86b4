"""Changing the register. Every mutation needs a caller whose role grants it (``schema.permissions``).

``applyChanges`` needs the right of every change, where the change touches organisations
(``schema.authority``): ``change-memberships`` for appointing and ending memberships,
``change-bodies`` for creating, updating and dissolving bodies, and ``override`` to apply changes
that introduce an ERROR.
A refusal of the API's own (no right, input that cannot become a change) leaves its audit
entry like the services' verdicts do.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated, Any

import strawberry

from governance import services
from governance.changes import Change
from governance.errors import InputError, JustificationRequired
from schema.authority import Demand, change_demands, first_refusal
from schema.context import ContextInfo
from schema.errors import ApiError, InvalidInput
from schema.inputs import ChangeInput, PersonInput, to_changes
from schema.offload import offload
from schema.permissions import Action, requires
from schema.refusals import record_refusal
from schema.selection import asks_for_explanation
from schema.types import Applied, Body, Person, Rejected

CreatePersonResult = Annotated[Person | Rejected, strawberry.union("CreatePersonResult")]
ApplyChangesResult = Annotated[Applied | Rejected, strawberry.union("ApplyChangesResult")]
ConstituteBodyResult = Annotated[Body | Rejected, strawberry.union("ConstituteBodyResult")]

async def _changes_refusal(info: ContextInfo, changes: Sequence[Change], override: bool) -> ApiError | None:
    """Why the caller may not apply these changes, or None: every change's demand, then ``override``."""
    caller = info.context.caller
    demands = await change_demands(info, changes)
    if override:
        demands.append(Demand(Action.OVERRIDE))
    if not changes and not (caller.holds(Action.CHANGE_BODIES) or caller.holds(Action.CHANGE_MEMBERSHIPS)):
        demands.append(Demand(Action.CHANGE_MEMBERSHIPS))  # nothing to change: any right to change the register will do
    return first_refusal(info, demands)


def _override_problem(justification: str | None, lang: str) -> InvalidInput | None:
    if not (justification or "").strip():
        return InvalidInput(JustificationRequired(), lang)
    return None


@strawberry.type
class RegisterMutation:
    @strawberry.mutation(extensions=[requires(Action.REGISTER_PERSON)], description="Register a person.")
    async def create_person(self, info: ContextInfo, input: PersonInput) -> CreatePersonResult:
        context = info.context
        row = await offload(
            context.lang, context.governance.create_person, input.key, input.name, input.organisation,
            input.qualifications or [], context.caller.name,
        )
        return Person.from_row(row)

    @strawberry.mutation(
        description="Check the changes together and write them only when no ERROR is introduced. With override "
        "(administrators only, with a justification) they are written anyway, and the audit entry says so.",
    )
    async def apply_changes(
        self, info: ContextInfo, changes: list[ChangeInput], as_of: date | None = None, justification: str | None = None,
        override: bool = False,
    ) -> ApplyChangesResult:
        context, day = info.context, as_of or date.today()
        arguments: dict[str, Any] = {"changes": changes, "as_of": day, "justification": justification, "override": override}
        try:
            proposed = to_changes(changes)
        except InputError as error:
            failure: ApiError | None = InvalidInput(error, context.lang)
        else:
            failure = await _changes_refusal(info, proposed, override)
            if failure is None and override:
                failure = _override_problem(justification, context.lang)
        if failure is not None:
            await record_refusal(info, failure, arguments, justification)
            raise failure
        result = await offload(
            context.lang, context.governance.apply_changes, proposed, day, context.caller.name, justification, override,
            asks_for_explanation(info),
        )
        return Rejected.from_result(result) if isinstance(result, services.Rejected) else Applied.from_result(result)

    @strawberry.mutation(
        extensions=[requires(Action.CONSTITUTE_BODY)],
        description="Move a FORMING body to ACTIVE when it is valid as ACTIVE on asOf (default today).",
    )
    async def constitute_body(self, info: ContextInfo, body: str, as_of: date | None = None) -> ConstituteBodyResult:
        context, day = info.context, as_of or date.today()
        try:
            result = await offload(
                context.lang, context.governance.constitute_body, body, day, context.caller.name, asks_for_explanation(info)
            )
        except InvalidInput as failure:  # an unknown or dissolved body: the service gave no verdict to record
            await record_refusal(info, failure, {"body": body, "as_of": day})
            raise
        return Rejected.from_result(result) if isinstance(result, services.Rejected) else Body.from_row(result)
