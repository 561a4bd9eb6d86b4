"""Writes that cannot race, over HTTP: concurrent applyChanges against a real server never break a cap.

``boliv serve --workers 2`` on the test's back end (SQLite or PostgreSQL); the requests
are fired together, and the invariants are checked afterwards in the database itself.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from api_client import ADMIN_TOKEN, AS_OF, boliv_serve, running_server
from sqlalchemy import select

from governance.model import Membership, Person, Role
from governance.queries import Queries
from governance.services import Governance

HOUSING = ["aab", "oesterbo", "domea", "lejerbo"]
APPLY = """mutation($changes: [ChangeInput!]!, $asOf: Date) {
    applyChanges(changes: $changes, asOf: $asOf) { __typename ... on Rejected { violations { rule introduced severity } } } }"""
CREATE_PERSON = "mutation($input: PersonInput!) { createPerson(input: $input) { __typename } }"
HEADERS = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


@pytest.fixture
def served_structure(governance: Governance, database_url: str, tmp_path: Path) -> Iterator[str]:
    with running_server(boliv_serve(database_url), tmp_path / "serve.log") as base:
        yield base


@pytest.fixture
def served_demo(demo: Governance, database_url: str, tmp_path: Path) -> Iterator[str]:
    with running_server(boliv_serve(database_url), tmp_path / "serve.log") as base:
        yield base


def _post(base: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    answer = httpx.post(f"{base}/graphql", json={"query": query, "variables": variables}, headers=HEADERS, timeout=60).json()
    assert "errors" not in answer, answer
    return answer["data"]


def _register(base: str, key: str, organisation: str) -> None:
    person = {"key": key, "name": key.replace("-", " ").title(), "organisation": organisation}
    assert _post(base, CREATE_PERSON, {"input": person})["createPerson"]["__typename"] == "Person"


def fku_appointments(base: str, prefix: str, count: int) -> list[dict[str, Any]]:
    """``count`` new persons registered through ``base``, alternately Vejle Kommune's and a housing organisation's; one FKU seat each."""
    appointments = []
    for number in range(count):
        side = "vejle-kommune" if number % 2 == 0 else HOUSING[(number // 2) % len(HOUSING)]
        _register(base, f"{prefix}-{number}", side)
        appointments.append({"person": f"{prefix}-{number}", "body": "fku", "role": "MEMBER", "appointedBy": side, "onBehalfOf": side})
    return appointments


def _fire_together(base: str, appointments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One applyChanges per appointment, all sent at once; the answers."""

    async def fire() -> list[dict[str, Any]]:
        limits = httpx.Limits(max_connections=len(appointments))
        async with httpx.AsyncClient(base_url=base, headers=HEADERS, timeout=120, limits=limits) as client:
            calls = [
                client.post("/graphql", json={"query": APPLY, "variables": {"changes": [{"appoint": a}], "asOf": AS_OF}})
                for a in appointments
            ]
            return [response.json() for response in await asyncio.gather(*calls)]

    answers = asyncio.run(fire())
    assert all("errors" not in answer for answer in answers), [a for a in answers if "errors" in a]
    return [answer["data"]["applyChanges"] for answer in answers]


def _seated(governance: Governance, body: str, role: Role | None = None) -> list[str]:
    """The persons holding a membership of ``body`` (in ``role``) on AS_OF, read from the database."""
    day = Queries(governance.database).memberships([body], date.fromisoformat(AS_OF))
    return [m.person for m in day if role is None or m.role == role.value]


def test_sixteen_concurrent_appointments_seat_at_most_eight_in_fku(governance: Governance, served_structure: str) -> None:
    results = _fire_together(served_structure, fku_appointments(served_structure, "seat", 16))
    applied = [r for r in results if r["__typename"] == "Applied"]
    refused = [r for r in results if r["__typename"] == "Rejected"]
    assert len(applied) + len(refused) == 16
    assert len(applied) == 8, "the cap is 8 and every call is judged alone, one after another"
    assert all({"rule": "fku.cap", "introduced": True, "severity": "ERROR"} in r["violations"] for r in refused)
    assert len(_seated(governance, "fku")) == 8


def test_eight_concurrent_daily_leaders_seat_exactly_one(demo: Governance, served_demo: str) -> None:
    with demo.database.unit_of_work() as session:  # the demo's leader sits in the secretariat and, ex officio, in FKU
        leader = session.scalars(select(Membership.id).join(Person).where(Person.key == "maria-thorsen")).all()
    assert len(leader) == 2
    ends = [{"endMembership": {"membership": str(m), "endsOn": "2026-05-31"}} for m in leader]
    assert _post(served_demo, APPLY, {"changes": ends, "asOf": AS_OF})["applyChanges"]["__typename"] == "Applied"
    appointments = []
    for number in range(8):
        _register(served_demo, f"leader-{number}", "oesterbo")
        appointments.append({"person": f"leader-{number}", "body": "secretariat", "role": "DAILY_LEADER", "appointedBy": "oesterbo"})
    results = _fire_together(served_demo, appointments)
    assert [r["__typename"] for r in results].count("Applied") == 1
    assert len(_seated(demo, "secretariat", Role.DAILY_LEADER)) == 1
