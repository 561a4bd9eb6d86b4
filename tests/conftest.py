"""Shared fixtures: a fresh database per test, on SQLite or on PostgreSQL.

The back end is chosen by ``BOLIV_TEST_BACKEND`` (``sqlite``, the default, or
``postgres``); the PostgreSQL half uses ``BOLIV_TEST_POSTGRES_URL``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from governance.engine.ruleset import DEFAULT_RULES_DIR
from governance.services import Governance
from governance.store import database_url as normalise_url

BACKEND = os.environ.get("BOLIV_TEST_BACKEND", "sqlite")
POSTGRES_URL = os.environ.get("BOLIV_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
TODAY_IN_TESTS = "2026-06-01"
# One audit key for every database of the run and the processes it starts, so a trail moved
# between back ends verifies; tests of the key file itself unset it (tests/test_audit_chain.py).
os.environ.setdefault("BOLIV_AUDIT_KEY", "boliv-test-run-audit-key-0123456789abcdef")


def fresh_postgres_schema(url: str = POSTGRES_URL, name: str = "") -> str:
    """A new, empty schema of this test process (and ``name``); the URL that makes it the search path.

    A schema per process (not the shared ``public``) lets several test runs share one server.
    """
    schema = f"boliv_test_{os.getpid()}" + (f"_{name}" if name else "")
    engine = create_engine(normalise_url(url))
    with engine.begin() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    engine.dispose()
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture
def database_url(tmp_path) -> str:
    """A new, empty database for one test."""
    if BACKEND == "postgres":
        return fresh_postgres_schema()
    return f"sqlite:///{tmp_path / 'boliv.db'}"


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    """A copy of the shipped rule folder that a test may edit."""
    copy = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, copy)
    return copy


@pytest.fixture
def governance(database_url: str) -> Iterator[Governance]:
    """The services over a new database holding the BolivVejle structure (every body FORMING)."""
    service = Governance.open(database_url)
    yield service
    service.database.dispose()


@pytest.fixture
def demo(governance: Governance) -> Governance:
    """The services over the structure plus the fictional demo register (standing bodies ACTIVE)."""
    governance.seed_demo()
    return governance
