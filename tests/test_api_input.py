"""Bad input: a GraphQL error in queries, a Rejected result in mutations; never a crash, never a change."""

from __future__ import annotations

import pytest
from api_client import AS_OF, Api, anyio_backend, api, audit_count, error_codes  # noqa: F401

pytestmark = pytest.mark.anyio

APPOINT = {"person": "ida-rosendahl", "body": "theme-social", "role": "MEMBER", "appointedBy": "vejle-kommune"}


async def _member_ids(api: Api, body: str) -> list[str]:
    return [m["id"] for m in (await api.data("BodyMembers", {"body": body, "asOf": AS_OF}))["body"]["members"]]


async def test_an_unknown_body_in_a_query_is_an_error_naming_it(api: Api) -> None:
    answer = await api.run("Composition", {"body": "no-such-body"})
    assert answer["data"] is None
    [error] = answer["errors"]
    assert error["message"] == "Ukendt enhed: 'no-such-body'."
    assert error["extensions"] == {"code": "UNKNOWN_KEY", "value": "no-such-body"}
    assert error["path"] == ["composition"]


async def test_query_errors_follow_accept_language(api: Api) -> None:
    answer = await api.run("BodyMembers", {"body": "no-such-body"}, headers={"Accept-Language": "en-GB,da;q=0.5"})
    assert answer["errors"][0]["message"] == "Unknown body: 'no-such-body'."
    answer = await api.run("BodyMembers", {"body": "no-such-body"}, headers={"Accept-Language": "da, en;q=0.9"})
    assert answer["errors"][0]["message"] == "Ukendt enhed: 'no-such-body'."


async def test_an_unknown_person_in_check_changes_is_an_error_naming_it(api: Api) -> None:
    changes = [{"appoint": {**APPOINT, "person": "nobody-at-all"}}]
    answer = await api.run("CheckChanges", {"changes": changes, "asOf": AS_OF})
    assert error_codes(answer) == ["UNKNOWN_KEY"]
    assert "nobody-at-all" in answer["errors"][0]["message"]


async def test_an_unknown_key_in_a_mutation_is_rejected_naming_it(api: Api) -> None:
    before = await _member_ids(api, "theme-social")
    changes = [{"appoint": {**APPOINT, "appointedBy": "no-such-org"}}]
    answer = await api.data("ApplyChanges", {"changes": changes, "asOf": AS_OF})
    assert answer["applyChanges"] == {"__typename": "Rejected", "violations": [{
        "rule": "input.unknown_key", "severity": "ERROR", "message": "Ukendt organisation: 'no-such-org'.",
        "subjects": ["no-such-org"], "introduced": True,
    }]}
    assert await _member_ids(api, "theme-social") == before


async def test_a_rejected_input_speaks_english_when_asked(api: Api) -> None:
    query = """mutation($input: PersonInput!) { createPerson(input: $input) {
        ... on Rejected { violations { rule message(lang: EN) subjects } } } }"""
    answer = await api.post(query, {"input": {"key": "p1", "name": "P", "organisation": "atlantis"}})
    assert answer["data"]["createPerson"]["violations"] == [
        {"rule": "input.unknown_key", "message": "Unknown organisation: 'atlantis'.", "subjects": ["atlantis"]}
    ]


async def test_a_membership_id_that_is_not_a_number_is_rejected(api: Api) -> None:
    changes = [{"endMembership": {"membership": "abc", "endsOn": AS_OF}}]
    result = (await api.data("ApplyChanges", {"changes": changes, "asOf": AS_OF}))["applyChanges"]
    assert result["__typename"] == "Rejected"
    assert [(v["rule"], v["subjects"]) for v in result["violations"]] == [("input.unknown_key", ["abc"])]


async def test_a_malformed_date_is_an_error_naming_the_value(api: Api) -> None:
    answer = await api.run("Composition", {"body": "fku", "asOf": "2026-13-01"})
    assert answer.get("data") is None
    [error] = answer["errors"]
    assert "$asOf" in error["message"] and "2026-13-01" in error["message"]


async def test_a_malformed_date_in_a_mutation_changes_nothing(api: Api) -> None:
    before = await _member_ids(api, "theme-social")
    changes = [{"appoint": {**APPOINT, "startsOn": "1st of June"}}]
    answer = await api.run("ApplyChanges", {"changes": changes, "asOf": AS_OF})
    assert answer.get("data") is None and "1st of June" in answer["errors"][0]["message"]
    assert await _member_ids(api, "theme-social") == before


async def test_a_change_with_two_members_is_an_error_and_changes_nothing(api: Api) -> None:
    before = await _member_ids(api, "theme-social")
    change = {"appoint": APPOINT, "dissolveBody": {"body": "theme-social", "on": AS_OF}}
    answer = await api.run("ApplyChanges", {"changes": [change], "asOf": AS_OF})
    assert answer.get("data") is None
    assert "exactly one key" in answer["errors"][0]["message"] and "ChangeInput" in answer["errors"][0]["message"]
    assert await _member_ids(api, "theme-social") == before
    bodies = {b["key"]: b["status"] for b in (await api.data("Bodies"))["bodies"]}
    assert bodies["theme-social"] == "ACTIVE"


async def test_an_unknown_enum_value_is_an_error_naming_it(api: Api) -> None:
    changes = [{"appoint": {**APPOINT, "role": "EMPEROR"}}]
    answer = await api.run("CheckChanges", {"changes": changes, "asOf": AS_OF})
    assert answer.get("data") is None and "EMPEROR" in answer["errors"][0]["message"]


async def test_an_unknown_field_is_a_validation_error(api: Api) -> None:
    answer = await api.post("{ bodies { key salary } }")
    assert answer.get("data") is None
    assert "Cannot query field 'salary' on type 'Body'" in answer["errors"][0]["message"]


async def test_violation_messages_in_danish_by_default_and_english_on_request(api: Api) -> None:
    variables = {"body": "fku", "asOf": "2025-06-01"}  # before the demo's memberships start
    danish = (await api.data("Composition", variables))["composition"]
    english = (await api.data("Composition", {**variables, "lang": "EN"}))["composition"]
    explicit = (await api.data("Composition", {**variables, "lang": "DA"}))["composition"]
    assert danish["valid"] is False and danish == explicit
    [chair_da] = [v["message"] for v in danish["violations"] if v["rule"] == "fku.chair"]
    [chair_en] = [v["message"] for v in english["violations"] if v["rule"] == "fku.chair"]
    assert chair_da == "FKU har ingen formand; formandskabet ligger hos Vejle Kommune."
    assert chair_en == "FKU has no chair; the chair belongs to Vejle Kommune."


@pytest.mark.parametrize("where", ["variable", "literal"])
async def test_text_with_a_nul_character_is_refused_before_anything_runs(api: Api, where: str) -> None:
    entries = audit_count(api)
    if where == "variable":
        answer = await api.post(
            "mutation($input: PersonInput!) { createPerson(input: $input) { __typename } }",
            {"input": {"key": "nul\x00key", "name": "N", "organisation": "aab"}},
        )
    else:
        answer = await api.post('mutation { createPerson(input: {key: "nul\\u0000key", name: "N"}) { __typename } }')
    assert answer.get("data") is None
    assert error_codes(answer) == ["BAD_TEXT"] and "U+0000" in answer["errors"][0]["message"]
    assert "path" not in answer["errors"][0]
    assert audit_count(api) == entries + 1  # the refused mutation's entry
    persons = [p["key"] for p in (await api.post("{ persons { key } }"))["data"]["persons"]]
    assert not [key for key in persons if "\x00" in key]
    assert (await api.run("Composition", {"body": "fku\x00"}))["errors"][0]["extensions"]["code"] == "BAD_TEXT"


@pytest.mark.parametrize("membership", ["2147483648", "9223372036854775808", "99999999999999999999", "0", "²"])
async def test_a_membership_id_no_database_can_hold_is_unknown(api: Api, membership: str) -> None:
    changes = [{"endMembership": {"membership": membership, "endsOn": AS_OF}}]
    answer = await api.run("CheckChanges", {"changes": changes, "asOf": AS_OF})
    assert error_codes(answer) == ["UNKNOWN_KEY"] and answer["errors"][0]["extensions"]["value"] == membership
    result = (await api.data("ApplyChanges", {"changes": changes, "asOf": AS_OF}))["applyChanges"]
    assert [(v["rule"], v["subjects"]) for v in result["violations"]] == [("input.unknown_key", [membership])]


async def test_dissolving_on_the_first_day_of_the_calendar_is_a_bad_date(api: Api) -> None:
    changes = [{"dissolveBody": {"body": "theme-social", "on": "0001-01-01"}}]
    result = (await api.data("ApplyChanges", {"changes": changes, "asOf": AS_OF}))["applyChanges"]
    assert [(v["rule"], v["subjects"]) for v in result["violations"]] == [("input.bad_date", ["0001-01-01"])]
    bodies = {b["key"]: b["status"] for b in (await api.data("Bodies"))["bodies"]}
    assert bodies["theme-social"] == "ACTIVE"
