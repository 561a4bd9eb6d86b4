"""A draft's hot reload through the API: a broken edit, a lost rule or a failing scenario degrades /health and
the last good set keeps answering."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import anyio
import httpx
import pytest
from api_client import ADMIN_TOKEN, AS_OF, Api, anyio_backend, operations  # noqa: F401
from rule_edits import NEW_FKU_WORDS, drop_rule, raise_fku_cap, reword_fku_cap

from api.app import create_app
from api.settings import Settings

pytestmark = pytest.mark.anyio

BROKEN_LINE = "\noops(X :- body(X).\n"
NINTH_FKU_SEAT = {"appoint": {"person": "jakob-friis", "body": "fku", "role": "MEMBER",
                              "appointedBy": "vejle-kommune", "onBehalfOf": "vejle-kommune"}}


@pytest.fixture
async def served(demo: object, database_url: str, rules: Path) -> AsyncIterator[Api]:
    """The app over the demo, reading its rules from the copy (``BOLIV_RULES_DIR``), looking for edits on every call."""
    settings = Settings.from_env({"BOLIV_DATABASE_URL": database_url, "BOLIV_RULES_DIR": str(rules), "BOLIV_ADMIN_TOKEN": ADMIN_TOKEN})
    app = create_app(settings)
    app.state.governance.rules.interval = 0  # the server looks at most once a second; the test needs no waiting
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://boliv.test") as client:
        yield Api(app, client, operations())
    app.state.governance.database.dispose()


async def _health(api: Api) -> tuple[int, dict]:
    response = await api.client.get("/health")
    return response.status_code, response.json()


async def _version(api: Api) -> str:
    return (await api.data("Composition", {"body": "fku", "asOf": AS_OF}))["composition"]["ruleSetVersion"]


async def test_a_broken_edit_degrades_health_and_the_last_good_set_keeps_answering(served: Api, rules: Path) -> None:
    good = await _version(served)
    assert await _health(served) == (200, {"status": "ok", "database": "ok", "ruleSetVersion": good})

    (rules / "fku.lp").write_text((rules / "fku.lp").read_text(encoding="utf-8") + BROKEN_LINE, encoding="utf-8")
    status, answer = await _health(served)
    assert status == 200
    assert (answer["status"], answer["rules"], answer["ruleSetVersion"]) == ("degraded", "refused", good)
    [problem] = answer["problems"]
    assert problem["file"] == "fku.lp" and problem["line"] > 100 and problem["column"] >= 1
    assert "syntax error" in problem["message"]

    assert await _version(served) == good
    check = (await served.data("CheckChanges", {"changes": [NINTH_FKU_SEAT], "asOf": AS_OF}))["checkChanges"]
    assert check["ruleSetVersion"] == good and "fku.cap" in {v["rule"] for v in check["violations"]}
    rule_set = (await served.post("{ ruleSet { version problems { file line column message } } }"))["data"]["ruleSet"]
    assert rule_set["version"] == good and rule_set["problems"] == answer["problems"]


async def _until(api: Api, done: Callable[[int, dict], bool], seconds: float = 1200) -> dict:
    """/health until ``done`` holds: a guarded draft runs its scenarios beside the requests first."""
    deadline = time.monotonic() + seconds
    while True:
        status, answer = await _health(api)
        if done(status, answer) or time.monotonic() > deadline:
            return answer
        await anyio.sleep(0.5)


async def test_a_good_edit_is_picked_up_without_a_restart_once_its_scenarios_pass(served: Api, rules: Path) -> None:
    before = await _version(served)
    assert before.startswith("draft-")
    reword_fku_cap(rules)
    assert await _version(served) == before  # the scenarios are still running: the last good set answers
    answer = await _until(served, lambda _s, a: a["ruleSetVersion"] != before)
    after = answer["ruleSetVersion"]
    assert after.startswith("draft-") and answer == {"status": "ok", "database": "ok", "ruleSetVersion": after}
    check = (await served.data("CheckChanges", {"changes": [NINTH_FKU_SEAT], "asOf": AS_OF}))["checkChanges"]
    assert check["ruleSetVersion"] == after
    answer = await served.post(
        'query($c: [ChangeInput!]!) { checkChanges(changes: $c, asOf: "2026-06-01") { violations { rule message(lang: EN) } } }',
        {"c": [NINTH_FKU_SEAT]},
    )
    [cap] = [v for v in answer["data"]["checkChanges"]["violations"] if v["rule"] == "fku.cap"]
    assert NEW_FKU_WORDS in cap["message"]


async def test_a_draft_that_loses_a_rule_is_refused_and_health_names_it(served: Api, rules: Path) -> None:
    good = await _version(served)
    drop_rule(rules, "fku.chair")
    status, answer = await _health(served)
    assert (status, answer["status"], answer["ruleSetVersion"], answer["lostRules"]) == (200, "degraded", good, ["fku.chair"])
    assert any("fku.chair" in p["message"] for p in answer["problems"])
    rules_served = (await served.post("{ ruleSet { version rules { id } } }"))["data"]["ruleSet"]
    assert rules_served["version"] == good and "fku.chair" in {r["id"] for r in rules_served["rules"]}


async def test_a_draft_whose_scenarios_fail_is_refused_and_health_names_them(served: Api, rules: Path) -> None:
    good = await _version(served)
    raise_fku_cap(rules)  # a ninth FKU seat would be allowed: fku.yaml says it is not
    answer = await _until(served, lambda _s, a: a["status"] == "degraded")
    assert answer["ruleSetVersion"] == good and answer["failingScenarios"]
    assert all(p["file"].startswith("tests/") for p in answer["problems"])
    check = (await served.data("CheckChanges", {"changes": [NINTH_FKU_SEAT], "asOf": AS_OF}))["checkChanges"]
    assert check["ruleSetVersion"] == good and "fku.cap" in {v["rule"] for v in check["violations"]}


async def test_repairing_a_broken_edit_clears_the_problems(served: Api, rules: Path) -> None:
    good = await _version(served)
    original = (rules / "fku.lp").read_text(encoding="utf-8")
    (rules / "fku.lp").write_text(original + BROKEN_LINE, encoding="utf-8")
    assert (await _health(served))[1]["status"] == "degraded"
    (rules / "fku.lp").write_text(original, encoding="utf-8")
    assert await _health(served) == (200, {"status": "ok", "database": "ok", "ruleSetVersion": good})


async def test_an_emptied_rule_file_is_refused_and_a_ninth_fku_seat_stays_refused(served: Api, rules: Path) -> None:
    good = await _version(served)
    (rules / "fku.lp").write_text("", encoding="utf-8")  # `: > fku.lp` while serving (issue 13)
    status, answer = await _health(served)
    assert (status, answer["status"], answer["ruleSetVersion"]) == (200, "degraded", good)
    assert {"fku.cap", "fku.chair"} <= set(answer["lostRules"])
    check = (await served.data("CheckChanges", {"changes": [NINTH_FKU_SEAT], "asOf": AS_OF}))["checkChanges"]
    assert check["ruleSetVersion"] == good and "fku.cap" in {v["rule"] for v in check["violations"]}
