"""Helpers for the API tests: the app over the test database, called over HTTP in-process.

Import the fixtures into a test module (``from api_client import api, anyio_backend``);
the tests are async and run on anyio's pytest plugin.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette

from api.app import create_app
from api.settings import Settings
from bench.server import running, serve_command
from governance.model import AuditEntry
from governance.tokens import Tokens

ADMIN_TOKEN = "test-admin-token"
AS_OF = "2026-06-01"
ROOT = Path(__file__).resolve().parents[1]
CONTRACT_DIR = ROOT.parent / "shared" / "contract"


def contract(name: str) -> str:
    """The text of one of the contract's files; the test is skipped when the contract is absent."""
    path = CONTRACT_DIR / name
    if not path.exists():
        pytest.skip(f"the contract is not beside the repository ({path} is missing)")
    return path.read_text(encoding="utf-8")


def operations() -> str:
    """The text of the contract's operations.graphql."""
    return contract("operations.graphql")


def operation_names(document: str) -> list[str]:
    return re.findall(r"^(?:query|mutation)\s+(\w+)", document, flags=re.MULTILINE)


@dataclass
class Api:
    """The app and an HTTP client speaking to it through httpx's ASGI transport."""

    app: Starlette
    client: httpx.AsyncClient
    operations: str

    async def post(self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = ADMIN_TOKEN,
                   operation: str | None = None, headers: dict[str, str] | None = None) -> dict[str, Any]:
        """POST a GraphQL document; the answer's JSON (the HTTP status must be 200)."""
        sent = dict(headers or {})
        if token is not None:
            sent["Authorization"] = f"Bearer {token}"
        body: dict[str, Any] = {"query": query, "variables": variables or {}}
        if operation:
            body["operationName"] = operation
        response = await self.client.post("/graphql", json=body, headers=sent)
        assert response.status_code == 200, response.text
        return response.json()

    async def run(self, operation: str, variables: dict[str, Any] | None = None, **options: Any) -> dict[str, Any]:
        """Run one named operation of operations.graphql, exactly as written there."""
        return await self.post(self.operations, variables, operation=operation, **options)

    async def data(self, operation: str, variables: dict[str, Any] | None = None, **options: Any) -> dict[str, Any]:
        """Run a contract operation that must succeed; its ``data``."""
        answer = await self.run(operation, variables, **options)
        assert "errors" not in answer, answer
        return answer["data"]

    async def data_of(self, document: str, operation: str, variables: dict[str, Any] | None = None,
                      **options: Any) -> dict[str, Any]:
        """Run a named operation of another contract file (``contract("explain.graphql")``) that must succeed."""
        answer = await self.post(document, variables, operation=operation, **options)
        assert "errors" not in answer, answer
        return answer["data"]


def error_codes(answer: dict[str, Any]) -> list[str]:
    return [error.get("extensions", {}).get("code") for error in answer.get("errors", [])]


def issue_token(api: Api, role: str, organisation: str | None = None, holder: str | None = None) -> str:
    """A new role token in the API's database (as ``boliv token create`` makes it); its secret."""
    return Tokens(api.app.state.governance.database).create(role, organisation, holder)[1]


def audit_count(api: Api) -> int:
    with api.app.state.governance.database.unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry))


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


TEST_BUDGET_SECONDS = 120.0  # the tests check answers, not speed, on machines shared by many runs (api.budget)


async def open_api(database_url: str) -> AsyncIterator[Api]:
    app = create_app(Settings(database_url=database_url, admin_token=ADMIN_TOKEN, request_budget_seconds=TEST_BUDGET_SECONDS))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://boliv.test") as client:
        yield Api(app, client, operations())
    app.state.governance.database.dispose()


@pytest.fixture
async def api(demo: Any, database_url: str) -> AsyncIterator[Api]:
    """The API over the BolivVejle structure and the demo register."""
    async for opened in open_api(database_url):
        yield opened


@pytest.fixture
async def structure_api(governance: Any, database_url: str) -> AsyncIterator[Api]:
    """The API over the bare structure: no persons, every body FORMING."""
    async for opened in open_api(database_url):
        yield opened


@contextmanager
def running_server(command: list[str], log: Path, env: dict[str, str] | None = None, ready: int = 200) -> Iterator[str]:
    """A real server on a free loopback port (``command`` with ``{port}``), with the tests' administrator token; its base URL."""
    with running(command, log, {"BOLIV_ADMIN_TOKEN": ADMIN_TOKEN, **(env or {})}, ready, within=60) as server:
        yield server.base


def boliv_serve(database_url: str, workers: int = 2) -> list[str]:
    """The command of ``boliv serve`` on a free port (``running_server`` fills it in)."""
    return serve_command(database_url, workers)
