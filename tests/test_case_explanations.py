"""Explanations of the case flow, Løget's budgets and the yearly duties, and of required approvals.

A refused case action explains itself down to the stored facts the rules name with
``because/5``: the case (title, stage, originator, the organisations it names), the steps
of its history (who moved it where, when), its hearing answers and decisions, the step
proposed and its date; budgets, plans and duties down to the pool, the detail budgets, the
plans, the events and the membership a body's duties count from. ``RequiredApproval``
explains why a body must approve a case. Both languages.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import update

from governance.cases import ApprovalView, Cases, CaseView
from governance.cases_seed import seed_records
from governance.engine import Violation
from governance.model import Body, BodyStatus
from governance.services import Governance, Rejected

ON = date(2026, 6, 1)
ARROW = "  ⟵ "
ALL_BOARDS = {
    "board-aab": "AAB",
    "board-oesterbo": "ØsterBO",
    "board-domea": "Domea",
    "board-lejerbo": "Lejerbo",
    "board-jelling-boligselskab": "Jelling Boligselskab",
    "board-grejsdalen": "Boligselskabet Grejsdalen",
}

STYRING_DA = (
    "Sagen »Den nye styringsdialog« er på trinnet »høring«, åbnet af Ad hoc-gruppen om den nye styringsdialog; "
    "den nævner ingen organisation og berører derfor alle platformens boligorganisationer"
)
STYRING_EN = (
    "The case \"Den nye styringsdialog\" is at the stage \"hearing\", opened by Ad hoc-gruppen om den nye styringsdialog; "
    "it names no organisation, so it concerns every housing organisation of the platform"
)
STYRING_HEARING_DA = "Trin 2 i »Den nye styringsdialog«: Ad hoc-gruppen om den nye styringsdialog førte sagen til trinnet »høring« den 1. april 2026"
STYRING_HEARING_EN = "Step 2 of \"Den nye styringsdialog\": Ad hoc-gruppen om den nye styringsdialog took the case to the stage \"hearing\" on 1 April 2026"
BEBOER = "Beboersammensætningen: en Vejle-model for udlejning"
BEBOER_SENT_DA = f"Trin 6 i »{BEBOER}«: den boligpolitiske gruppe førte sagen til trinnet »godkendelse« den 4. maj 2026"
BEBOER_SENT_EN = f"Step 6 of \"{BEBOER}\": the housing policy group took the case to the stage \"approval\" on 4 May 2026"
PLANER = "Fælles skabelon for vedligeholdelsesplaner"


# -- helpers ------------------------------------------------------------------------------


@pytest.fixture
def cases(demo: Governance) -> Cases:
    return Cases(demo)


def refused(result: CaseView | Rejected, rule: str, variant: str | None = None, subject: str | None = None) -> Violation:
    """The introduced ERROR of the rule (and variant, and subject) that refused the action."""
    assert isinstance(result, Rejected), f"expected {rule} to refuse, but the case moved to {result.stage}"
    found = [
        v for v in result.violations
        if v.rule == rule and (variant is None or v.args[0] == variant) and (subject is None or subject in v.subjects)
    ]
    assert len(found) == 1, [(v.rule, v.args) for v in result.violations]
    assert found[0].severity == "ERROR" and found[0].introduced
    return found[0]


def audited(governance: Governance, rule: str, as_of: date, variant: str | None = None) -> Violation:
    found = [v for v in governance.audit(as_of, explain=True).violations if v.rule == rule and (variant is None or v.args[0] == variant)]
    assert len(found) == 1, [(v.rule, v.args) for v in governance.audit(as_of).violations if v.rule == rule]
    return found[0]


def explained(violation: Violation, lang: str) -> list[str]:
    """The explanation's fact lines (after the message and the rule line), checked for shape."""
    lines = violation.explanation(lang).split("\n")
    assert lines[0] == violation.message(lang)
    assert lines[1].startswith(ARROW + ("Regel " if lang == "da" else "Rule ") + violation.rule)
    facts = lines[2:]
    assert facts and all(line.startswith(ARROW) for line in facts)
    return [line[len(ARROW):] for line in facts]


def both(violation: Violation) -> tuple[list[str], list[str]]:
    return explained(violation, "da"), explained(violation, "en")


def labelled(lines: list[str], label: str) -> list[str]:
    prefix = label + ": "
    return [line[len(prefix):] for line in lines if line.startswith(prefix)]


def ok(result: CaseView | Rejected) -> CaseView:
    assert isinstance(result, CaseView), [v.message("en") for v in result.violations]
    return result


def set_status(governance: Governance, body: str, status: BodyStatus) -> None:
    with governance.database.unit_of_work(write=True) as session:
        session.execute(update(Body).where(Body.key == body).values(status=status))


def seed(governance: Governance, data: dict) -> None:
    with governance.database.unit_of_work(write=True) as session:
        seed_records(session, data)


def walk(cases: Cases, to: str) -> CaseView:
    """The technical theme group's maintenance plan template, concerning ØsterBO, walked to ``to``."""
    view = ok(cases.open("vedligeholdelsesplaner", PLANER, "theme-technical", ["oesterbo"], "test", date(2026, 5, 4)))
    steps = [("HEARING", "theme-technical", date(2026, 5, 11)), ("CONSOLIDATION", "theme-technical", date(2026, 5, 25)),
             ("STATEMENT", "theme-technical", date(2026, 5, 26)), ("DECISION", "secretariat", date(2026, 5, 27)),
             ("APPROVAL", "policy-group", date(2026, 5, 28))]
    for stage, by, on in steps:
        if view.stage == to:
            break
        if stage == "CONSOLIDATION":
            ok(cases.record_hearing_answer("vedligeholdelsesplaner", "byraad", "Byrådet støtter skabelonen.", "test", date(2026, 5, 18)))
            ok(cases.record_hearing_answer("vedligeholdelsesplaner", "board-oesterbo", "Ingen bemærkninger.", "test", date(2026, 5, 20)))
        view = ok(cases.advance("vedligeholdelsesplaner", stage, by, "test", on))
    assert view.stage == to
    return view


def planer_case(lang: str, stage: str) -> str:
    if lang == "da":
        return f"Sagen »{PLANER}« er på trinnet »{stage}«, åbnet af den boligtekniske temagruppe; den nævner ØsterBO"
    return f"The case \"{PLANER}\" is at the stage \"{stage}\", opened by the technical theme group; it names ØsterBO"


# -- case.flow ----------------------------------------------------------------------------------


def test_case_flow_order_names_the_case_its_last_step_and_the_proposed_step(cases: Cases) -> None:
    v = refused(cases.advance("styringsdialog", "STATEMENT", "adhoc-styringsdialog", "test", ON), "case.flow", "order")
    da, en = both(v)
    assert labelled(da, "Sag") == [STYRING_DA]
    assert labelled(en, "Case") == [STYRING_EN]
    assert labelled(da, "Foreslået trin") == [
        "Ad hoc-gruppen om den nye styringsdialog vil den 1. juni 2026 flytte »Den nye styringsdialog« til trinnet »redegørelse«"
    ]
    assert labelled(en, "Proposed step") == [
        "Ad hoc-gruppen om den nye styringsdialog proposes on 1 June 2026 to move \"Den nye styringsdialog\" to the stage \"statement\""
    ]
    assert labelled(da, "Seneste trin") == [STYRING_HEARING_DA]
    assert labelled(en, "Last step") == [STYRING_HEARING_EN]


def test_case_flow_mover_names_the_body_that_asked_and_the_opening_step(cases: Cases) -> None:
    ok(cases.open("tryghedsvandringer", "Tryghedsvandringer i Nørremarken", "theme-social", [], "test", date(2026, 5, 26)))
    v = refused(cases.advance("tryghedsvandringer", "HEARING", "secretariat", "test", ON), "case.flow", "mover")
    da, en = both(v)
    assert labelled(da, "Flyttes af") == ["Fællessekretariatet har status aktiv"]
    assert labelled(en, "Moved by") == ["The joint secretariat has the status active"]
    assert labelled(da, "Seneste trin") == ["Trin 1 i »Tryghedsvandringer i Nørremarken«: den boligsociale temagruppe åbnede sagen den 26. maj 2026"]
    assert labelled(en, "Last step") == ["Step 1 of \"Tryghedsvandringer i Nørremarken\": the social theme group opened the case on 26 May 2026"]
    assert labelled(en, "Proposed step") == [
        "The joint secretariat proposes on 1 June 2026 to move \"Tryghedsvandringer i Nørremarken\" to the stage \"hearing\""
    ]


def test_case_flow_dissolved_names_the_dissolved_originator_and_the_opening(demo: Governance, cases: Cases) -> None:
    set_status(demo, "adhoc-styringsdialog", BodyStatus.DISSOLVED)
    result = cases.open("dokumentationspakke", "Dokumentationspakken til styringsdialogen", "adhoc-styringsdialog", [], "test", ON)
    v = refused(result, "case.flow", "dissolved")
    da, en = both(v)
    assert labelled(da, "Enhed") == ["Ad hoc-gruppen om den nye styringsdialog har status nedlagt, eksisterer til og med 31. december 2027"]
    assert labelled(en, "Body") == ["Ad hoc-gruppen om den nye styringsdialog (ad hoc group) has the status dissolved, existing through 31 December 2027"]
    assert labelled(da, "Foreslået trin") == [
        "Ad hoc-gruppen om den nye styringsdialog vil den 1. juni 2026 åbne sagen »Dokumentationspakken til styringsdialogen«"
    ]
    assert labelled(en, "Proposed step") == [
        "Ad hoc-gruppen om den nye styringsdialog proposes on 1 June 2026 to open the case \"Dokumentationspakken til styringsdialogen\""
    ]


def test_case_flow_dissolved_mover_is_named_beside_the_originator(demo: Governance, cases: Cases) -> None:
    walk(cases, "STATEMENT")
    set_status(demo, "secretariat", BodyStatus.DISSOLVED)
    v = refused(cases.advance("vedligeholdelsesplaner", "DECISION", "secretariat", "test", ON), "case.flow", "dissolved")
    da, en = both(v)
    assert labelled(da, "Nedlagt enhed") == ["Fællessekretariatet har status nedlagt"]
    assert labelled(en, "Dissolved body") == ["The joint secretariat has the status dissolved"]
    assert labelled(da, "Sag") == [planer_case("da", "redegørelse")]


def test_case_flow_date_names_the_proposed_date_and_the_later_last_step(cases: Cases) -> None:
    result = cases.record_hearing_answer("styringsdialog", "board-domea", "Domea støtter pakken.", "test", date(2026, 3, 20))
    v = refused(result, "case.flow", "date")
    da, en = both(v)
    assert labelled(da, "Foreslået trin") == ["Organisationsbestyrelsen i Domea vil den 20. marts 2026 afgive høringssvar om »Den nye styringsdialog«"]
    assert labelled(en, "Proposed step") == [
        "The board of Domea proposes on 20 March 2026 to record a hearing answer on \"Den nye styringsdialog\""
    ]
    assert labelled(da, "Seneste trin") == [STYRING_HEARING_DA]
    assert labelled(en, "Last step") == [STYRING_HEARING_EN]


# -- case.hearing -------------------------------------------------------------------------------


def test_case_hearing_missing_names_the_board_awaited_and_the_answers_returned(cases: Cases) -> None:
    result = cases.advance("styringsdialog", "CONSOLIDATION", "adhoc-styringsdialog", "test", ON)
    v = refused(result, "case.hearing", "missing", "board-domea")
    da, en = both(v)
    assert labelled(da, "Mangler svar fra") == ["Organisationsbestyrelsen i Domea har status aktiv"]
    assert labelled(en, "Awaiting the answer of") == ["The board of Domea has the status active"]
    assert sorted(labelled(da, "Har svaret")) == [
        "Organisationsbestyrelsen i AAB afgav høringssvar om »Den nye styringsdialog« den 12. maj 2026",
        "Organisationsbestyrelsen i ØsterBO afgav høringssvar om »Den nye styringsdialog« den 20. maj 2026",
        "Vejle Byråd afgav høringssvar om »Den nye styringsdialog« den 6. maj 2026",
    ]
    assert "Vejle City Council answered the hearing on \"Den nye styringsdialog\" on 6 May 2026" in labelled(en, "Answered")
    assert labelled(da, "Sag") == [STYRING_DA]


def test_case_hearing_recipient_names_the_body_not_heard_and_those_heard(cases: Cases) -> None:
    walk(cases, "HEARING")
    v = refused(cases.record_hearing_answer("vedligeholdelsesplaner", "board-domea", "Domea vil høres.", "test", ON), "case.hearing", "recipient")
    da, en = both(v)
    assert labelled(da, "Ikke høringspart") == ["Organisationsbestyrelsen i Domea har status aktiv"]
    assert labelled(en, "Not heard") == ["The board of Domea has the status active"]
    assert sorted(labelled(da, "Høringspart")) == [
        "Organisationsbestyrelsen i ØsterBO har status aktiv", "Vejle Byråd har status aktiv",
    ]
    assert sorted(labelled(en, "Heard")) == ["The board of ØsterBO has the status active", "Vejle City Council has the status active"]
    assert labelled(da, "Sag") == [planer_case("da", "høring")]
    assert labelled(en, "Last step") == [f"Step 2 of \"{PLANER}\": the technical theme group took the case to the stage \"hearing\" on 11 May 2026"]


def test_case_hearing_stage_names_the_stage_the_case_is_at(cases: Cases) -> None:
    v = refused(cases.record_hearing_answer("beboersammensaetning", "board-domea", "En sen bemærkning.", "test", ON), "case.hearing", "stage")
    da, en = both(v)
    assert labelled(da, "Sag")[0].startswith(f"Sagen »{BEBOER}« er på trinnet »godkendelse«, åbnet af den boligjuridiske temagruppe")
    assert labelled(en, "Case")[0].startswith(f"The case \"{BEBOER}\" is at the stage \"approval\", opened by the legal theme group")
    assert labelled(da, "Seneste trin") == [BEBOER_SENT_DA]
    assert labelled(en, "Last step") == [BEBOER_SENT_EN]


def test_case_hearing_concerns_names_the_organisation_that_is_not_a_housing_organisation(cases: Cases) -> None:
    result = cases.open("tryghedsvandringer", "Tryghedsvandringer i Nørremarken", "theme-social", ["vejle-kommune", "aab"], "test", ON)
    v = refused(result, "case.hearing", "concerns")
    da, en = both(v)
    assert labelled(da, "Nævnt organisation") == ["Vejle Kommune er kommunen"]
    assert labelled(en, "Organisation named") == ["Vejle Kommune is the municipality"]
    assert labelled(da, "Sag") == ["Sagen »Tryghedsvandringer i Nørremarken« er på trinnet »kladde«, åbnet af den boligsociale temagruppe; den nævner AAB, Vejle Kommune"]
    assert labelled(en, "Proposed step") == ["The social theme group proposes on 1 June 2026 to open the case \"Tryghedsvandringer i Nørremarken\""]


# -- case.statement -----------------------------------------------------------------------------


def test_case_statement_secretariat_names_who_asked_and_the_secretariat(cases: Cases) -> None:
    walk(cases, "STATEMENT")
    v = refused(cases.advance("vedligeholdelsesplaner", "DECISION", "theme-technical", "test", ON), "case.statement", "secretariat")
    da, en = both(v)
    assert labelled(da, "Redegørelsen forelægges af") == ["Fællessekretariatet har status aktiv"]
    assert labelled(en, "The statement is submitted by") == ["The joint secretariat has the status active"]
    assert labelled(da, "Flyttes af") == ["Den boligtekniske temagruppe har status aktiv, undergruppe af FKU"]
    assert labelled(da, "Seneste trin") == [f"Trin 4 i »{PLANER}«: den boligtekniske temagruppe førte sagen til trinnet »redegørelse« den 26. maj 2026"]
    assert labelled(en, "Case") == [planer_case("en", "statement")]


def test_case_fku_forming_names_the_forming_forum(demo: Governance, cases: Cases) -> None:
    walk(cases, "STATEMENT")
    set_status(demo, "fku", BodyStatus.FORMING)
    [v] = ok(cases.advance("vedligeholdelsesplaner", "DECISION", "secretariat", "test", ON)).warnings
    assert (v.rule, v.severity, v.args[0]) == ("case.fku-forming", "WARNING", "forming")
    da, en = both(v)
    assert labelled(da, "FKU") == ["Forum for Koordination og Udvikling (FKU) har status under dannelse"]
    assert labelled(en, "FKU") == ["Forum for Koordination og Udvikling (FKU) has the status forming"]
    assert labelled(en, "Proposed step") == [f"The joint secretariat proposes on 1 June 2026 to move \"{PLANER}\" to the stage \"decision\""]


def test_case_statement_decides_names_the_policy_group(cases: Cases) -> None:
    walk(cases, "DECISION")
    v = refused(cases.advance("vedligeholdelsesplaner", "APPROVAL", "secretariat", "test", ON), "case.statement", "decides")
    da, en = both(v)
    assert labelled(da, "Træffer beslutningen") == ["Den boligpolitiske gruppe har status aktiv"]
    assert labelled(en, "Takes the decision") == ["The housing policy group has the status active"]
    assert labelled(da, "Seneste trin") == [f"Trin 5 i »{PLANER}«: Fællessekretariatet førte sagen til trinnet »beslutning« den 27. maj 2026"]
    assert labelled(en, "Last step") == [f"Step 5 of \"{PLANER}\": the joint secretariat took the case to the stage \"decision\" on 27 May 2026"]


# -- case.approval ------------------------------------------------------------------------------


def test_case_approval_not_required_names_the_body_and_every_approver(cases: Cases) -> None:
    v = refused(cases.record_approval("beboersammensaetning", "fku", "APPROVED", "test", ON), "case.approval", "not_required")
    da, en = both(v)
    assert labelled(da, "Skal ikke godkende") == ["Forum for Koordination og Udvikling (FKU) har status aktiv"]
    assert labelled(en, "Not an approver") == ["Forum for Koordination og Udvikling (FKU) has the status active"]
    approvers = labelled(en, "Approver")
    assert len(approvers) == 7 and "Vejle City Council has the status active" in approvers
    assert labelled(da, "Foreslået trin") == [
        f"FKU vil den 1. juni 2026 registrere afgørelsen »godkendt« om »{BEBOER}«"
    ]
    assert labelled(en, "Proposed step") == [
        f"FKU proposes on 1 June 2026 to record the decision \"approved\" on \"{BEBOER}\""
    ]


def test_case_approval_stage_names_the_case_in_hearing(cases: Cases) -> None:
    v = refused(cases.record_approval("styringsdialog", "board-aab", "APPROVED", "test", ON), "case.approval", "stage")
    da, en = both(v)
    assert labelled(da, "Sag") == [STYRING_DA]
    assert labelled(en, "Last step") == [STYRING_HEARING_EN]


def test_case_approval_already_names_the_earlier_decision(cases: Cases) -> None:
    v = refused(cases.record_approval("beboersammensaetning", "board-aab", "REFUSED", "test", ON), "case.approval", "already")
    da, en = both(v)
    assert labelled(da, "Afgørelse") == [f"Organisationsbestyrelsen i AAB registrerede afgørelsen »godkendt« om »{BEBOER}« den 19. maj 2026"]
    assert labelled(en, "Decision") == [f"The board of AAB recorded the decision \"approved\" on \"{BEBOER}\" on 19 May 2026"]
    assert labelled(da, "Foreslået trin") == [f"Organisationsbestyrelsen i AAB vil den 1. juni 2026 registrere afgørelsen »afvist« om »{BEBOER}«"]


def test_case_approval_decisions_names_the_decisions_made_and_awaited(cases: Cases) -> None:
    v = refused(cases.advance("beboersammensaetning", "ADOPTED", "policy-group", "test", ON), "case.approval", "decisions")
    da, en = both(v)
    assert sorted(labelled(en, "Decision")) == [
        f"The board of AAB recorded the decision \"approved\" on \"{BEBOER}\" on 19 May 2026",
        f"The board of ØsterBO recorded the decision \"approved\" on \"{BEBOER}\" on 21 May 2026",
        f"Vejle City Council recorded the decision \"approved\" on \"{BEBOER}\" on 27 May 2026",
    ]
    assert sorted(labelled(da, "Venter på godkendelse fra")) == [
        f"Organisationsbestyrelsen i {name} har status aktiv"
        for name in ("Domea", "Grejsdalen", "Jelling Boligselskab", "Lejerbo")
    ]
    assert labelled(en, "Proposed step") == [f"The housing policy group proposes on 1 June 2026 to move \"{BEBOER}\" to the stage \"adopted\""]
    assert labelled(da, "Seneste trin") == [BEBOER_SENT_DA]


def test_case_approval_adopted_names_the_missing_approver_in_the_audit(demo: Governance) -> None:
    seed(demo, {"cases": [{
        "key": "faelles-venteliste", "title": "Fælles venteliste for seniorboliger", "originator": "noerremarken", "concerns": ["lejerbo"],
        "history": [
            {"stage": "DRAFT", "by": "noerremarken", "takenOn": "2026-01-12"},
            {"stage": "APPROVAL", "by": "policy-group", "takenOn": "2026-03-30"},
            {"stage": "ADOPTED", "by": "board-lejerbo", "takenOn": "2026-04-14"},
        ],
        "approvals": [{"approver": "board-lejerbo", "decision": "APPROVED", "decidedOn": "2026-04-14"}],
    }]})
    v = audited(demo, "case.approval", ON, "adopted")
    assert v.severity == "ERROR"
    da, en = both(v)
    assert labelled(da, "Ikke godkendt af") == ["Vejle Byråd har status aktiv"]
    assert labelled(en, "Not approved by") == ["Vejle City Council has the status active"]
    assert labelled(da, "Afgørelse") == [
        "Organisationsbestyrelsen i Lejerbo registrerede afgørelsen »godkendt« om »Fælles venteliste for seniorboliger« den 14. april 2026"
    ]
    assert labelled(en, "Last step") == [
        "Step 3 of \"Fælles venteliste for seniorboliger\": the board of Lejerbo took the case to the stage \"adopted\" on 14 April 2026"
    ]
    assert labelled(en, "Case") == [
        "The case \"Fælles venteliste for seniorboliger\" is at the stage \"adopted\", opened by the Nørremarken area group; it names Lejerbo"
    ]
    assert not labelled(en, "Proposed step")


# -- the info rules -------------------------------------------------------------------------------


def test_case_open_names_the_case_and_its_opening(cases: Cases) -> None:
    result = cases.open("boligsocial-helhedsplan", "Boligsocial helhedsplan 2027-2030", "policy-group", ["vejle-kommune"], "test", ON)
    assert isinstance(result, Rejected)
    [v] = [v for v in result.violations if v.rule == "case.open"]
    da, en = both(v)
    assert labelled(da, "Åbnet") == ["Trin 1 i »Boligsocial helhedsplan 2027-2030«: den boligpolitiske gruppe åbnede sagen den 1. juni 2026"]
    assert labelled(en, "Opened") == ["Step 1 of \"Boligsocial helhedsplan 2027-2030\": the housing policy group opened the case on 1 June 2026"]


def test_policy_group_advisory_names_why_the_board_must_approve(demo: Governance) -> None:
    found = [v for v in demo.audit(ON, explain=True).violations if v.rule == "policy-group.advisory" and v.args[1] == "board-lejerbo"]
    [v] = found
    da, en = both(v)
    assert labelled(da, "Berørt boligorganisation") == ["Lejerbo er boligorganisation"]
    assert labelled(en, "Sent for approval") == [BEBOER_SENT_EN]
    assert labelled(en, "Approver") == ["The board of Lejerbo has the status active"]


# -- Løget's budgets, plans and meetings ---------------------------------------------------------

POOL_EN = (
    "Aktivitetspuljen Løget By 2026-2029 of the joint steering group of Løget By is 4,800,000 kr. of an overall budget of 12,000,000 kr., "
    "approved on 20 January 2026; shares: the social steering group of Løget By 2,600,000 kr., the physical steering group of Løget By 2,200,000 kr."
)
EXTRA_POOL = {"key": "loeget-pulje-2027", "name": "Boligsocial pulje Løget By 2027", "body": "loeget-joint", "approvedOn": "2026-05-19"}


def test_loeget_budget_pool_names_the_pool_and_its_overall_budget(demo: Governance) -> None:
    seed(demo, {"pools": [{**EXTRA_POOL, "overallBudget": 1_500_000, "amount": 1_750_000}]})
    v = audited(demo, "loeget.budget", ON, "pool")
    da, en = both(v)
    assert labelled(da, "Aktivitetspulje") == [
        ("Boligsocial pulje Løget By 2027 hos den fælles styregruppe for Løget By er på 1.750.000 kr. af et overordnet budget på 1.500.000 kr., "
        "godkendt den 19. maj 2026; andele: ingen")
    ]
    assert labelled(en, "Date") == ["The question concerns 1 June 2026"]


def test_loeget_budget_shares_names_the_pool_with_its_shares(demo: Governance) -> None:
    seed(demo, {"pools": [{**EXTRA_POOL, "overallBudget": 2_000_000, "amount": 1_500_000,
                           "shares": {"loeget-social": 900_000, "loeget-physical": 700_000}}]})
    v = audited(demo, "loeget.budget", ON, "shares")
    _, en = both(v)
    assert labelled(en, "Activity pool") == [
        ("Boligsocial pulje Løget By 2027 of the joint steering group of Løget By is 1,500,000 kr. of an overall budget of 2,000,000 kr., "
        "approved on 19 May 2026; shares: the social steering group of Løget By 900,000 kr., the physical steering group of Løget By 700,000 kr.")
    ]


def test_loeget_budget_details_names_every_detail_budget_counted(demo: Governance) -> None:
    seed(demo, {"detailBudgets": [{"key": "ungejob", "name": "Ungejob og mentorordning 2026", "pool": "loeget-pulje-2026-2029",
                                   "body": "loeget-social", "amount": 1_800_000, "madeOn": "2026-05-05"}]})
    v = audited(demo, "loeget.budget", ON, "details")
    da, en = both(v)
    assert labelled(en, "Activity pool") == [POOL_EN]
    assert sorted(labelled(da, "Detailbudget")) == [
        "Detailbudgettet Lektiecafé og fritidsjob 2026 fra den sociale styregruppe for Løget By i Aktivitetspuljen Løget By 2026-2029 er på 650.000 kr., lavet den 3. februar 2026, forelagt den 17. februar 2026",
        "Detailbudgettet Sommeraktiviteter 2026 fra den sociale styregruppe for Løget By i Aktivitetspuljen Løget By 2026-2029 er på 180.000 kr., lavet den 7. april 2026, forelagt den 21. april 2026",
        "Detailbudgettet Ungejob og mentorordning 2026 fra den sociale styregruppe for Løget By i Aktivitetspuljen Løget By 2026-2029 er på 1.800.000 kr., lavet den 5. maj 2026, ikke forelagt",
    ]
    # The 2027 budgets are not made yet on the date asked.
    assert not any("2027" in line for line in labelled(en, "Detail budget"))


def test_loeget_budget_presented_names_the_budget_and_the_joint_group(demo: Governance) -> None:
    seed(demo, {"detailBudgets": [{"key": "stier", "name": "Stier og cykelparkering 2026", "pool": "loeget-pulje-2026-2029",
                                   "body": "loeget-physical", "amount": 300_000, "madeOn": "2026-05-12"}]})
    v = audited(demo, "loeget.budget-presented", ON)
    da, en = both(v)
    assert labelled(en, "Detail budget") == [
        ("The detail budget Stier og cykelparkering 2026 of the physical steering group of Løget By in Aktivitetspuljen Løget By 2026-2029 "
        "is 300,000 kr., made on 12 May 2026, not presented")
    ]
    assert labelled(da, "Fælles styregruppe") == ["Den fælles styregruppe for Løget By har status aktiv"]
    assert labelled(da, "Dato") == ["Spørgsmålet gælder 1. juni 2026"]


def test_loeget_action_plan_names_the_late_plan_and_when_duties_began(demo: Governance) -> None:
    seed(demo, {"actionPlans": [{"body": "loeget-social", "year": 2028, "presentedOn": "2029-02-20"}]})
    found = [v for v in demo.audit(date(2029, 1, 15), explain=True).violations if v.rule == "loeget.action-plan" and v.body == "loeget-social"]
    [v] = found
    da, en = both(v)
    assert labelled(da, "Handleplan") == ["Handleplanen for 2028 fra den sociale styregruppe for Løget By er forelagt den 20. februar 2029"]
    assert labelled(en, "Action plan") == ["The action plan for 2028 of the social steering group of Løget By is presented on 20 February 2029"]
    assert labelled(en, "Duties count from") == [
        "Mads Eskildsen sits as chair in the social steering group of Løget By, on behalf of AAB, appointed by AAB, from 1 January 2026, with no end date"
    ]
    assert labelled(en, "Date") == ["The question concerns 15 January 2029"]


def test_loeget_meetings_names_the_meetings_of_the_year_and_the_bound(demo: Governance) -> None:
    v = audited(demo, "loeget.meetings", date(2028, 1, 10))
    da, en = both(v)
    assert labelled(da, "Møde") == [
        "Den fælles styregruppe for Løget By: styregruppemøde den 16. februar 2027", "Den fælles styregruppe for Løget By: styregruppemøde den 20. april 2027",
    ]
    assert labelled(en, "Meeting") == [
        "The joint steering group of Løget By: steering meeting on 16 February 2027", "The joint steering group of Løget By: steering meeting on 20 April 2027",
    ]
    assert labelled(da, "Grænse") == ["Det mindste antal styregruppemøder om året er 4"]
    assert labelled(en, "Duties count from")[0].startswith("Kasper Nørgaard sits as chair in the joint steering group of Løget By")


# -- the yearly duties --------------------------------------------------------------------------


def test_secretariat_conference_names_the_conferences_held_and_when_duties_began(demo: Governance) -> None:
    v = audited(demo, "secretariat.conference", date(2028, 3, 1))
    da, en = both(v)
    assert labelled(da, "Konference") == ["Fællessekretariatet: fælles konference den 29. oktober 2026"]
    assert labelled(en, "Conference") == ["The joint secretariat: joint conference on 29 October 2026"]
    assert labelled(da, "Pligterne regnes fra") == [
        "Maria Thorsen sidder som daglig leder i Fællessekretariatet, udpeget af ØsterBO, fra 1. januar 2026, uden slutdato"
    ]
    assert labelled(en, "Date") == ["The question concerns 1 March 2028"]


def test_evaluation_annual_names_the_platform_s_evaluations(demo: Governance) -> None:
    v = audited(demo, "evaluation.annual", date(2028, 3, 1))
    da, en = both(v)
    assert labelled(da, "Evaluering") == ["Fællessekretariatet: samlet evaluering den 3. december 2026"]
    assert labelled(en, "Evaluation") == ["The joint secretariat: overall evaluation on 3 December 2026"]
    assert labelled(en, "Duties count from")[0].startswith("Jens Kristensen sits as chair in the housing policy group")


# -- RequiredApproval.explanation ---------------------------------------------------------------


def approval_lines(approval: ApprovalView, lang: str) -> tuple[str, list[str]]:
    """The heading, and the reason lines after the rule line."""
    lines = approval.explanation(lang).split("\n")
    assert lines[1].startswith(ARROW + ("Regel " if lang == "da" else "Rule ") + "policy-group.advisory")
    assert all(line.startswith(ARROW) for line in lines[2:])
    return lines[0], [line[len(ARROW):] for line in lines[2:]]


def test_a_case_naming_no_organisation_is_approved_by_every_board_and_the_byraad(cases: Cases) -> None:
    view = cases.get("beboersammensaetning", ON)
    approvals = {a.approver: a for a in view.required_approvals}
    assert set(approvals) == {"byraad", *ALL_BOARDS}
    for key, org in ALL_BOARDS.items():
        board = org.removeprefix("Boligselskabet ")
        heading, da = approval_lines(approvals[key], "da")
        assert heading == f"Organisationsbestyrelsen i {board} skal godkende sagen »{BEBOER}«."
        assert labelled(da, "Sag") == [
            (f"Sagen »{BEBOER}« er på trinnet »godkendelse«, åbnet af den boligjuridiske temagruppe; "
            "den nævner ingen organisation og berører derfor alle platformens boligorganisationer")
        ]
        assert labelled(da, "Berørt boligorganisation") == [f"{org} er boligorganisation"]
        assert labelled(da, "Godkender") == [f"Organisationsbestyrelsen i {board} har status aktiv"]
        assert labelled(da, "Sendt til godkendelse") == [BEBOER_SENT_DA]
        assert not labelled(da, "Kommunen")
        heading, en = approval_lines(approvals[key], "en")
        assert heading == f"The board of {board} must approve the case \"{BEBOER}\"."
        assert labelled(en, "Case")[0].endswith("it names no organisation, so it concerns every housing organisation of the platform")
        assert labelled(en, "Housing organisation concerned") == [f"{org} is a housing organisation"]
        assert labelled(en, "Sent for approval") == [BEBOER_SENT_EN]
    heading, da = approval_lines(approvals["byraad"], "da")
    assert heading == f"Vejle Byråd skal godkende sagen »{BEBOER}«."
    assert labelled(da, "Kommunen") == ["Vejle Kommune er kommunen"]
    assert labelled(da, "Godkender") == ["Vejle Byråd har status aktiv"]
    assert labelled(da, "Afgørelse") == [f"Vejle Byråd registrerede afgørelsen »godkendt« om »{BEBOER}« den 27. maj 2026"]
    assert not labelled(da, "Berørt boligorganisation")
    heading, en = approval_lines(approvals["byraad"], "en")
    assert heading == f"Vejle City Council must approve the case \"{BEBOER}\"."
    assert labelled(en, "Municipality") == ["Vejle Kommune is the municipality"]
    assert labelled(en, "Decision") == [f"Vejle City Council recorded the decision \"approved\" on \"{BEBOER}\" on 27 May 2026"]
    # A board still to decide has no decision line.
    assert not labelled(approval_lines(approvals["board-domea"], "en")[1], "Decision")


def test_a_case_naming_one_organisation_is_approved_by_the_byraad_and_that_board(cases: Cases) -> None:
    view = walk(cases, "APPROVAL")
    approvals = {a.approver: a for a in view.required_approvals}
    assert set(approvals) == {"byraad", "board-oesterbo"}
    sent_da = f"Trin 6 i »{PLANER}«: den boligpolitiske gruppe førte sagen til trinnet »godkendelse« den 28. maj 2026"
    sent_en = f"Step 6 of \"{PLANER}\": the housing policy group took the case to the stage \"approval\" on 28 May 2026"
    heading, da = approval_lines(approvals["board-oesterbo"], "da")
    assert heading == f"Organisationsbestyrelsen i ØsterBO skal godkende sagen »{PLANER}«."
    assert labelled(da, "Sag") == [planer_case("da", "godkendelse")]
    assert labelled(da, "Berørt boligorganisation") == ["ØsterBO er boligorganisation"]
    assert labelled(da, "Sendt til godkendelse") == [sent_da]
    heading, en = approval_lines(approvals["board-oesterbo"], "en")
    assert heading == f"The board of ØsterBO must approve the case \"{PLANER}\"."
    assert labelled(en, "Case") == [planer_case("en", "approval")]
    assert labelled(en, "Housing organisation concerned") == ["ØsterBO is a housing organisation"]
    assert labelled(en, "Approver") == ["The board of ØsterBO has the status active"]
    heading, da = approval_lines(approvals["byraad"], "da")
    assert heading == f"Vejle Byråd skal godkende sagen »{PLANER}«."
    assert labelled(da, "Kommunen") == ["Vejle Kommune er kommunen"]
    heading, en = approval_lines(approvals["byraad"], "en")
    assert heading == f"Vejle City Council must approve the case \"{PLANER}\"."
    assert labelled(en, "Sent for approval") == [sent_en]
    # Once decided, the decision is among the reasons.
    decided = ok(cases.record_approval("vedligeholdelsesplaner", "byraad", "APPROVED", "test", ON))
    [byraad] = [a for a in decided.required_approvals if a.approver == "byraad"]
    assert byraad.status == "APPROVED"
    assert labelled(approval_lines(byraad, "en")[1], "Decision") == [
        f"Vejle City Council recorded the decision \"approved\" on \"{PLANER}\" on 1 June 2026"
    ]


def test_an_approval_view_compares_without_its_explanation(cases: Cases) -> None:
    first, second = cases.get("beboersammensaetning", ON), cases.get("beboersammensaetning", ON)
    assert first.required_approvals == second.required_approvals


# -- every rule of these files is covered -------------------------------------------------------


@pytest.mark.parametrize("file", ["cases.lp", "case_approvals.lp", "loeget_budget.lp", "yearly.lp"])
def test_every_violation_rule_names_its_facts(governance: Governance, file: str) -> None:
    """Each violation id of the file has because/5 rules of its own beside it, for each variant."""
    rule_set = governance.rule_set
    text = (rule_set.directory / file).read_text()
    ids = [rule.id for rule in rule_set.rules.values() if rule.file.endswith(file)]
    assert ids
    for rule_id in ids:
        heads = [part.split(":-", 1)[0] for part in text.split(f'because("{rule_id}", ')[1:]]
        assert heads, rule_id
        for variant in (v for v in rule_set.rules[rule_id].variants if v):
            assert any(f"({variant}, " in head or "Args" in head for head in heads), (rule_id, variant)
