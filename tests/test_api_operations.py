"""Every register operation of the contract's operations.graphql, over HTTP, with the answers' numbers."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml
from api_client import AS_OF, Api, anyio_backend, api, structure_api  # noqa: F401

pytestmark = pytest.mark.anyio

STRUCTURE = Path(__file__).resolve().parents[1] / "rules" / "structure.yaml"

HOUSING = {"aab", "oesterbo", "domea", "lejerbo", "jelling-boligselskab", "grejsdalen"}
NINTH_FKU_SEAT = {"appoint": {"person": "jakob-friis", "body": "fku", "role": "MEMBER",
                              "appointedBy": "vejle-kommune", "onBehalfOf": "vejle-kommune"}}
SOCIAL_SEAT = {"appoint": {"person": "ida-rosendahl", "body": "theme-social", "role": "MEMBER",
                           "appointedBy": "vejle-kommune", "onBehalfOf": "vejle-kommune"}}


@pytest.fixture
def structure_keys() -> set[str]:
    return {body["key"] for body in yaml.safe_load(STRUCTURE.read_text(encoding="utf-8"))["bodies"]}


async def _members(api: Api, body: str, as_of: str = AS_OF) -> list[dict]:
    return (await api.data("BodyMembers", {"body": body, "asOf": as_of}))["body"]["members"]


async def test_organisations_are_the_municipality_and_six_housing_organisations(structure_api: Api) -> None:
    organisations = (await structure_api.data("Organisations"))["organisations"]
    kinds = {o["key"]: o["kind"] for o in organisations}
    assert kinds.pop("vejle-kommune") == "MUNICIPALITY"
    assert set(kinds) == HOUSING and set(kinds.values()) == {"HOUSING_ORGANISATION"}
    assert {o["key"]: o["name"] for o in organisations}["oesterbo"] == "ØsterBO"


async def test_bodies_of_the_structure_are_forming_with_their_parents(structure_api: Api) -> None:
    bodies = {b["key"]: b for b in (await structure_api.data("Bodies"))["bodies"]}
    assert len(bodies) == 17
    assert {b["status"] for b in bodies.values()} == {"FORMING"}
    assert bodies["loeget-social"]["parent"] == {"key": "loeget-joint"}
    assert bodies["loeget-joint"]["parent"] is None
    assert bodies["theme-legal"]["kind"] == "THEME_GROUP" and bodies["theme-legal"]["parent"] == {"key": "fku"}
    assert bodies["byraad"]["kind"] == "COUNCIL" and bodies["fku"]["kind"] == "FORUM"
    assert {key for key, b in bodies.items() if b["kind"] == "BOARD"} == {f"board-{k}" for k in HOUSING}


async def test_the_demo_makes_every_standing_body_active(api: Api, structure_keys: set[str]) -> None:
    status = {b["key"]: b["status"] for b in (await api.data("Bodies"))["bodies"]}
    assert len(structure_keys) == 17 and structure_keys <= set(status)
    assert {status[key] for key in structure_keys} == {"ACTIVE"}


async def test_fku_has_eight_seats_and_the_secretariat_leader(api: Api) -> None:
    body = (await api.data("BodyMembers", {"body": "fku", "asOf": AS_OF}))["body"]
    assert (body["key"], body["kind"], body["status"], body["expiresOn"]) == ("fku", "FORUM", "ACTIVE", None)
    members = body["members"]
    seats = [m for m in members if m["role"] != "EX_OFFICIO"]
    assert len(members) == 9 and len(seats) == 8
    assert Counter(m["onBehalfOf"]["key"] == "vejle-kommune" for m in seats) == {True: 4, False: 4}
    [leader] = [m for m in members if m["role"] == "EX_OFFICIO"]
    assert leader["person"] == {"key": "maria-thorsen", "name": "Maria Thorsen"}
    assert leader["onBehalfOf"] is None and leader["appointedBy"] == {"key": "oesterbo"}
    [chair] = [m for m in members if m["role"] == "CHAIR"]
    assert chair["person"]["key"] == "birgitte-moelgaard" and chair["startsOn"] == "2026-01-01" and chair["endsOn"] is None


async def test_members_hold_only_from_their_first_day(api: Api) -> None:
    assert await _members(api, "fku", "2025-12-31") == []
    assert len(await _members(api, "fku", "2026-01-01")) == 9


async def test_composition_of_the_demo_fku_is_valid(api: Api) -> None:
    composition = (await api.data("Composition", {"body": "fku", "asOf": AS_OF}))["composition"]
    assert composition == {"valid": True, "ruleSetVersion": composition["ruleSetVersion"], "violations": []}
    assert len(composition["ruleSetVersion"]) == 16


async def test_composition_of_a_forming_fku_warns_about_what_is_missing(structure_api: Api) -> None:
    composition = (await structure_api.data("Composition", {"body": "fku", "asOf": AS_OF}))["composition"]
    assert composition["valid"] is True
    found = {(v["rule"], tuple(v["subjects"])): v["severity"] for v in composition["violations"]}
    assert found[("fku.chair", ("fku", "vejle-kommune"))] == "WARNING"
    assert {s[1] for (rule, s) in found if rule == "fku.theme-seats"} == {"theme-legal", "theme-social", "theme-technical"}
    assert all(v["source"] == "Forum for Koordination og Udvikling" for v in composition["violations"])


async def test_audit_of_the_demo_is_valid(api: Api) -> None:
    audit = (await api.data("Audit", {"asOf": AS_OF}))["audit"]
    assert audit["valid"] is True
    assert [v for v in audit["violations"] if v["severity"] != "INFO"] == []


async def test_audit_of_the_structure_names_each_violation_s_body(structure_api: Api) -> None:
    bare = (await structure_api.data("Audit", {"asOf": AS_OF}))["audit"]
    assert bare["violations"] and all(v["body"]["key"] == v["subjects"][0] for v in bare["violations"])
    assert "fku" in {v["body"]["key"] for v in bare["violations"]}


async def test_a_ninth_fku_appointment_is_not_allowed(api: Api) -> None:
    check = (await api.data("CheckChanges", {"changes": [NINTH_FKU_SEAT], "asOf": AS_OF}))["checkChanges"]
    assert check["allowed"] is False
    [cap] = [v for v in check["violations"] if v["rule"] == "fku.cap"]
    assert cap["severity"] == "ERROR" and cap["introduced"] is True and cap["subjects"] == ["fku"]
    assert "9 pladser" in cap["message"]
    parity = [v for v in check["violations"] if v["rule"] == "fku.parity"]
    assert parity and "5 mod 4" in parity[0]["message"]


async def test_checking_writes_nothing(api: Api) -> None:
    await api.data("CheckChanges", {"changes": [SOCIAL_SEAT], "asOf": AS_OF})
    assert "ida-rosendahl" not in {m["person"]["key"] for m in await _members(api, "theme-social")}


async def test_applying_the_ninth_fku_appointment_is_rejected_and_changes_nothing(api: Api) -> None:
    before = await _members(api, "fku")
    result = (await api.data("ApplyChanges", {"changes": [NINTH_FKU_SEAT], "asOf": AS_OF}))["applyChanges"]
    assert result["__typename"] == "Rejected"
    assert any(v["rule"] == "fku.cap" and v["introduced"] and v["severity"] == "ERROR" for v in result["violations"])
    assert await _members(api, "fku") == before


async def test_a_valid_appointment_is_applied_and_visible(api: Api) -> None:
    check = (await api.data("CheckChanges", {"changes": [SOCIAL_SEAT], "asOf": AS_OF}))["checkChanges"]
    assert check["allowed"] is True and not [v for v in check["violations"] if v["introduced"]]
    result = (await api.data("ApplyChanges", {"changes": [SOCIAL_SEAT], "asOf": AS_OF, "justification": "test"}))["applyChanges"]
    assert result["__typename"] == "Applied" and result["auditId"] > 0
    [added] = [m for m in await _members(api, "theme-social") if m["person"]["key"] == "ida-rosendahl"]
    assert added["role"] == "MEMBER" and added["startsOn"] == AS_OF and added["endsOn"] is None
    assert added["onBehalfOf"] == {"key": "vejle-kommune"} and added["appointedBy"] == {"key": "vejle-kommune"}


async def test_ending_a_membership_takes_it_off_after_its_last_day(api: Api) -> None:
    [seat] = [m for m in await _members(api, "theme-social") if m["person"]["key"] == "mads-eskildsen"]
    change = {"endMembership": {"membership": seat["id"], "endsOn": "2026-06-30"}}
    result = (await api.data("ApplyChanges", {"changes": [change], "asOf": AS_OF}))["applyChanges"]
    assert result["__typename"] == "Applied"
    assert seat["id"] in {m["id"] for m in await _members(api, "theme-social", "2026-06-30")}
    assert seat["id"] not in {m["id"] for m in await _members(api, "theme-social", "2026-07-01")}


async def test_create_person(api: Api) -> None:
    person = {"key": "ny-person", "name": "Ny Person", "organisation": "aab", "qualifications": ["legal"]}
    result = (await api.data("CreatePerson", {"input": person}))["createPerson"]
    assert result == {"__typename": "Person", "key": "ny-person", "name": "Ny Person"}
    again = (await api.data("CreatePerson", {"input": person}))["createPerson"]
    assert again["__typename"] == "Rejected"
    assert again["violations"] == [{"rule": "input.duplicate_key", "severity": "ERROR",
                                    "message": "Personen 'ny-person' findes allerede.", "subjects": ["ny-person"]}]


async def test_constitute_an_incomplete_body_is_rejected(structure_api: Api) -> None:
    result = (await structure_api.data("ConstituteBody", {"body": "fku", "asOf": AS_OF}))["constituteBody"]
    assert result["__typename"] == "Rejected"
    assert {v["rule"] for v in result["violations"]} == {"fku.chair", "fku.theme-seats"}
    assert {v["severity"] for v in result["violations"]} == {"ERROR"}
    body = (await structure_api.data("BodyMembers", {"body": "fku"}))["body"]
    assert body["status"] == "FORMING"


async def test_constitute_a_complete_body_makes_it_active(api: Api) -> None:
    create = {"createBody": {"key": "adhoc-pr", "name": "Fælles PR", "kind": "ADHOC_GROUP", "expiresOn": "2026-12-31"}}
    created = (await api.data("ApplyChanges", {"changes": [create], "asOf": AS_OF}))["applyChanges"]
    assert created["__typename"] == "Applied"
    assert (await api.data("BodyMembers", {"body": "adhoc-pr"}))["body"]["status"] == "FORMING"
    result = (await api.data("ConstituteBody", {"body": "adhoc-pr", "asOf": AS_OF}))["constituteBody"]
    assert result == {"__typename": "Body", "key": "adhoc-pr", "status": "ACTIVE"}
    body = (await api.data("BodyMembers", {"body": "adhoc-pr"}))["body"]
    assert (body["status"], body["kind"], body["expiresOn"]) == ("ACTIVE", "ADHOC_GROUP", "2026-12-31")


async def test_constitute_a_dissolved_body_is_rejected_by_the_rule_that_says_so(api: Api) -> None:
    dissolve = {"dissolveBody": {"body": "noerremarken", "on": AS_OF}}
    assert (await api.data("ApplyChanges", {"changes": [dissolve], "asOf": AS_OF}))["applyChanges"]["__typename"] == "Applied"
    constitute = """mutation { constituteBody(body: "noerremarken", asOf: "2026-06-01") {
        __typename ... on Rejected { violations { rule severity subjects da: message en: message(lang: EN) } } } }"""
    refused = (await api.post(constitute))["data"]["constituteBody"]
    assert refused["__typename"] == "Rejected"
    assert {"rule": "body.constitution", "severity": "ERROR", "subjects": ["noerremarken"],
            "da": "Områdegruppen Nørremarken er nedlagt og kan ikke konstitueres.",
            "en": "The Nørremarken area group is dissolved and cannot be constituted."} in refused["violations"]
    assert (await api.data("BodyMembers", {"body": "noerremarken"}))["body"]["status"] == "DISSOLVED"


async def test_applied_names_the_memberships_it_created(api: Api) -> None:
    mutation = """mutation($changes: [ChangeInput!]!, $asOf: Date) { applyChanges(changes: $changes, asOf: $asOf) {
        ... on Applied { membershipIds violations { rule } } } }"""
    applied = (await api.post(mutation, {"changes": [SOCIAL_SEAT], "asOf": AS_OF}))["data"]["applyChanges"]
    [added] = [m for m in await _members(api, "theme-social") if m["person"]["key"] == "ida-rosendahl"]
    assert applied["membershipIds"] == [added["id"]]


async def test_persons_of_an_organisation(api: Api) -> None:
    query = '{ persons(organisation: "grejsdalen") { key qualifications organisation { key name } } }'
    persons = {p["key"]: p for p in (await api.post(query))["data"]["persons"]}
    assert set(persons) == {"niels-ebbesen", "kirsten-vinther", "svend-aage-ravn", "allan-dyhr"}
    assert persons["allan-dyhr"]["qualifications"] == ["technical", "technical-chief"]
    assert persons["allan-dyhr"]["organisation"] == {"key": "grejsdalen", "name": "Boligselskabet Grejsdalen"}


async def test_audit_of_one_body(structure_api: Api) -> None:
    query = (
        '{ one: audit(asOf: "2026-06-01", body: "theme-legal") { violations { body { key } } } '
        ' all: audit(asOf: "2026-06-01") { violations { body { key } } } }'
    )
    answer = (await structure_api.post(query))["data"]
    one, every = ({v["body"]["key"] for v in answer[name]["violations"]} for name in ("one", "all"))
    assert "theme-legal" in one and one < every
