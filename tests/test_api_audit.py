"""The audit trail over HTTP: one entry per mutation, allowed or refused; auditLog as security.graphql has it; overrides."""

from __future__ import annotations

from typing import Any

import pytest
from api_client import AS_OF, Api, anyio_backend, api, audit_count, contract, error_codes, issue_token  # noqa: F401

from schema.schema import schema

pytestmark = pytest.mark.anyio

NINTH_FKU_SEAT = {"appoint": {"person": "jakob-friis", "body": "fku", "role": "MEMBER",
                              "appointedBy": "vejle-kommune", "onBehalfOf": "vejle-kommune"}}
OWN_SEAT = {"appoint": {"person": "thomas-ager", "body": "noerremarken", "role": "MEMBER", "appointedBy": "aab", "onBehalfOf": "aab"}}
APPLY = "mutation($changes: [ChangeInput!]!, $asOf: Date) { applyChanges(changes: $changes, asOf: $asOf) { __typename } }"


@pytest.fixture
def security() -> str:
    return contract("security.graphql")


async def _log(api: Api, security: str, token: str, **variables: Any) -> list[dict[str, Any]]:
    return (await api.data_of(security, "AuditLog", variables, token=token))["auditLog"]


async def test_the_audit_log_lists_what_was_asked_and_the_verdict_newest_first(api: Api, security: str) -> None:
    auditor = issue_token(api, "auditor")
    refused = (await api.data("ApplyChanges", {"changes": [NINTH_FKU_SEAT], "asOf": AS_OF, "justification": "a ninth seat"}))
    applied = (await api.data("ApplyChanges", {"changes": [OWN_SEAT], "asOf": AS_OF}))
    newest, older = await _log(api, security, auditor, limit=2)
    assert newest["id"] == applied["applyChanges"]["auditId"] and older["id"] == newest["id"] - 1
    assert refused["applyChanges"]["__typename"] == "Rejected"
    version = api.app.state.governance.rule_set.version
    assert (newest["action"], newest["actor"], newest["allowed"], newest["ruleSetVersion"]) == ("applyChanges", "admin", True, version)
    assert (older["allowed"], older["justification"]) == (False, "a ninth seat")
    assert {"rule": "fku.cap", "severity": "ERROR"} in older["violations"]
    assert newest["at"] >= older["at"] and newest["at"].endswith("+00:00")


async def test_the_audit_log_of_one_body(api: Api, security: str) -> None:
    await api.data("ApplyChanges", {"changes": [NINTH_FKU_SEAT], "asOf": AS_OF})
    await api.data("ApplyChanges", {"changes": [OWN_SEAT], "asOf": AS_OF})
    entries = await api.post("query($body: String) { auditLog(body: $body) { action bodies } }", {"body": "fku"})
    assert [e["bodies"] for e in entries["data"]["auditLog"]] == [["fku"]]
    unknown = await api.data_of(security, "AuditLog", {"body": "noerremarken", "limit": 5})
    assert len(unknown["auditLog"]) == 1
    answer = await api.post('{ auditLog(body: "nowhere") { id } }')
    assert answer["errors"][0]["extensions"] == {"code": "UNKNOWN_KEY", "value": "nowhere"}


@pytest.mark.parametrize("limit", [0, 501])
async def test_a_limit_out_of_range_is_an_error_naming_it(api: Api, limit: int) -> None:
    answer = await api.post("query($limit: Int) { auditLog(limit: $limit) { id } }", {"limit": limit})
    assert answer["errors"][0]["extensions"] == {"code": "BAD_VALUE", "value": str(limit)}


MUTATIONS = [
    ("an allowed appointment", APPLY, {"changes": [OWN_SEAT], "asOf": AS_OF}, "admin"),
    ("a change the rules refuse", APPLY, {"changes": [NINTH_FKU_SEAT], "asOf": AS_OF}, "admin"),
    ("an unknown person", APPLY, {"changes": [{"appoint": {**OWN_SEAT["appoint"], "person": "nobody"}}]}, "admin"),
    ("a membership id that is not a number", APPLY, {"changes": [{"endMembership": {"membership": "x", "endsOn": AS_OF}}]}, "admin"),
    ("a malformed date", APPLY, {"changes": [OWN_SEAT], "asOf": "2026-13-01"}, "admin"),
    ("a change with two members", APPLY, {"changes": [{**OWN_SEAT, "dissolveBody": {"body": "fku", "on": AS_OF}}]}, "admin"),
    ("an unknown field", 'mutation { constituteBody(body: "fku") { nonsense } }', {}, "admin"),
    ("no token", APPLY, {"changes": [OWN_SEAT]}, None),
    ("a role without the right", APPLY, {"changes": [OWN_SEAT]}, "viewer"),
    ("an unknown body to constitute", 'mutation { constituteBody(body: "nowhere") { __typename } }', {}, "admin"),
    ("a constituted body", 'mutation { constituteBody(body: "fku") { __typename } }', {}, "admin"),
    ("a registered person", 'mutation { createPerson(input: {key: "p1", name: "P"}) { __typename } }', {}, "admin"),
    ("a duplicate person", 'mutation { createPerson(input: {key: "thomas-ager", name: "T"}) { __typename } }', {}, "admin"),
    ("a case opened", 'mutation { openCase(input: {key: "c1", title: "C", originator: "theme-social"}) { __typename } }', {}, "admin"),
    ("a case step the rules refuse", 'mutation { advanceCase(case: "styringsdialog", to: ADOPTED, by: "fku") { __typename } }', {}, "admin"),
    ("a rule reload", "mutation { reloadRules { version } }", {}, "admin"),
]


@pytest.mark.parametrize(("what", "document", "variables", "role"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
async def test_every_mutation_allowed_or_refused_leaves_exactly_one_entry(
    api: Api, what: str, document: str, variables: dict[str, Any], role: str | None
) -> None:
    token = {"admin": "test-admin-token", None: None}.get(role) if role in ("admin", None) else issue_token(api, role)
    before = audit_count(api)
    await api.post(document, variables, token=token)
    assert audit_count(api) == before + 1, what


async def test_a_refused_document_s_entry_says_why(api: Api, security: str) -> None:
    await api.run("ApplyChanges", {"changes": [OWN_SEAT], "asOf": "2026-13-01"})  # the whole operations.graphql
    [entry] = (await api.post("{ auditLog(limit: 1) { action actor allowed request } }"))["data"]["auditLog"]
    assert (entry["action"], entry["actor"], entry["allowed"]) == ("applyChanges", "admin", False)
    assert "2026-13-01" in entry["request"]["error"] and "2026-13-01" in entry["request"]["variables"]


async def test_a_refusal_that_cannot_be_recorded_still_refuses_and_leaks_nothing(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: Any) -> None:
        raise RuntimeError("INSERT INTO audit_entries failed: secret detail")

    monkeypatch.setattr(api.app.state.governance, "record_refusal", broken)
    for answer in (await api.run("ApplyChanges", {"changes": [OWN_SEAT], "asOf": "2026-13-01"}),
                   await api.run("ApplyChanges", {"changes": [OWN_SEAT]}, token=None)):
        assert answer["errors"] and "secret detail" not in str(answer) and "INSERT" not in str(answer)


async def test_the_api_has_no_way_to_change_or_remove_an_entry() -> None:
    mutations = schema._schema.mutation_type.fields
    assert not [name for name in mutations if "audit" in name.lower()]


async def test_the_audit_log_is_for_auditors_and_administrators_only(api: Api, security: str) -> None:
    for role, allowed in (("viewer", False), ("staff", False), ("auditor", True), ("admin", True)):
        answer = await api.post(contract("security.graphql"), {"limit": 1}, token=issue_token(api, role), operation="AuditLog")
        assert ("errors" not in answer) is allowed, (role, answer)
        if not allowed:
            assert error_codes(answer) == ["FORBIDDEN"] and answer["errors"][0]["extensions"]["right"] == "read-audit"


# -- overrides -----------------------------------------------------------------------------------


async def test_an_administrator_overrides_with_a_justification_and_the_entry_stands_out(api: Api) -> None:
    mutation = """mutation($changes: [ChangeInput!]!, $justification: String) {
        applyChanges(changes: $changes, asOf: "2026-06-01", justification: $justification, override: true) {
            __typename ... on Applied { auditId violations { rule severity introduced } } } }"""
    applied = (await api.post(mutation, {"changes": [NINTH_FKU_SEAT], "justification": "Byrådets beslutning 12/5"}))["data"]["applyChanges"]
    assert applied["__typename"] == "Applied"
    assert {"rule": "fku.cap", "severity": "ERROR", "introduced": True} in applied["violations"]
    [entry] = (await api.post("{ auditLog(limit: 1) { id override allowed justification violations { rule } } }"))["data"]["auditLog"]
    assert entry["id"] == applied["auditId"]
    assert (entry["override"], entry["allowed"], entry["justification"]) == (True, True, "Byrådets beslutning 12/5")
    assert "fku.cap" in {v["rule"] for v in entry["violations"]}


async def test_an_override_needs_a_justification(api: Api) -> None:
    mutation = """mutation { applyChanges(changes: [{appoint: {person: "jakob-friis", body: "fku", role: MEMBER,
        appointedBy: "vejle-kommune", onBehalfOf: "vejle-kommune"}}], override: true) {
        __typename ... on Rejected { violations { rule } } } }"""
    before = audit_count(api)
    answer = (await api.post(mutation))["data"]["applyChanges"]
    assert answer == {"__typename": "Rejected", "violations": [{"rule": "input.justification_required"}]}
    assert audit_count(api) == before + 1


async def test_only_an_administrator_may_override(api: Api) -> None:
    staff = issue_token(api, "staff")
    mutation = 'mutation { applyChanges(changes: [], justification: "why", override: true) { __typename } }'
    answer = await api.post(mutation, token=staff)
    assert error_codes(answer) == ["FORBIDDEN"] and answer["errors"][0]["extensions"]["right"] == "override"


@pytest.mark.parametrize("document", [
    "{ auditLog(limit: 0) { id } }",
    "{ auditLog(limit: 501) { id } }",
    '{ composition(body: "fku", asOf: "2026-06-01") { repairs(limit: 0) { summary } } }',
])
async def test_a_limit_out_of_range_is_an_error_naming_it(api: Api, document: str) -> None:
    answer = await api.post(document, headers={"Accept-Language": "en"})
    [error] = answer["errors"]
    assert error["extensions"]["code"] == "BAD_VALUE" and error["message"].startswith("limit must be between 1 and")
