"""Cases: reading them (open to all), moving them (``handle-cases``) and recording bodies' answers (``answer-for-body``)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import strawberry

from governance import services
from governance.cases import Cases
from governance.cases_views import CaseView
from schema.authority import body_answer_demand, first_refusal
from schema.case_types import Case
from schema.context import Context, ContextInfo
from schema.enums import ApprovalDecision, CaseStage
from schema.inputs import CaseInput
from schema.offload import offload
from schema.permissions import Action, requires
from schema.refusals import record_refusal
from schema.types import Rejected

CaseResult = Annotated[Case | Rejected, strawberry.union("CaseResult")]


def _cases(context: Context) -> Cases:
    return Cases(context.governance)


def _result(result: CaseView | services.Rejected) -> Case | Rejected:
    return Rejected.from_result(result) if isinstance(result, services.Rejected) else Case.from_view(result)


async def _ensure_answers_for(info: ContextInfo, body: str, arguments: dict[str, Any]) -> None:
    """Refuse (with its audit entry) a caller who may not record this body's answer."""
    error = first_refusal(info, [await body_answer_demand(info, body)])
    if error is not None:
        await record_refusal(info, error, arguments)
        raise error


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

    @strawberry.mutation(
        extensions=[requires(Action.ANSWER_FOR_BODY)],
        description="Record a required body's approval or refusal (an org-admin: only for its organisation's own body).",
    )
    async def record_approval(
        self, info: ContextInfo, case: str, approver: str, decision: ApprovalDecision, on: date | None = None
    ) -> CaseResult:
        context = info.context
        await _ensure_answers_for(info, approver, {"case": case, "approver": approver, "decision": decision, "on": on})
        result = await offload(
            context.lang, _cases(context).record_approval, case, approver, decision.name,
            actor=context.caller.name, on=on or date.today(),
        )
        return _result(result)

    @strawberry.mutation(
        extensions=[requires(Action.ANSWER_FOR_BODY)],
        description="Record a body's answer in the hearing (an org-admin: only for its organisation's own body).",
    )
    async def record_hearing_answer(
        self, info: ContextInfo, case: str, recipient: str, text: str, on: date | None = None
    ) -> CaseResult:
        context = info.context
        await _ensure_answers_for(info, recipient, {"case": case, "recipient": recipient, "text": text, "on": on})
        result = await offload(
            context.lang, _cases(context).record_hearing_answer, case, recipient, text,
            actor=context.caller.name, on=on or date.today(),
        )
        return _result(result)
