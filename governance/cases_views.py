"""What a case looks like to its readers: the views the case services hand out.

Everything a view says beyond the stored records (who may move the case where, what
stands in the way, whom the hearing goes to, which approvals it needs, which organisations
an adopted case binds) is read from what ``rules/cases.lp`` derives (``CASE_DERIVED``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from governance.engine import Violation
from governance.engine.messages import render
from governance.engine.ruleset import RuleSet
from governance.engine.solve import Finding, Value
from governance.model import CaseStage, CaseTrack
from governance.register import CaseRow, Register


@dataclass(frozen=True)
class ApprovalView:
    approver: str  # body key
    status: str  # PENDING | APPROVED | REFUSED
    rule: str  # the rule that requires it
    explainer: Callable[[str], str] | None = field(default=None, compare=False, hash=False, repr=False)

    def explanation(self, lang: str = "da") -> str:
        """Why this body must approve the case: a heading, the rule, then one "⟵ label: fact" line per reason."""
        return self.explainer(lang) if self.explainer else self.rule


@dataclass(frozen=True)
class TransitionView:
    to: str  # a CaseStage name
    by: tuple[str, ...]  # the bodies that may move the case there


@dataclass(frozen=True)
class BlockedView:
    to: str  # a CaseStage name
    by: tuple[str, ...]  # the bodies the flow names for it
    reasons: tuple[Violation, ...]  # what stands in the way


@dataclass(frozen=True)
class HistoryView:
    stage: str
    by: str
    on: date


@dataclass(frozen=True)
class HearingAnswerView:
    recipient: str
    text: str
    on: date


@dataclass(frozen=True)
class CaseView:
    key: str
    title: str
    stage: str
    track: str  # a CaseTrack name
    originator: str
    co_originators: tuple[str, ...]
    concerns: tuple[str, ...]
    hearing_recipients: tuple[str, ...]
    required_approvals: tuple[ApprovalView, ...]
    allowed_transitions: tuple[TransitionView, ...]
    blocked_transitions: tuple[BlockedView, ...]
    adopted_for: tuple[str, ...]
    history: tuple[HistoryView, ...]
    hearing_answers: tuple[HearingAnswerView, ...]
    rule_set_version: str
    warnings: tuple[Violation, ...] = ()  # what the step just taken brought, allowed but flagged


# What the services read out of the rules for a view: predicate -> arity.
CASE_DERIVED = {
    "case_concerned": 2, "hearing_recipient": 2, "may_move": 3, "blocked_transition": 2, "blocked_mover": 3,
    "blocked_reason": 6, "required_approval": 4, "adopted_for": 2, "case_involves": 2, "approval_because": 4, "param": 2,
}
_STAGE_ORDER = {stage.value: index for index, stage in enumerate(CaseStage)}


class Derived:
    """The rules' answer about a register's cases, grouped by case."""

    def __init__(self, atoms: dict[str, list[tuple[Value, ...]]]) -> None:
        self.params = {str(name): value for name, value in atoms["param"]}
        self.involves = {(str(c), str(b)) for c, b in atoms["case_involves"]}
        self.concerned = _by_case(atoms["case_concerned"])
        self.recipients = _by_case(atoms["hearing_recipient"])
        self.adopted_for = _by_case(atoms["adopted_for"])
        self.movers: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for case, stage, mover in atoms["may_move"]:
            self.movers[str(case)][str(stage)].append(str(mover))
        self.blocked: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for case, stage in atoms["blocked_transition"]:
            self.blocked[str(case)].setdefault(str(stage), [])
        for case, stage, mover in atoms["blocked_mover"]:
            self.blocked[str(case)][str(stage)].append(str(mover))
        self.reasons: dict[tuple[str, str], list[Finding]] = defaultdict(list)
        for case, stage, rule, body, severity, args in atoms["blocked_reason"]:
            found = Finding(str(rule), str(body), str(severity), args if isinstance(args, tuple) else (args,))
            self.reasons[str(case), str(stage)].append(found)
        self.approvals = atoms["required_approval"]
        self.approval_reasons: dict[tuple[str, str], list[tuple[Value, Value]]] = defaultdict(list)
        for case, approver, label, fact in atoms["approval_because"]:
            self.approval_reasons[str(case), str(approver)].append((label, fact))


def _by_case(atoms: list[tuple[Value, ...]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for case, key in atoms:
        grouped[str(case)].append(str(key))
    return grouped


def case_view(
    row: CaseRow, derived: Derived, approvals: list[ApprovalView], register: Register, rule_set: RuleSet,
) -> CaseView:
    """One case as the rules see it."""
    key = row.key
    transitions = tuple(
        TransitionView(CaseStage(stage).name, tuple(sorted(bodies)))
        for stage, bodies in sorted(derived.movers[key].items(), key=lambda item: _STAGE_ORDER[item[0]])
    )
    blocked = tuple(
        BlockedView(
            CaseStage(stage).name, tuple(sorted(set(bodies))),
            tuple(render(f, rule_set, register, derived.params) for f in sorted(derived.reasons[key, stage], key=repr)),
        )
        for stage, bodies in sorted(derived.blocked[key].items(), key=lambda item: _STAGE_ORDER[item[0]])
    )
    return CaseView(
        key=key,
        title=row.title,
        stage=CaseStage(row.stage).name,
        track=CaseTrack(row.track).name,
        originator=row.originator,
        co_originators=row.co_originators,
        concerns=tuple(sorted(derived.concerned[key])),
        hearing_recipients=tuple(sorted(derived.recipients[key])),
        required_approvals=tuple(sorted(approvals, key=lambda a: a.approver)),
        allowed_transitions=transitions,
        blocked_transitions=blocked,
        adopted_for=tuple(sorted(derived.adopted_for[key])),
        history=tuple(HistoryView(CaseStage(s.stage).name, s.by, s.on) for s in row.history),
        hearing_answers=tuple(HearingAnswerView(a.recipient, a.text, a.on) for a in row.answers),
        rule_set_version=rule_set.version,
    )
