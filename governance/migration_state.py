"""Where a database stands among the migrations: its revision, and what to run when it is behind.

``boliv db current`` prints it; ``boliv serve --no-migrate`` refuses to serve a database
that is behind.
"""

from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from governance import migrations
from governance.store import Database


def shown(url: str) -> str:
    """A database URL without its password."""
    return make_url(url).render_as_string(hide_password=True)


def revision_of(database: Database) -> str | None:
    """The database's Alembic revision; None when it has none (new, or made before migrations)."""
    with database.engine.connect() as connection:
        if "alembic_version" not in inspect(connection).get_table_names():
            return None
        return migrations.current(connection)


def pending_upgrade(database: Database) -> str | None:
    """None when the database is at the newest revision; else what to run, in English."""
    revision, head = revision_of(database), migrations.head()
    if revision == head:
        return None
    state = f"at revision {revision}" if revision else "not migrated (no revision)"
    return (
        f"the database {shown(database.url)} is {state}, and this boliv needs revision {head}."
        f" Run `boliv db upgrade --database {shown(database.url)}` first (or serve without --no-migrate)."
    )
