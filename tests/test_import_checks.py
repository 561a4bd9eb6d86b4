"""``boliv import`` checks a file as the register checks a change, through the command line as a real process.

Memberships and cases must stand the rules (or be overridden with a justification the
audit trail records); ids and dates must be valid; tokens come in only with
``--with-tokens``; the audit trail only when its chain verifies. A malformed file of any
kind gets a clear message and exit code 2, never a traceback, and the database stays empty.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path

import pytest
from conftest import BACKEND, fresh_postgres_schema
from sqlalchemy import func, select
from test_audit_chain import boliv, verify

from governance import export
from governance.changes import EndMembership
from governance.model import AuditEntry, Base
from governance.services import Governance
from governance.store import Database
from governance.tokens import Tokens, hash_secret

PLANTED = "planted-admin-secret-0123456789"


@pytest.fixture
def document(demo: Governance, database_url: str, tmp_path: Path) -> dict:
    """The demo with a short history (people created, a change refused), exported by the command line."""
    for number in range(3):
        demo.create_person(f"new-person-{number}", "Ny Person", "aab", ["social"], "admin")
    demo.apply_changes([EndMembership(1, date(2026, 5, 31))], date(2026, 6, 1), "admin")
    Tokens(demo.database).create("viewer")
    path = tmp_path / "register.json"
    done = boliv("export", "--database", database_url, "--output", str(path))
    assert done.returncode == 0, done.stderr
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def target(tmp_path: Path) -> str:
    """A new, empty database to import into."""
    if BACKEND == "postgres":
        return fresh_postgres_schema(name="target")
    return f"sqlite:///{tmp_path / 'target.db'}"


def write(tmp_path: Path, document: dict | str | bytes, name: str = "import.json") -> Path:
    path = tmp_path / name
    if isinstance(document, dict):
        document = json.dumps(document, ensure_ascii=False)
    path.write_bytes(document if isinstance(document, bytes) else document.encode("utf-8", "surrogatepass"))
    return path


def load(tmp_path: Path, target: str, document: dict | str | bytes, *options: str):
    return boliv("import", str(write(tmp_path, document)), "--database", target, *options)


def assert_empty(url: str) -> None:
    database = Database(url)
    try:
        if Path(url.removeprefix("sqlite:///")).exists() or BACKEND == "postgres":
            with database.engine.connect() as connection:
                tables = set(database.engine.dialect.get_table_names(connection))
                for table in Base.metadata.sorted_tables:
                    if table.name in tables:
                        assert connection.scalar(select(func.count()).select_from(table)) == 0, table.name
    finally:
        database.dispose()


def refused(done, *phrases: str) -> None:
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    for phrase in phrases:
        assert phrase in done.stderr, done.stderr


def ninth_seat(document: dict) -> dict:
    """One member too many in FKU: a person of AAB seated on behalf of AAB, by AAB."""
    seated = {m["person_id"] for m in document["memberships"] if m["organization_id"] == "fku"}
    person = next(p["id"] for p in document["persons"] if p["party_id"] == "aab" and p["id"] not in seated)
    changed = copy.deepcopy(document)
    changed["memberships"].append({
        "id": max(m["id"] for m in document["memberships"]) + 1, "person_id": person, "organization_id": "fku", "role": "member",
        "on_behalf_of_id": "aab", "appointed_by_id": "aab", "start_date": "2026-01-01", "end_date": None,
    })
    return changed


def test_an_export_imports_whole_and_its_chain_goes_on(document: dict, target: str, tmp_path: Path) -> None:
    done = load(tmp_path, target, document, "--with-tokens")
    assert done.returncode == 0, done.stderr
    assert "Imported 1 platforms" in done.stdout
    assert verify(target).returncode == 0
    governance = Governance.open(target)
    governance.create_person("after-import", "Efter", "aab", [], "admin")
    governance.database.dispose()
    checked = verify(target)
    assert checked.returncode == 0 and f"intact: {len(document['audit_entries']) + 1} entries" in checked.stdout


def test_a_register_breaking_an_error_rule_is_refused_with_its_violations(document: dict, target: str, tmp_path: Path) -> None:
    done = load(tmp_path, target, ninth_seat(document))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "breaks" in done.stderr and "ERROR fku." in done.stderr and "(fku)" in done.stderr and "nothing was imported" in done.stderr
    assert_empty(target)
    refused(load(tmp_path, target, ninth_seat(document), "--override"), "--override and --justification TEXT go together")
    assert_empty(target)


def test_an_override_imports_it_and_the_audit_trail_records_why(document: dict, target: str, tmp_path: Path) -> None:
    done = load(tmp_path, target, ninth_seat(document), "--override", "--justification", "Genindlæst fra papirarkivet")
    assert done.returncode == 0, done.stderr
    database = Database(target)
    with database.unit_of_work() as session:
        newest = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).one()
        assert newest.action == "importRegister" and newest.override and newest.justification == "Genindlæst fra papirarkivet"
        assert newest.actor.startswith("cli:") and any(v["rule"].startswith("fku.") for v in newest.violations)
        assert newest.previous_id == document["audit_entries"][-1]["id"]
    database.dispose()
    assert verify(target).returncode == 0


def planted(document: dict, holder: str) -> dict:
    """The export with an admin token whose secret the planter knows."""
    changed = copy.deepcopy(document)
    changed["tokens"].append({
        "id": 99, "role": "admin", "party_id": None, "holder": holder, "secret_hash": hash_secret(PLANTED),
        "created_at": "2026-01-01T00:00:00+00:00", "revoked_at": None,
    })
    return changed


def test_a_planted_token_is_not_imported_without_with_tokens(document: dict, target: str, tmp_path: Path) -> None:
    done = load(tmp_path, target, planted(document, "nobody"))
    assert done.returncode == 0, done.stderr
    assert "2 tokens in the file were not imported" in done.stdout
    database = Database(target)
    assert Tokens(database).holder_of(PLANTED) is None and Tokens(database).list() == []
    database.dispose()


def test_with_tokens_the_tokens_come_in(document: dict, target: str, tmp_path: Path) -> None:
    assert load(tmp_path, target, planted(document, "restored"), "--with-tokens").returncode == 0
    database = Database(target)
    assert Tokens(database).holder_of(PLANTED).holder == "restored"  # the check above can fail
    database.dispose()


def _edit(document: dict, section: str, index: int, **fields) -> dict:
    changed = copy.deepcopy(document)
    changed[section][index].update(fields)
    return changed


def _audit(document: dict, edit) -> dict:
    changed = copy.deepcopy(document)
    edit(changed["audit_entries"])
    return changed


def _forged(entries: list) -> None:
    entries.append({**entries[-1], "id": entries[-1]["id"] + 1, "previous_id": entries[-1]["id"], "actor": "someone", "digest": "0" * 64})


BAD_ROWS = [
    (lambda d: _edit(d, "memberships", 3, id=-5), ["memberships row 4 (id -5): id -5 is not a valid id"]),
    (lambda d: _edit(d, "persons", 2, db_id=0), ["persons row 3 (id", "db_id 0 is not a valid id"]),
    (lambda d: _edit(d, "memberships", 0, start_date="2026-05-01", end_date="2026-01-01"),
     ["memberships row 1", "end_date 2026-01-01 is before start_date 2026-05-01"]),
    (lambda d: _edit(d, "memberships", 1, start_date="2026-02-30"), ["memberships row 2", "'2026-02-30' is not a valid value"]),
    (lambda d: _edit(d, "memberships", 1, end_date=20260101), ["memberships row 2", "end_date"]),
    (lambda d: _edit(d, "persons", 1, id=d["persons"][0]["id"]), ["persons row 2", "appears twice in persons"]),
    (lambda d: _edit(d, "memberships", 1, id=d["memberships"][0]["id"]), ["memberships row 2", "appears twice in memberships"]),
    (lambda d: _edit(d, "persons", 1, name="x" * 201), ["persons row 2", "longer than the 200 characters"]),
    (lambda d: _edit(d, "persons", 1, name=7), ["persons row 2", "not text"]),
    (lambda d: _edit(d, "case_history", 0, case_id=999), ["case_history row 1", "case_id names 999, which is not in cases"]),
    (lambda d: {**d, "memberships": [*d["memberships"][:3], "not a row"]}, ["memberships row 4: not an object"]),
    (lambda d: {**d, "persons": 5}, ["persons: not a list of rows"]),
    (lambda d: _audit(d, lambda e: e[0].update(actor="someone else")), ["does not verify: entry 1 was altered or forged"]),
    (lambda d: _audit(d, lambda e: e.pop(1)), ["does not verify: entry 2 was removed"]),
    (lambda d: _audit(d, _forged), ["does not verify: entry", "was altered or forged"]),
]


@pytest.mark.parametrize(("bad", "phrases"), BAD_ROWS, ids=[
    "negative-id", "zero-db-id", "end-before-start", "no-such-day", "date-as-number", "duplicate-key", "duplicate-id",
    "long-name", "name-not-text", "dangling-reference", "row-not-object", "section-not-list",
    "audit-altered", "audit-removed", "audit-forged",
])
def test_a_bad_row_is_refused_naming_it_and_nothing_is_written(document: dict, target: str, tmp_path: Path, bad, phrases) -> None:
    refused(load(tmp_path, target, bad(document)), *phrases)
    assert_empty(target)


def _raw(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False)


MALFORMED = [
    (lambda d: _raw(d).replace('"name": ', '"name": "twice", "name": ', 1), ["names the field 'name' twice", "with id"]),
    (lambda d: _raw(d).replace('"name": "Jens', '"name": "\\udc00Jens', 1), ["persons row 1 (id 'jens-kristensen').name holds a lone surrogate (U+DC00)"]),
    (lambda d: _raw(_edit(d, "audit_entries", 0, request={"deep": json.loads("[" * 80 + "]" * 80)})), ["nests deeper than 64 levels"]),
    (lambda d: "[" * 200_000 + "]" * 200_000, ["nests too deeply"]),
    (lambda d: '{"format": "boliv-popolo", "version": 1, "persons": [', ["is not JSON", "line 1"]),
    (lambda d: _raw(d).encode("utf-8").replace(b"Jens", b"J\xffns", 1), ["not UTF-8 text"]),
    (lambda d: _raw(d).replace('"version": 1', '"version": NaN', 1), ["NaN, which is not a JSON number"]),
    (lambda d: "[1, 2, 3]", ["not a boliv export (not a JSON object)"]),
    (lambda d: "", ["is not JSON"]),
]


@pytest.mark.parametrize(("bad", "phrases"), MALFORMED, ids=[
    "duplicate-field", "lone-surrogate", "deep-value", "deep-file", "truncated", "not-utf8", "nan", "not-an-object", "empty",
])
def test_a_malformed_file_gets_a_clear_error_and_exit_code_2(document: dict, target: str, tmp_path: Path, bad, phrases) -> None:
    refused(load(tmp_path, target, bad(document)), *phrases)
    assert_empty(target)


def test_a_missing_file_is_named(target: str, tmp_path: Path) -> None:
    refused(boliv("import", str(tmp_path / "nowhere.json"), "--database", target), "cannot read", "nowhere.json")


def test_the_python_interface_refuses_the_same(document: dict, target: str) -> None:
    with pytest.raises(export.ImportViolations) as refusal:
        export.import_document(Database(target), ninth_seat(document))
    assert any(v.rule.startswith("fku.") for v in refusal.value.violations)
    assert_empty(target)


def test_a_case_that_skipped_its_flow_is_refused(document: dict, target: str, tmp_path: Path) -> None:
    """A case moved from hearing straight to adopted, as no step of the register could move it."""
    changed = copy.deepcopy(document)
    case = next(c for c in changed["cases"] if c["stage"] == "hearing")
    case["stage"] = "adopted"
    changed["case_history"].append({
        "id": max(h["id"] for h in changed["case_history"]) + 1, "case_id": case["id"], "stage": "adopted",
        "by_id": case["originator_id"], "taken_on": "2026-05-01",
    })
    done = load(tmp_path, target, changed)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "ERROR case." in done.stderr and case["id"] in done.stderr
    assert_empty(target)
