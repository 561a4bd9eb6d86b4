"""The benchmark's databases: the demo (one platform) and the national data (demo + 97 copies).

Each is built afresh in a temporary folder (SQLite) or a schema of its own (PostgreSQL,
when ``BOLIV_BENCH_POSTGRES_URL`` is set), with one newcomer per database: the person the
one-appointment check appoints to the social theme group of the last platform, and whom
the refused change (the explanation's benchmark) gives the last platform's forum a 9th seat.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine

from governance import Appoint, Governance
from governance.enums import Role
from governance.store import database_url

AS_OF = date(2026, 6, 1)
COPIES = 97  # the national data: BolivVejle and 97 copies, one platform per municipality


@dataclass(frozen=True)
class Dataset:
    name: str
    url: str
    copies: int
    appointment: Appoint  # a new person to a theme group of the last platform
    refused: Appoint  # the same person as a 9th seat of the last platform's forum: fku.cap and fku.parity refuse it
    build_seconds: float


def build(name: str, url: str, copies: int) -> Dataset:
    """Create the database, lay down the demo and ``copies`` synthetic copies, and add the newcomer."""
    started = time.perf_counter()
    governance = Governance.open(url)
    try:
        governance.seed_demo()
        governance.seed_synthetic(copies)
        suffix = f"-s{copies}" if copies else ""
        person, org = f"bench-newcomer{suffix}", f"aab{suffix}"
        governance.create_person(person, "Bench Newcomer", org, ["social"], actor="bench")
    finally:
        governance.database.dispose()
    appointment = Appoint(person, f"theme-social{suffix}", Role.MEMBER, appointed_by=org, on_behalf_of=org)
    refused = Appoint(person, f"fku{suffix}", Role.MEMBER, appointed_by=org, on_behalf_of=org)
    return Dataset(name, url, copies, appointment, refused, time.perf_counter() - started)


def sqlite(folder: Path, name: str, copies: int) -> Dataset:
    return build(name, f"sqlite:///{folder / (name + '.db')}", copies)


@contextmanager
def postgres_schema(url: str) -> Iterator[str]:
    """A new schema on the server at ``url``, dropped afterwards; the URL that makes it the search path."""
    schema = f"boliv_bench_{os.getpid()}"
    engine = create_engine(database_url(url))
    with engine.begin() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        yield f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        engine.dispose()
