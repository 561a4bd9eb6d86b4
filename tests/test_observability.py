"""What an operator sees: request ids, one log line per request, the logged events, /metrics and CORS."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from api_client import (  # noqa: F401 (fixtures)
    ADMIN_TOKEN,
    AS_OF,
    Api,
    anyio_backend,
    api,
    boliv_serve,
    issue_token,
    operations,
    running_server,
)

from api.app import create_app
from api.logs import JsonFormatter, RequestIdFilter, TextFormatter
from api.settings import Settings

pytestmark = pytest.mark.anyio
UNREACHABLE = "postgresql://nobody@127.0.0.1:1/x"
NINTH_FKU_SEAT = {"appoint": {"person": "jakob-friis", "body": "fku", "role": "MEMBER",
                              "appointedBy": "vejle-kommune", "onBehalfOf": "vejle-kommune"}}


def access_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "boliv.access"]


async def metrics_text(api: Api, **headers: str) -> str:
    response = await api.client.get("/metrics", headers=headers)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    return response.text


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample of the exposition text (0 when it is absent)."""
    for line in text.splitlines():
        if line.startswith(name) and all(f'{k}="{v}"' in line for k, v in labels.items()):
            head = line.split(" ")[0]
            if head == name or head.startswith(name + "{"):
                return float(line.rsplit(" ", 1)[1])
    return 0.0


async def test_a_request_id_is_kept_or_made_and_returned_on_every_response(api: Api) -> None:
    kept = await api.client.get("/health", headers={"X-Request-Id": "lb-7f3a.1"})
    assert kept.headers["x-request-id"] == "lb-7f3a.1"
    made = [(await api.client.post("/graphql", json={"query": "{ bodies { key } }"})).headers["x-request-id"] for _ in range(2)]
    assert len(set(made)) == 2 and all(len(rid) == 32 for rid in made)
    for unsafe in ("evil id=1", "../etc", "x" * 129):
        answer = await api.client.get("/health", headers={"X-Request-Id": unsafe})
        assert answer.headers["x-request-id"] != unsafe and len(answer.headers["x-request-id"]) == 32


async def test_one_line_per_request_with_operation_status_duration_and_role_never_the_token(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="boliv")
    viewer = issue_token(api, "viewer")
    await api.run("Composition", {"body": "fku", "asOf": AS_OF}, token=viewer, headers={"X-Request-Id": "req-1"})
    [line] = access_lines(caplog)
    assert (line.method, line.path, line.status, line.operation, line.operation_type, line.role, line.outcome) == (
        "POST", "/graphql", 200, "Composition", "query", "viewer", "ok"
    )
    assert line.duration_ms > 0
    rendered = TextFormatter().format(line)
    assert viewer not in rendered and ADMIN_TOKEN not in rendered


async def test_every_line_of_a_request_carries_its_id_in_text_and_json(api: Api, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="boliv")
    caplog.handler.addFilter(RequestIdFilter())
    await api.run("ApplyChanges", {"changes": [NINTH_FKU_SEAT], "asOf": AS_OF}, headers={"X-Request-Id": "refuse-9"})
    refused = [r for r in caplog.records if r.name == "boliv.audit"]
    assert refused and "mutation refused: applyChanges by admin" in refused[0].getMessage()
    assert "fku.cap" in refused[0].getMessage()
    assert {r.request_id for r in refused + access_lines(caplog)} == {"refuse-9"}
    as_json = json.loads(JsonFormatter().format(access_lines(caplog)[0]))
    assert {"time", "level", "request_id", "method", "path", "operation", "status", "duration_ms", "role"} <= set(as_json)
    assert (as_json["request_id"], as_json["operation"], as_json["role"], as_json["level"]) == ("refuse-9", "ApplyChanges", "admin", "INFO")
    text = TextFormatter().format(refused[0])
    assert "): fku.cap" in text and " [refuse-9] " in text and text[:4].isdigit()


async def test_metrics_count_requests_by_operation_and_outcome_and_time_checks_and_audits(api: Api) -> None:
    await api.run("Composition", {"body": "fku", "asOf": AS_OF})
    await api.run("Audit", {"asOf": AS_OF})
    await api.client.post("/graphql", json={"query": "{ nope }"})
    await api.run("Composition", {"body": "no-such-body", "asOf": AS_OF})
    text = await metrics_text(api)
    assert sample(text, "boliv_graphql_requests_total", operation="Composition", outcome="ok", type="query") == 1
    assert sample(text, "boliv_graphql_requests_total", operation="Composition", outcome="UNKNOWN_KEY") == 1
    assert sample(text, "boliv_graphql_requests_total", operation="anonymous", outcome="invalid") == 1
    assert sample(text, "boliv_latency_seconds_count", kind="check") == 2
    assert sample(text, "boliv_latency_seconds_count", kind="audit") == 1
    version = api.app.state.governance.rule_set.version
    assert sample(text, "boliv_rule_set_info", version=version) == 1


async def test_explanations_are_timed_apart(api: Api) -> None:
    query = f'{{ composition(body: "fku", asOf: "{AS_OF}") {{ violations {{ explanation(lang: "en") }} }} }}'
    await api.post(query)
    text = await metrics_text(api)
    assert sample(text, "boliv_latency_seconds_count", kind="explanation") == 1


async def test_a_refused_rule_edit_counts_as_a_reload_failure(demo: object, database_url: str, rules: Path) -> None:
    app = create_app(Settings(database_url=database_url, rules_dir=str(rules), admin_token=ADMIN_TOKEN))
    app.state.governance.rules.interval = 0
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://boliv.test") as client:
        assert (await client.get("/health")).status_code == 200
        (rules / "fku.lp").write_text((rules / "fku.lp").read_text(encoding="utf-8") + "\noops(X :- body(X).\n", encoding="utf-8")
        assert (await client.get("/health")).json()["status"] == "degraded"
        text = (await client.get("/metrics")).text
    app.state.governance.database.dispose()
    assert sample(text, "boliv_rule_reload_failures_total") == 1 and sample(text, "boliv_rule_files_refused") == 1


async def test_a_database_outage_is_logged_and_counted(caplog: pytest.LogCaptureFixture) -> None:
    app = create_app(Settings(database_url=UNREACHABLE, admin_token=ADMIN_TOKEN))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://boliv.test") as client:
        answer = (await client.post("/graphql", json={"query": "{ bodies { key } }"})).json()
        assert answer["errors"][0]["extensions"]["code"] == "DATABASE_UNAVAILABLE"
        assert (await client.get("/health")).status_code == 503
        text = (await client.get("/metrics")).text
    assert sample(text, "boliv_database_errors_total") == 2
    outages = [r for r in caplog.records if r.name == "boliv.database" and r.levelname == "ERROR"]
    assert len(outages) == 2 and all("database unavailable" in r.getMessage() for r in outages)


@pytest.fixture
async def guarded(demo: object, database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """The app with a metrics token and one CORS origin."""
    settings = Settings.from_env({"BOLIV_DATABASE_URL": database_url, "BOLIV_ADMIN_TOKEN": ADMIN_TOKEN,
                                  "BOLIV_METRICS_TOKEN": "scrape-secret-0123", "BOLIV_CORS_ORIGINS": "https://app.example, https://b.example/"})
    app = create_app(settings)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://boliv.test") as client:
        yield client
    app.state.governance.database.dispose()


async def test_metrics_behind_a_token_when_one_is_configured(guarded: httpx.AsyncClient) -> None:
    assert (await guarded.get("/metrics")).status_code == 401
    assert (await guarded.get("/metrics", headers={"Authorization": "Bearer wrong"})).status_code == 401
    answer = await guarded.get("/metrics", headers={"Authorization": "Bearer scrape-secret-0123"})
    assert answer.status_code == 200 and "boliv_rule_set_info" in answer.text


async def test_metrics_are_open_without_a_token(api: Api) -> None:
    await api.client.post("/graphql", json={"query": "{ bodies { key } }"})
    assert "boliv_graphql_requests_total" in await metrics_text(api)


PREFLIGHT = {"Origin": "https://app.example", "Access-Control-Request-Method": "POST",
             "Access-Control-Request-Headers": "authorization, content-type"}


async def test_cors_is_off_by_default(api: Api) -> None:
    preflight = await api.client.options("/graphql", headers=PREFLIGHT)
    assert preflight.status_code in (404, 405) and "access-control-allow-origin" not in preflight.headers
    simple = await api.client.post("/graphql", json={"query": "{ bodies { key } }"}, headers={"Origin": "https://app.example"})
    assert "access-control-allow-origin" not in simple.headers


async def test_cors_allows_the_listed_origins_with_an_authorization_header(guarded: httpx.AsyncClient) -> None:
    preflight = await guarded.options("/graphql", headers=PREFLIGHT)
    assert preflight.status_code == 200 and preflight.headers["access-control-allow-origin"] == "https://app.example"
    assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
    answer = await guarded.post("/graphql", json={"query": "{ bodies { key } }"},
                                headers={"Origin": "https://b.example", "Authorization": f"Bearer {ADMIN_TOKEN}"})
    assert answer.headers["access-control-allow-origin"] == "https://b.example"
    assert "x-request-id" in answer.headers["access-control-expose-headers"].lower()
    other = await guarded.options("/graphql", headers=PREFLIGHT | {"Origin": "https://evil.example"})
    assert other.status_code == 400 and "access-control-allow-origin" not in other.headers


def test_a_served_process_writes_json_lines_with_the_request_id(database_url: str, tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    command = [*boliv_serve(database_url, workers=1), "--log-format", "json"]
    with running_server(command, log) as base:
        httpx.post(f"{base}/graphql", json={"query": "query Bodies { bodies { key } }"},
                   headers={"X-Request-Id": "json-42", "Authorization": f"Bearer {ADMIN_TOKEN}"}, timeout=30)
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    [line] = [entry for entry in lines if entry.get("request_id") == "json-42"]
    assert (line["operation"], line["status"], line["role"], line["logger"]) == ("Bodies", 200, "admin", "boliv.access")
    assert ADMIN_TOKEN not in log.read_text()
    assert any(entry["logger"].startswith("uvicorn") for entry in lines)  # uvicorn's own lines share the format


async def test_a_crash_is_a_bare_500_with_the_request_id_logged_with_its_trace(
    api: Api, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="boliv")
    caplog.handler.addFilter(RequestIdFilter())

    def crash() -> None:
        raise RuntimeError("boom in ping")

    monkeypatch.setattr(api.app.state.governance.database, "ping", crash)
    answer = await api.client.get("/health", headers={"X-Request-Id": "crash-1"})
    assert (answer.status_code, answer.text, answer.headers["x-request-id"]) == (500, "Internal Server Error", "crash-1")
    [error] = [r for r in caplog.records if r.name == "boliv.error"]
    assert error.request_id == "crash-1" and error.exc_info and "boom in ping" in TextFormatter().format(error)
    assert [(r.status, r.request_id) for r in access_lines(caplog)] == [(500, "crash-1")]
