"""``boliv audit verify``: does the audit trail still hold as it was written?"""

from __future__ import annotations

import argparse
import time

from governance.audit_chain import stored_entries, verify
from governance.audit_key import audit_key
from governance.store import Database


def add_audit_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    audit = commands.add_parser("audit", help="the audit trail's keyed chain")
    actions = audit.add_subparsers(dest="audit_command", required=True)
    check = actions.add_parser(
        "verify", parents=[common], help="exit 0 when the trail is intact, 1 naming the first entry altered, removed or forged"
    )
    check.set_defaults(run=run_verify)


def run_verify(args: argparse.Namespace) -> int:
    database = Database(settings=args.settings)
    try:
        database.create_schema()
        started = time.perf_counter()
        with database.engine.connect() as connection:
            key = audit_key(connection, create=False)
            if connection.dialect.name == "postgresql":  # one snapshot, however long the walk
                connection = connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                result = verify(stored_entries(connection), key.secret)
        seconds = time.perf_counter() - started
    finally:
        database.dispose()
    if result.finding is not None:
        print(f"The audit trail is broken: {result.finding.message}.")
        print(f"The {result.count} entries before it verify (key: {key.source}).")
        if result.count == 0:
            print("When the very first entry fails, the key may also not be the one the trail was written with.")
        return 1
    newest = f"; the newest is entry {result.newest[0]}, digest {result.newest[1]}" if result.newest else ""
    print(f"The audit trail is intact: {result.count} entries verify{newest} (key: {key.source}; {seconds:.2f} s).")
    return 0
