"""A real ``boliv serve`` on a free loopback port, for the benchmark and the tests that need one."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Server:
    base: str
    pid: int

    def peak_rss_mb(self) -> float:
        """The process's peak resident set size so far (VmHWM), in MB."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmHWM in /proc status")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]  # (host, port) for an AF_INET socket
        return port


def serve_command(database_url: str, workers: int = 1) -> list[str]:
    """``boliv serve`` over a database on loopback, its port left as ``{port}`` for ``running``."""
    return [sys.executable, "-m", "boliv", "serve", "--host", "127.0.0.1", "--port", "{port}",
            "--database", database_url, "--workers", str(workers)]


@contextmanager
def running(command: list[str], log: Path, env: dict[str, str] | None = None, ready: int = 200, within: float = 120) -> Iterator[Server]:
    """``command`` with ``{port}`` filled in, its output in ``log``; the server once /health answers ``ready``.

    ``BOLIV_DATABASE_URL`` is not passed on: the command, or ``env``, names the database.
    """
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if k != "BOLIV_DATABASE_URL"} | (env or {})
    with log.open("wb") as output:
        process = subprocess.Popen(
            [part.format(port=port) for part in command], cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + within
        while True:
            if process.poll() is not None:
                raise RuntimeError("boliv serve stopped:\n" + log.read_text())
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == ready:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"boliv serve did not answer /health {ready} within {within:.0f} s:\n" + log.read_text())
            time.sleep(0.2)
        yield Server(base, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def serve(database: str, log: Path) -> Iterator[Server]:
    """One uvicorn worker, so one process whose memory the benchmark can read."""
    with running(serve_command(database, workers=1), log) as server:
        yield server
