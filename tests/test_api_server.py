"""``boliv serve`` for real: uvicorn with two workers on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api_client import ADMIN_TOKEN, AS_OF

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A fresh database served by ``boliv serve --workers 2``; its base URL."""
    port = _free_port()
    env = {**os.environ, "BOLIV_ADMIN_TOKEN": ADMIN_TOKEN}
    env.pop("BOLIV_DATABASE_URL", None)
    command = [sys.executable, "-m", "governance.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
               "--database", database_url, "--workers", "2"]
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.read_text()
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "boliv serve did not answer /health within 60 s:\n" + log.read_text()
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


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
