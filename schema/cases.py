"""Cases: reading them (open to all) and moving them (the HANDLE_CASES right)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from governance import services
from governance.cases import Cases, CaseView
from schema.case_types import Case
from schema.context import Context, ContextInfo
from schema.enums import ApprovalDecision, CaseStage
from schema.inputs import CaseInput
from schema.offload import offload
from schema.permissions import Action, requires
from schema.types import Rejected

CaseResult = Annotated[Case | Rejected, strawberry.union("CaseResult")]


def _cases(context: Context) -> Cases:
    return Cases(context.governance)


def _result(result: CaseView | services.Rejected) -> Case | Rejected:
    return Rejected.from_result(result) if isinstance(result, services.Rejected) else Case.from_view(result)


@strawberry.type
class CaseQuery:
    @strawberry.field(
        extensions=[requires(Action.READ)],
        description="One case by key, as of asOf (default today); an unknown key is an error.",
    )
    async def case(self, info: ContextInfo, key: str, as_of: date | None = None) -> Case:
        context = info.context
        return Case.from_view(await offload(context.lang, _cases(context).get, key, as_of or date.today()))

    @strawberry.field(
        extensions=[requires(Action.READ)],
        description="Cases, optionally only those at one stage or those one body takes part in.",
    )
    async def cases(self, info: ContextInfo, stage: CaseStage | None = None, body: str | None = None) -> list[Case]:
        context = info.context
        views = await offload(context.lang, _cases(context).list, stage.name if stage else None, body)
        return [Case.from_view(view) for view in views]


@strawberry.type
class CaseMutation:
    @strawberry.mutation(extensions=[requires(Action.HANDLE_CASES)], description="Open a case in DRAFT.")
    async def open_case(self, info: ContextInfo, input: CaseInput, on: date | None = None) -> CaseResult:
        context = info.context
        result = await offload(
            context.lang, _cases(context).open, input.key, input.title, input.originator, input.concerns or [],
            actor=context.caller.name, on=on or date.today(), track=input.track.name, co_originators=input.co_originators,
        )
        return _result(result)

    @strawberry.mutation(extensions=[requires(Action.HANDLE_CASES)], description="Move a case to its next stage, by a body allowed to.")
    async def advance_case(self, info: ContextInfo, case: str, to: CaseStage, by: str, on: date | None = None) -> CaseResult:
        context = info.context
        result = await offload(
            context.lang, _cases(context).advance, case, to.name, by, actor=context.caller.name, on=on or date.today()
        )
        return _result(result)

    @strawberry.mutation(extensions=[requires(Action.HANDLE_CASES)], description="Record a required body's approval or refusal.")
    async def record_approval(
        self, info: ContextInfo, case: str, approver: str, decision: ApprovalDecision, on: date | None = None
    ) -> CaseResult:
        context = info.context
        result = await offload(
            context.lang, _cases(context).record_approval, case, approver, decision.name,
            actor=context.caller.name, on=on or date.today(),
        )
        return _result(result)

    @strawberry.mutation(extensions=[requires(Action.HANDLE_CASES)], description="Record a body's answer in the hearing.")
    async def record_hearing_answer(
        self, info: ContextInfo, case: str, recipient: str, text: str, on: date | None = None
    ) -> CaseResult:
        context = info.context
        result = await offload(
            context.lang, _cases(context).record_hearing_answer, case, recipient, text,
            actor=context.caller.name, on=on or date.today(),
        )
        return _result(result)
