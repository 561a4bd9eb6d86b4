"""updateBody over HTTP: renaming a body and moving an ad hoc group's end, checked like every change."""

from __future__ import annotations

from typing import Any

import pytest
from api_client import AS_OF, Api, anyio_backend, api, issue_token  # noqa: F401

pytestmark = pytest.mark.anyio

GROUP = "adhoc-styringsdialog"  # the demo's ad hoc group, through 2027-12-31; its members end with it


async def _apply(api: Api, *changes: dict[str, Any], token: str | None = None) -> dict[str, Any]:
    options = {"token": token} if token else {}
    return await api.run("ApplyChanges", {"changes": list(changes), "asOf": AS_OF}, headers={"Accept-Language": "en"}, **options)


async def _body(api: Api, key: str) -> dict[str, Any]:
    return (await api.data("BodyMembers", {"body": key, "asOf": AS_OF}))["body"]


async def test_rename_a_body(api: Api) -> None:
    applied = (await _apply(api, {"updateBody": {"body": "theme-social", "name": "Den boligsociale temagruppe"}}))["data"]
    assert applied["applyChanges"]["__typename"] == "Applied"
    body = await _body(api, "theme-social")
    assert (body["name"], body["status"]) == ("Den boligsociale temagruppe", "ACTIVE")


async def test_an_ad_hoc_groups_end_moves_later_with_its_open_ended_members(api: Api) -> None:
    appoint = {"appoint": {"person": "ida-rosendahl", "body": GROUP, "role": "MEMBER",
                           "onBehalfOf": "vejle-kommune", "appointedBy": "vejle-kommune"}}
    assert (await _apply(api, appoint))["data"]["applyChanges"]["__typename"] == "Applied"
    moved = (await _apply(api, {"updateBody": {"body": GROUP, "expiresOn": "2028-06-30"}}))["data"]["applyChanges"]
    assert moved["__typename"] == "Applied", moved
    assert (await _body(api, GROUP))["expiresOn"] == "2028-06-30"
    later = (await api.data("BodyMembers", {"body": GROUP, "asOf": "2028-03-01"}))["body"]["members"]
    assert [m["person"]["key"] for m in later] == ["ida-rosendahl"]  # open-ended: she stays while the group lasts


async def test_an_end_moved_before_a_members_last_day_is_rejected_and_nothing_changes(api: Api) -> None:
    check = await api.run("CheckChanges", {"changes": [{"updateBody": {"body": GROUP, "expiresOn": "2027-06-30"}}],
                                            "asOf": AS_OF, "lang": "EN"})
    verdict = check["data"]["checkChanges"]
    assert not verdict["allowed"]
    [late, *_] = [v for v in verdict["violations"] if v["rule"] == "adhoc.no-fixed-members"]
    assert late["severity"] == "ERROR" and late["introduced"]
    assert "after the group ends on" in late["message"]
    rejected = (await _apply(api, {"updateBody": {"body": GROUP, "expiresOn": "2027-06-30"}}))["data"]["applyChanges"]
    assert rejected["__typename"] == "Rejected"
    assert (await _body(api, GROUP))["expiresOn"] == "2027-12-31"


def _refused_input(answer: dict[str, Any]) -> tuple[str, str]:
    """The one input rule and its message of a change the services refused before checking it."""
    result = answer["data"]["applyChanges"]
    assert result["__typename"] == "Rejected", answer
    [violation] = result["violations"]
    return violation["rule"], violation["message"]


async def test_an_update_that_changes_nothing_or_names_no_body_is_bad_input(api: Api) -> None:
    assert _refused_input(await _apply(api, {"updateBody": {"body": GROUP}})) == (
        "input.bad_change", "updateBody skal ændre mindst én af name og expiresOn.")
    assert _refused_input(await _apply(api, {"updateBody": {"body": GROUP, "name": "  "}})) == (
        "input.bad_value", "Enhedens navn kan ikke være tomt.")
    rule, message = _refused_input(await _apply(api, {"updateBody": {"body": "no-such-body", "name": "X"}}))
    assert rule == "input.unknown_key" and "no-such-body" in message
    assert (await _body(api, GROUP))["name"] == "Ad hoc-gruppen om den nye styringsdialog"


async def test_update_body_needs_the_right_to_change_bodies(api: Api) -> None:
    change = {"updateBody": {"body": GROUP, "name": "Styringsdialogen"}}
    aab = issue_token(api, "org-admin", "aab")
    refused = await _apply(api, change, token=aab)
    [error] = refused["errors"]
    assert error["extensions"]["code"] == "FORBIDDEN" and error["extensions"]["right"] == "change-bodies"
    staff = issue_token(api, "staff")
    assert (await _apply(api, change, token=staff))["data"]["applyChanges"]["__typename"] == "Applied"
    assert (await _body(api, GROUP))["name"] == "Styringsdialogen"
