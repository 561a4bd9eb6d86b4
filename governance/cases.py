"""Cases: open them, move them on, hear and approve them, with the rules as referee.

Each action lays one fact for the proposed step over the case as it stands
(``rules/cases.lp``); the rules report what the step would break and derive the stage
that follows. The service writes only when no ERROR is introduced, and every attempt,
allowed or refused, leaves an audit entry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from governance import store
from governance.changes import _enum_name
from governance.engine import Violation, evaluate
from governance.engine.explain import explainer
from governance.engine.facts import register_facts
from governance.engine.solve import Finding, Value, solve_atoms
from governance.errors import InputError, unknown
from governance.model import (
    ApprovalDecision,
    Body,
    Case,
    CaseApproval,
    CaseConcern,
    CaseStage,
    CaseStep,
    HearingAnswer,
    Organisation,
    Platform,
)
from governance.register import CaseProposal, CaseRow, CaseStepRow, Register
from governance.services import Governance, Rejected


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
    originator: str
    concerns: tuple[str, ...]
    required_approvals: tuple[ApprovalView, ...]
    allowed_transitions: tuple[TransitionView, ...]
    history: tuple[HistoryView, ...]
    hearing_answers: tuple[HearingAnswerView, ...]
    rule_set_version: str


# What the service reads out of the rules for a view: predicate -> arity.
_DERIVED = {"case_concerned": 2, "may_move": 3, "required_approval": 4, "case_involves": 2, "approval_because": 4, "param": 2}
_APPROVAL_HEADING = {"da": "{approver} skal godkende sagen »{title}«.", "en": "{approver} must approve the case \"{title}\"."}
_STAGE_ORDER = {stage.value: index for index, stage in enumerate(CaseStage)}


@dataclass(frozen=True)
class _Proposal:
    """A proposed step: the register before it, and the register with the step laid over it."""

    case: str
    originator: str
    before: Register
    after: Register
    bodies: frozenset[str]


class Cases:
    """The case services over one ``Governance``."""

    def __init__(self, governance: Governance) -> None:
        self.governance = governance

    # -- questions -------------------------------------------------------------------

    def get(self, key: str, as_of: date) -> CaseView:
        with self.governance.database.unit_of_work() as session:
            register = store.load_register(session, [_platform_of_case(session, key)])
        return self._views(register, as_of)[key]

    def list(self, stage: str | None = None, body: str | None = None) -> list[CaseView]:
        """Every case as of today, optionally only those at a stage and those a body is involved in, by key."""
        wanted = _enum_name(stage, CaseStage, "stage") if stage is not None else None
        with self.governance.database.unit_of_work() as session:
            if body is not None and _body_id(session, body) is None:
                raise unknown("enhed", "body", body)
            registers = [store.load_register(session, [key]) for key in store.platform_keys(session)]
        views = [view for register in registers for view in self._views(register, date.today(), body).values()]
        return sorted((v for v in views if wanted is None or v.stage == wanted), key=lambda v: v.key)

    # -- actions ---------------------------------------------------------------------

    def open(self, key: str, title: str, originator: str, concerns: list[str], actor: str, on: date) -> CaseView | Rejected:
        request = {"key": key, "title": title, "originator": originator, "concerns": list(concerns), "on": on.isoformat()}
        named = tuple(sorted(set(concerns)))

        def propose(session: Session) -> _Proposal:
            if not key.strip() or not title.strip():
                raise InputError("EMPTY", "Nøgle og titel må ikke være tomme.", "Key and title must not be empty.", key)
            platforms = store.platforms_of_bodies(session, [originator])
            if originator not in platforms:
                raise unknown("enhed", "body", originator)
            for org in named:
                if session.scalar(select(Organisation.id).where(Organisation.key == org)) is None:
                    raise unknown("organisation", "organisation", org)
            before = _load_locked(session, platforms[originator])
            if session.scalar(select(Case.id).where(Case.key == key)) is not None:
                raise InputError("DUPLICATE_KEY", f"Sagen '{key}' findes allerede.", f"The case '{key}' already exists.", key)
            after = before.copy()
            draft = CaseStage.DRAFT.value
            after.cases[key] = CaseRow(key, title, platforms[originator], originator, draft, named, (CaseStepRow(draft, originator, on),))
            after.proposals = (CaseProposal("open", key),)
            return _Proposal(key, originator, before, after, frozenset({originator}))

        def write(session: Session, stage: str) -> None:
            platform_id = session.scalar(select(Body.platform_id).where(Body.key == originator))
            case = Case(key=key, title=title, platform_id=platform_id, originator_id=_body_id(session, originator), stage=CaseStage(stage))
            session.add(case)
            session.flush()
            org_ids = session.scalars(select(Organisation.id).where(Organisation.key.in_(named))).all()
            session.add_all(CaseConcern(case_id=case.id, organisation_id=org_id) for org_id in org_ids)
            session.add(CaseStep(case_id=case.id, stage=CaseStage(stage), by_id=case.originator_id, taken_on=on))

        return self._attempt("openCase", request, key, actor, on, propose, write)

    def advance(self, key: str, to: str, by: str, actor: str, on: date) -> CaseView | Rejected:
        request = {"case": key, "to": to, "by": by, "on": on.isoformat()}

        def propose(session: Session) -> _Proposal:
            stage = CaseStage[_enum_name(to, CaseStage, "to")].value
            return self._proposal(session, CaseProposal("move", key, by, stage=stage))

        def write(session: Session, stage: str) -> None:
            _move(session, key, stage, by, on)

        return self._attempt("advanceCase", request, key, actor, on, propose, write)

    def record_approval(self, key: str, approver: str, decision: str, actor: str, on: date) -> CaseView | Rejected:
        request = {"case": key, "approver": approver, "decision": decision, "on": on.isoformat()}

        def propose(session: Session) -> _Proposal:
            value = ApprovalDecision[_enum_name(decision, ApprovalDecision, "decision")].value
            return self._proposal(session, CaseProposal("approval", key, approver, decision=value))

        def write(session: Session, stage: str) -> None:
            case = session.scalar(select(Case).where(Case.key == key))
            session.add(CaseApproval(case_id=case.id, approver_id=_body_id(session, approver), decision=ApprovalDecision[decision], decided_on=on))
            if case.stage.value != stage:
                _move(session, key, stage, approver, on)

        return self._attempt("recordApproval", request, key, actor, on, propose, write)

    def record_hearing_answer(self, key: str, recipient: str, text: str, actor: str, on: date) -> CaseView | Rejected:
        request = {"case": key, "recipient": recipient, "text": text, "on": on.isoformat()}

        def propose(session: Session) -> _Proposal:
            if not text.strip():
                raise InputError("EMPTY", "Et høringssvar skal have en tekst.", "A hearing answer must have a text.", recipient)
            return self._proposal(session, CaseProposal("answer", key, recipient))

        def write(session: Session, stage: str) -> None:
            case_id = session.scalar(select(Case.id).where(Case.key == key))
            session.add(HearingAnswer(case_id=case_id, recipient_id=_body_id(session, recipient), text=text, answered_on=on))

        return self._attempt("recordHearingAnswer", request, key, actor, on, propose, write)

    # -- the machinery -----------------------------------------------------------------

    def _proposal(self, session: Session, step: CaseProposal) -> _Proposal:
        """A step on a stored case by an existing body, laid over the case as it stands."""
        platform = _platform_of_case(session, step.case)
        if _body_id(session, step.body or "") is None:
            raise unknown("enhed", "body", step.body or "")
        before = _load_locked(session, platform)
        after = before.copy()
        after.proposals = (step,)
        originator = before.cases[step.case].originator
        return _Proposal(step.case, originator, before, after, frozenset({originator, step.body}))

    def _attempt(
        self, action: str, request: dict[str, Any], key: str, actor: str, on: date,
        propose: Callable[[Session], _Proposal], write: Callable[[Session, str], None],
    ) -> CaseView | Rejected:
        """Judge the proposed step inside the write transaction; write it only when allowed."""
        try:
            with self.governance.database.unit_of_work(write=True) as session:
                proposal = propose(session)
                violations, stage = self._judge(proposal, on)
                allowed = stage is not None
                if stage is not None:
                    write(session, stage)
                entry = self.governance._record(
                    session, actor, action, request, proposal.bodies, allowed, violations, None,
                    version=self.governance.rule_set_on(on).version,
                )
        except InputError as error:
            self.governance.record_refusal(actor, action, request, error, None)
            raise
        if not allowed:
            return Rejected(violations, entry.id)
        return self.get(key, on)

    def _judge(self, proposal: _Proposal, on: date) -> tuple[list[Violation], str | None]:
        """The violations about the case once the step is taken (``introduced`` when new), and the stage it leads to.

        The stage is ``None`` when an error is introduced: the step is refused and nothing is recorded.
        """
        rule_set = self.governance.rule_set_on(on)
        touched = [proposal.originator]
        resulting = [v for v in evaluate(rule_set, proposal.after, on, touched) if proposal.case in v.subjects]
        current = {v.identity for v in evaluate(rule_set, proposal.before, on, touched)} if resulting else set()
        violations = [replace(v, introduced=v.identity not in current) for v in resulting]
        if any(v.introduced and v.severity == "ERROR" for v in violations):
            return violations, None
        facts = register_facts(proposal.after, on, touched)
        stages = {str(case): str(stage) for case, stage in solve_atoms(rule_set, facts, {"next_stage": 2})["next_stage"]}
        return violations, stages[proposal.case]

    def _derived(self, register: Register, as_of: date) -> dict[str, list[tuple[Value, ...]]]:
        return solve_atoms(self.governance.rule_set_on(as_of), register_facts(register, as_of, ()), _DERIVED)

    def _views(self, register: Register, as_of: date, body: str | None = None) -> dict[str, CaseView]:
        """The register's cases as of a date; with ``body``, only the cases the rules say involve it."""
        derived = self._derived(register, as_of)
        keys = set(register.cases) if body is None else {str(c) for c, b in derived["case_involves"] if b == body}
        concerned: dict[str, list[str]] = defaultdict(list)
        for case, org in derived["case_concerned"]:
            concerned[str(case)].append(str(org))
        movers: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for case, stage, mover in derived["may_move"]:
            movers[str(case)][str(stage)].append(str(mover))
        reasons: dict[tuple[str, str], list[tuple[Value, Value]]] = defaultdict(list)
        for case, approver, label, fact in derived["approval_because"]:
            reasons[str(case), str(approver)].append((label, fact))
        params = {str(name): value for name, value in derived["param"]}
        approvals: dict[str, list[ApprovalView]] = defaultdict(list)
        for case, approver, status, rule in derived["required_approval"]:
            why = self._approval_explainer(register, str(case), str(approver), str(rule), reasons[str(case), str(approver)], params, as_of)
            approvals[str(case)].append(ApprovalView(str(approver), str(status).upper(), str(rule), why))
        version = self.governance.rule_set_on(as_of).version
        return {
            key: _view(row, concerned[key], movers[key], approvals[key], version)
            for key, row in register.cases.items() if key in keys
        }

    def _approval_explainer(
        self, register: Register, case: str, approver: str, rule: str, reasons: list[tuple[Value, Value]], params: dict[str, Value],
        as_of: date,
    ) -> Callable[[str], str]:
        """Words why ``approver`` must approve ``case``, from the rules' ``approval_because/4``, when asked."""
        rule_set = self.governance.rule_set_on(as_of)
        title, name = register.cases[case].title, register.name_of(approver) or approver
        headings = {lang: text.format(approver=name, title=title) for lang, text in _APPROVAL_HEADING.items()}
        finding = Finding(rule, register.cases[case].originator, "info", (case, approver), tuple(sorted(set(reasons), key=repr)))
        return explainer(finding, rule_set.rules.get(rule), headings, register, rule_set, params)


def _view(row: CaseRow, concerned: Iterable[str], movers: dict[str, list[str]], approvals: Iterable[ApprovalView], version: str) -> CaseView:
    transitions = tuple(
        TransitionView(CaseStage(stage).name, tuple(sorted(bodies)))
        for stage, bodies in sorted(movers.items(), key=lambda item: _STAGE_ORDER[item[0]])
    )
    return CaseView(
        key=row.key,
        title=row.title,
        stage=CaseStage(row.stage).name,
        originator=row.originator,
        concerns=tuple(sorted(concerned)),
        required_approvals=tuple(sorted(approvals, key=lambda a: a.approver)),
        allowed_transitions=transitions,
        history=tuple(HistoryView(CaseStage(s.stage).name, s.by, s.on) for s in row.history),
        hearing_answers=tuple(HearingAnswerView(a.recipient, a.text, a.on) for a in row.answers),
        rule_set_version=version,
    )


def _platform_of_case(session: Session, key: str) -> str:
    platform = session.scalar(select(Platform.key).join(Case, Case.platform_id == Platform.id).where(Case.key == key))
    if platform is None:
        raise unknown("sag", "case", key)
    return platform


def _body_id(session: Session, key: str) -> int | None:
    return session.scalar(select(Body.id).where(Body.key == key))


def _load_locked(session: Session, platform: str) -> Register:
    """The platform's register, read under its write lock."""
    store.lock_platforms(session, [platform])
    return store.load_register(session, [platform])


def _move(session: Session, key: str, stage: str, by: str, on: date) -> None:
    """Record the stage the rules derived, and the step that took the case there."""
    case = session.scalar(select(Case).where(Case.key == key))
    case.stage = CaseStage(stage)
    session.add(CaseStep(case_id=case.id, stage=case.stage, by_id=_body_id(session, by), taken_on=on))
