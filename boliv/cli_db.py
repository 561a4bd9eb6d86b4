"""``boliv db upgrade|current|history``: the database's migrations (Alembic) as a separate step.

``boliv serve`` migrates on start unless ``--no-migrate`` says the operator does it here
(``governance.migration_state.pending_upgrade`` is the check such a server makes).
"""

from __future__ import annotations

import argparse

from alembic.script import ScriptDirectory

from governance import Governance, migrations
from governance.migration_state import pending_upgrade, revision_of, shown
from governance.store import Database


def add_db_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    db = commands.add_parser("db", help="the database's migrations: upgrade, current, history")
    verbs = db.add_subparsers(dest="db_command", required=True)
    upgrade = verbs.add_parser("upgrade", parents=[common], help="migrate to the newest revision (a new database gets the structure)")
    upgrade.set_defaults(run=run_upgrade)
    current = verbs.add_parser("current", parents=[common], help="the database's revision; exit 1 when an upgrade is due")
    current.set_defaults(run=run_current)
    history = verbs.add_parser("history", parents=[common], help="every revision, newest first, the database's marked")
    history.set_defaults(run=run_history)


def run_upgrade(args: argparse.Namespace) -> int:
    before = revision_of(Database(settings=args.settings))
    governance = Governance.open(settings=args.settings)
    after = revision_of(governance.database)
    change = "already at" if before == after else f"{before or 'new'} ->"
    print(f"{shown(governance.database.url)}: {change} {after}")
    return 0


def run_current(args: argparse.Namespace) -> int:
    database = Database(settings=args.settings)
    revision, head = revision_of(database), migrations.head()
    due = pending_upgrade(database)
    print(f"{shown(database.url)}: revision {revision or 'none'}, newest {head}" + (f"; {due}" if due else " (up to date)"))
    return 1 if due else 0


def run_history(args: argparse.Namespace) -> int:
    database = Database(settings=args.settings)
    revision = revision_of(database)
    for script in ScriptDirectory.from_config(migrations.config()).walk_revisions():
        marks = [mark for mark, on in (("head", script.is_head), ("current", script.revision == revision)) if on]
        title = (script.doc or "").strip().splitlines()[0] if script.doc else ""
        print(f"{script.down_revision or '<base>'} -> {script.revision}{' (' + ', '.join(marks) + ')' if marks else ''}: {title}")
    return 0

