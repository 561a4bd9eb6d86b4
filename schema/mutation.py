"""Changing the register. Every mutation needs a caller whose role grants it (``schema.permissions``)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from governance import services
from schema.context import ContextInfo
from schema.inputs import ChangeInput, PersonInput, to_changes
from schema.offload import offload
from schema.permissions import Action, requires
from schema.types import Applied, Body, Person, Rejected

CreatePersonResult = Annotated[Person | Rejected, strawberry.union("CreatePersonResult")]
ApplyChangesResult = Annotated[Applied | Rejected, strawberry.union("ApplyChangesResult")]
ConstituteBodyResult = Annotated[Body | Rejected, strawberry.union("ConstituteBodyResult")]


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
        extensions=[requires(Action.CHANGE_REGISTER)],
        description="Check the changes together and write them only when no ERROR is introduced.",
    )
    async def apply_changes(
        self, info: ContextInfo, changes: list[ChangeInput], as_of: date | None = None, justification: str | None = None
    ) -> ApplyChangesResult:
        context, day = info.context, as_of or date.today()
        result = await offload(
            context.lang,
            lambda: context.governance.apply_changes(to_changes(changes), day, context.caller.name, justification),
        )
        return Rejected.from_result(result) if isinstance(result, services.Rejected) else Applied.from_result(result)

    @strawberry.mutation(
        extensions=[requires(Action.CONSTITUTE_BODY)],
        description="Move a FORMING body to ACTIVE when it is valid as ACTIVE on asOf (default today).",
    )
    async def constitute_body(self, info: ContextInfo, body: str, as_of: date | None = None) -> ConstituteBodyResult:
        context = info.context
        result = await offload(context.lang, context.governance.constitute_body, body, as_of or date.today(), context.caller.name)
        return Rejected.from_result(result) if isinstance(result, services.Rejected) else Body.from_row(result)
