"""Faults: a database that goes away and comes back, and a crash in the middle of applyChanges.

On PostgreSQL the server reaches the database through a TCP proxy the test stops (every
connection cut, new ones refused) and starts again. On SQLite the database file's folder
is missing when the server starts (a volume not mounted yet) and appears later. Either
way the server answers 503 and clear errors at once, and recovers without a restart.
"""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from api_client import (  # noqa: F401
    ADMIN_TOKEN,
    AS_OF,
    Api,
    anyio_backend,
    api,
    audit_count,
    boliv_serve,
    running_server,
)
from conftest import BACKEND
from sqlalchemy import event
from sqlalchemy.engine import make_url

from governance.services import Governance

HEADERS = {"Authorization": f"Bearer {ADMIN_TOKEN}", "Accept-Language": "en"}
QUICKLY = 10.0  # seconds: well under any client's patience, and above the 5 s connect timeout


class Proxy:
    """A TCP proxy to the database that can be cut off (every connection closed, new ones refused) and restored."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = 0
        self._listener: socket.socket | None = None
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        with self._lock:
            sockets, self._sockets = [*self._sockets, self._listener], []
            self._listener = None
        for sock in sockets:
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


def _health(base: str) -> int:
    return httpx.get(f"{base}/health", timeout=QUICKLY).status_code


def _graphql(base: str, query: str) -> tuple[dict[str, Any], float]:
    started = time.monotonic()
    answer = httpx.post(f"{base}/graphql", json={"query": query}, headers=HEADERS, timeout=QUICKLY * 2).json()
    return answer, time.monotonic() - started


def _assert_unavailable(base: str) -> None:
    assert _health(base) == 503
    for query in ("{ bodies { key } }", 'mutation { constituteBody(body: "fku") { __typename } }'):
        answer, took = _graphql(base, query)
        assert took < QUICKLY, f"{query} took {took:.1f} s"
        assert [e["extensions"]["code"] for e in answer["errors"]] == ["DATABASE_UNAVAILABLE"], answer
        assert answer["errors"][0]["message"].startswith("The database cannot be used right now; nothing was changed.")


def _assert_recovers(base: str) -> None:
    deadline = time.monotonic() + QUICKLY
    while _health(base) != 200:
        assert time.monotonic() < deadline, "the server did not recover"
        time.sleep(0.2)
    answer, _ = _graphql(base, "{ bodies { key } }")
    assert len(answer["data"]["bodies"]) == 17


@pytest.fixture
def proxy(database_url: str) -> Iterator[tuple[Proxy, str]]:
    url = make_url(database_url)
    proxy = Proxy((url.host or "127.0.0.1", url.port or 5432))
    proxy.start()
    yield proxy, url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    proxy.stop()


@pytest.mark.skipif(BACKEND != "postgres", reason="a database server that goes away: the PostgreSQL half")
def test_postgresql_going_away_and_coming_back(proxy: tuple[Proxy, str], tmp_path: Path) -> None:
    cut, url = proxy
    with running_server(boliv_serve(url, workers=1), tmp_path / "serve.log") as base:
        _assert_recovers(base)
        cut.stop()
        _assert_unavailable(base)
        cut.start()
        _assert_recovers(base)


@pytest.mark.skipif(BACKEND != "sqlite", reason="a database file that appears later: the SQLite half")
def test_sqlite_database_appearing_later(tmp_path: Path) -> None:
    folder = tmp_path / "not-mounted-yet"
    url = f"sqlite:///{folder / 'boliv.db'}"
    command = [sys.executable, "-m", "uvicorn", "--factory", "api.app:app_from_env", "--host", "127.0.0.1", "--port", "{port}"]
    with running_server(command, tmp_path / "serve.log", env={"BOLIV_DATABASE_URL": url}, ready=503) as base:
        _assert_unavailable(base)
        folder.mkdir()
        Governance.open(url).database.dispose()  # the volume is mounted and the database laid down
        _assert_recovers(base)


# -- a crash in the middle of applyChanges ------------------------------------------------------------


@pytest.mark.anyio
async def test_a_crash_in_the_middle_of_apply_changes_leaves_nothing_half_written(api: Api) -> None:
    engine = api.app.state.governance.database.engine
    inserts: list[str] = []

    def crash_after_the_first_insert(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO") and "audit_entries" not in statement:
            inserts.append(statement)
            if len(inserts) == 2:
                raise RuntimeError("the server crashed")

    changes = [
        {"createBody": {"key": "adhoc-crash", "name": "Nedbrud", "kind": "ADHOC_GROUP", "expiresOn": "2026-12-31"}},
        {"appoint": {"person": "gert-hviid", "body": "adhoc-crash", "role": "MEMBER", "appointedBy": "oesterbo",
                     "onBehalfOf": "oesterbo", "endsOn": "2026-12-31"}},
    ]
    entries = audit_count(api)
    event.listen(engine, "before_cursor_execute", crash_after_the_first_insert)
    try:
        answer = await api.run("ApplyChanges", {"changes": changes, "asOf": AS_OF})
    finally:
        event.remove(engine, "before_cursor_execute", crash_after_the_first_insert)
    assert len(inserts) == 2 and "bodies" in inserts[0] and "memberships" in inserts[1]
    assert answer["data"] is None and answer["errors"][0]["message"] == "Unexpected error."
    assert "adhoc-crash" not in {b["key"] for b in (await api.data("Bodies"))["bodies"]}
    # the whole transaction, its entry included, was rolled back; then the failure has its one entry, refused
    assert audit_count(api) == entries + 1
    log = (await api.post("{ auditLog(limit: 1) { action allowed request } }"))["data"]["auditLog"]
    assert log == [{"action": "applyChanges", "allowed": False, "request": {"arguments": log[0]["request"]["arguments"],
                                                                             "error": "Unexpected error."}}]
    applied = (await api.data("ApplyChanges", {"changes": changes, "asOf": AS_OF}))["applyChanges"]
    assert applied["__typename"] == "Applied"  # and the service goes on
