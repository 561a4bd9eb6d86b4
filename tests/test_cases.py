"""Cases through the services: the flow of rules/cases.lp, refusals that change nothing, the worked cases."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, update

from governance import store
from governance.cases import Cases, CaseView
from governance.cases_seed import CASES_DEMO_FILE
from governance.changes import CreateBody, DissolveBody
from governance.errors import InputError
from governance.model import AuditEntry, Body, BodyStatus, Case, CaseStage
from governance.seed import read_yaml
from governance.services import Governance, Rejected

ON = date(2026, 6, 1)
BOARDS = ["board-aab", "board-grejsdalen", "board-jelling-boligselskab", "board-domea", "board-lejerbo", "board-oesterbo"]


@pytest.fixture
def cases(demo: Governance) -> Cases:
    return Cases(demo)


def _ok(result: CaseView | Rejected) -> CaseView:
    assert isinstance(result, CaseView), [v.message("en") for v in result.violations]
    return result


def _refused(result: CaseView | Rejected, rule: str, variant: str | None = None) -> Rejected:
    """A refusal whose introduced errors include ``rule`` (with that variant, when given)."""
    assert isinstance(result, Rejected), f"expected {rule} to refuse, but the case moved to {result.stage}"
    errors = [v for v in result.violations if v.introduced and v.severity == "ERROR"]
    assert any(v.rule == rule and (variant is None or v.args[0] == variant) for v in errors), [(v.rule, v.args) for v in errors]
    assert result.audit_id is not None
    return result


def _walk(cases: Cases, key: str, to: str, concerns: list[str] | None = None) -> CaseView:
    """A case by the legal theme group concerning AAB (hearing: the Byråd and AAB's board), taken to ``to``."""
    view = _ok(cases.open(key, f"Sag {key}", "theme-legal", ["aab"] if concerns is None else concerns, "test", ON))
    steps = [("HEARING", "theme-legal"), ("CONSOLIDATION", "theme-legal"), ("STATEMENT", "theme-legal"),
             ("DECISION", "secretariat"), ("APPROVAL", "policy-group")]
    for stage, by in steps:
        if view.stage == to:
            break
        if stage == "CONSOLIDATION":
            for recipient in sorted({a.approver for a in view.required_approvals}):
                _ok(cases.record_hearing_answer(key, recipient, "Ingen bemærkninger.", "test", ON))
        view = _ok(cases.advance(key, stage, by, "test", ON))
    assert view.stage == to
    return view


def _state(governance: Governance) -> tuple[dict, int]:
    """Every case as stored, and the number of audit entries."""
    with governance.database.unit_of_work() as session:
        register = store.load_register(session)
        return register.cases, session.scalar(select(func.count()).select_from(AuditEntry))


def _unchanged_but_audited(governance: Governance, before: tuple[dict, int], refusals: int = 1) -> None:
    """Reload: the cases are as they were, and each refusal left its audit entry."""
    cases, entries = _state(governance)
    assert cases == before[0]
    assert entries == before[1] + refusals


# -- the whole flow -----------------------------------------------------------------------


def test_a_case_walks_from_draft_to_adopted(cases: Cases) -> None:
    view = _walk(cases, "sag-1", "APPROVAL")
    assert {(a.approver, a.status, a.rule) for a in view.required_approvals} == {
        ("byraad", "PENDING", "policy-group.advisory"), ("board-aab", "PENDING", "policy-group.advisory"),
    }
    view = _ok(cases.record_approval("sag-1", "byraad", "APPROVED", "test", ON))
    assert view.stage == "APPROVAL"
    view = _ok(cases.record_approval("sag-1", "board-aab", "APPROVED", "test", ON + timedelta(days=1)))
    assert view.stage == "ADOPTED"
    assert [h.stage for h in view.history] == ["DRAFT", "HEARING", "CONSOLIDATION", "STATEMENT", "DECISION", "APPROVAL", "ADOPTED"]
    assert [h.by for h in view.history] == ["theme-legal"] * 4 + ["secretariat", "policy-group", "board-aab"]
    assert view.history[-1].on == ON + timedelta(days=1)
    assert {a.status for a in view.required_approvals} == {"APPROVED"}
    assert view.allowed_transitions == ()
    assert {a.recipient for a in view.hearing_answers} == {"byraad", "board-aab"}
    assert cases.get("sag-1", ON) == view


def test_a_board_refusal_binds_only_its_own_organisation(cases: Cases) -> None:
    _walk(cases, "sag-1", "APPROVAL", concerns=[])
    _ok(cases.record_approval("sag-1", "byraad", "APPROVED", "test", ON))
    view = _ok(cases.record_approval("sag-1", "board-domea", "REFUSED", "test", ON))
    assert view.stage == "APPROVAL" and view.adopted_for == ()
    for board in BOARDS:
        if board != "board-domea":
            view = _ok(cases.record_approval("sag-1", board, "REFUSED" if board == "board-lejerbo" else "APPROVED", "test", ON))
    assert view.stage == "ADOPTED" and view.history[-1].by == "board-oesterbo"
    assert view.adopted_for == ("aab", "grejsdalen", "jelling-boligselskab", "oesterbo")
    statuses = {a.approver: a.status for a in view.required_approvals}
    assert statuses["board-domea"] == statuses["board-lejerbo"] == "REFUSED" and statuses["byraad"] == "APPROVED"
    assert view.allowed_transitions == () and view.blocked_transitions == ()


def test_the_byraad_refusal_rejects_the_case_at_once(cases: Cases) -> None:
    _walk(cases, "sag-1", "APPROVAL", concerns=[])
    _ok(cases.record_approval("sag-1", "board-aab", "APPROVED", "test", ON))
    view = _ok(cases.record_approval("sag-1", "byraad", "REFUSED", "test", ON))
    assert view.stage == "REJECTED" and view.history[-1].by == "byraad" and view.adopted_for == ()
    assert view.allowed_transitions == ()
    _refused(cases.record_approval("sag-1", "board-domea", "APPROVED", "test", ON), "case.approval", "stage")


def test_every_board_refusing_rejects_the_case(cases: Cases) -> None:
    _walk(cases, "sag-1", "APPROVAL", concerns=["aab", "oesterbo"])
    _ok(cases.record_approval("sag-1", "board-aab", "REFUSED", "test", ON))
    assert _ok(cases.record_approval("sag-1", "byraad", "APPROVED", "test", ON)).stage == "APPROVAL"
    view = _ok(cases.record_approval("sag-1", "board-oesterbo", "REFUSED", "test", ON))
    assert view.stage == "REJECTED" and view.adopted_for == ()


def test_the_policy_group_may_reject_at_decision(cases: Cases) -> None:
    view = _walk(cases, "sag-1", "DECISION")
    assert {(t.to, t.by) for t in view.allowed_transitions} == {
        ("APPROVAL", ("policy-group",)), ("REJECTED", ("policy-group",)), ("WITHDRAWN", ("theme-legal",)),
    }
    view = _ok(cases.advance("sag-1", "REJECTED", "policy-group", "test", ON))
    assert view.stage == "REJECTED" and view.allowed_transitions == ()


# -- case.flow ------------------------------------------------------------------------------


def test_a_case_cannot_skip_or_go_back_a_stage(cases: Cases, demo: Governance) -> None:
    _walk(cases, "sag-1", "HEARING")
    before = _state(demo)
    rejected = _refused(cases.advance("sag-1", "STATEMENT", "theme-legal", "test", ON), "case.flow", "order")
    assert "sag-1" in rejected.violations[0].subjects
    assert "Sag sag-1" in rejected.violations[0].message("da") and "redegørelse" in rejected.violations[0].message("da")
    _unchanged_but_audited(demo, before)
    _refused(cases.advance("sag-1", "DRAFT", "theme-legal", "test", ON), "case.flow", "order")


def test_a_closed_case_moves_no_more(cases: Cases) -> None:
    _walk(cases, "sag-1", "DECISION")
    _ok(cases.advance("sag-1", "REJECTED", "policy-group", "test", ON))
    _refused(cases.advance("sag-1", "APPROVAL", "policy-group", "test", ON), "case.flow", "ended")
    _refused(cases.advance("sag-1", "WITHDRAWN", "theme-legal", "test", ON), "case.flow", "ended")


def test_only_the_originator_sends_a_case_to_hearing(cases: Cases, demo: Governance) -> None:
    view = _ok(cases.open("sag-1", "Sag", "theme-legal", ["aab"], "test", ON))
    assert [(t.to, t.by) for t in view.allowed_transitions] == [("HEARING", ("theme-legal",)), ("WITHDRAWN", ("theme-legal",))]
    before = _state(demo)
    for body in ("secretariat", "policy-group", "byraad", "theme-social"):
        rejected = _refused(cases.advance("sag-1", "HEARING", body, "test", ON), "case.flow", "mover")
        assert body in rejected.violations[0].subjects
    assert _state(demo)[0] == before[0]
    assert _ok(cases.advance("sag-1", "HEARING", "theme-legal", "test", ON)).stage == "HEARING"


@pytest.mark.parametrize("stage", ["DRAFT", "STATEMENT", "DECISION", "APPROVAL"])
def test_allowed_transitions_are_exactly_what_advance_accepts(cases: Cases, stage: str) -> None:
    """Every body the rules do not name is refused each next stage (and a skip is refused); a named one moves it."""
    view = _walk(cases, "sag-1", stage)
    named = {(t.to, by) for t in view.allowed_transitions for by in t.by}
    # in approval the approvers move it by deciding; only the originator's withdrawal is by hand
    by_hand = {(to, by) for to, by in named if stage != "APPROVAL" or to == "WITHDRAWN"}
    following = {to for to, _ in named} | {"ADOPTED"}
    for to in [*sorted(following), "HEARING" if stage != "DRAFT" else "STATEMENT"]:
        for by in ("theme-legal", "secretariat", "fku", "policy-group", "byraad", "board-aab"):
            if (to, by) not in by_hand:
                assert isinstance(cases.advance("sag-1", to, by, "test", ON), Rejected), (to, by)
    for to, by in sorted(by_hand)[:1]:
        assert _ok(cases.advance("sag-1", to, by, "test", ON)).stage == to


def test_a_dissolved_body_cannot_open_or_move_a_case(cases: Cases, demo: Governance) -> None:
    demo.apply_changes([CreateBody("adhoc-pr", "Fælles PR", "ADHOC_GROUP", expires_on=date(2026, 12, 31))], ON, "test")
    _ok(cases.open("sag-1", "Fælles PR-fremstød", "adhoc-pr", [], "test", ON))
    demo.apply_changes([DissolveBody("adhoc-pr", ON)], ON, "test")
    _refused(cases.advance("sag-1", "HEARING", "adhoc-pr", "test", ON), "case.flow", "dissolved")
    # the secretariat carries the dissolved ad hoc group's case on
    assert [(t.to, t.by) for t in cases.get("sag-1", ON).allowed_transitions] == [
        ("HEARING", ("secretariat",)), ("WITHDRAWN", ("secretariat",)),
    ]
    _refused(cases.open("sag-2", "Endnu en", "adhoc-pr", [], "test", ON), "case.flow", "dissolved")
    with pytest.raises(InputError):
        cases.get("sag-2", ON)


def test_no_step_is_dated_before_the_last_one(cases: Cases) -> None:
    _ok(cases.open("sag-1", "Sag", "theme-legal", ["aab"], "test", ON))
    rejected = _refused(cases.advance("sag-1", "HEARING", "theme-legal", "test", ON - timedelta(days=1)), "case.flow", "date")
    assert "31 May 2026" in rejected.violations[0].message("en") and "1 June 2026" in rejected.violations[0].message("en")
    assert "dateret 31. maj 2026, før sagens seneste trin den 1. juni 2026" in rejected.violations[0].message("da")
    assert _ok(cases.advance("sag-1", "HEARING", "theme-legal", "test", ON)).stage == "HEARING"


# -- case.hearing ---------------------------------------------------------------------------


def test_the_hearing_goes_to_the_council_and_the_boards_concerned(cases: Cases) -> None:
    named = _ok(cases.open("sag-1", "Sag", "theme-legal", ["aab", "oesterbo"], "test", ON))
    assert named.concerns == ("aab", "oesterbo")
    assert {a.approver for a in named.required_approvals} == {"byraad", "board-aab", "board-oesterbo"}
    everyone = _ok(cases.open("sag-2", "Sag", "theme-legal", [], "test", ON))
    assert everyone.concerns == ("aab", "domea", "grejsdalen", "jelling-boligselskab", "lejerbo", "oesterbo")
    assert {a.approver for a in everyone.required_approvals} == {"byraad", *BOARDS}


def test_consolidation_waits_for_every_answer(cases: Cases, demo: Governance) -> None:
    _walk(cases, "sag-1", "HEARING")
    _ok(cases.record_hearing_answer("sag-1", "byraad", "Byrådet støtter forslaget.", "test", ON))
    before = _state(demo)
    rejected = _refused(cases.advance("sag-1", "CONSOLIDATION", "theme-legal", "test", ON), "case.hearing", "missing")
    assert [v.args[-1] for v in rejected.violations if v.rule == "case.hearing"] == ["board-aab"]
    _unchanged_but_audited(demo, before)
    view = _ok(cases.record_hearing_answer("sag-1", "board-aab", "Ingen bemærkninger.", "test", ON))
    assert [(t.to, t.by) for t in view.allowed_transitions] == [
        ("CONSOLIDATION", ("secretariat", "theme-legal")), ("WITHDRAWN", ("theme-legal",)),
    ]
    view = _ok(cases.advance("sag-1", "CONSOLIDATION", "theme-legal", "test", ON))
    assert [(a.recipient, a.text) for a in view.hearing_answers] == [
        ("byraad", "Byrådet støtter forslaget."), ("board-aab", "Ingen bemærkninger."),
    ]


def test_only_those_heard_answer_and_only_during_the_hearing(cases: Cases, demo: Governance) -> None:
    _ok(cases.open("sag-1", "Sag", "theme-legal", ["aab"], "test", ON))
    _refused(cases.record_hearing_answer("sag-1", "byraad", "For tidligt.", "test", ON), "case.hearing", "stage")
    _ok(cases.advance("sag-1", "HEARING", "theme-legal", "test", ON))
    before = _state(demo)
    _refused(cases.record_hearing_answer("sag-1", "board-domea", "Vi er ikke spurgt.", "test", ON), "case.hearing", "recipient")
    _refused(cases.record_hearing_answer("sag-1", "secretariat", "Heller ikke os.", "test", ON), "case.hearing", "recipient")
    assert _state(demo)[0] == before[0]


def test_a_case_concerns_housing_organisations_only(cases: Cases, demo: Governance) -> None:
    before = _state(demo)
    _refused(cases.open("sag-1", "Sag", "theme-legal", ["vejle-kommune"], "test", ON), "case.hearing", "concerns")
    _unchanged_but_audited(demo, before)


def test_the_answers_stay_with_the_demo_case_until_its_end(cases: Cases) -> None:
    adopted = cases.get("haervaerk-best-practice", ON)
    assert adopted.stage == "ADOPTED" and len(adopted.hearing_answers) == 7


# -- case.statement -------------------------------------------------------------------------


def test_only_the_secretariat_submits_the_statement(cases: Cases, demo: Governance) -> None:
    view = _walk(cases, "sag-1", "STATEMENT")
    assert [(t.to, t.by) for t in view.allowed_transitions] == [("DECISION", ("secretariat",)), ("WITHDRAWN", ("theme-legal",))]
    before = _state(demo)
    for body in ("fku", "theme-legal", "policy-group"):
        _refused(cases.advance("sag-1", "DECISION", body, "test", ON), "case.statement", "secretariat")
    assert _state(demo)[0] == before[0]
    assert _ok(cases.advance("sag-1", "DECISION", "secretariat", "test", ON)).stage == "DECISION"


def test_a_statement_while_fku_is_forming_is_submitted_with_a_warning(cases: Cases, demo: Governance) -> None:
    _walk(cases, "sag-1", "STATEMENT")
    with demo.database.unit_of_work(write=True) as session:
        session.execute(update(Body).where(Body.key == "fku").values(status=BodyStatus.FORMING))
    assert ("DECISION", ("secretariat",)) in [(t.to, t.by) for t in cases.get("sag-1", ON).allowed_transitions]
    view = _ok(cases.advance("sag-1", "DECISION", "secretariat", "test", ON))
    assert view.stage == "DECISION"
    assert [(v.rule, v.severity, v.args) for v in view.warnings] == [("case.fku-forming", "WARNING", ("forming", "sag-1", "fku"))]
    assert "mens FKU endnu ikke er konstitueret" in view.warnings[0].message("da")
    assert cases.get("sag-1", ON).warnings == ()


def test_only_the_policy_group_decides(cases: Cases) -> None:
    _walk(cases, "sag-1", "DECISION")
    for body in ("secretariat", "fku", "byraad"):
        _refused(cases.advance("sag-1", "APPROVAL", body, "test", ON), "case.statement", "decides")
        _refused(cases.advance("sag-1", "REJECTED", body, "test", ON), "case.statement", "decides")
    assert _ok(cases.advance("sag-1", "APPROVAL", "policy-group", "test", ON)).stage == "APPROVAL"


# -- case.approval and policy-group.advisory --------------------------------------------------


def test_an_approval_from_a_body_not_required_is_refused(cases: Cases, demo: Governance) -> None:
    _walk(cases, "sag-1", "APPROVAL")
    before = _state(demo)
    for body in ("board-domea", "policy-group", "secretariat"):
        _refused(cases.record_approval("sag-1", body, "APPROVED", "test", ON), "case.approval", "not_required")
    _unchanged_but_audited(demo, before, 3)


def test_approvals_wait_for_the_approval_stage_and_come_once(cases: Cases) -> None:
    _walk(cases, "sag-1", "DECISION")
    _refused(cases.record_approval("sag-1", "byraad", "APPROVED", "test", ON), "case.approval", "stage")
    _ok(cases.advance("sag-1", "APPROVAL", "policy-group", "test", ON))
    _ok(cases.record_approval("sag-1", "byraad", "APPROVED", "test", ON))
    rejected = _refused(cases.record_approval("sag-1", "byraad", "REFUSED", "test", ON), "case.approval", "already")
    assert "godkendt" in rejected.violations[0].message("da")


def test_nobody_moves_a_case_out_of_approval_by_hand(cases: Cases) -> None:
    view = _walk(cases, "sag-1", "APPROVAL")
    assert {t.to for t in view.allowed_transitions} == {"ADOPTED", "REJECTED", "WITHDRAWN"}
    for to, by in (("ADOPTED", "byraad"), ("ADOPTED", "policy-group"), ("REJECTED", "board-aab")):
        _refused(cases.advance("sag-1", to, by, "test", ON), "case.approval", "decisions")
    assert cases.get("sag-1", ON).stage == "APPROVAL"


def test_the_audit_finds_a_case_adopted_without_its_approvals(cases: Cases, demo: Governance) -> None:
    _walk(cases, "sag-1", "APPROVAL")
    assert not [v for v in demo.audit(ON).violations if v.rule == "case.approval"]
    with demo.database.unit_of_work(write=True) as session:
        session.execute(update(Case).where(Case.key == "sag-1").values(stage=CaseStage.ADOPTED))
    found = [v for v in demo.audit(ON).violations if v.rule == "case.approval"]
    assert {v.args for v in found} == {("adopted", "sag-1", "byraad"), ("unanswered", "sag-1", "board-aab"), ("no_board", "sag-1")}
    assert {v.severity for v in found} == {"ERROR"} and found[0].body == "theme-legal"


def test_pending_approvals_are_shown_for_information(cases: Cases, demo: Governance) -> None:
    _walk(cases, "sag-1", "APPROVAL")
    advisory = [v for v in demo.audit(ON).violations if v.rule == "policy-group.advisory" and "sag-1" in v.subjects]
    assert {v.args[1] for v in advisory} == {"byraad", "board-aab"} and {v.severity for v in advisory} == {"INFO"}
    _ok(cases.record_approval("sag-1", "byraad", "APPROVED", "test", ON))
    _ok(cases.record_approval("sag-1", "board-aab", "APPROVED", "test", ON))
    assert not [v for v in demo.audit(ON).violations if v.rule == "policy-group.advisory" and "sag-1" in v.subjects]


# -- case.open --------------------------------------------------------------------------------


def test_any_participating_body_may_open_a_case(cases: Cases, demo: Governance) -> None:
    by_board = _ok(cases.open("sag-1", "Forslag fra AAB", "board-aab", [], "test", ON))
    assert by_board.stage == "DRAFT" and by_board.originator == "board-aab"
    notes = [v for v in demo.audit(ON).violations if v.rule == "case.open"]
    assert [(v.severity, v.args) for v in notes] == [("INFO", ("sag-1", "board-aab", "board"))]
    _ok(cases.open("sag-2", "Forslag fra områdegruppen", "noerremarken", [], "test", ON))
    assert not [v for v in demo.audit(ON).violations if v.rule == "case.open" and "sag-2" in v.subjects]


# -- input, listing, audit trail ----------------------------------------------------------------


def test_bad_input_is_named_and_audited(cases: Cases, demo: Governance) -> None:
    with pytest.raises(InputError) as error:
        cases.get("ukendt", ON)
    assert error.value.value == "ukendt"
    before = _state(demo)
    for attempt, value in (
        (lambda: cases.open("sag-1", "Sag", "atlantis", [], "test", ON), "atlantis"),
        (lambda: cases.open("sag-1", "Sag", "theme-legal", ["atlantis"], "test", ON), "atlantis"),
        (lambda: cases.open("styringsdialog", "Igen", "theme-legal", [], "test", ON), "styringsdialog"),
        (lambda: cases.advance("styringsdialog", "LATER", "theme-legal", "test", ON), "LATER"),
        (lambda: cases.advance("ukendt", "HEARING", "theme-legal", "test", ON), "ukendt"),
        (lambda: cases.record_approval("beboersammensaetning", "board-domea", "MAYBE", "test", ON), "MAYBE"),
        (lambda: cases.record_hearing_answer("styringsdialog", "board-domea", " ", "test", ON), "board-domea"),
    ):
        with pytest.raises(InputError) as error:
            attempt()
        assert error.value.value == value
    _unchanged_but_audited(demo, before, 7)


def test_every_action_leaves_one_audit_entry(cases: Cases, demo: Governance) -> None:
    _ok(cases.open("sag-1", "Sag", "theme-legal", ["aab"], "tester", ON))
    refused = cases.advance("sag-1", "DECISION", "theme-legal", "tester", ON)
    with demo.database.unit_of_work() as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(2)).all()
    assert [(e.action, e.allowed, e.actor) for e in entries] == [("advanceCase", False, "tester"), ("openCase", True, "tester")]
    assert entries[0].id == refused.audit_id and entries[0].violations[0]["rule"] == "case.flow"
    assert entries[0].request == {"case": "sag-1", "to": "DECISION", "by": "theme-legal", "on": "2026-06-01"}


def test_cases_are_listed_by_stage_and_by_body(cases: Cases) -> None:
    assert [v.key for v in cases.list()] == ["beboersammensaetning", "haervaerk-best-practice", "styringsdialog"]
    assert [v.key for v in cases.list(stage="HEARING")] == ["styringsdialog"]
    assert [v.key for v in cases.list(body="adhoc-styringsdialog")] == ["styringsdialog"]
    assert [v.key for v in cases.list(stage="APPROVAL", body="board-domea")] == ["beboersammensaetning"]
    assert len(cases.list(body="secretariat")) == 3
    with pytest.raises(InputError):
        cases.list(stage="SOMEDAY")
    with pytest.raises(InputError):
        cases.list(body="atlantis")


# -- the three worked cases of the source ----------------------------------------------------------


def test_the_demo_holds_the_three_worked_cases_at_realistic_stages(cases: Cases) -> None:
    stages = {v.key: (v.stage, v.originator) for v in cases.list()}
    assert stages == {
        "styringsdialog": ("HEARING", "adhoc-styringsdialog"),
        "beboersammensaetning": ("APPROVAL", "theme-legal"),
        "haervaerk-best-practice": ("ADOPTED", "theme-social"),
    }
    pending = [a.approver for a in cases.get("beboersammensaetning", ON).required_approvals if a.status == "PENDING"]
    assert pending == ["board-domea", "board-grejsdalen", "board-jelling-boligselskab", "board-lejerbo"]


@pytest.mark.parametrize("spec", read_yaml(CASES_DEMO_FILE)["cases"], ids=lambda spec: spec["key"])
def test_each_worked_case_can_be_walked_through_the_services(cases: Cases, spec: dict) -> None:
    """Replay the demo case's dated steps, answers and decisions under a new key: the rules accept every one."""
    key = f"{spec['key']}-igen"
    first, *steps = spec["history"]
    _ok(cases.open(
        key, spec["title"], spec["originator"], spec["concerns"], "test", first["takenOn"],
        track=spec.get("track", "POLITICAL"), co_originators=spec.get("coOriginators") or [],
    ))
    actions = [(a["answeredOn"], 0, lambda a=a: cases.record_hearing_answer(key, a["recipient"], a["text"], "test", a["answeredOn"])) for a in spec.get("answers") or []]
    actions += [(d["decidedOn"], 0, lambda d=d: cases.record_approval(key, d["approver"], d["decision"], "test", d["decidedOn"])) for d in spec.get("approvals") or []]
    actions += [(s["takenOn"], 1, lambda s=s: cases.advance(key, s["stage"], s["by"], "test", s["takenOn"])) for s in steps if s["stage"] not in ("ADOPTED", "REJECTED")]
    for _, _, action in sorted(actions, key=lambda item: item[:2]):
        _ok(action())
    replayed, original = cases.get(key, ON), cases.get(spec["key"], ON)
    assert (replayed.stage, replayed.history, replayed.required_approvals) == (original.stage, original.history, original.required_approvals)


def test_concurrent_decisions_adopt_the_case_once(cases: Cases) -> None:
    _walk(cases, "sag-1", "APPROVAL")
    decisions = [("byraad", "APPROVED"), ("board-aab", "APPROVED"), ("board-aab", "REFUSED")]
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda d: cases.record_approval("sag-1", d[0], d[1], "test", ON), decisions))
    assert sum(isinstance(r, Rejected) for r in results) == 1  # board-aab decides once
    view = cases.get("sag-1", ON)
    assert view.stage in ("ADOPTED", "REJECTED")
    assert [h.stage for h in view.history].count(view.stage) == 1


def test_the_stricter_reading_needs_every_board_and_rejects_at_one_refusal(database_url: str, rules) -> None:
    """``param(case_every_board_must_approve, 1)``: one refusal rejects; an adoption lacking a board's approval is an error."""
    params = rules / "params.lp"
    params.write_text(params.read_text(encoding="utf-8").replace(
        "param(case_every_board_must_approve, 0).", "param(case_every_board_must_approve, 1)."), encoding="utf-8")
    strict = Governance.open(database_url, str(rules))
    try:
        strict.seed_demo()
        cases = Cases(strict)
        _walk(cases, "sag-1", "APPROVAL", concerns=["aab", "oesterbo"])
        _ok(cases.record_approval("sag-1", "byraad", "APPROVED", "test", ON))
        _ok(cases.record_approval("sag-1", "board-aab", "APPROVED", "test", ON))
        view = _ok(cases.record_approval("sag-1", "board-oesterbo", "REFUSED", "test", ON))
        assert view.stage == "REJECTED" and view.adopted_for == ()
        with strict.database.unit_of_work(write=True) as session:
            session.execute(update(Case).where(Case.key == "sag-1").values(stage=CaseStage.ADOPTED))
        found = {v.args for v in strict.audit(ON).violations if v.rule == "case.approval"}
        assert found == {("adopted", "sag-1", "board-oesterbo")}
    finally:
        strict.database.dispose()
