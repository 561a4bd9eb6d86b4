"""Documents over HTTP: recordDocument lays down what loeget.goals and communication.strategy ask for."""

from __future__ import annotations

from typing import Any

import pytest
from api_client import Api, anyio_backend, api, audit_count, error_codes, issue_token  # noqa: F401
from sqlalchemy import delete, func, select

from governance.model import AuditEntry, Document

pytestmark = pytest.mark.anyio

AFTER_FIRST_YEAR = "2027-06-01"
RECORD = """mutation($input: DocumentInput!) { recordDocument(input: $input) {
    __typename
    ... on Document { id kind title adoptedOn auditId body { key } }
    ... on Rejected { auditId violations { rule subjects message(lang: EN) } } } }"""
COMPOSITION = """query($body: String!, $asOf: Date) { composition(body: $body, asOf: $asOf) { violations { rule } } }"""
AUDIT = """query($asOf: Date) { audit(asOf: $asOf) { violations { rule body { key } } } }"""
DOCUMENTS = """query($body: String!) { body(key: $body) { documents { kind title adoptedOn body { key } } } }"""
GOALS = {"body": "loeget-joint", "kind": "GOALS", "title": "Mål og succeskriterier 2027", "adoptedOn": "2027-01-20"}


@pytest.fixture
def without_documents(api: Api) -> Api:
    """The demo without its two documents: the state before anyone recorded them."""
    with api.app.state.governance.database.unit_of_work(write=True) as session:
        session.execute(delete(Document))
    return api


def _documents(api: Api) -> int:
    with api.app.state.governance.database.unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(Document))


def _last_entry(api: Api) -> AuditEntry:
    with api.app.state.governance.database.unit_of_work() as session:
        return session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).one()


async def _rules_of(api: Api, body: str) -> set[str]:
    answer = (await api.post(COMPOSITION, {"body": body, "asOf": AFTER_FIRST_YEAR}))["data"]["composition"]
    return {v["rule"] for v in answer["violations"]}


async def _audit_rules(api: Api) -> set[tuple[str, str]]:
    answer = (await api.post(AUDIT, {"asOf": AFTER_FIRST_YEAR}))["data"]["audit"]
    return {(v["rule"], v["body"]["key"]) for v in answer["violations"]}


async def _record(api: Api, document: dict[str, Any], **options: Any) -> dict[str, Any]:
    return await api.post(RECORD, {"input": document}, **options)


async def test_recording_the_goals_makes_the_warning_go_away(without_documents: Api) -> None:
    api = without_documents
    assert "loeget.goals" in await _rules_of(api, "loeget-joint")
    assert ("loeget.goals", "loeget-joint") in await _audit_rules(api)
    staff = issue_token(api, "staff", holder="Sekretariatet")
    before = audit_count(api)
    recorded = (await _record(api, GOALS, token=staff))["data"]["recordDocument"]
    assert recorded["__typename"] == "Document"
    assert (recorded["kind"], recorded["title"], recorded["adoptedOn"], recorded["body"]) == (
        "GOALS", "Mål og succeskriterier 2027", "2027-01-20", {"key": "loeget-joint"})
    assert audit_count(api) == before + 1
    entry = _last_entry(api)
    assert (entry.id, entry.action, entry.actor, entry.allowed, entry.body_keys) == (
        recorded["auditId"], "recordDocument", "Sekretariatet (token 1)", True, ["loeget-joint"])
    assert "loeget.goals" not in await _rules_of(api, "loeget-joint")
    assert ("loeget.goals", "loeget-joint") not in await _audit_rules(api)
    documents = (await api.post(DOCUMENTS, {"body": "loeget-joint"}))["data"]["body"]["documents"]
    assert documents == [{"kind": "GOALS", "title": "Mål og succeskriterier 2027", "adoptedOn": "2027-01-20",
                          "body": {"key": "loeget-joint"}}]


async def test_goals_adopted_after_the_day_asked_do_not_count_yet(without_documents: Api) -> None:
    api = without_documents
    await _record(api, {**GOALS, "adoptedOn": "2027-09-01"})
    assert "loeget.goals" in await _rules_of(api, "loeget-joint")


async def test_a_communication_strategy_by_any_body_of_the_platform_answers_the_policy_group(without_documents: Api) -> None:
    api = without_documents
    assert "communication.strategy" in await _rules_of(api, "policy-group")
    strategy = {"body": "secretariat", "kind": "COMMUNICATION_STRATEGY", "title": "Formidlingsstrategi", "adoptedOn": "2027-03-01"}
    assert (await _record(api, strategy))["data"]["recordDocument"]["__typename"] == "Document"
    assert "communication.strategy" not in await _rules_of(api, "policy-group")


REFUSED_INPUT = [  # (what, the input, the violation's rule, its English message in part)
    ("an unknown body", {**GOALS, "body": "ingen-enhed"}, "input.unknown_key", "Unknown body: 'ingen-enhed'"),
    ("an empty title", {**GOALS, "title": "   "}, "input.empty", "must have a title"),
    ("a title over 200 characters", {**GOALS, "title": "m" * 201}, "input.too_long", "201 characters"),
]


@pytest.mark.parametrize(("document", "rule", "message"), [c[1:] for c in REFUSED_INPUT], ids=[c[0] for c in REFUSED_INPUT])
async def test_bad_input_is_rejected_with_nothing_written_and_one_entry(
    without_documents: Api, document: dict[str, Any], rule: str, message: str,
) -> None:
    api = without_documents
    before = audit_count(api)
    answer = (await _record(api, document))["data"]["recordDocument"]
    assert answer["__typename"] == "Rejected"
    [violation] = answer["violations"]
    assert violation["rule"] == rule and message in violation["message"]
    assert _documents(api) == 0 and audit_count(api) == before + 1
    entry = _last_entry(api)
    assert (entry.action, entry.allowed) == ("recordDocument", False)
    assert "loeget.goals" in await _rules_of(api, "loeget-joint")


@pytest.mark.parametrize("document", [{**GOALS, "kind": "BUDGET"}, {**GOALS, "adoptedOn": "2027-02-30"}], ids=["unknown kind", "no date"])
async def test_a_kind_or_day_graphql_cannot_read_is_refused_with_its_entry(without_documents: Api, document: dict[str, Any]) -> None:
    api = without_documents
    before = audit_count(api)
    answer = await _record(api, document)
    assert answer.get("data") is None and answer["errors"]
    assert _documents(api) == 0 and audit_count(api) == before + 1
    assert _last_entry(api).allowed is False


async def test_an_org_admin_may_not_record_a_joint_document(without_documents: Api) -> None:
    api = without_documents
    aab = issue_token(api, "org-admin", "aab")
    before = audit_count(api)
    answer = await _record(api, GOALS, token=aab, headers={"Accept-Language": "en"})
    assert error_codes(answer) == ["FORBIDDEN"]
    assert answer["errors"][0]["extensions"]["right"] == "record-documents"
    assert _documents(api) == 0 and audit_count(api) == before + 1
    entry = _last_entry(api)
    assert (entry.action, entry.allowed) == ("recordDocument", False)
    assert "loeget.goals" in await _rules_of(api, "loeget-joint")
