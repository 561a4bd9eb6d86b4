"""Load with invariants: many clients against a real server, then every hard limit still holds.

``boliv serve --workers 2`` with ``BOLIV_ADMIN_TOKEN`` serves the test's database (SQLite
or PostgreSQL) on a free loopback port. The register is the BolivVejle structure (every
body FORMING, so only the hard limits are errors) and a roster of persons from every
side, seven of them already in FKU; the clients then contest the limits: appointments to FKU (cap 8), daily leaders
for the secretariat (at most one), theme-group seats, ends of the memberships they see,
new persons (some twice), what-ifs and reads, all as of one day. Afterwards:

- every request was answered with HTTP 200 and no error: the only failures are refusals
  (``Rejected``);
- FKU holds at most 8 seats and the secretariat at most one daily leader, and the
  audit of the day has no error;
- every mutation left exactly one audit entry: the ids the answers name are the
  entries of the audit table, and the ``Applied`` answers are exactly its allowed
  ``applyChanges`` entries.

Bounded and loopback only: ``DURATION`` seconds or ``REQUESTS`` requests, whichever comes
first, from ``CLIENTS`` threads. ``BOLIV_LONG=1`` runs 300 s, 20000 requests and 16
clients; ``BOLIV_SOAK_SECONDS``, ``BOLIV_SOAK_REQUESTS`` and ``BOLIV_SOAK_CLIENTS`` set
each (docs/robustness.md).
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
from api_client import ADMIN_TOKEN
from sqlalchemy import select
from test_fuzz_api import served

from governance import store
from governance.changes import Appoint
from governance.model import AuditEntry
from governance.services import Applied, Governance

LONG = os.environ.get("BOLIV_LONG") == "1"
DURATION = float(os.environ.get("BOLIV_SOAK_SECONDS") or (300 if LONG else 15))
REQUESTS = int(os.environ.get("BOLIV_SOAK_REQUESTS") or (20000 if LONG else 300))
CLIENTS = int(os.environ.get("BOLIV_SOAK_CLIENTS") or (16 if LONG else 8))
AS_OF = date(2026, 6, 1)
STARTS = (AS_OF - timedelta(days=30)).isoformat()  # appointments start before the day, so ends can take effect on it
LAST_DAY = (AS_OF - timedelta(days=1)).isoformat()
SIDES = ["vejle-kommune", "aab", "oesterbo", "domea", "lejerbo"]
THEMES = ["theme-legal", "theme-technical", "theme-social"]

APPLY = """mutation($changes: [ChangeInput!]!, $asOf: Date) { applyChanges(changes: $changes, asOf: $asOf) {
  __typename ... on Applied { auditId membershipIds } ... on Rejected { refusal: auditId violations { rule severity introduced } } } }"""
CHECK = """query($changes: [ChangeInput!]!, $asOf: Date) { checkChanges(changes: $changes, asOf: $asOf) {
  allowed violations { rule severity introduced } } }"""
CREATE = """mutation($input: PersonInput!) { createPerson(input: $input) {
  __typename ... on Person { key } ... on Rejected { auditId violations { rule } } } }"""
MEMBERS = """query($body: String!, $asOf: Date) { body(key: $body) { key members(asOf: $asOf) { id role person { key } } } }"""
READS = [
    ("""query($asOf: Date) { composition(body: "fku", asOf: $asOf) { valid violations { rule severity subjects } } }""", {}),
    ("""query($asOf: Date) { audit(asOf: $asOf) { valid violations { rule body { key } } } }""", {}),
    ("""{ bodies { key status members { role person { key name organisation { key } } } } }""", None),
    ("""{ persons { key name qualifications } organisations { key kind } }""", None),
]


@dataclass
class Tally:
    """What the clients saw, shared between their threads."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    sent: int = 0
    outcomes: Counter = field(default_factory=Counter)
    audit_ids: list[int] = field(default_factory=list)
    applied_ids: list[int] = field(default_factory=list)
    mutations: int = 0
    failures: list[str] = field(default_factory=list)

    def take(self) -> bool:
        with self.lock:
            if self.sent >= REQUESTS:
                return False
            self.sent += 1
            return True


def _roster(governance: Governance) -> list[tuple[str, str]]:
    """Persons of every side, some with a theme group's qualification; seven of them in FKU, one seat from the cap."""
    people = []
    for number in range(40):
        side = SIDES[number % len(SIDES)]
        key = f"soak-{number}"
        tags = [["legal"], ["technical"], ["social"], []][number % 4]
        governance.create_person(key, f"Soak Person {number}", side, tags, "setup")
        people.append((key, side))
    seated = [Appoint(key, "fku", "MEMBER", side, side, starts_on=AS_OF - timedelta(days=30)) for key, side in people[:7]]
    assert isinstance(governance.apply_changes(seated, AS_OF, "setup"), Applied)
    return people


def _appointment(rng: random.Random, people: list[tuple[str, str]]) -> dict[str, Any]:
    person, side = rng.choice(people)
    body, role = rng.choice([("fku", "MEMBER")] * 4 + [("secretariat", "DAILY_LEADER")] * 2 + [(rng.choice(THEMES), "MEMBER")] * 2)
    appoint = {"person": person, "body": body, "role": role, "appointedBy": side, "startsOn": STARTS}
    if body != "secretariat":
        appoint["onBehalfOf"] = side
    return {"appoint": appoint}


def _client(base: str, people: list[tuple[str, str]], tally: Tally, deadline: float, seed: int) -> None:
    rng = random.Random(seed)
    headers = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    with httpx.Client(base_url=base, timeout=120, headers=headers) as client:
        while time.monotonic() < deadline and tally.take():
            roll = rng.random()
            try:
                if roll < 0.35:
                    query, variables = rng.choice(READS)
                    answer = _post(client, query, None if variables is None else {"asOf": AS_OF.isoformat()}, tally)
                elif roll < 0.55:
                    changes = [_appointment(rng, people) for _ in range(rng.randint(1, 2))]
                    _post(client, CHECK, {"changes": changes, "asOf": AS_OF.isoformat()}, tally)
                elif roll < 0.9:
                    changes = [_appointment(rng, people)]
                    if rng.random() < 0.4:  # end a membership someone holds now
                        body = rng.choice(["fku", "secretariat", *THEMES])
                        answer = _post(client, MEMBERS, {"body": body, "asOf": AS_OF.isoformat()}, tally)
                        members = (((answer or {}).get("data") or {}).get("body") or {}).get("members") or []
                        if members:
                            changes = [{"endMembership": {"membership": rng.choice(members)["id"], "endsOn": LAST_DAY}}]
                    answer = _post(client, APPLY, {"changes": changes, "asOf": AS_OF.isoformat()}, tally, mutation=True)
                    result = ((answer or {}).get("data") or {}).get("applyChanges")
                    if result:
                        with tally.lock:
                            tally.outcomes[result["__typename"]] += 1
                            entry = result.get("auditId", result.get("refusal"))
                            if entry is not None:
                                tally.audit_ids.append(entry)
                            if result["__typename"] == "Applied":
                                tally.applied_ids.append(result["auditId"])
                else:
                    number = rng.randint(100, 160)  # some keys come twice: the second is refused
                    person = {"key": f"soak-new-{number}", "name": f"New {number}", "organisation": rng.choice(SIDES)}
                    answer = _post(client, CREATE, {"input": person}, tally, mutation=True)
                    result = ((answer or {}).get("data") or {}).get("createPerson")
                    if result:
                        with tally.lock:
                            tally.outcomes["createPerson:" + result["__typename"]] += 1
            except httpx.HTTPError as error:
                with tally.lock:
                    tally.failures.append(f"transport: {error!r}")


def _post(client: httpx.Client, query: str, variables: dict | None, tally: Tally, mutation: bool = False) -> dict | None:
    response = client.post("/graphql", json={"query": query, "variables": variables or {}})
    if mutation:
        with tally.lock:
            tally.mutations += 1
    if response.status_code != 200:
        with tally.lock:
            tally.failures.append(f"HTTP {response.status_code}: {response.text[:300]}")
        return None
    answer = response.json()
    if answer.get("errors"):
        with tally.lock:
            tally.failures.append(f"errors: {answer['errors']}")
    return answer


def test_many_clients_mixing_reads_checks_and_writes_keep_every_invariant(governance: Governance, database_url: str, tmp_path: Path) -> None:
    people = _roster(governance)
    with governance.database.unit_of_work() as session:
        entries_before = len(session.scalars(select(AuditEntry.id)).all())
    tally = Tally()
    with served(database_url, tmp_path) as base:
        started = time.monotonic()
        deadline = started + DURATION
        threads = [threading.Thread(target=_client, args=(base, people, tally, deadline, 1000 + n)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=DURATION + 300)
        assert not any(thread.is_alive() for thread in threads), "a client did not stop"
        elapsed = time.monotonic() - started
        with httpx.Client(base_url=base, timeout=60) as client:
            health = client.get("/health")
    print(f"\nsoak: {tally.sent} requests in {elapsed:.1f} s from {CLIENTS} clients; outcomes {dict(tally.outcomes)}")

    assert health.status_code == 200, health.text
    assert not tally.failures, f"{len(tally.failures)} requests failed:\n" + "\n".join(tally.failures[:10])
    assert tally.sent >= min(REQUESTS, 40) and tally.outcomes["Applied"] >= 1 and tally.outcomes["Rejected"] >= 1, (tally.sent, tally.outcomes)

    with governance.database.unit_of_work() as session:
        register = store.load_register(session)
        entries = session.scalars(select(AuditEntry).where(AuditEntry.id > 0).order_by(AuditEntry.id)).all()
    holds = [m for m in register.memberships.values() if m.starts_on <= AS_OF and (m.ends_on is None or m.ends_on >= AS_OF)]
    leaders = {m.person for m in holds if m.body == "secretariat" and m.role == "daily_leader"}
    seats = {m.person for m in holds if m.body == "fku"} - leaders
    print(f"soak: FKU holds {len(seats)} seats, the secretariat {len(leaders)} daily leader(s), {len(holds)} memberships hold")
    assert len(seats) <= 8, seats
    assert len(leaders) <= 1, leaders
    verdict = governance.audit(AS_OF)
    assert [v.rule for v in verdict.violations if v.severity == "ERROR"] == []

    new_entries = entries[entries_before:]
    assert len(new_entries) == tally.mutations  # one entry per mutation, allowed or refused
    apply_entries = [e for e in new_entries if e.action == "applyChanges"]
    assert sorted(tally.audit_ids) == [e.id for e in apply_entries]
    assert sorted(tally.applied_ids) == [e.id for e in apply_entries if e.allowed]
    assert tally.outcomes["Applied"] == sum(e.allowed for e in apply_entries)
