"""One viewer cannot tie up a real server: 20 costly requests at once, and /health and a plain query still answer.

``boliv serve`` for real (one worker, so everything shares one process): the viewer's
costly requests run at most two at a time, the others wait briefly and get
``RATE_LIMITED``; meanwhile /health and a plain query answer within a second, and the
server's memory is back near where it started afterwards.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from api_client import boliv_serve

from bench.server import running
from governance.services import Governance
from governance.tokens import Tokens

COSTLY = '{ composition(body: "fku", asOf: "2026-06-01") { repairs(limit: 4) { size } } }'
PLAIN = "{ organisations { key } }"


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def test_twenty_costly_requests_from_one_viewer_leave_the_server_answering(
    demo: Governance, database_url: str, tmp_path: Path
) -> None:
    _row, viewer = Tokens(demo.database).create("viewer")
    demo.database.dispose()
    headers = {"Authorization": f"Bearer {viewer}", "Accept-Language": "en"}
    with running(boliv_serve(database_url, workers=1), tmp_path / "serve.log", within=60) as server, \
            httpx.Client(base_url=server.base, timeout=60, headers=headers) as client:
        assert "errors" not in client.post("/graphql", json={"query": COSTLY}).json()  # warm: rules loaded, caches filled
        start_rss = _rss_mb(server.pid)

        def costly(_: int) -> dict[str, Any]:
            with httpx.Client(base_url=server.base, timeout=60, headers=headers) as own:
                response = own.post("/graphql", json={"query": COSTLY})
                assert response.status_code == 200, response.text
                return response.json()

        with ThreadPoolExecutor(max_workers=20) as pool:
            answers = pool.map(costly, range(20))
            time.sleep(1.0)  # the costly requests are in: two running, the others waiting
            latencies = []
            for _ in range(5):
                began = time.monotonic()
                assert client.get("/health").status_code == 200
                latencies.append(time.monotonic() - began)
                began = time.monotonic()
                assert "errors" not in client.post("/graphql", json={"query": PLAIN}).json()
                latencies.append(time.monotonic() - began)
                time.sleep(0.2)
            answers = list(answers)
        codes = [a["errors"][0]["extensions"]["code"] if "errors" in a else "ok" for a in answers]
        assert set(codes) <= {"ok", "RATE_LIMITED", "BUDGET_EXCEEDED"} and codes.count("RATE_LIMITED") >= 10, codes
        assert max(latencies) < 1.0, latencies
        assert _rss_mb(server.pid) < start_rss + 100, (start_rss, _rss_mb(server.pid))  # the threads keep their malloc arenas
