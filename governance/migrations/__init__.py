"""Alembic migrations of the register, applied when a database is opened (``Database.create_schema``)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect

HERE = Path(__file__).resolve().parent
FIRST_REVISION = "0001"  # the register as create_all made it before migrations existed
_LOCK_KEY = 0x626F6C6976  # "boliv": the PostgreSQL advisory lock that serialises migrating processes


def config(connection: Connection | None = None) -> Config:
    settings = Config()
    settings.set_main_option("script_location", str(HERE))
    if connection is not None:
        settings.attributes["connection"] = connection
    return settings


def head() -> str:
    return ScriptDirectory.from_config(config()).get_current_head() or ""


def current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, tables_before_migrations: str = "platforms") -> bool:
    """Migrate the database to the newest revision in one transaction; True when it was empty.

    A database whose tables were made before migrations existed (it has
    ``tables_before_migrations`` but no ``alembic_version``) is stamped with the first
    revision, then migrated from there. Concurrent processes migrate one at a time: the
    transaction holds SQLite's write lock or a PostgreSQL advisory lock.
    """
    with engine.connect() as connection:
        connection.execution_options(boliv_write=True)  # SQLite: BEGIN IMMEDIATE (governance.store)
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_LOCK_KEY})")
            tables = set(inspect(connection).get_table_names())
            is_new = tables_before_migrations not in tables
            if not is_new and "alembic_version" not in tables:
                command.stamp(config(connection), FIRST_REVISION)
            command.upgrade(config(connection), "head")
    return is_new
