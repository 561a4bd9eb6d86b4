"""The production layout of ``deploy/``, run here: Debian's nginx balancing two ``boliv serve`` on one PostgreSQL.

nginx runs as a normal process on a free loopback port, with ``deploy/nginx/boliv.conf``
as it stands (only its ports and log path replaced) inside a temporary main
configuration and prefix. The layout is PostgreSQL's: the test runs in the PostgreSQL
half (``BOLIV_TEST_BACKEND=postgres``, as ``make test`` runs it when
``BOLIV_TEST_POSTGRES_URL`` is set); it is skipped only where nginx is not installed.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from api_client import ADMIN_TOKEN
from conftest import BACKEND, fresh_postgres_schema
from sqlalchemy import func, select
from test_api_concurrency import (
    CREATE_PERSON,
    HEADERS,
    _fire_together,
    _seated,
    fku_appointments,
)

from bench.server import Server, free_port, running, serve_command
from boliv.cli import main
from governance.model import AuditEntry, Person
from governance.services import Governance

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)

pytestmark = [
    pytest.mark.skipif(NGINX is None, reason="nginx is not installed (.ci/run installs Debian's package)"),
    pytest.mark.skipif(BACKEND != "postgres", reason="the production layout runs on PostgreSQL (the PostgreSQL half runs it)"),
]




def site_config(listen: int, upstreams: list[int], log: Path) -> str:
    """``deploy/nginx/boliv.conf`` with this run's ports and access log; everything else as shipped."""
    site = (DEPLOY / "nginx" / "boliv.conf").read_text(encoding="utf-8")
    shipped = re.findall(r"^\s*server 127\.0\.0\.1:\d+ (.*);$", site, flags=re.MULTILINE)
    assert len(shipped) >= 2, "the shipped upstream balances two or more processes"
    servers = "".join(f"    server 127.0.0.1:{port} {shipped[0]};\n" for port in upstreams)
    site = re.sub(r"(?:^\s*server 127\.0\.0\.1:\d+ .*;\n)+", servers, site, flags=re.MULTILINE)
    site = site.replace("listen 80;", f"listen 127.0.0.1:{listen};")
    return site.replace("/var/log/nginx/boliv.access.log", str(log))


def main_config(prefix: Path, site: Path) -> str:
    """A main configuration like Debian's /etc/nginx/nginx.conf, every path inside ``prefix``."""
    user = "user root root;\n" if os.geteuid() == 0 else ""  # as root, workers would otherwise switch to nobody
    temp = "".join(f"    {kind}_temp_path {prefix / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (
        f"{user}worker_processes 1;\npid {prefix / 'nginx.pid'};\nerror_log {prefix / 'error.log'} warn;\n"
        f"events {{ worker_connections 512; }}\nhttp {{\n{temp}    include {site};\n}}\n"
    )


@contextmanager
def nginx(upstreams: list[int], prefix: Path) -> Iterator[str]:
    """nginx in the foreground on a free loopback port, balancing ``upstreams``; its base URL."""
    prefix.mkdir()
    port = free_port()
    site = prefix / "boliv.conf"
    site.write_text(site_config(port, upstreams, prefix / "access.log"), encoding="utf-8")
    (prefix / "nginx.conf").write_text(main_config(prefix, site), encoding="utf-8")
    command = [NGINX, "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"]
    check = subprocess.run([*command[:-2], "-t"], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)


@dataclass(frozen=True)
class Layout:
    base: str  # nginx
    servers: list[Server]
    governance: Governance  # the services over the same database, to look at what was written
    access_log: Path  # nginx's, in deploy's log format


@pytest.fixture
def layout(tmp_path: Path) -> Iterator[Layout]:
    """``boliv db upgrade``, two ``boliv serve --no-migrate`` on it, nginx in front."""
    url = fresh_postgres_schema(name="deploy")
    assert main(["db", "upgrade", "--database", url]) == 0
    env = {"BOLIV_ADMIN_TOKEN": ADMIN_TOKEN, "BOLIV_LOG_FORMAT": "json"}
    with ExitStack() as stack:
        servers = [
            stack.enter_context(running([*serve_command(url), "--no-migrate"], tmp_path / f"serve-{n}.log", env, within=60))
            for n in range(2)
        ]
        base = stack.enter_context(nginx([int(s.base.rsplit(":", 1)[1]) for s in servers], tmp_path / "nginx"))
        governance = Governance.open(url)
        stack.callback(governance.database.dispose)
        yield Layout(base, servers, governance, tmp_path / "nginx" / "access.log")


def test_health_and_graphql_through_nginx_and_one_rule_set_on_both(layout: Layout) -> None:
    base, servers = layout.base, layout.servers
    health = httpx.get(f"{base}/health", headers={"X-Request-Id": "through-nginx"}, timeout=30)
    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert health.headers["x-request-id"] == "through-nginx"
    versions = {httpx.get(f"{s.base}/health", timeout=30).json()["ruleSetVersion"] for s in servers}
    assert versions == {health.json()["ruleSetVersion"]}
    answer = httpx.post(f"{base}/graphql", json={"query": "{ bodies { key status } }"}, timeout=30).json()
    assert len(answer["data"]["bodies"]) == 17
    made = httpx.get(f"{base}/health", timeout=30).headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)  # nginx's $request_id, passed on to boliv
    assert httpx.get(f"{base}/metrics", timeout=30).status_code == 404  # scraped per process, not through the balancer
    assert all("boliv_rule_set_info" in httpx.get(f"{s.base}/metrics", timeout=30).text for s in servers)


def test_sixteen_concurrent_fku_appointments_through_nginx_seat_exactly_eight(layout: Layout) -> None:
    base, servers, governance = layout.base, layout.servers, layout.governance
    results = _fire_together(base, fku_appointments(base, "nginx-seat", 16))
    assert [r["__typename"] for r in results].count("Applied") == 8
    assert len(_seated(governance, "fku")) == 8
    served_by = set(re.findall(r"upstream=(127\.0\.0\.1:\d+) ", layout.access_log.read_text(encoding="utf-8")))
    assert served_by == {s.base.removeprefix("http://") for s in servers}, "nginx sent requests to both processes"


def test_a_process_killed_mid_run_loses_no_write_and_the_other_keeps_answering(
    layout: Layout,
) -> None:
    base, servers, governance = layout.base, layout.servers, layout.governance
    acknowledged: list[str] = []
    failed: list[str] = []
    lock = threading.Lock()
    counter = iter(range(10_000))

    def writer(stop: threading.Event) -> None:
        with httpx.Client(base_url=base, headers=HEADERS, timeout=60) as client:
            while not stop.is_set():
                with lock:
                    key = f"killed-run-{next(counter)}"
                person = {"key": key, "name": "Killed Run", "organisation": "vejle-kommune"}
                try:
                    answer = client.post("/graphql", json={"query": CREATE_PERSON, "variables": {"input": person}})
                    ok = answer.status_code == 200 and answer.json()["data"]["createPerson"]["__typename"] == "Person"
                except (httpx.TransportError, ValueError, TypeError, KeyError):
                    ok = False
                with lock:
                    (acknowledged if ok else failed).append(key)

    stop = threading.Event()
    threads = [threading.Thread(target=writer, args=(stop,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    while len(acknowledged) < 20:
        time.sleep(0.05)
    os.kill(servers[0].pid, signal.SIGKILL)
    killed_at = len(acknowledged) + len(failed)
    while len(acknowledged) + len(failed) < killed_at + 40:
        time.sleep(0.05)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)

    with governance.database.unit_of_work() as session:
        stored = set(session.scalars(select(Person.key).where(Person.key.like("killed-run-%"))))
        audited = session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "createPerson"))
    assert set(acknowledged) <= stored, "every acknowledged write is in the database"
    assert stored <= set(acknowledged) | set(failed)
    assert audited == len(stored), "each stored person has its audit entry, and nothing else was half-written"
    assert len(failed) <= len(threads), "only the requests in flight on the killed process failed"
    later = httpx.post(f"{base}/graphql", json={"query": "{ bodies { key } }"}, timeout=30).json()
    assert len(later["data"]["bodies"]) == 17
    assert httpx.get(f"{servers[1].base}/health", timeout=30).status_code == 200
