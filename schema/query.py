"""Reading the register and the rules' verdicts: every field needs the read right (`schema.permissions`)."""

from __future__ import annotations

from datetime import date

import strawberry

from governance.errors import UnknownKey
from schema.context import ContextInfo
from schema.errors import InvalidInput
from schema.inputs import ChangeInput, to_changes
from schema.offload import offload
from schema.permissions import Action, requires
from schema.platforms import check_page
from schema.selection import asks_for_explanation
from schema.types import AuditReport, Body, ChangeCheck, Composition, Organisation, Person, body, violations


@strawberry.type
class RegisterQuery:
    @strawberry.field(extensions=[requires(Action.READ)], description="Every organisation (party), ordered by key.")
    async def organisations(self, info: ContextInfo) -> list[Organisation]:
        context = info.context
        return [Organisation.from_row(row) for row in await offload(context.lang, context.queries.organisations)]

    @strawberry.field(
        extensions=[requires(Action.READ)],
        description="Registered persons, ordered by key; optionally those of one organisation or platform, "
        "paged by limit (1-1000) and offset (total: personCount).",
    )
    async def persons(
        self, info: ContextInfo, organisation: str | None = None, platform: str | None = None,
        limit: int | None = None, offset: int = 0,
    ) -> list[Person]:
        context = info.context
        check_page(limit, offset, context.lang)
        rows = await offload(context.lang, context.queries.persons, None, organisation, platform, limit, offset)
        return [Person.from_row(row) for row in rows]

    @strawberry.field(
        extensions=[requires(Action.READ)],
        description="Every body, ordered by key; optionally one platform's, paged by limit (1-1000) and offset "
        "(total: bodyCount).",
    )
    async def bodies(
        self, info: ContextInfo, platform: str | None = None, limit: int | None = None, offset: int = 0
    ) -> list[Body]:
        context = info.context
        check_page(limit, offset, context.lang)
        rows = await offload(context.lang, context.queries.bodies, None, platform, limit, offset)
        for row in rows:
            context.loaders.bodies.prime(row.key, row)
        return [Body.from_row(row) for row in rows]

    @strawberry.field(
        extensions=[requires(Action.READ)],
        description="One body by key; an unknown key is an error (code UNKNOWN_KEY).",
    )
    async def body(self, info: ContextInfo, key: str) -> Body:
        found = await body(info, key)
        if found is None:
            raise InvalidInput(UnknownKey("body", key), info.context.lang)
        return found

    @strawberry.field(extensions=[requires(Action.READ)], description="A body's verdict as of asOf (default today).")
    async def composition(self, info: ContextInfo, body: str, as_of: date | None = None) -> Composition:
        context, day = info.context, as_of or date.today()
        verdict = await offload(context.lang, context.governance.composition, body, day, asks_for_explanation(info))
        return Composition(
            as_of=day, valid=verdict.valid, rule_set_version=verdict.rule_set_version,
            violations=violations(verdict.violations), body_key=body,
        )

    @strawberry.field(
        extensions=[requires(Action.READ)],
        description="Every body's violations as of asOf (default today), or one body's and those that read it.",
    )
    async def audit(self, info: ContextInfo, as_of: date | None = None, body: str | None = None) -> AuditReport:
        context, day = info.context, as_of or date.today()
        verdict = await offload(context.lang, context.governance.audit, day, body, asks_for_explanation(info))
        return AuditReport(
            as_of=day, valid=verdict.valid, rule_set_version=verdict.rule_set_version,
            violations=violations(verdict.violations),
        )

    @strawberry.field(
        extensions=[requires(Action.READ)],
        description="Check changes together, as one step, without writing them.",
    )
    async def check_changes(self, info: ContextInfo, changes: list[ChangeInput], as_of: date | None = None) -> ChangeCheck:
        context, day = info.context, as_of or date.today()
        explain = asks_for_explanation(info)
        check = await offload(context.lang, lambda: context.governance.check_changes(to_changes(changes), day, explain))
        return ChangeCheck.from_check(check)
