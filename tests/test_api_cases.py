"""Cases over HTTP: the contract's Case, OpenCase, AdvanceCase and RecordApproval, against the demo."""

from __future__ import annotations

from datetime import date

import pytest
from api_client import Api, anyio_backend, api, error_codes  # noqa: F401

pytestmark = pytest.mark.anyio

PENDING_BOARDS = ["board-domea", "board-grejsdalen", "board-jelling-boligselskab", "board-lejerbo"]
NEW_CASE = {"key": "haervaerk-2", "title": "Bedste praksis mod hærværk, del 2", "originator": "theme-social",
            "concerns": ["aab", "oesterbo"]}


async def test_a_case_awaiting_approval_shows_what_the_rules_require(api: Api) -> None:
    case = (await api.data("Case", {"case": "beboersammensaetning"}))["case"]
    assert (case["key"], case["stage"], case["originator"]) == ("beboersammensaetning", "APPROVAL", {"key": "theme-legal"})
    assert len(case["concerns"]) == 6
    approvals = {a["approver"]["key"]: a["status"] for a in case["requiredApprovals"]}
    assert approvals == {"byraad": "APPROVED", "board-aab": "APPROVED", "board-oesterbo": "APPROVED",
                         **dict.fromkeys(PENDING_BOARDS, "PENDING")}
    assert {a["rule"] for a in case["requiredApprovals"]} == {"policy-group.advisory"}
    assert {a["approver"]["name"] for a in case["requiredApprovals"]} >= {"Vejle Byråd"}
    assert {t["to"]: sorted(b["key"] for b in t["by"]) for t in case["allowedTransitions"]} == {
        "ADOPTED": PENDING_BOARDS, "REJECTED": PENDING_BOARDS, "WITHDRAWN": ["theme-legal"],
    }
    assert [h["stage"] for h in case["history"]] == ["DRAFT", "HEARING", "CONSOLIDATION", "STATEMENT", "DECISION", "APPROVAL"]
    assert case["history"][-1] == {"stage": "APPROVAL", "by": {"key": "policy-group"}, "on": "2026-05-04"}


async def test_a_case_is_adopted_when_every_required_body_approves(api: Api) -> None:
    for board in PENDING_BOARDS:
        variables = {"case": "beboersammensaetning", "approver": board, "decision": "APPROVED"}
        result = (await api.data("RecordApproval", variables))["recordApproval"]
        assert result["__typename"] == "Case"
    assert result["stage"] == "ADOPTED"
    assert {a["status"] for a in result["requiredApprovals"]} == {"APPROVED"}


async def test_one_refusal_binds_only_its_own_organisation(api: Api) -> None:
    variables = {"case": "beboersammensaetning", "approver": "board-lejerbo", "decision": "REFUSED"}
    result = (await api.data("RecordApproval", variables))["recordApproval"]
    assert result["stage"] == "APPROVAL"
    assert {"approver": {"key": "board-lejerbo"}, "status": "REFUSED"} in result["requiredApprovals"]


async def test_open_a_case_and_move_it_to_hearing_by_its_originator(api: Api) -> None:
    opened = (await api.data("OpenCase", {"input": NEW_CASE}))["openCase"]
    assert opened == {"__typename": "Case", "key": "haervaerk-2", "stage": "DRAFT"}
    case = (await api.data("Case", {"case": "haervaerk-2"}))["case"]
    assert {o["key"] for o in case["concerns"]} == {"aab", "oesterbo"}
    assert {a["approver"]["key"] for a in case["requiredApprovals"]} == {"byraad", "board-aab", "board-oesterbo"}
    assert case["allowedTransitions"] == [
        {"to": "HEARING", "by": [{"key": "theme-social"}]}, {"to": "WITHDRAWN", "by": [{"key": "theme-social"}]},
    ]

    refused = (await api.data("AdvanceCase", {"case": "haervaerk-2", "to": "HEARING", "by": "fku"}))["advanceCase"]
    assert refused["__typename"] == "Rejected"
    assert [(v["rule"], v["severity"]) for v in refused["violations"]] == [("case.flow", "ERROR")]
    assert "haervaerk-2" in refused["violations"][0]["subjects"]

    moved = (await api.data("AdvanceCase", {"case": "haervaerk-2", "to": "HEARING", "by": "theme-social"}))["advanceCase"]
    assert moved == {"__typename": "Case", "key": "haervaerk-2", "stage": "HEARING"}


async def test_a_hearing_answer_is_recorded(api: Api) -> None:
    await api.data("OpenCase", {"input": NEW_CASE})
    await api.data("AdvanceCase", {"case": "haervaerk-2", "to": "HEARING", "by": "theme-social"})
    mutation = """mutation($case: String!, $recipient: String!, $text: String!, $on: Date) {
        recordHearingAnswer(case: $case, recipient: $recipient, text: $text, on: $on) {
            __typename ... on Case { hearingAnswers { recipient { key } text on } } } }"""
    before_hearing = {"case": "haervaerk-2", "recipient": "board-aab", "text": "Enig.", "on": "2020-01-01"}
    assert (await api.post(mutation, before_hearing))["data"]["recordHearingAnswer"] == {"__typename": "Rejected"}
    today = date.today().isoformat()
    answer = await api.post(mutation, {**before_hearing, "on": today})
    assert answer["data"]["recordHearingAnswer"]["hearingAnswers"] == [
        {"recipient": {"key": "board-aab"}, "text": "Enig.", "on": today}
    ]


async def test_cases_are_listed_by_stage(api: Api) -> None:
    answer = await api.post("{ adopted: cases(stage: ADOPTED) { key } all: cases { key stage } }")
    assert answer["data"]["adopted"] == [{"key": "haervaerk-best-practice"}]
    assert {c["key"] for c in answer["data"]["all"]} == {"beboersammensaetning", "haervaerk-best-practice", "styringsdialog"}


async def test_an_unknown_case_is_an_error_in_a_query_and_rejected_in_a_mutation(api: Api) -> None:
    answer = await api.run("Case", {"case": "no-such-case"})
    assert error_codes(answer) == ["UNKNOWN_KEY"] and "no-such-case" in answer["errors"][0]["message"]
    result = (await api.data("AdvanceCase", {"case": "no-such-case", "to": "HEARING", "by": "fku"}))["advanceCase"]
    assert result["__typename"] == "Rejected"
    assert [(v["rule"], v["subjects"]) for v in result["violations"]] == [("input.unknown_key", ["no-such-case"])]


async def test_case_mutations_need_a_token(api: Api) -> None:
    answer = await api.run("OpenCase", {"input": NEW_CASE}, token=None)
    assert error_codes(answer) == ["UNAUTHENTICATED"]
    assert error_codes(await api.run("Case", {"case": "haervaerk-2"})) == ["UNKNOWN_KEY"]
