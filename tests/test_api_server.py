"""``boliv serve`` for real: uvicorn with two workers on a free loopback port."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from api_client import ADMIN_TOKEN, AS_OF, boliv_serve, running_server


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A fresh database served by ``boliv serve --workers 2``; its base URL."""
    with running_server(boliv_serve(database_url), tmp_path / "serve.log") as base:
        yield base


def test_serve_creates_the_structure_and_answers_queries_and_mutations(server: str) -> None:
    with httpx.Client(base_url=server, timeout=30) as client:
        bodies = client.post("/graphql", json={"query": "{ bodies { key status } }"}).json()["data"]["bodies"]
        assert len(bodies) == 17 and {b["status"] for b in bodies} == {"FORMING"}
        mutation = 'mutation { createPerson(input: {key: "served", name: "Served"}) { __typename ... on Person { key } } }'
        refused = client.post("/graphql", json={"query": mutation}).json()
        assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        created = client.post("/graphql", json={"query": mutation}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}).json()
        assert created["data"]["createPerson"] == {"__typename": "Person", "key": "served"}
        query = f'{{ composition(body: "fku", asOf: "{AS_OF}") {{ valid violations {{ rule severity }} }} }}'
        composition = client.post("/graphql", json={"query": query}).json()["data"]["composition"]
        assert composition["valid"] is True and {"rule": "fku.chair", "severity": "WARNING"} in composition["violations"]
