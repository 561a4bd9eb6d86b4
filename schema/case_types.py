"""The GraphQL types of a case, built from ``governance.cases`` views."""

from __future__ import annotations

from datetime import date

import strawberry

from governance.cases_views import ApprovalView, BlockedView, CaseView, HearingAnswerView, HistoryView, TransitionView
from schema.approvals import approval_explanation
from schema.context import ContextInfo
from schema.enums import ApprovalStatus, CaseStage, CaseTrack, Language
from schema.offload import offload
from schema.types import Body, Organisation, Violation, bodies, organisations, referenced_body


@strawberry.type(description="A body whose approval the rules require before the case is adopted.")
class RequiredApproval:
    status: ApprovalStatus
    rule: str = strawberry.field(description="The id of the rule that requires this approval.")
    approver_key: strawberry.Private[str]
    view: strawberry.Private[ApprovalView]
    case: strawberry.Private[CaseView]

    @classmethod
    def from_view(cls, view: ApprovalView, case: CaseView) -> RequiredApproval:
        return cls(status=ApprovalStatus(view.status), rule=view.rule, approver_key=view.approver, view=view, case=case)

    @strawberry.field
    async def approver(self, info: ContextInfo) -> Body:
        return await referenced_body(info, self.approver_key)

    @strawberry.field(description="Why this body must approve this case: the rule, then the facts it rests on, one a line.")
    async def explanation(self, info: ContextInfo, lang: Language | None = Language.DA) -> str:
        context = info.context
        rule_set = await offload(context.lang, context.governance.rules.current)
        approver = await context.loaders.bodies.load(self.approver_key)
        keys = [*self.case.concerns, *([approver.organisation] if approver and approver.organisation else [])]
        names = {row.key: row.name for row in await context.loaders.organisations.load_many(keys) if row}
        names[self.approver_key] = approver.name if approver else self.approver_key
        return approval_explanation(
            self.case, self.view, approver, rule_set.rules.get(self.rule),
            lambda key: names.get(key, key), (lang or Language.DA).value,
        )


@strawberry.type(description="A stage the case may move to next, and the bodies that may move it there.")
class Transition:
    to: CaseStage
    by_keys: strawberry.Private[tuple[str, ...]]

    @classmethod
    def from_view(cls, view: TransitionView) -> Transition:
        return cls(to=CaseStage[view.to], by_keys=view.by)

    @strawberry.field
    async def by(self, info: ContextInfo) -> list[Body]:
        return await bodies(info, self.by_keys)


@strawberry.type(description="A next stage of the flow that cannot be taken now: who could take it and what stands in the way.")
class BlockedTransition:
    to: CaseStage
    reasons: list[Violation] = strawberry.field(description="The violations that stand in the way.")
    by_keys: strawberry.Private[tuple[str, ...]]

    @classmethod
    def from_view(cls, view: BlockedView) -> BlockedTransition:
        return cls(to=CaseStage[view.to], reasons=[Violation.from_engine(v) for v in view.reasons], by_keys=view.by)

    @strawberry.field(description="The bodies the flow names for this stage.")
    async def by(self, info: ContextInfo) -> list[Body]:
        return await bodies(info, self.by_keys)


@strawberry.type(description="A stage the case reached, who moved it there and when.")
class HistoryEntry:
    stage: CaseStage
    on: date
    by_key: strawberry.Private[str]

    @classmethod
    def from_view(cls, view: HistoryView) -> HistoryEntry:
        return cls(stage=CaseStage[view.stage], on=view.on, by_key=view.by)

    @strawberry.field
    async def by(self, info: ContextInfo) -> Body:
        return await referenced_body(info, self.by_key)


@strawberry.type(description="An answer given in the hearing; it follows the proposal to the end.")
class HearingAnswer:
    text: str
    on: date
    recipient_key: strawberry.Private[str]

    @classmethod
    def from_view(cls, view: HearingAnswerView) -> HearingAnswer:
        return cls(text=view.text, on=view.on, recipient_key=view.recipient)

    @strawberry.field(description="The body that answered the hearing.")
    async def recipient(self, info: ContextInfo) -> Body:
        return await referenced_body(info, self.recipient_key)


@strawberry.type(description="A proposal on its way from draft to adoption or rejection.")
class Case:
    key: str
    title: str
    stage: CaseStage
    track: CaseTrack
    rule_set_version: str
    required_approvals: list[RequiredApproval] = strawberry.field(description="Derived by the rules, never stored by hand.")
    allowed_transitions: list[Transition]
    blocked_transitions: list[BlockedTransition] = strawberry.field(
        description="The next stages of the flow that cannot be taken now; with allowedTransitions, every next stage."
    )
    history: list[HistoryEntry]
    hearing_answers: list[HearingAnswer]
    warnings: list[Violation] = strawberry.field(
        description="The warnings the step just taken brought (allowed but flagged); empty when the case is read."
    )
    originator_key: strawberry.Private[str]
    co_originator_keys: strawberry.Private[tuple[str, ...]]
    concern_keys: strawberry.Private[tuple[str, ...]]
    recipient_keys: strawberry.Private[tuple[str, ...]]
    adopted_for_keys: strawberry.Private[tuple[str, ...]]

    @classmethod
    def from_view(cls, view: CaseView) -> Case:
        return cls(
            key=view.key, title=view.title, stage=CaseStage[view.stage], track=CaseTrack[view.track],
            rule_set_version=view.rule_set_version,
            required_approvals=[RequiredApproval.from_view(a, view) for a in view.required_approvals],
            allowed_transitions=[Transition.from_view(t) for t in view.allowed_transitions],
            blocked_transitions=[BlockedTransition.from_view(t) for t in view.blocked_transitions],
            history=[HistoryEntry.from_view(h) for h in view.history],
            hearing_answers=[HearingAnswer.from_view(a) for a in view.hearing_answers],
            warnings=[Violation.from_engine(v) for v in view.warnings],
            originator_key=view.originator, co_originator_keys=view.co_originators, concern_keys=view.concerns,
            recipient_keys=view.hearing_recipients, adopted_for_keys=view.adopted_for,
        )

    @strawberry.field(description="The body that drafted the proposal.")
    async def originator(self, info: ContextInfo) -> Body:
        return await referenced_body(info, self.originator_key)

    @strawberry.field(description="The bodies that drafted the proposal with the originator; any of them may move it.")
    async def co_originators(self, info: ContextInfo) -> list[Body]:
        return await bodies(info, self.co_originator_keys)

    @strawberry.field(description="The organisations the case concerns.")
    async def concerns(self, info: ContextInfo) -> list[Organisation]:
        return await organisations(info, self.concern_keys)

    @strawberry.field(description="The bodies the hearing goes to, derived by the rules; each must answer before the case moves on.")
    async def hearing_recipients(self, info: ContextInfo) -> list[Body]:
        return await bodies(info, self.recipient_keys)

    @strawberry.field(description="The housing organisations an ADOPTED case binds: those whose board approved it.")
    async def adopted_for(self, info: ContextInfo) -> list[Organisation]:
        return await organisations(info, self.adopted_for_keys)
