"""explain.graphql over HTTP: why, why not, how to fix it, and the rule set."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from api_client import AS_OF, Api, anyio_backend, api, contract, structure_api  # noqa: F401
from sqlalchemy import update

from governance.model import Body, BodyStatus

pytestmark = pytest.mark.anyio

NINTH_FKU_SEAT = {"appoint": {"person": "jakob-friis", "body": "fku", "role": "MEMBER",
                              "appointedBy": "vejle-kommune", "onBehalfOf": "vejle-kommune"}}
DAY_BEFORE = (date.fromisoformat(AS_OF) - timedelta(days=1)).isoformat()


@pytest.fixture
def explain() -> str:
    return contract("explain.graphql")


def _forming(api: Api, body: str) -> None:
    """Put a body back to FORMING directly, as a body being re-formed would be."""
    with api.app.state.governance.database.unit_of_work(write=True) as session:
        session.execute(update(Body).where(Body.key == body).values(status=BodyStatus.FORMING))


async def _end_member(api: Api, body: str, person: str) -> None:
    members = (await api.data("BodyMembers", {"body": body, "asOf": AS_OF}))["body"]["members"]
    [membership] = [m["id"] for m in members if m["person"]["key"] == person]
    change = {"endMembership": {"membership": membership, "endsOn": DAY_BEFORE}}
    result = (await api.data("ApplyChanges", {"changes": [change], "asOf": AS_OF}))["applyChanges"]
    assert result["__typename"] == "Applied", result


async def _why_not(api: Api, explain: str, lang: str) -> dict[str, dict]:
    variables = {"changes": [NINTH_FKU_SEAT], "asOf": AS_OF, "lang": lang}
    check = (await api.data_of(explain, "ExplainChanges", variables))["checkChanges"]
    assert check["allowed"] is False
    return {v["rule"]: v for v in check["violations"]}


async def test_a_refused_ninth_fku_seat_explains_itself_down_to_the_facts(api: Api, explain: str) -> None:
    cap = (await _why_not(api, explain, "EN"))["fku.cap"]
    assert (cap["severity"], cap["introduced"]) == ("ERROR", True)
    conclusion, *steps = cap["explanation"].splitlines()
    assert conclusion.startswith("FKU has 9 seats")
    assert any("Rule fku.cap" in step for step in steps)
    [proposed] = [step for step in steps if step.endswith("(proposed)")]
    assert "Jakob Friis" in proposed and "on behalf of Vejle Kommune" in proposed and "from 1 June 2026" in proposed
    assert any("The largest number of members of FKU is 8" in step for step in steps)
    assert sum("FKU, on behalf of" in step for step in steps) == 9  # every seat, with its dates


async def test_explanations_speak_danish_by_default(api: Api, explain: str) -> None:
    cap = (await _why_not(api, explain, "DA"))["fku.cap"]
    assert any(step.endswith("(foreslået)") and "Jakob Friis" in step for step in cap["explanation"].splitlines())
    assert "Det højeste antal medlemmer af FKU er 8" in cap["explanation"]


async def test_a_violation_of_a_composition_explains_itself(api: Api, explain: str) -> None:
    _forming(api, "fku")
    await _end_member(api, "fku", "sofie-winther")  # the legal theme seat leaves FKU
    composition = (await api.data_of(explain, "Explain", {"body": "fku", "asOf": AS_OF, "lang": "EN"}))["composition"]
    theme = next(v for v in composition["violations"] if v["rule"] == "fku.theme-seats")
    assert theme["severity"] == "WARNING" and theme["explanation"].startswith(theme["message"])
    assert "The legal theme group has the status active" in theme["explanation"]


async def test_the_first_repair_of_an_incomplete_fku_works_when_applied(api: Api, explain: str) -> None:
    _forming(api, "fku")
    await _end_member(api, "fku", "sofie-winther")
    refused = (await api.data("ConstituteBody", {"body": "fku", "asOf": AS_OF}))["constituteBody"]
    assert refused["__typename"] == "Rejected"
    composition = (await api.data_of(explain, "Explain", {"body": "fku", "asOf": AS_OF, "lang": "EN"}))["composition"]
    repairs = composition["repairs"]
    assert repairs and len(repairs) <= 3
    first = repairs[0]
    count = len(first['appoint']) + len(first['end'])
    assert first["summary"].startswith(f"{count} {'change' if count == 1 else 'changes'} so that FKU can be active from")
    changes = [
        {"appoint": {"person": a["person"]["key"], "body": "fku", "role": a["role"], "appointedBy": a["appointedBy"]["key"],
                     "onBehalfOf": a["onBehalfOf"]["key"] if a["onBehalfOf"] else None}}
        for a in first["appoint"]
    ]
    changes += [{"endMembership": {"membership": m["id"], "endsOn": DAY_BEFORE}} for m in first["end"]]
    applied = (await api.data("ApplyChanges", {"changes": changes, "asOf": AS_OF}))["applyChanges"]
    assert applied["__typename"] == "Applied", applied
    constituted = (await api.data("ConstituteBody", {"body": "fku", "asOf": AS_OF}))["constituteBody"]
    assert constituted == {"__typename": "Body", "key": "fku", "status": "ACTIVE"}


async def test_a_valid_body_needs_no_repair(api: Api, explain: str) -> None:
    composition = (await api.data_of(explain, "Explain", {"body": "fku", "asOf": AS_OF}))["composition"]
    assert composition["valid"] is True and composition["repairs"] == []


async def test_a_seat_no_registered_person_can_fill_is_named(structure_api: Api, explain: str) -> None:
    person = {"input": {"key": "anna", "name": "Anna Andersen", "organisation": "aab", "qualifications": ["legal"]}}
    assert (await structure_api.data("CreatePerson", person))["createPerson"]["__typename"] == "Person"
    query = """query($asOf: Date) { composition(body: "theme-legal", asOf: $asOf) {
        repairs(limit: 1) { summary(lang: EN) da: summary appoint { person { key } } needs { role qualifications organisation { key } } } } }"""
    answer = await structure_api.post(query, {"asOf": AS_OF})
    [repair] = answer["data"]["composition"]["repairs"]
    assert [a["person"]["key"] for a in repair["appoint"]] == ["anna"]
    assert repair["needs"] == [{"role": "MEMBER", "qualifications": ["legal"], "organisation": {"key": "vejle-kommune"}}]
    assert "it needs a person from Vejle Kommune with legal knowledge" in repair["summary"]
    assert "den kræver en person fra Vejle Kommune med juridisk viden" in repair["da"]


async def test_a_repair_limit_out_of_range_is_an_error_naming_it(api: Api) -> None:
    answer = await api.post('{ composition(body: "fku") { repairs(limit: 0) { summary } } }')
    assert answer["errors"][0]["extensions"] == {"code": "BAD_VALUE", "value": "0"}


async def test_why_a_body_must_approve_a_case(api: Api, explain: str) -> None:
    for lang, council, phrase in (("EN", "Vejle City Council", 'must approve the case "Den nye styringsdialog"'),
                                  ("DA", "Vejle Byråd", "skal godkende sagen »Den nye styringsdialog«")):
        case = (await api.data_of(explain, "WhyApprovals", {"case": "styringsdialog", "lang": lang}))["case"]
        why = {a["approver"]["key"]: a["explanation"] for a in case["requiredApprovals"]}
        assert {"byraad", "board-aab"} <= set(why)
        assert why["byraad"].startswith(council) and phrase in why["byraad"] and "Vejle Kommune" in why["byraad"]
        assert phrase in why["board-aab"] and "policy-group.advisory" in why["board-aab"]


async def test_the_rule_set_lists_every_rule_in_both_languages(api: Api, explain: str) -> None:
    loaded = api.app.state.governance.rule_set
    by_lang = {lang: (await api.data_of(explain, "RuleSet", {"lang": lang}))["ruleSet"] for lang in ("DA", "EN")}
    assert by_lang["DA"]["version"] == loaded.version
    for lang, answer in by_lang.items():
        rules = {r["id"]: r for r in answer["rules"]}
        assert set(rules) == set(loaded.rules)
        for rule_id, meta in loaded.rules.items():
            rule = rules[rule_id]
            assert (rule["severity"], rule["source"]) == (meta.severity.upper(), meta.source)
            assert rule["interpretation"] == meta.interpretation[lang.lower()]
            assert (rule["message"] and "{" in rule["message"]) or not next(iter(meta.variants.values())).args
    cap = next(r for r in by_lang["EN"]["rules"] if r["id"] == "fku.cap")
    assert cap["message"] == loaded.rules["fku.cap"].variants[""].messages["en"]


async def test_a_rule_s_cases_each_have_their_template(api: Api) -> None:
    answer = await api.post('{ ruleSet { rules { id formingSeverity variants { name args message(lang: EN) } } problems { file } } }')
    rules = {r["id"]: r for r in answer["data"]["ruleSet"]["rules"]}
    assert rules["fku.parity"]["formingSeverity"] == "WARNING"
    assert {v["name"] for v in rules["fku.parity"]["variants"]} == {"unassigned", "unequal"}
    assert all(v["message"] for v in rules["fku.parity"]["variants"])
    assert answer["data"]["ruleSet"]["problems"] == []
