"""GET /health and GraphiQL in a browser."""

from __future__ import annotations

import httpx
import pytest
from api_client import Api, anyio_backend, api  # noqa: F401

from api.app import create_app
from api.settings import Settings

pytestmark = pytest.mark.anyio


async def test_health_is_ok_when_the_database_answers(api: Api) -> None:
    response = await api.client.get("/health")
    assert response.status_code == 200
    version = api.app.state.governance.rule_set.version
    assert response.json() == {"status": "ok", "database": "ok", "ruleSetVersion": version}


async def test_health_is_503_when_the_database_does_not_answer() -> None:
    app = create_app(Settings(database_url="postgresql://nobody@127.0.0.1:1/x"))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://boliv.test") as client:
        response = await client.get("/health")
    assert response.status_code == 503
    answer = response.json()
    assert (answer["status"], answer["database"]) == ("unavailable", "unavailable")
    assert answer["ruleSetVersion"] is None  # the published rule sets are in the database that does not answer


async def test_health_is_503_when_no_rule_set_loads(database_url: str, tmp_path) -> None:
    (tmp_path / "broken.lp").write_text("violation(X) :- .\n", encoding="utf-8")
    app = create_app(Settings(database_url=database_url, rules_dir=str(tmp_path)))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://boliv.test") as client:
        response = await client.get("/health")
    app.state.governance.database.dispose()
    assert response.status_code == 503
    answer = response.json()
    [problem] = answer.pop("problems")
    assert answer == {"status": "unavailable", "database": "ok", "ruleSetVersion": None, "rules": "invalid"}
    assert problem["file"] == "broken.lp" and problem["line"] == 1 and "unsafe" in problem["message"]


async def test_a_browser_gets_graphiql(api: Api) -> None:
    response = await api.client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200 and "graphiql" in response.text.lower()
