"""Published rule sets: the first version, publishing through the CLI and GraphQL with the gate,
answers by the version in force on their day, the rollback, and a history that is never edited."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from api_client import AS_OF, Api, anyio_backend, api, contract, error_codes, issue_token  # noqa: F401
from rule_edits import NEW_FKU_WORDS, drop_rule, retire_scenarios, reword_fku_cap
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from boliv.cli import main
from governance.engine.ruleset import DEFAULT_RULES_DIR, digest, load_rule_set
from governance.model import AppendOnly, AuditEntry, RuleSetVersion
from governance.rulefiles import folder_files

pytestmark = pytest.mark.anyio

FIRST = digest(DEFAULT_RULES_DIR)
NINTH_FKU_SEAT = {"appoint": {"person": "jakob-friis", "body": "fku", "role": "MEMBER",
                              "appointedBy": "vejle-kommune", "onBehalfOf": "vejle-kommune"}}
CAP_MESSAGE = 'query($c: [ChangeInput!]!, $d: Date) { checkChanges(changes: $c, asOf: $d) { ruleSetVersion violations { rule message(lang: EN) } } }'
PUBLISH = """mutation($files: [RuleFileInput!]!, $day: Date!, $why: String!, $retire: [String!], $dry: Boolean! = false) {
  publishRuleSet(files: $files, inForceFrom: $day, justification: $why, retire: $retire, dryRun: $dry) {
    published dryRun version inForceFrom reasons { code message(lang: EN) } added changed retired auditId seconds
    impact { body validBefore validAfter appear { rule } disappear { rule } }
  }
}"""


def _files(directory: Path) -> list[dict[str, str]]:
    return [{"name": name, "text": body} for name, body in folder_files(directory).items()]


async def _cap_message(api: Api, day: str) -> tuple[str, str]:
    answer = (await api.post(CAP_MESSAGE, {"c": [NINTH_FKU_SEAT], "d": day}))["data"]["checkChanges"]
    [cap] = [v["message"] for v in answer["violations"] if v["rule"] == "fku.cap"]
    return answer["ruleSetVersion"], cap


@pytest.fixture
def reworded(tmp_path: Path) -> Path:
    copy = tmp_path / "reworded"
    shutil.copytree(DEFAULT_RULES_DIR, copy)
    reword_fku_cap(copy)
    return copy


async def test_a_new_database_holds_its_rule_files_as_the_first_version(api: Api) -> None:
    [first] = (await api.data_of(contract("rulesets.graphql"), "RuleSets"))["ruleSets"]
    assert (first["version"], first["inForceFrom"], first["inForceUntil"], first["retired"]) == (FIRST, "0001-01-01", None, [])
    assert sorted(first["added"]) == sorted(load_rule_set().rules) and first["changed"] == []
    in_force = (await api.data_of(contract("rulesets.graphql"), "RuleSetAsOf", {"asOf": AS_OF, "lang": "EN"}))["ruleSet"]
    assert in_force["version"] == FIRST and "fku.cap" in {r["id"] for r in in_force["rules"]}


async def test_a_version_published_by_the_cli_answers_from_its_day_and_the_rollback_republishes(
    api: Api, reworded: Path, database_url: str, capsys: pytest.CaptureFixture[str],
) -> None:
    api.app.state.governance.rules.interval = 0
    assert main(["rules", "publish", "--database", database_url, "--rules", str(reworded), "--in-force-from", "2027-01-01",
                 "--justification", "FKU-beskeden omformuleret (policy group, 2026-11-30)", "--by", "Ida Staff", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    new = digest(reworded)
    assert f"published: {new} is the rule set in force from 2027-01-01" in out
    assert "changed: fku.cap" in out and ", 0 failed; 0 rules not shown both ways" in out and "0 bodies change" in out

    composition = contract("rulesets.graphql")
    before = (await api.data_of(composition, "CompositionAsOf", {"body": "fku", "asOf": "2026-12-31"}))["composition"]
    after = (await api.data_of(composition, "CompositionAsOf", {"body": "fku", "asOf": "2027-01-01"}))["composition"]
    assert (before["ruleSetVersion"], after["ruleSetVersion"]) == (FIRST, new)
    old_version, old_words = await _cap_message(api, "2026-12-31")
    new_version, new_words = await _cap_message(api, "2027-01-01")
    assert (old_version, new_version) == (FIRST, new)
    assert NEW_FKU_WORDS not in old_words and NEW_FKU_WORDS in new_words

    history = (await api.data_of(composition, "RuleSets"))["ruleSets"]
    assert [(v["version"], v["inForceFrom"], v["inForceUntil"]) for v in history] == [
        (FIRST, "0001-01-01", "2026-12-31"), (new, "2027-01-01", None)]
    assert (history[1]["publishedBy"], history[1]["changed"], history[1]["added"]) == ("Ida Staff", ["fku.cap"], [])
    assert history[1]["justification"].startswith("FKU-beskeden")

    # the rollback: the earlier files again, from a later day; nothing of the history changes
    assert main(["rules", "publish", "--database", database_url, "--in-force-from", "2027-03-01",
                 "--justification", "Tilbage til den tidligere ordlyd", "--by", "Ida Staff"]) == 0
    history = (await api.data_of(composition, "RuleSets"))["ruleSets"]
    assert [(v["version"], v["inForceFrom"], v["inForceUntil"]) for v in history] == [
        (FIRST, "0001-01-01", "2026-12-31"), (new, "2027-01-01", "2027-02-28"), (FIRST, "2027-03-01", None)]
    assert history[2]["changed"] == ["fku.cap"]
    assert (await _cap_message(api, "2027-03-01"))[0] == FIRST
    with api.app.state.governance.database.unit_of_work() as session:
        entries = session.query(AuditEntry).filter(AuditEntry.action == "publishRuleSet").all()
    assert [(e.allowed, e.rule_set_version, e.actor) for e in entries] == [(True, new, "Ida Staff"), (True, FIRST, "Ida Staff")]


async def test_publishing_over_graphql_is_gated_and_every_attempt_is_audited(api: Api, tmp_path: Path) -> None:
    staff, viewer = issue_token(api, "staff"), issue_token(api, "viewer")
    retiring = tmp_path / "retiring"
    shutil.copytree(DEFAULT_RULES_DIR, retiring)
    drop_rule(retiring, "fku.chair")
    retire_scenarios(retiring, "fku.chair")
    variables = {"files": _files(retiring), "day": "2027-01-01", "why": "FKU har ikke længere en formand"}

    refused = (await api.post(PUBLISH, variables, token=staff))["data"]["publishRuleSet"]
    assert (refused["published"], [r["code"] for r in refused["reasons"]]) == (False, ["LOST_RULE"])
    assert "fku.chair" in refused["reasons"][0]["message"] and refused["retired"] == ["fku.chair"]

    dry = (await api.post(PUBLISH, {**variables, "retire": ["fku.chair"], "dry": True}, token=staff))["data"]["publishRuleSet"]
    assert (dry["published"], dry["dryRun"], dry["reasons"]) == (False, True, [])
    assert (await api.data_of(contract("rulesets.graphql"), "RuleSetAsOf", {"asOf": "2027-01-01"}))["ruleSet"]["version"] == FIRST

    forbidden = await api.post(PUBLISH, {**variables, "retire": ["fku.chair"]}, token=viewer)
    assert error_codes(forbidden) == ["FORBIDDEN"]

    broken = _files(DEFAULT_RULES_DIR)
    fku = next(f for f in broken if f["name"] == "fku.lp")
    fku["text"] += "\noops(X :- body(X).\n"
    lint = (await api.post(PUBLISH, {**variables, "files": broken, "why": " "}, token=staff))["data"]["publishRuleSet"]
    assert {r["code"] for r in lint["reasons"]} == {"LINT", "JUSTIFICATION"} and lint["version"] == ""

    done = (await api.post(PUBLISH, {**variables, "retire": ["fku.chair"]}, token=staff))["data"]["publishRuleSet"]
    assert (done["published"], done["retired"], done["version"]) == (True, ["fku.chair"], digest(retiring))
    assert {i["body"] for i in done["impact"]} <= {"fku", "fku-s1"}
    late = (await api.post(PUBLISH, {**variables, "day": "2026-12-31", "retire": ["fku.chair"]}, token=staff))["data"]["publishRuleSet"]
    assert [r["code"] for r in late["reasons"]] == ["IN_FORCE_FROM"]

    with api.app.state.governance.database.unit_of_work() as session:
        entries = session.query(AuditEntry).filter(AuditEntry.action == "publishRuleSet").order_by(AuditEntry.id).all()
    assert [e.allowed for e in entries] == [False, False, False, False, True, False]  # the forbidden one too
    assert entries[0].request["reasons"] and entries[1].request["dryRun"] is True


async def test_the_history_of_published_rule_sets_is_never_edited(api: Api) -> None:
    database = api.app.state.governance.database
    with pytest.raises(AppendOnly), database.unit_of_work(write=True) as session:  # noqa: PT012 (the flush refuses the edit)
        session.query(RuleSetVersion).one().justification = "rewritten"
        session.flush()
    for statement in ("UPDATE rule_set_versions SET justification = 'x'", "DELETE FROM rule_set_versions"):
        with pytest.raises(DatabaseError), database.engine.begin() as connection:
            connection.execute(text(statement))
    with database.unit_of_work() as session:
        assert session.query(RuleSetVersion).one().justification != "x"


async def test_a_file_name_outside_a_rule_folder_is_refused_and_audited(api: Api) -> None:
    files = [*_files(DEFAULT_RULES_DIR), {"name": "../../etc/boliv.lp", "text": "x."}]
    answer = (await api.post(PUBLISH, {"files": files, "day": "2027-01-01", "why": "prøve"}))["data"]["publishRuleSet"]
    assert (answer["published"], [r["code"] for r in answer["reasons"]]) == (False, ["FILES"])
    assert "../../etc/boliv.lp" in answer["reasons"][0]["message"]
    with api.app.state.governance.database.unit_of_work() as session:
        [entry] = session.query(AuditEntry).filter(AuditEntry.action == "publishRuleSet").all()
    assert entry.allowed is False and "not a rule file's name" in entry.request["reasons"][0]
