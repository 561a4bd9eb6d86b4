"""Limits, masking, a silent database, batched loading and work kept off the event loop."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import anyio
import httpx
import pytest
from api_client import ADMIN_TOKEN, AS_OF, Api, anyio_backend, api, error_codes  # noqa: F401
from sqlalchemy import event

from api.app import create_app
from api.settings import Settings
from governance.changes import Appoint, CreateBody
from governance.services import Governance

pytestmark = pytest.mark.anyio

UNREACHABLE = "postgresql://nobody@127.0.0.1:1/x"
BODIES_WITH_MEMBERS = """query($asOf: Date) { bodies { key parent { key } organisation { key }
    members(asOf: $asOf) { id role person { key name organisation { key } } onBehalfOf { key } appointedBy { key } body { key } } } }"""


def _nested_parents(levels: int) -> str:
    selection = "key"
    for _ in range(levels):
        selection = f"parent {{ {selection} }}"
    return "query Deep { bodies { " + selection + " } }"


async def test_twelve_levels_are_answered(api: Api) -> None:
    answer = await api.post(_nested_parents(11))
    assert "errors" not in answer
    assert {"parent": {"parent": None}} in answer["data"]["bodies"]  # loeget-social's parent has none


async def test_a_query_deeper_than_twelve_levels_is_refused(api: Api) -> None:
    answer = await api.post(_nested_parents(12))
    assert answer.get("data") is None
    assert answer["errors"][0]["message"] == "'Deep' exceeds maximum operation depth of 12"


async def test_an_oversized_query_is_refused(api: Api) -> None:
    answer = await api.post("{ bodies { " + "key " * 2100 + "} }")
    assert answer.get("data") is None
    assert "more than 2000 tokens" in answer["errors"][0]["message"]


async def test_too_many_aliases_are_refused(api: Api) -> None:
    aliases = " ".join(f"a{i}: organisations {{ key }}" for i in range(31))
    answer = await api.post("{ " + aliases + " }")
    assert answer.get("data") is None
    assert answer["errors"][0]["message"] == "31 aliases found. Allowed: 30"


async def test_a_crash_is_masked(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*_args: object) -> None:
        raise RuntimeError("secret internals at /srv/boliv")

    monkeypatch.setattr(api.app.state.governance, "audit", crash)
    response = await api.client.post("/graphql", json={"query": api.operations, "operationName": "Audit"})
    assert response.status_code == 200
    assert response.json()["errors"] == [
        {"message": "Unexpected error.", "locations": [{"line": 43, "column": 3}], "path": ["audit"]}
    ]
    assert "secret" not in response.text and "Traceback" not in response.text


async def test_crashes_are_logged_and_the_clients_mistakes_are_not(
    api: Api, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    await api.run("Composition", {"body": "fku", "asOf": "not-a-date"})
    await api.run("Composition", {"body": "no-such-body"})
    await api.run("CreatePerson", {"input": {"key": "k", "name": "n"}}, token=None)
    assert [r for r in caplog.records if r.levelname == "ERROR"] == []

    def crash(*_args: object) -> None:
        raise RuntimeError("boom in audit")

    monkeypatch.setattr(api.app.state.governance, "audit", crash)
    await api.run("Audit")
    assert any("boom in audit" in r.getMessage() for r in caplog.records if r.levelname == "ERROR")


@pytest.fixture
async def down_api() -> Api:
    app = create_app(Settings(database_url=UNREACHABLE, admin_token=ADMIN_TOKEN))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://boliv.test") as client:
        yield Api(app, client, "")


async def test_a_database_that_is_down_is_a_clear_error(down_api: Api) -> None:
    answer = await down_api.post("{ organisations { key } bodies { key } }", headers={"Accept-Language": "en"})
    assert answer["data"] is None
    assert set(error_codes(answer)) == {"DATABASE_UNAVAILABLE"}
    assert answer["errors"][0]["message"] == "The database cannot be used right now; nothing was changed. Try again later."


async def test_a_mutation_against_a_database_that_is_down_is_a_clear_error(down_api: Api) -> None:
    query = 'mutation { constituteBody(body: "fku") { __typename } }'
    answer = await down_api.post(query)
    assert error_codes(answer) == ["DATABASE_UNAVAILABLE"]
    assert "Traceback" not in str(answer)


@contextmanager
def _counted_selects(governance: Governance) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(governance.database.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(governance.database.engine, "before_cursor_execute", count)


async def _selects_for_bodies_with_members(api: Api) -> tuple[int, int]:
    with _counted_selects(api.app.state.governance) as statements:
        answer = await api.post(BODIES_WITH_MEMBERS, {"asOf": AS_OF})
    assert "errors" not in answer
    return len(statements), sum(len(b["members"]) for b in answer["data"]["bodies"])


async def test_bodies_with_members_cost_a_fixed_number_of_queries(api: Api, demo: Governance) -> None:
    selects, members = await _selects_for_bodies_with_members(api)
    assert members > 60 and selects <= 5
    for n in range(4):
        key = f"adhoc-{n}"
        demo.apply_changes([CreateBody(key, f"Ad hoc {n}", "ADHOC_GROUP", expires_on=date(2026, 12, 31))], date(2026, 6, 1), "test")
        demo.apply_changes([Appoint("gert-hviid", key, "MEMBER", "oesterbo", "oesterbo", ends_on=date(2026, 12, 31))], date(2026, 6, 1), "test")
    more_selects, more_members = await _selects_for_bodies_with_members(api)
    assert more_members == members + 4
    assert more_selects == selects


async def test_a_long_check_does_not_stall_other_requests(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    governance = api.app.state.governance
    release = threading.Event()
    audit = governance.audit

    def held_audit(*args: object) -> object:
        assert release.wait(timeout=10), "the audit was never released: the event loop was blocked"
        return audit(*args)

    monkeypatch.setattr(governance, "audit", held_audit)
    answers: list[dict] = []

    async def run_audit() -> None:
        answers.append(await api.data("Audit", {"asOf": AS_OF}))

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(run_audit)
        await anyio.sleep(0.05)
        organisations = await api.data("Organisations")
        health = await api.client.get("/health")
        assert not answers  # the audit is still waiting in its worker thread
        release.set()
    assert len(organisations["organisations"]) == 7 and health.status_code == 200
    assert answers[0]["audit"]["valid"] is True
