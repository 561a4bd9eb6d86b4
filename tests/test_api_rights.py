"""The rights table over HTTP, cell by cell: every role against every right, and each cell of an org-admin's scope.

The expected table is written out here from CONTRACT.md ("Audit trail"), not read from
``schema.permissions``: a change to ``RIGHTS`` that the contract does not allow fails.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from api_client import AS_OF, Api, anyio_backend, api, audit_count, issue_token  # noqa: F401

pytestmark = pytest.mark.anyio

EN = {"Accept-Language": "en"}
AUDIT_LOG = "{ auditLog(limit: 1) { action allowed } }"
OVERRIDE = """mutation { applyChanges(changes: [], asOf: "2026-06-01", justification: "test", override: true) {
    __typename } }"""
RELOAD = "mutation { reloadRules { version } }"
RECORD_DOCUMENT = """mutation { recordDocument(input: {body: "loeget-joint", kind: GOALS, title: "Mål", adoptedOn: "2026-03-01"}) {
    __typename } }"""
HEARING = """mutation($case: String!, $recipient: String!) {
    recordHearingAnswer(case: $case, recipient: $recipient, text: "Enig.") { __typename } }"""


def seat(person: str, body: str, appointed_by: str, on_behalf_of: str | None, role: str = "MEMBER") -> dict[str, Any]:
    return {"appoint": {"person": person, "body": body, "role": role, "appointedBy": appointed_by, "onBehalfOf": on_behalf_of}}


async def _apply(api: Api, token: str, *changes: dict[str, Any]) -> dict[str, Any]:
    return await api.run("ApplyChanges", {"changes": list(changes), "asOf": AS_OF}, token=token, headers=EN)


def _outcome(answer: dict[str, Any]) -> str:
    """``FORBIDDEN:<right>`` for a refusal by the rights, else the result's type name (or ``ok`` for a read)."""
    errors = answer.get("errors") or []
    if errors:
        extensions = errors[0].get("extensions", {})
        assert extensions.get("code") == "FORBIDDEN", answer
        return f"FORBIDDEN:{extensions['right']}"
    [value] = answer["data"].values()
    return value.get("__typename", "ok") if isinstance(value, dict) else "ok"


# -- every role against every right ------------------------------------------------------------

Probe = Callable[[Api, str], Awaitable[dict[str, Any]]]

PROBES: dict[str, tuple[Probe, str]] = {  # right -> (a request that needs exactly it, its result when allowed)
    "read": (lambda api, t: api.run("Organisations", token=t), "ok"),
    "read-audit": (lambda api, t: api.post(AUDIT_LOG, token=t), "ok"),
    "register-person": (lambda api, t: api.run("CreatePerson", {"input": {"key": "ny", "name": "Ny Person"}}, token=t), "Person"),
    "change-memberships": (lambda api, t: _apply(api, t, seat("michael-krogh", "noerremarken", "oesterbo", "oesterbo")), "Applied"),
    "change-bodies": (lambda api, t: _apply(api, t, {"createBody": {
        "key": "adhoc-ret", "name": "Ad hoc", "kind": "ADHOC_GROUP", "expiresOn": "2026-12-31"}}), "Applied"),
    "constitute-body": (lambda api, t: api.run("ConstituteBody", {"body": "fku", "asOf": AS_OF}, token=t), "Body"),
    "handle-cases": (lambda api, t: api.run("OpenCase", {"input": {"key": "ret", "title": "Ret", "originator": "theme-social"}},
                                            token=t), "Case"),
    "answer-for-body": (lambda api, t: api.run("RecordApproval", {
        "case": "beboersammensaetning", "approver": "board-domea", "decision": "APPROVED"}, token=t), "Case"),
    "reload-rules": (lambda api, t: api.post(RELOAD, token=t), "ok"),
    "record-documents": (lambda api, t: api.post(RECORD_DOCUMENT, token=t), "Document"),
    "override": (lambda api, t: api.post(OVERRIDE, token=t), "Applied"),
}

EVERY_RIGHT = set(PROBES)
GRANTED = {  # CONTRACT.md; the org-admin probes touch other organisations (aab's own cells are below)
    "viewer": {"read"},
    "auditor": {"read", "read-audit"},
    "org-admin": {"read"},
    "staff": {"read", "register-person", "change-bodies", "constitute-body", "handle-cases", "answer-for-body", "reload-rules",
              "record-documents"},
    "admin": EVERY_RIGHT,
}
CELLS = [(role, right) for role in GRANTED for right in PROBES]


@pytest.mark.parametrize(("role", "right"), CELLS, ids=[f"{role}-{right}" for role, right in CELLS])
async def test_a_role_has_exactly_the_rights_of_the_table(api: Api, role: str, right: str) -> None:
    token = issue_token(api, role, "aab" if role == "org-admin" else None)
    probe, allowed_as = PROBES[right]
    is_mutation = right not in ("read", "read-audit")
    before = audit_count(api)
    outcome = _outcome(await probe(api, token))
    assert outcome == (allowed_as if right in GRANTED[role] else f"FORBIDDEN:{right}")
    assert audit_count(api) == before + (1 if is_mutation else 0)  # allowed or refused, one entry per mutation


# -- an organisation administrator's scope, cell by cell -------------------------------------------

APPOINT_CELLS = [  # (what, the change, its outcome, the touch a refusal names, the organisation it names)
    ("own seat", seat("thomas-ager", "noerremarken", "aab", "aab"), "Applied", None, None),
    ("on behalf of no organisation", seat("thomas-ager", "noerremarken", "aab", None), "Applied", None, None),
    ("own board", seat("anders-bjerre", "board-aab", "aab", "aab"), "Applied", None, None),
    ("appointed by the municipality (the policy group's chair)",
     seat("thomas-ager", "policy-group", "vejle-kommune", "aab", "CHAIR"), "FORBIDDEN", "appointedBy", "vejle-kommune"),
    ("on behalf of another party", seat("thomas-ager", "noerremarken", "aab", "oesterbo"), "FORBIDDEN", "onBehalfOf", "oesterbo"),
    ("a Byråd seat appointed by the municipality", seat("thomas-ager", "byraad", "vejle-kommune", "aab"),
     "FORBIDDEN", "appointedBy", "vejle-kommune"),
    ("a Byråd seat appointed by itself", seat("thomas-ager", "byraad", "aab", "aab"), "FORBIDDEN", "bodyOf", "vejle-kommune"),
    ("another board, appointed by its party", seat("thomas-ager", "board-oesterbo", "oesterbo", None),
     "FORBIDDEN", "appointedBy", "oesterbo"),
    ("another board, appointed by itself", seat("thomas-ager", "board-oesterbo", "aab", "aab"), "FORBIDDEN", "bodyOf", "oesterbo"),
]


@pytest.mark.parametrize(("change", "outcome", "touch", "organisation"), [c[1:] for c in APPOINT_CELLS],
                         ids=[c[0] for c in APPOINT_CELLS])
async def test_an_org_admin_appoints_only_in_its_own_name(
    api: Api, change: dict[str, Any], outcome: str, touch: str | None, organisation: str | None
) -> None:
    aab = issue_token(api, "org-admin", "aab")
    before = audit_count(api)
    answer = await _apply(api, aab, change)
    person, body = change["appoint"]["person"], change["appoint"]["body"]
    members = {m["person"]["key"] for m in (await api.data("BodyMembers", {"body": body, "asOf": AS_OF}))["body"]["members"]}
    if outcome == "Applied":
        assert answer["data"]["applyChanges"]["__typename"] == "Applied", answer
        assert person in members
    else:
        [error] = answer["errors"]
        assert error["extensions"] == {"code": "FORBIDDEN", "right": "change-memberships", "role": "org-admin (aab)",
                                       "touch": touch, "organisation": organisation}
        assert person not in members
    assert audit_count(api) == before + 1


async def _membership(api: Api, body: str, person: str) -> str:
    members = (await api.data("BodyMembers", {"body": body, "asOf": AS_OF}))["body"]["members"]
    return next(m["id"] for m in members if m["person"]["key"] == person)


async def test_an_org_admin_ends_only_memberships_its_organisation_appointed(api: Api) -> None:
    aab = issue_token(api, "org-admin", "aab")
    own = await _membership(api, "adhoc-styringsdialog", "anders-bjerre")  # appointed by AAB
    other = await _membership(api, "adhoc-styringsdialog", "michael-krogh")  # appointed by ØsterBO
    refused = await _apply(api, aab, {"endMembership": {"membership": other, "endsOn": AS_OF}})
    assert refused["errors"][0]["message"] == (
        "The role 'org-admin (aab)' lacks the right 'change-memberships' appointed by oesterbo that applyChanges needs; "
        "nothing was changed."
    )
    applied = await _apply(api, aab, {"endMembership": {"membership": own, "endsOn": AS_OF}})
    assert applied["data"]["applyChanges"]["__typename"] == "Applied"


async def test_one_forbidden_change_refuses_the_whole_batch(api: Api) -> None:
    aab = issue_token(api, "org-admin", "aab")
    answer = await _apply(api, aab, seat("thomas-ager", "noerremarken", "aab", "aab"),
                          seat("hanne-lund", "byraad", "aab", "aab"))
    assert answer["errors"][0]["extensions"]["touch"] == "bodyOf"
    members = (await api.data("BodyMembers", {"body": "noerremarken", "asOf": AS_OF}))["body"]["members"]
    assert "thomas-ager" not in {m["person"]["key"] for m in members}


@pytest.mark.parametrize(("approver", "outcome"), [
    ("board-domea", "Case"), ("board-lejerbo", "FORBIDDEN:answer-for-body"), ("byraad", "FORBIDDEN:answer-for-body"),
])
async def test_an_org_admin_records_approvals_only_for_its_own_board(api: Api, approver: str, outcome: str) -> None:
    domea = issue_token(api, "org-admin", "domea")
    before = audit_count(api)
    answer = await api.run("RecordApproval", {"case": "beboersammensaetning", "approver": approver, "decision": "APPROVED"},
                           token=domea, headers=EN)
    assert _outcome(answer) == outcome
    assert audit_count(api) == before + 1
    approvals = (await api.data("Case", {"case": "beboersammensaetning"}))["case"]["requiredApprovals"]
    status = next(a["status"] for a in approvals if a["approver"]["key"] == approver)
    assert status == ("APPROVED" if outcome == "Case" or approver == "byraad" else "PENDING")  # the Byråd had approved


@pytest.mark.parametrize(("recipient", "outcome", "organisation"), [
    ("board-aab", "Case", None), ("board-oesterbo", "FORBIDDEN:answer-for-body", "oesterbo"),
    ("fku", "FORBIDDEN:answer-for-body", None),
])
async def test_an_org_admin_records_hearing_answers_only_for_its_own_board(
    api: Api, recipient: str, outcome: str, organisation: str | None
) -> None:
    case = {"key": "hoering", "title": "Høring", "originator": "theme-social", "concerns": ["aab", "oesterbo"]}
    await api.data("OpenCase", {"input": case})
    await api.data("AdvanceCase", {"case": "hoering", "to": "HEARING", "by": "theme-social"})
    aab = issue_token(api, "org-admin", "aab")
    answer = await api.post(HEARING, {"case": "hoering", "recipient": recipient}, token=aab, headers=EN)
    assert _outcome(answer) == outcome
    if outcome != "Case":
        assert answer["errors"][0]["extensions"]["organisation"] == organisation
        body = "a body of no organisation" if organisation is None else f"a body of {organisation}"
        assert body in answer["errors"][0]["message"]
    case_now = (await api.post('{ case(key: "hoering") { hearingAnswers { recipient { key } } } }'))["data"]["case"]
    assert [a["recipient"]["key"] for a in case_now["hearingAnswers"]] == ([recipient] if outcome == "Case" else [])


def test_every_change_kind_of_the_api_has_a_class_that_parses_it() -> None:
    """Each member of ``ChangeInput`` is read by a change class, which names what it touches for the rights above."""
    from strawberry.utils.str_converters import to_camel_case

    from governance.changes import CHANGE_KINDS
    from schema.inputs import ChangeInput

    members = {field.graphql_name or to_camel_case(field.python_name) for field in ChangeInput.__strawberry_definition__.fields}
    assert members == set(CHANGE_KINDS)
