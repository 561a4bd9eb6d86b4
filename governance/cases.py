"""Cases: open them, move them on, hear and approve them, with the rules as referee.

Each action lays one fact for the proposed step over the case as it stands
(``rules/cases.lp``); the rules report what the step would break and derive the stage
that follows. The service writes only when no ERROR is introduced, and every attempt,
allowed or refused, leaves an audit entry.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from governance import store
from governance.cases_views import CASE_DERIVED, ApprovalView, CaseView, Derived, case_view
from governance.engine import Evaluation, Violation, evaluate
from governance.engine.explain import capital, explainer
from governance.engine.facts import register_facts
from governance.engine.solve import Finding, Value, solve_atoms
from governance.engine.wording import definite_body
from governance.enums import Severity
from governance.errors import DuplicateKey, Empty, InputError, UnknownKey
from governance.keys import new_key
from governance.model import (
    ApprovalDecision,
    Body,
    Case,
    CaseApproval,
    CaseConcern,
    CaseCoOriginator,
    CaseStage,
    CaseStep,
    CaseTrack,
    HearingAnswer,
    Organisation,
    Platform,
)
from governance.register import CaseProposal, CaseRow, CaseStepRow, Register
from governance.services import Governance, Rejected
from governance.values import enum_name

_APPROVAL_HEADING = {"da": "{approver} skal godkende sagen »{title}«.", "en": "{approver} must approve the case \"{title}\"."}


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
        wanted = enum_name(stage, CaseStage, "stage") if stage is not None else None
        with self.governance.database.unit_of_work() as session:
            if body is not None and _body_id(session, body) is None:
                raise UnknownKey("body", body)
            registers = [store.load_register(session, [key]) for key in store.platform_versions(session)]
        views = [view for register in registers for view in self._views(register, date.today(), body).values()]
        return sorted((v for v in views if wanted is None or v.stage == wanted), key=lambda v: v.key)

    # -- actions ---------------------------------------------------------------------

    def open(
        self, key: str, title: str, originator: str, concerns: builtins.list[str], actor: str, on: date,
        track: str = "POLITICAL", co_originators: builtins.list[str] | tuple[str, ...] = (),
    ) -> CaseView | Rejected:
        request = {
            "key": key, "title": title, "originator": originator, "concerns": list(concerns), "on": on.isoformat(),
            "track": track, "coOriginators": list(co_originators),
        }
        named = tuple(sorted(set(concerns)))
        partners = tuple(sorted(set(co_originators) - {originator}))

        def propose(session: Session) -> _Proposal:
            if not key.strip() or not title.strip():
                raise Empty("key_and_title", key)
            new_key(key)
            case_track = CaseTrack[enum_name(track, CaseTrack, "track")]
            platforms = store.platforms_of_bodies(session, [originator, *partners])
            for body in (originator, *partners):
                if body not in platforms:
                    raise UnknownKey("body", body)
            for org in named:
                if session.scalar(select(Organisation.id).where(Organisation.key == org)) is None:
                    raise UnknownKey("organisation", org)
            before = _load_locked(session, platforms[originator])
            if session.scalar(select(Case.id).where(Case.key == key)) is not None:
                raise DuplicateKey("case", key)
            after = before.copy()
            draft = CaseStage.DRAFT
            after.cases[key] = CaseRow(
                key, title, platforms[originator], originator, draft, named, (CaseStepRow(draft, originator, on),),
                track=case_track, co_originators=partners,
            )
            after.proposals = (CaseProposal("open", key),)
            return _Proposal(key, originator, before, after, frozenset({originator, *partners}))

        def write(session: Session, stage: str) -> None:
            platform_id = session.scalar(select(Body.platform_id).where(Body.key == originator))
            case = Case(
                key=key, title=title, platform_id=platform_id, originator_id=_body_id(session, originator),
                stage=CaseStage(stage), track=CaseTrack[enum_name(track, CaseTrack, "track")],
            )
            session.add(case)
            session.flush()
            org_ids = session.scalars(select(Organisation.id).where(Organisation.key.in_(named))).all()
            session.add_all(CaseConcern(case_id=case.id, organisation_id=org_id) for org_id in org_ids)
            session.add_all(CaseCoOriginator(case_id=case.id, body_id=_body_id(session, body)) for body in partners)
            session.add(CaseStep(case_id=case.id, stage=CaseStage(stage), by_id=case.originator_id, taken_on=on))

        return self._attempt("openCase", request, key, actor, on, propose, write)

    def advance(self, key: str, to: str, by: str, actor: str, on: date) -> CaseView | Rejected:
        request = {"case": key, "to": to, "by": by, "on": on.isoformat()}

        def propose(session: Session) -> _Proposal:
            stage = CaseStage[enum_name(to, CaseStage, "to")]
            return self._proposal(session, CaseProposal("move", key, by, stage=stage))

        def write(session: Session, stage: str) -> None:
            _move(session, key, stage, by, on)

        return self._attempt("advanceCase", request, key, actor, on, propose, write)

    def record_approval(self, key: str, approver: str, decision: str, actor: str, on: date) -> CaseView | Rejected:
        request = {"case": key, "approver": approver, "decision": decision, "on": on.isoformat()}

        def propose(session: Session) -> _Proposal:
            value = ApprovalDecision[enum_name(decision, ApprovalDecision, "decision")]
            return self._proposal(session, CaseProposal("approval", key, approver, decision=value))

        def write(session: Session, stage: str) -> None:
            case = session.scalars(select(Case).where(Case.key == key)).one()
            session.add(CaseApproval(case_id=case.id, approver_id=_body_id(session, approver), decision=ApprovalDecision[decision], decided_on=on))
            if case.stage.value != stage:
                _move(session, key, stage, approver, on)

        return self._attempt("recordApproval", request, key, actor, on, propose, write)

    def record_hearing_answer(self, key: str, recipient: str, text: str, actor: str, on: date) -> CaseView | Rejected:
        request = {"case": key, "recipient": recipient, "text": text, "on": on.isoformat()}

        def propose(session: Session) -> _Proposal:
            if not text.strip():
                raise Empty("hearing_answer", recipient)
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
            raise UnknownKey("body", step.body or "")
        before = _load_locked(session, platform)
        after = before.copy()
        after.proposals = (step,)
        originator = before.cases[step.case].originator
        return _Proposal(step.case, originator, before, after, frozenset({originator} | ({step.body} if step.body else set())))

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
                entry = self.governance.record_entry(
                    session, actor, action, request, proposal.bodies, allowed, violations, None,
                    version=self.governance.rule_set_on(on).version,
                )
        except InputError as error:
            self.governance.record_refusal(actor, action, request, error, None)
            raise
        if not allowed:
            return Rejected(violations, entry.id)
        warnings = tuple(v for v in violations if v.introduced and v.severity is Severity.WARNING)
        return self.allowed_answer(key, on, warnings)

    def allowed_answer(self, key: str, on: date, warnings: tuple[Violation, ...]) -> CaseView:
        """What an allowed step answers: the case as it now stands, with the warnings the step brought."""
        return replace(self.get(key, on), warnings=warnings)

    def _judge(self, proposal: _Proposal, on: date) -> tuple[builtins.list[Violation], str | None]:
        """The violations about the case once the step is taken (``introduced`` when new), and the stage it leads to.

        The stage is ``None`` when an error is introduced: the step is refused and nothing is recorded.
        """
        rule_set = self.governance.rule_set_on(on)
        touched = [proposal.originator]
        evaluation = Evaluation(rule_set, proposal.after, on, touched)
        resulting = [v for v in evaluation.violations() if proposal.case in v.subjects]
        current = {v.identity for v in evaluate(rule_set, proposal.before, on, touched)} if resulting else set()
        violations = [replace(v, introduced=v.identity not in current) for v in resulting]
        if any(v.introduced for v in violations):  # a refusal or a warning explains itself, on the grounding that found it
            violations = evaluation.explain(violations)
        if any(v.introduced and v.severity.blocks for v in violations):
            return violations, None
        facts = register_facts(proposal.after, on, touched)
        stages = {str(case): str(stage) for case, stage in solve_atoms(rule_set, facts, {"next_stage": 2})["next_stage"]}
        return violations, stages[proposal.case]

    def _views(self, register: Register, as_of: date, body: str | None = None) -> dict[str, CaseView]:
        """The register's cases as of a date; with ``body``, only the cases the rules say involve it."""
        rule_set = self.governance.rule_set_on(as_of)
        derived = Derived(solve_atoms(rule_set, register_facts(register, as_of, ()), CASE_DERIVED))
        keys = set(register.cases) if body is None else {c for c, b in derived.involves if b == body}
        approvals: dict[str, builtins.list[ApprovalView]] = {key: [] for key in keys}
        for case, approver, status, rule in derived.approvals:
            if str(case) in approvals:
                reasons = derived.approval_reasons[str(case), str(approver)]
                why = self._approval_explainer(register, str(case), str(approver), str(rule), reasons, derived.params, as_of)
                approvals[str(case)].append(ApprovalView(str(approver), str(status).upper(), str(rule), why))
        return {key: case_view(row, derived, approvals[key], register, rule_set) for key, row in register.cases.items() if key in keys}

    def _approval_explainer(
        self, register: Register, case: str, approver: str, rule: str, reasons: builtins.list[tuple[Value, Value]], params: dict[str, Value],
        as_of: date,
    ) -> Callable[[str], str]:
        """Words why ``approver`` must approve ``case``, from the rules' ``approval_because/4``, when asked."""
        rule_set = self.governance.rule_set_on(as_of)
        title, body = register.cases[case].title, register.bodies.get(approver)

        def name(lang: str) -> str:  # the approver as the sentence names it: "Organisationsbestyrelsen i ØsterBO"
            return capital(definite_body(rule_set, body.name, body.kind, lang)) if body else register.name_of(approver) or approver

        headings = {lang: text.format(approver=name(lang), title=title) for lang, text in _APPROVAL_HEADING.items()}
        finding = Finding(rule, register.cases[case].originator, "info", (case, approver), tuple(sorted(set(reasons), key=repr)))
        return explainer(finding, rule_set.rules.get(rule), headings, register, rule_set, params)


def _platform_of_case(session: Session, key: str) -> str:
    platform = session.scalar(select(Platform.key).join(Case, Case.platform_id == Platform.id).where(Case.key == key))
    if platform is None:
        raise UnknownKey("case", key)
    return platform


def _body_id(session: Session, key: str) -> int | None:
    return session.scalar(select(Body.id).where(Body.key == key))


def _load_locked(session: Session, platform: str) -> Register:
    """The platform's register, read under its write lock."""
    store.lock_platforms(session, [platform])
    return store.load_register(session, [platform])


def _move(session: Session, key: str, stage: str, by: str, on: date) -> None:
    """Record the stage the rules derived, and the step that took the case there."""
    case = session.scalars(select(Case).where(Case.key == key)).one()
    case.stage = CaseStage(stage)
    session.add(CaseStep(case_id=case.id, stage=case.stage, by_id=_body_id(session, by), taken_on=on))
