"""The GraphQL over HTTP specification: media types and status codes, and graphql-http's own audits.

The audits run with node and the npm package ``graphql-http`` of ``tests/http_audit``
(``npm ci`` there; ``.ci/run`` installs node and npm). They are skipped only where node
or npm is not installed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from api_client import (  # noqa: F401 (fixtures)
    ADMIN_TOKEN,
    Api,
    anyio_backend,
    api,
    audit_count,
    boliv_serve,
    running_server,
)

AUDIT_DIR = Path(__file__).resolve().parent / "http_audit"
GRAPHQL_RESPONSE = "application/graphql-response+json"


async def _post(api: Api, body: dict, accept: str | None, **headers: str) -> tuple[int, str, dict | str]:
    sent = dict(headers) | ({"Accept": accept} if accept is not None else {})
    response = await api.client.post("/graphql", json=body, headers=sent)
    kind = response.headers.get("content-type", "")
    return response.status_code, kind, response.json() if "json" in kind else response.text


@pytest.mark.anyio
@pytest.mark.parametrize("query", ["{ bodies { key ", "{ noSuchField }"])
async def test_a_request_error_is_400_without_data_in_graphql_response_json(api: Api, query: str) -> None:
    status, kind, answer = await _post(api, {"query": query}, GRAPHQL_RESPONSE)
    assert (status, kind) == (400, f"{GRAPHQL_RESPONSE}; charset=utf-8")
    assert "data" not in answer and answer["errors"][0]["message"]


@pytest.mark.anyio
async def test_variables_that_cannot_be_coerced_are_400_in_graphql_response_json(api: Api) -> None:
    body = {"query": "query ($key: String!) { body(key: $key) { key } }", "variables": {"key": 7}}
    status, _, answer = await _post(api, body, GRAPHQL_RESPONSE)
    assert status == 400 and "data" not in answer


@pytest.mark.anyio
@pytest.mark.parametrize("accept", ["application/json", "*/*", None, ""])
async def test_application_json_keeps_200_and_null_data(api: Api, accept: str | None) -> None:
    status, kind, answer = await _post(api, {"query": "{ noSuchField }"}, accept)
    assert (status, kind) == (200, "application/json; charset=utf-8")
    assert answer["data"] is None and answer["errors"]


@pytest.mark.anyio
async def test_data_and_field_errors_stay_200_in_graphql_response_json(api: Api) -> None:
    status, kind, answer = await _post(api, {"query": "{ bodies { key } }"}, GRAPHQL_RESPONSE)
    assert (status, kind) == (200, f"{GRAPHQL_RESPONSE}; charset=utf-8") and answer["data"]["bodies"]
    status, _, answer = await _post(api, {"query": '{ body(key: "nope") { key } }'}, GRAPHQL_RESPONSE)
    assert status == 200 and answer["data"] is None and answer["errors"][0]["path"] == ["body"]


@pytest.mark.anyio
async def test_quality_values_choose_the_media_type(api: Api) -> None:
    both = f"application/json;q=0.5, {GRAPHQL_RESPONSE};q=0.9"
    assert (await _post(api, {"query": "{ x }"}, both))[:2] == (400, f"{GRAPHQL_RESPONSE}; charset=utf-8")
    json_first = f"{GRAPHQL_RESPONSE};q=0.4, application/json"
    assert (await _post(api, {"query": "{ x }"}, json_first))[:2] == (200, "application/json; charset=utf-8")


@pytest.mark.anyio
async def test_an_unacceptable_media_type_is_406_and_nothing_runs(api: Api) -> None:
    before = audit_count(api)
    mutation = 'mutation { createPerson(input: {key: "never", name: "Never"}) { __typename } }'
    status, _, text = await _post(api, {"query": mutation}, "text/csv", Authorization=f"Bearer {ADMIN_TOKEN}",
                                  **{"Accept-Language": "en"})
    assert status == 406 and "Accept must allow" in text
    status, _, text = await _post(api, {"query": "{ bodies { key } }"}, "text/csv")
    assert status == 406 and "Accept skal tillade" in text
    assert audit_count(api) == before
    answer = await api.post('{ persons { key } }')
    assert "never" not in {p["key"] for p in answer["data"]["persons"]}


def _audit_tools() -> Path:
    """``node``, with graphql-http installed from the lock file when it is not there yet."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("node and npm are not installed (.ci/run installs them)")
    if not (AUDIT_DIR / "node_modules" / "graphql-http").is_dir():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=AUDIT_DIR, check=True, capture_output=True, timeout=300)
    return Path(node)


def test_graphql_http_server_audits_pass_every_must_and_should(database_url: str, tmp_path: Path) -> None:
    node = _audit_tools()
    with running_server(boliv_serve(database_url, workers=1), tmp_path / "serve.log") as base:
        run = subprocess.run([str(node), "audit.mjs", f"{base}/graphql"], cwd=AUDIT_DIR, capture_output=True, text=True,
                             timeout=300, check=True)
    results = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
    required = [r for r in results if r["name"].startswith(("MUST", "SHOULD"))]
    assert len(required) >= 30, run.stdout  # 13 MUST and more than 20 SHOULD in graphql-http 1.22
    failing = [f"{r['id']} {r['name']}: {r.get('reason')}" for r in required if r["status"] != "ok"]
    assert failing == [], "\n".join(failing)
