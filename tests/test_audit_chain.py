"""The keyed audit chain: ``boliv audit verify`` as a real process, on the database file as its owner could edit it.

Every entry carries an HMAC of its content and of the entry before it, with a key outside
the database. Whoever can write to the database but lacks the key (the triggers dropped
or disabled, as the database owner can) cannot alter, remove or forge an entry unnoticed;
two processes writing at once still make one chain; a trail written before the chain
existed is sealed on migration; 100,000 entries verify in a few seconds.
"""

from __future__ import annotations

import os
import re
import resource
import stat
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from conftest import BACKEND
from sqlalchemy import text

from governance import migrations
from governance.audit_chain import CHAINED, chained_values, seal
from governance.audit_key import KEY_ENV, KEY_FILE_NAME, audit_key
from governance.model import AuditEntry
from governance.services import Governance
from governance.store import Database

ROOT = Path(__file__).resolve().parents[1]


def boliv(*args: str, unset_key: bool = False, **env: str) -> subprocess.CompletedProcess[str]:
    """The command line as a real process."""
    environment = {k: v for k, v in os.environ.items() if not (unset_key and k == KEY_ENV)} | env
    return subprocess.run(
        [sys.executable, "-m", "boliv", *args], capture_output=True, text=True, timeout=300, cwd=ROOT, env=environment
    )


def verify(url: str, **options) -> subprocess.CompletedProcess[str]:
    return boliv("audit", "verify", "--database", url, **options)


def as_owner(url: str, *statements: str) -> None:
    """What the database's owner can do: lift the append-only triggers and write what they like."""
    database = Database(url)
    with database.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("ALTER TABLE audit_entries DISABLE TRIGGER USER")
        else:
            for (name,) in connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'").all():
                connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
        for statement in statements:
            connection.execute(text(statement))
    database.dispose()


@pytest.fixture
def trail(governance: Governance, database_url: str) -> str:
    """A database whose trail holds six entries (five people created, one refused as a duplicate)."""
    for number in range(5):
        governance.create_person(f"person-{number}", f"Person {number}", "aab", [], "admin")
    with pytest.raises(Exception, match="already exists"):
        governance.create_person("person-0", "Again", "aab", [], "admin")
    return database_url


def test_an_intact_trail_verifies(trail: str) -> None:
    done = verify(trail)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "The audit trail is intact: 6 entries verify; the newest is entry 6" in done.stdout


FORGED = (
    "INSERT INTO audit_entries (id, previous_id, at, actor, action, request, body_keys, allowed, violations, "
    "rule_set_version, justification, override, digest) SELECT 7, 6, at, 'admin', 'createPerson', request, body_keys, "
    "allowed, violations, rule_set_version, justification, override, digest FROM audit_entries WHERE id = 6"
)


@pytest.mark.parametrize(
    ("statements", "named"),
    [
        (["UPDATE audit_entries SET actor = 'someone else' WHERE id = 3"], "entry 3 was altered or forged"),
        (["UPDATE audit_entries SET allowed = NOT allowed WHERE id = 6"], "entry 6 was altered or forged"),
        (["DELETE FROM audit_entries WHERE id = 3"], "entry 3 was removed: entry 4 names it as the one before"),
        (["DELETE FROM audit_entries WHERE id = 1"], "entry 1 was removed: entry 2 names it as the one before"),
        ([FORGED], "entry 7 was altered or forged"),
        (["UPDATE audit_entries SET previous_id = NULL WHERE id = 4", "DELETE FROM audit_entries WHERE id < 4"], "entry 4 was altered or forged"),
        (["DELETE FROM audit_entries WHERE id = 4", "UPDATE audit_entries SET previous_id = 3 WHERE id = 5"], "entry 5 was altered or forged"),
        ([FORGED.replace("SELECT 7, 6,", "SELECT 7, NULL,")], "entry 7 is forged: it names no entry as the one before, but the one before is entry 6"),
    ],
    ids=["altered", "verdict-flipped", "removed", "first-removed", "forged", "head-cut-and-relinked", "removed-and-relinked", "second-first"],
)
def test_verify_names_the_first_entry_altered_removed_or_forged(trail: str, statements: list[str], named: str) -> None:
    as_owner(trail, *statements)
    done = verify(trail)
    assert done.returncode == 1, done.stdout + done.stderr
    assert named in done.stdout
    assert "Traceback" not in done.stderr


def test_a_trail_checked_with_another_key_fails_at_its_first_entry(trail: str) -> None:
    done = verify(trail, **{KEY_ENV: "not-the-key-the-trail-was-written-with"})
    assert done.returncode == 1
    assert "entry 1 was altered or forged" in done.stdout and "key may also not be the one" in done.stdout


WRITER = """
import sys
from governance.services import Governance
governance = Governance.open(sys.argv[1])
for number in range(int(sys.argv[3])):
    governance.create_person(f"{sys.argv[2]}-{number}", "Someone", "aab", [], sys.argv[2])
"""


def test_two_processes_writing_at_once_make_one_chain(governance: Governance, database_url: str) -> None:
    per_process = 20
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, database_url, name, str(per_process)], cwd=ROOT, stderr=subprocess.PIPE, text=True)
        for name in ("writer-a", "writer-b")
    ]
    for writer in writers:
        assert writer.wait(timeout=300) == 0, writer.stderr.read()
    done = verify(database_url)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"intact: {2 * per_process} entries verify" in done.stdout
    with governance.database.engine.connect() as connection:
        links = connection.execute(text("SELECT id, previous_id, actor FROM audit_entries ORDER BY id")).all()
    assert [(row.id, row.previous_id) for row in links] == [(n, n - 1 if n > 1 else None) for n in range(1, 2 * per_process + 1)]
    assert {row.actor for row in links} == {"writer-a", "writer-b"}


def test_entries_written_before_the_chain_existed_are_sealed_on_migration(database_url: str) -> None:
    database = Database(database_url)
    with database.engine.begin() as connection:
        command.upgrade(migrations.config(connection), "0002")
        for number in range(1, 4):
            connection.execute(
                text(
                    "INSERT INTO audit_entries (id, at, actor, action, request, body_keys, allowed, violations, rule_set_version, override) "
                    "VALUES (:id, :at, 'admin', 'applyChanges', '{\"asOf\": \"2026-06-01\"}', '[\"fku\"]', :allowed, '[]', 'v1', :override)"
                ),
                {"id": number * 10, "at": datetime(2026, 5, number, 12, 30, tzinfo=UTC), "allowed": number != 2, "override": number == 3},
            )
    database.create_schema()
    database.dispose()
    done = verify(database_url)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "intact: 3 entries verify; the newest is entry 30" in done.stdout
    governance = Governance.open(database_url)  # the chain goes on from the sealed entries
    governance.create_person("after-migration", "Efter", "aab", [], "admin")
    governance.database.dispose()
    assert "intact: 4 entries verify; the newest is entry 31" in verify(database_url).stdout


@pytest.mark.skipif(BACKEND != "sqlite", reason="the key file sits beside an SQLite database file")
def test_the_key_file_is_made_on_first_use_beside_the_database_and_kept_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_ENV)
    url = f"sqlite:///{tmp_path / 'register.db'}"
    key_file = tmp_path / KEY_FILE_NAME
    assert not key_file.exists()
    done = boliv("token", "create", "--role", "viewer", "--database", url, unset_key=True)
    governance = Governance.open(url)
    governance.create_person("someone", "Someone", "aab", [], "admin")
    governance.database.dispose()
    assert key_file.exists() and stat.S_IMODE(key_file.stat().st_mode) == 0o600, done.stderr
    assert audit_key(url).source == f"key file {key_file}"

    done = verify(url, unset_key=True)
    assert done.returncode == 0 and f"key file {key_file}" in done.stdout, done.stdout + done.stderr

    key_file.chmod(0o644)
    done = verify(url, unset_key=True)
    assert done.returncode == 2 and "kan læses af andre (tilstand 0644); giv den tilstand 0600" in done.stderr

    key_file.write_text("another-key-altogether-0123456789\n")
    key_file.chmod(0o600)
    done = verify(url, unset_key=True)
    assert done.returncode == 1 and "entry 1 was altered or forged" in done.stdout

    key_file.unlink()
    done = verify(url, unset_key=True)
    assert done.returncode == 2 and "Der er ingen nøgle til revisionssporet" in done.stderr
    assert not key_file.exists()  # verifying never makes a key


def test_a_short_audit_key_is_refused(trail: str) -> None:
    done = verify(trail, **{KEY_ENV: "short"})
    assert done.returncode == 2 and "BOLIV_AUDIT_KEY er for kort" in done.stderr and "Traceback" not in done.stderr


def test_a_hundred_thousand_entries_verify_in_a_few_seconds(database_url: str) -> None:
    database = Database(database_url)
    database.create_schema()
    key = audit_key(database.engine.url).secret
    start = datetime(2026, 1, 1, tzinfo=UTC)
    rows, previous = [], None
    for number in range(1, 100_001):
        row = {
            "id": number, "previous_id": number - 1 if number > 1 else None, "at": start + timedelta(seconds=number),
            "actor": "staff:load", "action": "applyChanges", "request": {"asOf": "2026-06-01", "changes": [{"kind": "Appoint", "person": f"p{number}"}]},
            "body_keys": ["fku"], "allowed": number % 7 != 0, "violations": [], "rule_set_version": "v1",
            "justification": None, "override": False,
        }
        row["digest"] = seal(key, previous, chained_values(row))
        previous = row["digest"]
        rows.append(row)
    assert set(CHAINED) < set(rows[0])
    with database.engine.begin() as connection:
        for begin in range(0, len(rows), 10_000):
            connection.execute(AuditEntry.__table__.insert(), rows[begin:begin + 10_000])
    database.dispose()
    started, cpu = time.perf_counter(), _children_cpu()
    done = verify(database_url)
    elapsed, cpu = time.perf_counter() - started, _children_cpu() - cpu
    assert done.returncode == 0, done.stdout + done.stderr
    assert "intact: 100000 entries verify" in done.stdout
    walked = float(re.search(r"; ([0-9.]+) s\)", done.stdout).group(1))
    print(f"\n100,000 entries ({BACKEND}): the walk {walked:.2f} s, the command {elapsed:.2f} s, {cpu:.2f} s of CPU")
    assert cpu < 10, done.stdout  # CPU, not the wall clock, which a busy machine stretches


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime
