"""Bearer tokens: mutations need a token with the right; reads are open while no role token exists."""

from __future__ import annotations

import pytest
from api_client import AS_OF, Api, anyio_backend, api, error_codes  # noqa: F401
from sqlalchemy import func, select

from api.auth import AdminToken, caller_for
from governance.model import AuditEntry, Person
from schema.errors import ApiError
from schema.permissions import Action, Caller, CallerRole, CredentialProblem, Touch, ensure_allowed

pytestmark = pytest.mark.anyio

PERSON = {"input": {"key": "uden-token", "name": "Uden Token", "organisation": "aab"}}


def _count(api: Api, table: type) -> int:
    with api.app.state.governance.database.unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(table))


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({}, "This operation needs a bearer token (Authorization: Bearer <token>)."),
        ({"Authorization": "Bearer not-the-token"}, "The bearer token is not valid."),
        ({"Authorization": "Basic dXNlcjpwdw=="}, "The Authorization header must have the form 'Bearer <token>'."),
    ],
)
async def test_a_mutation_without_a_valid_token_is_refused_and_changes_nothing(api: Api, headers: dict, message: str) -> None:
    persons, entries = _count(api, Person), _count(api, AuditEntry)
    answer = await api.run("CreatePerson", PERSON, token=None, headers={**headers, "Accept-Language": "en"})
    assert answer["data"] is None
    assert error_codes(answer) == ["UNAUTHENTICATED"]
    assert answer["errors"][0]["message"] == message
    assert (_count(api, Person), _count(api, AuditEntry)) == (persons, entries + 1)  # only the refusal's entry
    with api.app.state.governance.database.unit_of_work() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (entry.actor, entry.action, entry.allowed) == ("anonymous", "createPerson", False)
        assert entry.request["error"] == message and entry.request["arguments"]["input"]["key"] == "uden-token"


async def test_refusals_are_in_danish_by_default(api: Api) -> None:
    answer = await api.run("ConstituteBody", {"body": "fku"}, token=None)
    assert answer["errors"][0]["message"] == "Denne handling kræver et bearer-token (Authorization: Bearer <token>)."


async def test_apply_changes_without_a_token_writes_nothing(api: Api) -> None:
    change = {"createBody": {"key": "adhoc-x", "name": "X", "kind": "ADHOC_GROUP", "expiresOn": "2026-12-31"}}
    answer = await api.run("ApplyChanges", {"changes": [change], "asOf": AS_OF}, token="wrong")
    assert error_codes(answer) == ["UNAUTHENTICATED"]
    assert "adhoc-x" not in {b["key"] for b in (await api.data("Bodies"))["bodies"]}


async def test_reads_need_no_token(api: Api) -> None:
    answer = await api.run("Organisations", token=None)
    assert "errors" not in answer and len(answer["data"]["organisations"]) == 7


async def test_the_admin_token_is_the_actor_in_the_audit_trail(api: Api) -> None:
    result = (await api.data("CreatePerson", PERSON))["createPerson"]
    assert result["__typename"] == "Person"
    with api.app.state.governance.database.unit_of_work() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (entry.action, entry.actor, entry.allowed) == ("createPerson", "admin", True)


def test_a_role_without_the_right_is_forbidden_naming_the_right() -> None:
    viewer = Caller(CallerRole.VIEWER, None, "viewer-1")
    with pytest.raises(ApiError) as refused:
        ensure_allowed(viewer, Action.CHANGE_MEMBERSHIPS, "applyChanges", "en")
    assert refused.value.extensions == {"code": "FORBIDDEN", "right": "change-memberships", "role": "viewer"}
    assert refused.value.message == "The role 'viewer' lacks the right 'change-memberships' that applyChanges needs; nothing was changed."
    ensure_allowed(Caller(CallerRole.ADMIN, None, "admin"), Action.CHANGE_MEMBERSHIPS, "applyChanges", "en",
                   {Touch.APPOINTED_BY: "oesterbo", Touch.BODY_OF: "vejle-kommune"})


def test_an_organisation_administrator_holds_its_right_for_its_own_organisation_only() -> None:
    aab = Caller(CallerRole.ORG_ADMIN, "aab", "org-admin aab (token 1)")
    own = {Touch.APPOINTED_BY: "aab", Touch.ON_BEHALF_OF: "aab", Touch.BODY_OF: None}
    ensure_allowed(aab, Action.CHANGE_MEMBERSHIPS, "applyChanges", "en", own)
    with pytest.raises(ApiError) as refused:
        ensure_allowed(aab, Action.CHANGE_MEMBERSHIPS, "applyChanges", "da", {**own, Touch.ON_BEHALF_OF: "oesterbo"})
    assert refused.value.extensions == {"code": "FORBIDDEN", "right": "change-memberships", "role": "org-admin (aab)",
                                        "touch": "onBehalfOf", "organisation": "oesterbo"}
    assert refused.value.message == (
        "Rollen 'org-admin (aab)' mangler retten 'change-memberships' på vegne af oesterbo, som applyChanges kræver; intet er ændret."
    )
    assert not aab.may(Action.CHANGE_MEMBERSHIPS, {}) and not aab.may(Action.CHANGE_BODIES)
    assert aab.holds(Action.CHANGE_MEMBERSHIPS) and not aab.may(Action.CHANGE_MEMBERSHIPS, {**own, Touch.BODY_OF: "oesterbo"})


def test_headers_map_to_callers() -> None:
    tokens = AdminToken("s3cret")
    assert caller_for("Bearer s3cret", tokens) == Caller(CallerRole.ADMIN, None, "admin")
    assert caller_for("bearer  s3cret ", tokens).role is CallerRole.ADMIN
    assert caller_for(None, tokens).problem is CredentialProblem.MISSING
    assert caller_for("Bearer", tokens).problem is CredentialProblem.MALFORMED
    assert caller_for("Bearer s3cret2", tokens).problem is CredentialProblem.UNKNOWN
    assert caller_for("Bearer anything", AdminToken(None)).problem is CredentialProblem.UNKNOWN
