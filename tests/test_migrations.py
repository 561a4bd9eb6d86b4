"""Alembic migrations: applied on open, equal to the model, stamping old databases, and an append-only audit trail."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import DatabaseError

from governance import migrations
from governance.engine.ruleset import DEFAULT_RULES_DIR, digest
from governance.model import AppendOnly, AuditEntry, Base, RuleSetVersion
from governance.seed import read_yaml, seed_structure
from governance.services import Governance
from governance.store import Database


def _differences(database: Database) -> list:
    with database.engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), Base.metadata)


def test_a_new_database_is_migrated_to_the_newest_revision_and_equals_the_model(governance: Governance) -> None:
    with governance.database.engine.connect() as connection:
        assert migrations.current(connection) == migrations.head()
    assert _differences(governance.database) == [], (
        "the model and the migrations differ: add a revision with "
        "`alembic -c governance/migrations/alembic.ini revision --autogenerate -m '…'` and review it"
    )


def test_opening_again_changes_nothing(governance: Governance) -> None:
    assert governance.database.create_schema() is False
    with governance.database.engine.connect() as connection:
        assert migrations.current(connection) == migrations.head()


def test_a_database_made_before_migrations_is_stamped_and_migrated(database_url: str) -> None:
    database = Database(database_url)
    with database.engine.begin() as connection:  # the tables of the first revision, as create_all made them
        command.upgrade(migrations.config(connection), migrations.FIRST_REVISION)
        connection.exec_driver_sql("DROP TABLE alembic_version")
    assert "api_tokens" not in inspect(database.engine).get_table_names()
    assert database.create_schema() is False
    assert "api_tokens" in inspect(database.engine).get_table_names()
    assert _differences(database) == []
    database.dispose()


def test_every_migration_can_be_undone_and_redone(governance: Governance) -> None:
    with governance.database.engine.begin() as connection:
        command.downgrade(migrations.config(connection), "base")
    assert set(inspect(governance.database.engine).get_table_names()) <= {"alembic_version"}
    governance.database.create_schema()
    assert _differences(governance.database) == []


def _entry(governance: Governance) -> int:
    with governance.database.unit_of_work(write=True) as session:
        entry = AuditEntry(actor="test", action="test", allowed=True, rule_set_version="v", at=datetime.now(UTC))
        session.add(entry)
        session.flush()
        return entry.id


@pytest.mark.parametrize("statement", ["UPDATE audit_entries SET actor = 'someone else'", "DELETE FROM audit_entries"])
def test_the_database_refuses_to_change_or_remove_audit_entries(governance: Governance, statement: str) -> None:
    _entry(governance)
    with pytest.raises(DatabaseError, match="append-only"), governance.database.engine.begin() as connection:
        connection.execute(text(statement))
    with governance.database.unit_of_work() as session:
        assert session.scalars(select(AuditEntry.actor)).all() == ["test"]


def test_the_orm_refuses_to_change_or_remove_audit_entries(governance: Governance) -> None:
    entry_id = _entry(governance)
    with pytest.raises(AppendOnly), governance.database.unit_of_work(write=True) as session:
        session.get(AuditEntry, entry_id).actor = "someone else"
    with pytest.raises(AppendOnly), governance.database.unit_of_work(write=True) as session:
        session.delete(session.get(AuditEntry, entry_id))
    with governance.database.unit_of_work() as session:
        assert session.get(AuditEntry, entry_id).actor == "test"


def test_a_register_made_before_rule_sets_gets_its_rule_files_as_the_first_version(database_url: str) -> None:
    database = Database(database_url)
    with database.engine.begin() as connection:
        command.upgrade(migrations.config(connection), "0002")
    with database.unit_of_work(write=True) as session:  # a register in use before revision 0006
        seed_structure(session, read_yaml(DEFAULT_RULES_DIR / "structure.yaml"))
    assert database.create_schema() is False
    with database.unit_of_work() as session:
        [first] = session.scalars(select(RuleSetVersion)).all()
    assert (first.version, first.in_force_from.isoformat(), first.published_by) == (digest(DEFAULT_RULES_DIR), "0001-01-01", "migration 0006")
    assert "fku.lp" in first.files and "tests/fku.yaml" in first.files
    governance = Governance(database)
    assert governance.composition("fku", date(2026, 6, 1)).rule_set_version == first.version
    database.dispose()
