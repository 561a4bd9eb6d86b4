"""Alembic's environment: migrate the connection ``governance.migrations.upgrade`` hands over.

Run by hand (``alembic -c governance/migrations/alembic.ini …``) it opens
``BOLIV_DATABASE_URL`` (else the SQLite default). Batch mode lets every migration run on
SQLite as well as on PostgreSQL.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from governance.model import Base
from governance.store import database_url


def _configure(connection: Connection | None = None, url: str | None = None, literal_binds: bool = False) -> None:
    context.configure(
        connection=connection, url=url, literal_binds=literal_binds,
        target_metadata=Base.metadata, render_as_batch=True, compare_type=True,
    )


def _run(connection: Connection) -> None:
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    config = context.config
    if context.is_offline_mode():
        _configure(url=database_url(config.get_main_option("sqlalchemy.url") or None), literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(database_url(config.get_main_option("sqlalchemy.url") or None))
    with engine.begin() as opened:
        _run(opened)
    engine.dispose()


main()
