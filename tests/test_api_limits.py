"""Limits before any work, over HTTP: raw bodies, text and list sizes, keys, the cost limit, the budget, the headers.

Each test fails on the behaviour the attacker's pass found (issue 13): a 500 for a body
that is not an object, a masked crash and no audit entry for a lone surrogate, a 10 MB
name stored, two keys that differ only by normalisation, a key with ``/``, ten aliased
far-future audits running for minutes, no security headers.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import anyio
import httpx
import pytest
from api_client import ADMIN_TOKEN, AS_OF, Api, anyio_backend, api, audit_count, operations  # noqa: F401

from api.app import create_app
from api.settings import Settings
from governance.queries import Queries

pytestmark = pytest.mark.anyio

AUTH = {"Authorization": f"Bearer {ADMIN_TOKEN}", "Accept-Language": "en"}
CREATE = "mutation($input: PersonInput!) { createPerson(input: $input) { __typename ... on Rejected { violations { rule } } } }"


async def _raw(api: Api, body: bytes, content_type: str = "application/json") -> httpx.Response:
    return await api.client.post("/graphql", content=body, headers={**AUTH, "Content-Type": content_type})


def _code(response: httpx.Response) -> str:
    return response.json()["errors"][0]["extensions"]["code"]


@pytest.mark.parametrize("body", [b"5", b"null", b'"x"', b"true", b"[]", b"[1, 2]", b"{}", b'{"query": 5}',
                                  b'{"query": "{ bodies { key } }", "variables": [1]}'])
async def test_a_body_that_is_not_a_json_object_is_a_400(api: Api, body: bytes) -> None:
    response = await _raw(api, body)
    assert response.status_code == 400 and _code(response) == "BAD_REQUEST"
    assert response.json()["errors"][0]["message"] == (
        "The request must be a JSON object with 'query' (a string) and optionally 'variables' (an object); nothing was done."
    )


@pytest.mark.parametrize(("body", "code"), [
    (b'{"query": "{ organisations { key } }\xff"}', "BAD_REQUEST"),  # not UTF-8
    (b'{"query": ', "BAD_REQUEST"),  # not JSON
    (b'{"query": "{ organisations { key } }", "variables": {"a": ' + b"[" * 100 + b"]" * 100 + b"}}", "BAD_REQUEST"),
    (b'{"query": "x", "variables": ' + b"[" * 200_000 + b"}", "BAD_REQUEST"),  # past Python's recursion limit
])
async def test_a_body_not_utf8_not_json_or_nested_too_deep_is_a_400(api: Api, body: bytes, code: str) -> None:
    response = await _raw(api, body)
    assert response.status_code == 400 and _code(response) == code, response.text


async def test_a_body_over_one_mebibyte_is_refused_naming_the_limit(api: Api) -> None:
    before = audit_count(api)
    name = "x" * (1024 * 1024)
    response = await api.client.post("/graphql", json={"query": CREATE, "variables": {"input": {"key": "k", "name": name}}},
                                     headers=AUTH)
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"] == {"code": "LIMIT_EXCEEDED", "limit": "bodyBytes", "maximum": 1048576}

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(20):
            yield b" " * 100_000

    chunked = await api.client.post("/graphql", content=chunks(), headers={**AUTH, "Content-Type": "application/json"})
    assert chunked.status_code == 413
    assert audit_count(api) == before


async def test_text_over_its_limit_is_refused_before_any_work_and_leaves_one_entry(api: Api) -> None:
    before = audit_count(api)
    long_name = await api.post(CREATE, {"input": {"key": "lang", "name": "n" * 201}}, headers={"Accept-Language": "en"})
    [error] = long_name["errors"]
    assert error["extensions"] == {"code": "LIMIT_EXCEEDED", "limit": "keyLength", "maximum": 200, "found": 201}
    assert error["message"] == "The text in 'name' has too many characters: 201, but at most 200 is allowed (keyLength); nothing was done."
    long_key = await api.post('{ body(key: "' + "k" * 5000 + '") { key } }')
    assert long_key["errors"][0]["extensions"]["limit"] == "keyLength" and len(str(long_key)) < 1000  # not echoed
    answer = "mutation { recordHearingAnswer(case: \"x\", recipient: \"fku\", text: \"" + "t" * 10_001 + "\") { __typename } }"
    assert (await api.post(answer))["errors"][0]["extensions"]["limit"] == "textLength"
    assert audit_count(api) == before + 2  # the two mutations, refused; the query has no entry
    assert "lang" not in {p["key"] for p in (await api.post("{ persons { key } }"))["data"]["persons"]}


async def test_a_document_sent_again_is_checked_again_in_the_callers_language(api: Api) -> None:
    """The literals of a document are checked once per parsed document and the outcome kept; every sending gets it."""
    too_long = '{ body(key: "' + "k" * 201 + '") { key } }'
    for lang, start in (("en", "The text in 'key'"), ("da", "Teksten i 'key'"), ("en", "The text in 'key'")):
        [error] = (await api.post(too_long, headers={"Accept-Language": lang}))["errors"]
        assert error["extensions"] == {"code": "LIMIT_EXCEEDED", "limit": "keyLength", "maximum": 200, "found": 201}
        assert error["message"].startswith(start), error["message"]
    assert (await api.post(CREATE, {"input": {"key": "soren-\u00f6", "name": "Søren Ö"}}))["data"]["createPerson"]["__typename"] == "Person"
    decomposed = 'mutation { createPerson(input: {key: "soren-o\u0308", name: "S"}) { __typename ... on Rejected { violations { rule } } } }'
    for _ in range(2):  # put in NFC each time, so each time the same key as the composed one
        assert (await api.post(decomposed))["data"]["createPerson"]["violations"] == [{"rule": "input.duplicate_key"}]


async def test_more_than_500_changes_are_refused_at_once(api: Api) -> None:
    change = {"endMembership": {"membership": "1", "endsOn": AS_OF}}
    answer = await api.run("CheckChanges", {"changes": [change] * 501, "asOf": AS_OF})
    assert answer["errors"][0]["extensions"] == {"code": "LIMIT_EXCEEDED", "limit": "listItems", "maximum": 500, "found": 501}


async def test_a_lone_surrogate_is_bad_text_and_the_mutation_has_one_entry(api: Api) -> None:
    before = audit_count(api)
    body = ('{"query": "' + CREATE.replace('"', '\\"') + '", "variables": {"input": {"key": "s\\udc00", "name": "S"}}}').encode()
    response = await _raw(api, body)
    assert response.status_code == 200
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "BAD_TEXT"}
    assert error["message"] == "Text cannot contain a lone surrogate (U+D800–U+DFFF, not valid Unicode); nothing was changed."
    assert audit_count(api) == before + 1
    log = await api.post("{ auditLog(limit: 1) { action allowed request } }")
    assert log["data"]["auditLog"][0]["action"] == "createPerson" and not log["data"]["auditLog"][0]["allowed"]
    assert "\ufffd" in log["data"]["auditLog"][0]["request"]["variables"]  # stored, with the surrogate replaced


async def test_a_key_is_one_key_in_every_normal_form_and_has_a_safe_alphabet(api: Api) -> None:
    composed, decomposed = "soren-\u00f6", "soren-o\u0308"
    assert (await api.post(CREATE, {"input": {"key": composed, "name": "Søren Ö"}}))["data"]["createPerson"]["__typename"] == "Person"
    again = await api.post(CREATE, {"input": {"key": decomposed, "name": "Søren Ö"}})
    assert again["data"]["createPerson"]["violations"] == [{"rule": "input.duplicate_key"}]
    literal = await api.post('mutation { createPerson(input: {key: "' + decomposed + '", name: "S"}) { __typename '
                             '... on Rejected { violations { rule } } } }')
    assert literal["data"]["createPerson"]["violations"] == [{"rule": "input.duplicate_key"}]
    for bad in ("a/b", "Store", "has space", "-dash", "<b>"):
        refused = await api.post(CREATE, {"input": {"key": bad, "name": "X"}})
        assert refused["data"]["createPerson"]["violations"] == [{"rule": "input.bad_key"}], bad
    body = await api.run("ApplyChanges", {"changes": [{"createBody": {"key": "ad/hoc", "name": "A", "kind": "ADHOC_GROUP",
                                                                      "expiresOn": "2026-12-31"}}], "asOf": AS_OF})
    assert body["data"]["applyChanges"]["violations"][0]["rule"] == "input.bad_key"


async def test_a_request_over_the_cost_limit_is_refused_naming_its_cost(api: Api) -> None:
    audits = " ".join(f'a{i}: audit(asOf: "9999-12-31") {{ valid }}' for i in range(10))
    answer = await api.post("{ " + audits + " }", headers={"Accept-Language": "en"})
    [error] = answer["errors"]
    assert error["extensions"]["code"] == "LIMIT_EXCEEDED" and error["extensions"]["limit"] == "cost"
    assert error["extensions"]["found"] > 1000 and error["extensions"]["maximum"] == 1000
    assert error["message"].startswith(f"The request costs too much: {error['extensions']['found']}, but at most 1000")
    repairs = " ".join(f'r{i}: composition(body: "fku") {{ repairs(limit: 10) {{ size }} }}' for i in range(30))
    assert (await api.post("{ " + repairs + " }"))["errors"][0]["extensions"]["limit"] == "cost"
    explained = " ".join(f'c{i}: composition(body: "fku") {{ violations {{ explanation }} }}' for i in range(25))
    assert (await api.post("{ " + explained + " }"))["errors"][0]["extensions"]["found"] == 25 * (2 + 10 * 5)
    assert "errors" not in await api.post('{ audit(asOf: "2026-06-01") { valid } composition(body: "fku") { repairs { size } } }')


async def test_a_crash_in_a_mutation_still_leaves_one_entry(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*_args: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(api.app.state.governance, "create_person", crash)
    before = audit_count(api)
    answer = await api.post(CREATE, {"input": {"key": "k", "name": "n"}})
    assert answer["errors"][0]["message"] == "Unexpected error."
    assert audit_count(api) == before + 1


@pytest.fixture
async def hurried_api(demo: Any, database_url: str) -> AsyncIterator[Api]:
    """The API with a time budget too short for any check."""
    app = create_app(Settings(database_url=database_url, admin_token=ADMIN_TOKEN, request_budget_seconds=0.000001))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://boliv.test") as client:
        yield Api(app, client, operations())
    app.state.governance.database.dispose()


async def test_work_over_the_budget_is_stopped_and_writes_nothing(hurried_api: Api) -> None:
    api = hurried_api
    answer = await api.run("Audit", {"asOf": AS_OF}, headers={"Accept-Language": "en"})
    assert answer["errors"][0]["extensions"] == {"code": "BUDGET_EXCEEDED", "seconds": 1e-06}
    before = audit_count(api)
    seat = {"appoint": {"person": "thomas-ager", "body": "noerremarken", "role": "MEMBER", "appointedBy": "aab", "onBehalfOf": "aab"}}
    applied = await api.run("ApplyChanges", {"changes": [seat], "asOf": AS_OF})
    assert applied["errors"][0]["extensions"]["code"] == "BUDGET_EXCEEDED"
    assert audit_count(api) == before + 1  # refused, recorded, nothing written
    members = Queries(api.app.state.governance.database).memberships(["noerremarken"], date.fromisoformat(AS_OF))
    assert "thomas-ager" not in {m.person for m in members}


def _csp(response: httpx.Response) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in response.headers["content-security-policy"].split(";"))


async def test_every_response_carries_the_security_headers(api: Api) -> None:
    for path, headers in (("/", {}), ("/health", {}), ("/static/console.js", {}), ("/graphql", {"Accept": "text/html"})):
        response = await api.client.get(path, headers=headers)
        assert response.headers["x-content-type-options"] == "nosniff", path
        assert response.headers["referrer-policy"] == "no-referrer"
        policy = _csp(response)
        assert policy["frame-ancestors"] == "'none'" and policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    for path in ("/", "/graphql"):  # the console and GraphiQL: nothing but the server's own scripts and styles
        page = await api.client.get(path, headers={"Accept": "text/html"})
        assert _csp(page)["script-src"] == "'self'" and _csp(page)["style-src"] == "'self'", path


async def test_work_for_a_client_that_has_gone_is_dropped(api: Api) -> None:
    """The client disconnects right after sending: the change is not made, and the entry says why."""
    seat = {"appoint": {"person": "thomas-ager", "body": "noerremarken", "role": "MEMBER", "appointedBy": "aab", "onBehalfOf": "aab"}}
    body = json.dumps({"query": api.operations, "operationName": "ApplyChanges",
                       "variables": {"changes": [seat], "asOf": AS_OF}}).encode()
    messages = [{"type": "http.request", "body": body, "more_body": False}, {"type": "http.disconnect"}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else await anyio.sleep_forever()

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/graphql", "raw_path": b"/graphql", "query_string": b"",
             "headers": [(b"content-type", b"application/json"), (b"authorization", f"Bearer {ADMIN_TOKEN}".encode()),
                         (b"accept-language", b"en")],
             "http_version": "1.1", "scheme": "http", "server": ("boliv.test", 80), "client": ("127.0.0.1", 1), "root_path": ""}
    before = audit_count(api)
    await api.app(scope, receive, send)
    answer = json.loads(b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body"))
    assert answer["errors"][0]["extensions"]["code"] == "CLIENT_GONE"
    assert audit_count(api) == before + 1
    members = Queries(api.app.state.governance.database).memberships(["noerremarken"], date.fromisoformat(AS_OF))
    assert "thomas-ager" not in {m.person for m in members}
