"""Nothing lost: ``boliv export`` and ``boliv import`` round-trip the whole register byte for byte.

Export, import into a fresh database, export again: the two files are the same bytes,
on the demo with a history of mutations (audit entries, tokens, cases), on the national
data (``seed_synthetic``), and across back ends (SQLite -> PostgreSQL -> SQLite, in the
PostgreSQL half). The imported register answers as the original does, keeps its ids,
takes new writes, and keeps its audit trail append-only.

The national data is all 97 copies (``seed_synthetic(97)``, some 10 s of CPU on either back
end); ``BOLIV_NATIONAL_COPIES=N`` makes it smaller should CI ever need the time.
"""

from __future__ import annotations

import io
import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import BACKEND, fresh_postgres_schema
from rule_edits import reword_fku_cap
from sqlalchemy import func, select, text

from boliv.cli import main
from governance import export
from governance.cases import Cases
from governance.changes import Appoint, EndMembership
from governance.engine.ruleset import DEFAULT_RULES_DIR, digest
from governance.model import Base, Membership, RuleSetVersion
from governance.rulefiles import folder_files
from governance.services import Applied, Governance, Rejected
from governance.store import Database
from governance.tokens import Tokens

NATIONAL = int(os.environ.get("BOLIV_NATIONAL_COPIES") or 97)
AS_OF = date(2026, 6, 1)


def _fresh_url(tmp_path: Path, name: str, backend: str = BACKEND) -> str:
    """Another new, empty database of a back end (a PostgreSQL schema of its own, or an SQLite file)."""
    if backend == "postgres":
        return fresh_postgres_schema(name=name)
    return f"sqlite:///{tmp_path / (name + '.db')}"


def _export(url: str) -> str:
    database = Database(url)
    try:
        return export.dumps(export.export_document(database))
    finally:
        database.dispose()


def _import(url: str, text_: str) -> dict[str, int]:
    database = Database(url)
    try:
        return export.import_document(database, json.loads(text_), with_tokens=True)
    finally:
        database.dispose()


def _with_history(governance: Governance) -> None:
    """The demo plus what a year of use leaves: allowed and refused changes, a new person, a case, tokens."""
    allowed = governance.apply_changes(
        [Appoint("frank-olesen", "noerremarken", "MEMBER", "vejle-kommune", "vejle-kommune", ends_on=date(2026, 12, 31))],
        AS_OF, "admin", "a justification with æøå and \"quotes\"",
    )
    assert isinstance(allowed, Applied)
    ended = governance.apply_changes([EndMembership(allowed.membership_ids[0], date(2026, 9, 30))], AS_OF, "admin")
    assert isinstance(ended, Applied)
    refused = governance.apply_changes([EndMembership(1, date(2026, 5, 31))], AS_OF, "admin")
    assert isinstance(refused, Rejected)
    governance.create_person("new-person", "Ny Person", "aab", ["social", "legal"], "admin")
    Cases(governance).open("case-export", "En sag til eksporten", "secretariat", ["aab"], "admin", AS_OF)
    tokens = Tokens(governance.database)
    row, _secret = tokens.create("auditor")
    tokens.create("org-admin", "aab")
    tokens.revoke(row.id)


def test_the_demo_with_its_history_round_trips_byte_for_byte(demo: Governance, database_url: str, tmp_path: Path) -> None:
    _with_history(demo)
    first = _export(database_url)
    copy = _fresh_url(tmp_path, "copy")
    counts = _import(copy, first)
    assert counts["memberships"] == 78 and counts["audit_entries"] == 5 and counts["tokens"] == 2 and counts["cases"] == 4
    assert _export(copy) == first

    document = json.loads(first)
    assert [row["id"] for row in document["memberships"]] == sorted(row["id"] for row in document["memberships"])
    refused = next(row for row in document["audit_entries"] if not row["allowed"])
    assert refused["request"]["changes"][0]["membership"] == 1  # audit entries name membership ids: kept as they were

    imported = Governance.open(copy)
    try:
        assert _verdicts(imported) == _verdicts(demo)
        assert imported.composition("noerremarken", AS_OF).violations == demo.composition("noerremarken", AS_OF).violations
        after = imported.apply_changes([Appoint("lene-fog", "noerremarken", "MEMBER", "vejle-kommune", "vejle-kommune")], AS_OF, "admin")
        assert isinstance(after, Applied) and after.membership_ids == [79]  # ids go on after the largest imported
        with pytest.raises(Exception, match="append-only"), imported.database.engine.begin() as connection:
            connection.execute(text("UPDATE audit_entries SET actor = 'someone else'"))
    finally:
        imported.database.dispose()


def _verdicts(governance: Governance) -> list[tuple]:
    return sorted((v.identity, v.subjects) for v in governance.audit(AS_OF).violations)


def test_every_table_and_every_row_is_in_the_export(demo: Governance, database_url: str) -> None:
    _with_history(demo)
    document = json.loads(_export(database_url))
    sections = {export.SECTIONS.get(t.name, t.name): t for t in Base.metadata.sorted_tables}
    assert set(sections) <= set(document) and set(document) - set(sections) == {"format", "version", "migration"}
    with demo.database.engine.connect() as connection:
        for name, table in sections.items():
            assert len(document[name]) == connection.scalar(select(func.count()).select_from(table)), name
    assert all(row["secret_hash"] and "secret" not in row for row in document["tokens"])  # hashes, never secrets


def test_the_national_data_round_trips(governance: Governance, database_url: str, tmp_path: Path) -> None:
    governance.seed_demo()
    assert governance.seed_synthetic(NATIONAL) == NATIONAL
    first = _export(database_url)
    copy = _fresh_url(tmp_path, "national")
    counts = _import(copy, first)
    assert counts["platforms"] == NATIONAL + 1 and counts["memberships"] > 70 * (NATIONAL + 1)
    assert _export(copy) == first


@pytest.mark.skipif(BACKEND != "postgres", reason="needs PostgreSQL: runs in the PostgreSQL half")
def test_sqlite_to_postgresql_and_back(tmp_path: Path, database_url: str) -> None:
    source = f"sqlite:///{tmp_path / 'source.db'}"
    governance = Governance.open(source)
    try:
        governance.seed_demo()
        governance.seed_synthetic(2)
        _with_history(governance)
    finally:
        governance.database.dispose()
    first = _export(source)
    _import(database_url, first)  # the test's PostgreSQL schema
    assert _export(database_url) == first
    back = f"sqlite:///{tmp_path / 'back.db'}"
    _import(back, _export(database_url))
    assert _export(back) == first


def test_import_refuses_a_database_that_is_not_empty(demo: Governance, database_url: str, tmp_path: Path) -> None:
    document = json.loads(_export(database_url))
    with pytest.raises(export.ImportRefused, match=r"is not empty \(it holds 1 platforms, .*77 memberships.*\); import only into an empty database"):
        _import(database_url, json.dumps(document))
    with demo.database.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Membership)) == 77  # nothing written

    structure_only = _fresh_url(tmp_path, "structure")
    Governance.open(structure_only).database.dispose()  # a new database gets the structure: no longer empty
    with pytest.raises(export.ImportRefused, match="not empty"):
        _import(structure_only, json.dumps(document))


def test_import_refuses_what_is_not_an_export_and_writes_nothing(demo: Governance, database_url: str, tmp_path: Path) -> None:
    document = json.loads(_export(database_url))
    target = _fresh_url(tmp_path, "refusals")
    Database(target).create_schema()  # migrated, and empty
    broken = [
        ({"persons": []}, "not a boliv export"),
        ({**document, "version": 2}, "format version 2"),
        ({**document, "posts": []}, "sections this boliv does not know: posts"),
        ({**document, "memberships": [{**document["memberships"][0], "person_id": "nobody"}]}, "names 'nobody', which is not in persons"),
        ({**document, "memberships": [{**document["memberships"][0], "start_date": "someday"}]}, "is not a valid value"),
        ({**document, "persons": [{**document["persons"][0], "shoe_size": 44}]}, "unknown fields shoe_size"),
        ({**document, "persons": [{**document["persons"][0], "name": "Ida\x00"}]}, "cannot hold the NUL character"),
        ({**document, "platforms": [{**document["platforms"][0], "version": 2**40}]}, "beyond the whole numbers"),
    ]
    for bad, message in broken:
        with pytest.raises(export.ImportRefused, match=message):
            _import(target, json.dumps(bad))
        assert json.loads(_export(target))["platforms"] == []


def test_the_command_line_exports_and_imports(demo: Governance, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "register.json"
    assert main(["export", "--database", database_url, "--output", str(path)]) == 0
    assert "77 memberships" in capsys.readouterr().err
    target = _fresh_url(tmp_path, "cli")
    assert main(["import", str(path), "--database", target, "--with-tokens"]) == 0
    assert "Imported 1 platforms" in capsys.readouterr().out
    assert main(["--database", target, "export"]) == 0
    assert capsys.readouterr().out == path.read_text(encoding="utf-8")
    assert main(["import", str(path), "--database", target]) == 2
    assert "import only into an empty database" in capsys.readouterr().err
    (tmp_path / "nonsense.json").write_text("{not json", encoding="utf-8")
    assert main(["import", str(tmp_path / "nonsense.json"), "--database", target]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_the_export_is_deterministic_and_readable(demo: Governance, database_url: str) -> None:
    first, second = _export(database_url), _export(database_url)
    assert first == second and first.endswith("}\n")
    stream = io.StringIO()
    counts = export.write_export(Database(database_url), stream)
    assert stream.getvalue() == first and counts["memberships"] == 77
    document = json.loads(first)
    assert list(document)[:8] == ["format", "version", "migration", "platforms", "parties", "persons", "organizations", "memberships"]
    chair = document["memberships"][0]
    assert chair == {
        "id": 1, "person_id": "jens-kristensen", "organization_id": "byraad", "role": "chair",
        "on_behalf_of_id": "vejle-kommune", "appointed_by_id": "vejle-kommune", "start_date": "2026-01-01", "end_date": None,
    }
    fku = next(row for row in document["organizations"] if row["id"] == "fku")
    assert fku["classification"] == "forum" and fku["status"] == "active" and fku["platform_id"] == "bolivvejle"
    assert next(row for row in document["organizations"] if row["id"] == "theme-legal")["parent_id"] == "fku"


def test_published_rule_sets_round_trip_and_answer_the_same_in_the_copy(demo: Governance, database_url: str, tmp_path: Path) -> None:
    rules = tmp_path / "reworded"
    shutil.copytree(DEFAULT_RULES_DIR, rules)
    reword_fku_cap(rules)
    with demo.database.unit_of_work(write=True) as session:  # as governance.publish stores a version that passed its gate
        session.add(RuleSetVersion(
            version=digest(rules), files=folder_files(rules), in_force_from=date(2027, 1, 1), published_by="Ida Staff",
            justification="FKU-beskeden omformuleret", retired=[], reports={"impact": [], "lint": []},
        ))
    first = _export(database_url)
    assert [v["version"] for v in json.loads(first)["rule_set_versions"]] == [digest(DEFAULT_RULES_DIR), digest(rules)]
    copy = _fresh_url(tmp_path, "copy")
    assert _import(copy, first)["rule_set_versions"] == 2
    assert _export(copy) == first
    imported = Governance.open(copy)
    try:
        for day in (date(2026, 12, 31), date(2027, 1, 1)):
            assert imported.composition("fku", day).rule_set_version == demo.composition("fku", day).rule_set_version
        assert imported.composition("fku", date(2027, 1, 1)).rule_set_version == digest(rules)
    finally:
        imported.database.dispose()
