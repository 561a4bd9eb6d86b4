"""Roles over HTTP: what viewer, org-admin, staff, auditor and admin tokens may do, and every refusal names the right."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from api_client import (  # noqa: F401
    ADMIN_TOKEN,
    AS_OF,
    Api,
    anyio_backend,
    api,
    audit_count,
    error_codes,
    issue_token,
    operations,
)

from api.app import create_app
from api.settings import Settings
from governance.tokens import Tokens

pytestmark = pytest.mark.anyio

OWN_SEAT = {"appoint": {"person": "thomas-ager", "body": "noerremarken", "role": "MEMBER",
                        "appointedBy": "aab", "onBehalfOf": "aab"}}
OTHER_SEAT = {"appoint": {"person": "michael-krogh", "body": "noerremarken", "role": "MEMBER",
                          "appointedBy": "oesterbo", "onBehalfOf": "oesterbo"}}
NEW_BODY = {"createBody": {"key": "adhoc-roles", "name": "Ad hoc om roller", "kind": "ADHOC_GROUP", "expiresOn": "2026-12-31"}}
PERSON = {"input": {"key": "ny-person", "name": "Ny Person", "organisation": "aab"}}
CASE = {"input": {"key": "roller", "title": "Roller", "originator": "theme-social"}}
AUDIT_LOG = "{ auditLog(limit: 1) { action } }"


async def _members(api: Api, body: str) -> dict[str, str]:
    """Person key -> membership id of the body's members on AS_OF."""
    members = (await api.data("BodyMembers", {"body": body, "asOf": AS_OF}))["body"]["members"]
    return {m["person"]["key"]: m["id"] for m in members}


async def _apply(api: Api, token: str, *changes: dict[str, Any]) -> dict[str, Any]:
    return await api.run("ApplyChanges", {"changes": list(changes), "asOf": AS_OF}, token=token, headers={"Accept-Language": "en"})


def _forbidden(answer: dict[str, Any], right: str, organisation: str | None = "-") -> str:
    """The refusal's message, after checking it is FORBIDDEN for ``right`` (and ``organisation`` when given)."""
    assert answer["data"] is None or all(value is None for value in answer["data"].values()), answer
    [error] = answer["errors"]
    assert error["extensions"]["code"] == "FORBIDDEN" and error["extensions"]["right"] == right, error
    if organisation != "-":
        assert error["extensions"]["organisation"] == organisation
    assert f"'{right}'" in error["message"] and ("nothing was changed" in error["message"] or "intet er ændret" in error["message"])
    return error["message"]


# -- reads -------------------------------------------------------------------------------------


async def test_reads_are_open_until_a_role_token_is_issued(api: Api) -> None:
    assert "errors" not in await api.run("Organisations", token=None)
    viewer = issue_token(api, "viewer")
    refused = await api.run("Organisations", token=None, headers={"Accept-Language": "en"})
    assert error_codes(refused) == ["UNAUTHENTICATED"] and refused["data"] is None
    assert len((await api.data("Organisations", token=viewer))["organisations"]) == 7
    introspection = await api.post("{ __schema { queryType { name } } }", token=None)
    assert introspection["data"]["__schema"]["queryType"]["name"] == "Query"  # GraphiQL's documentation stays open


async def test_revoking_every_token_does_not_reopen_reads(api: Api) -> None:
    tokens = Tokens(api.app.state.governance.database)
    row, _secret = tokens.create("viewer")
    tokens.revoke(row.id)
    assert error_codes(await api.run("Bodies", token=None)) == ["UNAUTHENTICATED"]


@pytest.fixture
async def closed_api(demo: Any, database_url: str) -> AsyncIterator[Api]:
    """The API with BOLIV_REQUIRE_READ_TOKEN=1: reads need a token from the start."""
    app = create_app(Settings.from_env({"BOLIV_DATABASE_URL": database_url, "BOLIV_ADMIN_TOKEN": ADMIN_TOKEN,
                                        "BOLIV_REQUIRE_READ_TOKEN": "1"}))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://boliv.test") as client:
        yield Api(app, client, operations())
    app.state.governance.database.dispose()


async def test_reads_can_need_a_token_from_the_start(closed_api: Api) -> None:
    assert error_codes(await closed_api.run("Organisations", token=None)) == ["UNAUTHENTICATED"]
    assert "errors" not in await closed_api.run("Organisations")  # the administrator token reads


async def test_a_revoked_token_is_not_valid(api: Api) -> None:
    tokens = Tokens(api.app.state.governance.database)
    row, secret = tokens.create("staff")
    assert "errors" not in await api.run("Bodies", token=secret)
    tokens.revoke(row.id)
    answer = await api.run("Bodies", token=secret, headers={"Accept-Language": "en"})
    assert error_codes(answer) == ["UNAUTHENTICATED"] and answer["errors"][0]["message"] == "The bearer token is not valid."


# -- viewer and auditor --------------------------------------------------------------------------


async def test_a_viewer_reads_and_changes_nothing(api: Api) -> None:
    viewer = issue_token(api, "viewer", holder="Vera Viewer")
    before = audit_count(api)
    _forbidden(await _apply(api, viewer, OWN_SEAT), "change-memberships")
    _forbidden(await api.run("CreatePerson", PERSON, token=viewer), "register-person")
    _forbidden(await api.post(AUDIT_LOG, token=viewer), "read-audit")
    assert "thomas-ager" not in await _members(api, "noerremarken")
    assert audit_count(api) == before + 2  # each refused mutation has its entry; the refused read has none
    log = await api.post("{ auditLog(limit: 2) { action actor allowed } }")
    assert log["data"]["auditLog"] == [
        {"action": "createPerson", "actor": "Vera Viewer (token 1)", "allowed": False},
        {"action": "applyChanges", "actor": "Vera Viewer (token 1)", "allowed": False},
    ]


async def test_an_auditor_reads_the_audit_log_and_changes_nothing(api: Api) -> None:
    auditor = issue_token(api, "auditor")
    assert "errors" not in await api.post(AUDIT_LOG, token=auditor)
    assert "errors" not in await api.run("Bodies", token=auditor)
    _forbidden(await _apply(api, auditor, NEW_BODY), "change-bodies")


# -- organisation administrator ------------------------------------------------------------------


async def test_an_organisation_administrator_appoints_on_behalf_of_its_own_organisation(api: Api) -> None:
    aab = issue_token(api, "org-admin", "aab")
    applied = (await _apply(api, aab, OWN_SEAT))["data"]["applyChanges"]
    assert applied["__typename"] == "Applied"
    assert "thomas-ager" in await _members(api, "noerremarken")


async def test_an_organisation_administrator_ends_its_own_organisation_s_memberships(api: Api) -> None:
    aab = issue_token(api, "org-admin", "aab")
    membership = (await _members(api, "adhoc-styringsdialog"))["anders-bjerre"]  # held on behalf of AAB
    end = {"endMembership": {"membership": membership, "endsOn": AS_OF}}
    assert (await _apply(api, aab, end))["data"]["applyChanges"]["__typename"] == "Applied"


async def test_an_organisation_administrator_cannot_touch_another_party_s_seats(api: Api) -> None:
    aab = issue_token(api, "org-admin", "aab")
    before = audit_count(api)
    message = _forbidden(await _apply(api, aab, OTHER_SEAT), "change-memberships", "oesterbo")
    assert message == (
        "The role 'org-admin (aab)' lacks the right 'change-memberships' appointed by oesterbo that applyChanges needs; "
        "nothing was changed."
    )
    oesterbo_seat = (await _members(api, "adhoc-styringsdialog"))["michael-krogh"]
    _forbidden(await _apply(api, aab, {"endMembership": {"membership": oesterbo_seat, "endsOn": AS_OF}}), "change-memberships", "oesterbo")
    _forbidden(await _apply(api, aab, OWN_SEAT, OTHER_SEAT), "change-memberships", "oesterbo")  # all or nothing
    behalf_of_other = {"appoint": {**OWN_SEAT["appoint"], "onBehalfOf": "oesterbo"}}
    _forbidden(await _apply(api, aab, behalf_of_other), "change-memberships", "oesterbo")
    assert "thomas-ager" not in await _members(api, "noerremarken")
    assert oesterbo_seat in (await _members(api, "adhoc-styringsdialog")).values()
    assert audit_count(api) == before + 4


async def test_an_organisation_administrator_may_do_nothing_else(api: Api) -> None:
    aab = issue_token(api, "org-admin", "aab")
    _forbidden(await _apply(api, aab, NEW_BODY), "change-bodies")
    _forbidden(await api.run("CreatePerson", PERSON, token=aab), "register-person")
    _forbidden(await api.run("ConstituteBody", {"body": "fku"}, token=aab), "constitute-body")
    _forbidden(await api.run("OpenCase", CASE, token=aab), "handle-cases")
    _forbidden(await api.post("mutation { reloadRules { version } }", token=aab), "reload-rules")


# -- staff and administrators ---------------------------------------------------------------------


async def test_staff_handle_bodies_cases_and_rules_but_not_seats(api: Api) -> None:
    staff = issue_token(api, "staff", holder="Sekretariatet")
    assert (await _apply(api, staff, NEW_BODY))["data"]["applyChanges"]["__typename"] == "Applied"
    dissolve = {"dissolveBody": {"body": "adhoc-roles", "on": "2026-07-01"}}
    assert (await _apply(api, staff, dissolve))["data"]["applyChanges"]["__typename"] == "Applied"
    assert (await api.data("OpenCase", CASE, token=staff))["openCase"]["__typename"] == "Case"
    assert (await api.data("ConstituteBody", {"body": "fku", "asOf": AS_OF}, token=staff))["constituteBody"]["__typename"] == "Body"
    reloaded = await api.post("mutation { reloadRules { version problems { file } } }", token=staff)
    assert reloaded["data"]["reloadRules"]["problems"] == []
    _forbidden(await _apply(api, staff, OWN_SEAT), "change-memberships")
    _forbidden(await api.post(AUDIT_LOG, token=staff), "read-audit")


async def test_an_administrator_role_token_may_do_everything(api: Api) -> None:
    admin = issue_token(api, "admin", holder="Driften")
    assert (await _apply(api, admin, OTHER_SEAT, NEW_BODY))["data"]["applyChanges"]["__typename"] == "Applied"
    log = await api.post("{ auditLog(limit: 1) { action actor allowed } }", token=admin)
    assert log["data"]["auditLog"] == [{"action": "applyChanges", "actor": "Driften (token 1)", "allowed": True}]
