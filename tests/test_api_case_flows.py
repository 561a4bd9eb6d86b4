"""The case flows of cases.graphql over HTTP: tracks, co-originators, hearing recipients,
blocked transitions with their reasons, withdrawal, and approvals per organisation (and the
stricter reading, chosen by a parameter in the rule files)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from api_client import ADMIN_TOKEN, Api, anyio_backend, api, contract, operations  # noqa: F401
from sqlalchemy import update

from api.app import create_app
from api.settings import Settings
from governance.model import Body, BodyStatus

pytestmark = pytest.mark.anyio

FLOWS = contract("cases.graphql")
BOARDS = ["board-aab", "board-domea", "board-grejsdalen", "board-jelling-boligselskab", "board-lejerbo", "board-oesterbo"]
HEARD = sorted(["byraad", *BOARDS])
CASE_3 = {"key": "haervaerk-katalog", "title": "Katalog over best practice for hærværksforebyggelse",
          "originator": "noerremarken", "coOriginators": ["theme-social"]}
ADVANCE = """mutation($case: String!, $to: CaseStage!, $by: String!) {
    advanceCase(case: $case, to: $to, by: $by) {
        __typename ... on Case { stage warnings { rule severity message } }
        ... on Rejected { violations { rule severity message subjects } } } }"""
APPROVE = """mutation($case: String!, $approver: String!, $decision: ApprovalDecision!) {
    recordApproval(case: $case, approver: $approver, decision: $decision) {
        __typename ... on Case { stage adoptedFor { key } } } }"""


async def _flow(api: Api, case: str, lang: str = "DA") -> dict[str, Any]:
    return (await api.data_of(FLOWS, "CaseFlow", {"case": case, "lang": lang}))["case"]


async def _advance(api: Api, case: str, to: str, by: str) -> dict[str, Any]:
    return (await api.post(ADVANCE, {"case": case, "to": to, "by": by}))["data"]["advanceCase"]


async def _answer_all(api: Api, case: str, recipients: list[str] = HEARD) -> None:
    for recipient in recipients:
        variables = {"case": case, "recipient": recipient, "text": "Forslaget kvalificeres."}
        answered = (await api.data_of(FLOWS, "RecordHearingAnswer", variables))["recordHearingAnswer"]
        assert answered["__typename"] == "Case", answered


def _moves(flow: dict[str, Any]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    allowed = {t["to"]: [b["key"] for b in t["by"]] for t in flow["allowedTransitions"]}
    blocked = {t["to"]: [b["key"] for b in t["by"]] for t in flow["blockedTransitions"]}
    return allowed, blocked


async def test_case_3_runs_as_the_source_writes_it(api: Api) -> None:
    opened = (await api.data_of(FLOWS, "OpenCaseWith", {"input": CASE_3}))["openCase"]
    assert opened == {"__typename": "Case", "key": "haervaerk-katalog", "stage": "DRAFT", "track": "POLITICAL",
                      "originator": {"key": "noerremarken"}, "coOriginators": [{"key": "theme-social"}]}
    flow = await _flow(api, "haervaerk-katalog")
    assert sorted(b["key"] for b in flow["hearingRecipients"]) == HEARD
    assert _moves(flow) == ({"HEARING": ["noerremarken", "theme-social"], "WITHDRAWN": ["noerremarken", "theme-social"]}, {})

    assert (await _advance(api, "haervaerk-katalog", "HEARING", "theme-social"))["stage"] == "HEARING"
    await _answer_all(api, "haervaerk-katalog", ["byraad", "board-aab"])
    flow = await _flow(api, "haervaerk-katalog", "EN")
    allowed, blocked = _moves(flow)
    assert allowed == {"WITHDRAWN": ["noerremarken", "theme-social"]}
    assert blocked == {"CONSOLIDATION": ["noerremarken", "secretariat", "theme-social"]}
    reasons = flow["blockedTransitions"][0]["reasons"]
    assert {(r["rule"], r["severity"]) for r in reasons} == {("case.hearing", "ERROR")}
    assert sorted(r["subjects"][-1] for r in reasons) == sorted(set(HEARD) - {"byraad", "board-aab"})
    assert "cannot move to consolidation before the answer from the board of Domea" in " ".join(r["message"] for r in reasons)

    await _answer_all(api, "haervaerk-katalog", sorted(set(HEARD) - {"byraad", "board-aab"}))
    flow = await _flow(api, "haervaerk-katalog")
    assert _moves(flow)[0]["CONSOLIDATION"] == ["noerremarken", "secretariat", "theme-social"]
    assert len(flow["hearingAnswers"]) == 7
    # "den boligsociale gruppe, der sammen med Fællessekretariatet indarbejder og samler alle kommentarer"
    assert (await _advance(api, "haervaerk-katalog", "CONSOLIDATION", "theme-social"))["stage"] == "CONSOLIDATION"
    assert (await _advance(api, "haervaerk-katalog", "STATEMENT", "secretariat"))["stage"] == "STATEMENT"
    assert (await _advance(api, "haervaerk-katalog", "DECISION", "secretariat"))["stage"] == "DECISION"
    assert (await _advance(api, "haervaerk-katalog", "APPROVAL", "policy-group"))["stage"] == "APPROVAL"
    flow = await _flow(api, "haervaerk-katalog")
    assert {a["approver"]["key"]: a["status"] for a in flow["requiredApprovals"]} == dict.fromkeys(HEARD, "PENDING")
    assert _moves(flow) == ({"ADOPTED": HEARD, "REJECTED": HEARD, "WITHDRAWN": ["noerremarken", "theme-social"]}, {})


async def test_a_decision_binds_each_organisation_whose_board_approves(api: Api) -> None:
    for board in ("board-domea", "board-lejerbo"):
        decided = (await api.post(APPROVE, {"case": "beboersammensaetning", "approver": board, "decision": "REFUSED"}))
        assert decided["data"]["recordApproval"]["stage"] == "APPROVAL"
    for board in ("board-grejsdalen", "board-jelling-boligselskab"):
        decided = (await api.post(APPROVE, {"case": "beboersammensaetning", "approver": board, "decision": "APPROVED"}))
    assert decided["data"]["recordApproval"] == {
        "__typename": "Case", "stage": "ADOPTED",
        "adoptedFor": [{"key": "aab"}, {"key": "grejsdalen"}, {"key": "jelling-boligselskab"}, {"key": "oesterbo"}],
    }
    flow = await _flow(api, "beboersammensaetning")
    assert flow["adoptedFor"] == decided["data"]["recordApproval"]["adoptedFor"]
    assert flow["allowedTransitions"] == [] and flow["blockedTransitions"] == []


async def test_an_originator_withdraws_a_case_and_nobody_else_can(api: Api) -> None:
    refused = await _advance(api, "beboersammensaetning", "WITHDRAWN", "policy-group")
    assert refused["__typename"] == "Rejected"
    assert [v["rule"] for v in refused["violations"] if v["severity"] == "ERROR"] == ["case.flow"]
    assert (await _advance(api, "beboersammensaetning", "WITHDRAWN", "theme-legal"))["stage"] == "WITHDRAWN"
    flow = await _flow(api, "beboersammensaetning")
    assert (flow["stage"], flow["allowedTransitions"], flow["blockedTransitions"]) == ("WITHDRAWN", [], [])
    again = await _advance(api, "beboersammensaetning", "WITHDRAWN", "theme-legal")
    assert any("står som trukket tilbage og kan ikke flyttes videre" in v["message"] for v in again["violations"])


async def test_a_group_case_is_concluded_by_its_originators_without_approvals(api: Api) -> None:
    group = {"key": "temadag", "title": "Temadag om hærværksforebyggelse", "originator": "theme-social", "track": "GROUP"}
    opened = (await api.data_of(FLOWS, "OpenCaseWith", {"input": group}))["openCase"]
    assert (opened["track"], opened["coOriginators"]) == ("GROUP", [])
    flow = await _flow(api, "temadag")
    assert flow["requiredApprovals"] == []
    assert _moves(flow) == ({"HEARING": ["theme-social"], "CONCLUDED": ["theme-social"], "WITHDRAWN": ["theme-social"]}, {})
    refused = await _advance(api, "temadag", "STATEMENT", "theme-social")
    assert any("uden beslutning og godkendelse" in v["message"] for v in refused["violations"])
    assert (await _advance(api, "temadag", "CONCLUDED", "theme-social"))["stage"] == "CONCLUDED"
    assert (await _advance(api, "temadag", "CONCLUDED", "theme-social"))["__typename"] == "Rejected"


async def test_a_statement_while_fku_is_forming_is_a_warning(api: Api) -> None:
    await api.data_of(FLOWS, "OpenCaseWith", {"input": {**CASE_3, "coOriginators": []}})
    await _advance(api, "haervaerk-katalog", "HEARING", "noerremarken")
    await _answer_all(api, "haervaerk-katalog")
    await _advance(api, "haervaerk-katalog", "CONSOLIDATION", "noerremarken")
    await _advance(api, "haervaerk-katalog", "STATEMENT", "noerremarken")
    with api.app.state.governance.database.unit_of_work(write=True) as session:
        session.execute(update(Body).where(Body.key == "fku").values(status=BodyStatus.FORMING))
    flow = await _flow(api, "haervaerk-katalog")
    assert _moves(flow)[0]["DECISION"] == ["secretariat"]
    moved = await _advance(api, "haervaerk-katalog", "DECISION", "secretariat")
    assert moved["stage"] == "DECISION"
    assert [(w["rule"], w["severity"]) for w in moved["warnings"]] == [("case.fku-forming", "WARNING")]


async def test_a_co_originator_must_be_a_known_body(api: Api) -> None:
    answer = await api.post(FLOWS, {"input": {**CASE_3, "coOriginators": ["atlantis"]}}, operation="OpenCaseWith")
    rejected = answer["data"]["openCase"]
    assert rejected["__typename"] == "Rejected"
    assert [(v["rule"], v["subjects"]) for v in rejected["violations"]] == [("input.unknown_key", ["atlantis"])]


@pytest.fixture
async def strict_api(demo: Any, database_url: str, rules: Path) -> AsyncIterator[Api]:
    """The API with the stricter reading of approvals: every board must approve, one refusal rejects."""
    params = rules / "params.lp"
    params.write_text(params.read_text(encoding="utf-8").replace(
        "param(case_every_board_must_approve, 0).", "param(case_every_board_must_approve, 1)."), encoding="utf-8")
    app = create_app(Settings(database_url=database_url, admin_token=ADMIN_TOKEN, rules_dir=str(rules)))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://boliv.test") as client:
        yield Api(app, client, operations())
    app.state.governance.database.dispose()


async def test_the_stricter_reading_rejects_at_one_refusal(strict_api: Api) -> None:
    decided = await strict_api.post(APPROVE, {"case": "beboersammensaetning", "approver": "board-lejerbo", "decision": "REFUSED"})
    assert decided["data"]["recordApproval"] == {"__typename": "Case", "stage": "REJECTED", "adoptedFor": []}


async def test_the_stricter_reading_adopts_when_every_board_approves(strict_api: Api) -> None:
    for board in ("board-domea", "board-grejsdalen", "board-jelling-boligselskab", "board-lejerbo"):
        decided = await strict_api.post(APPROVE, {"case": "beboersammensaetning", "approver": board, "decision": "APPROVED"})
        stage = decided["data"]["recordApproval"]["stage"]
        assert stage == ("ADOPTED" if board == "board-lejerbo" else "APPROVAL")
    assert len(decided["data"]["recordApproval"]["adoptedFor"]) == 6
