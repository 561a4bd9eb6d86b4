"""``boliv db upgrade|current|history``: the database's migrations (Alembic) as a separate step.

``boliv serve`` migrates on start unless ``--no-migrate`` says the operator does it here;
``pending_upgrade`` is the check such a server makes before it serves.
"""

from __future__ import annotations

import argparse

from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from governance import migrations
from governance.services import Governance
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


def add_db_commands(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    db = commands.add_parser("db", help="the database's migrations: upgrade, current, history")
    verbs = db.add_subparsers(dest="db_command", required=True)
    upgrade = verbs.add_parser("upgrade", parents=[common], help="migrate to the newest revision (a new database gets the structure)")
    upgrade.set_defaults(run=run_upgrade)
    current = verbs.add_parser("current", parents=[common], help="the database's revision; exit 1 when an upgrade is due")
    current.set_defaults(run=run_current)
    history = verbs.add_parser("history", parents=[common], help="every revision, newest first, the database's marked")
    history.set_defaults(run=run_history)


def run_upgrade(args: argparse.Namespace) -> int:
    before = revision_of(Database(args.database))
    governance = Governance.open(args.database, args.rules)
    after = revision_of(governance.database)
    change = "already at" if before == after else f"{before or 'new'} ->"
    print(f"{shown(governance.database.url)}: {change} {after}")
    return 0


def run_current(args: argparse.Namespace) -> int:
    database = Database(args.database)
    revision, head = revision_of(database), migrations.head()
    due = pending_upgrade(database)
    print(f"{shown(database.url)}: revision {revision or 'none'}, newest {head}" + (f"; {due}" if due else " (up to date)"))
    return 1 if due else 0


def run_history(args: argparse.Namespace) -> int:
    database = Database(args.database)
    revision = revision_of(database)
    for script in migrations.ScriptDirectory.from_config(migrations.config()).walk_revisions():
        marks = [mark for mark, on in (("head", script.is_head), ("current", script.revision == revision)) if on]
        title = (script.doc or "").strip().splitlines()[0] if script.doc else ""
        print(f"{script.down_revision or '<base>'} -> {script.revision}{' (' + ', '.join(marks) + ')' if marks else ''}: {title}")
    return 0

