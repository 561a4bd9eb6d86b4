"""``boliv export [--output FILE]`` and ``boliv import FILE``: the backup, and moving between databases."""

from __future__ import annotations

import argparse
import json
import sys

from governance.export import ImportRefused, import_document, write_export
from governance.store import Database


def add_io_commands(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    export = commands.add_parser("export", parents=[common], help="write the whole register as Popolo-style JSON")
    export.add_argument("--output", "-o", metavar="FILE", help="where to write it (default: standard output)")
    export.set_defaults(run=run_export)
    load = commands.add_parser("import", parents=[common], help="read an export into an empty database")
    load.add_argument("file", metavar="FILE", help="an export of boliv export ('-' for standard input)")
    load.set_defaults(run=run_import)


def _summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{count} {name}" for name, count in counts.items() if count) or "nothing"


def run_export(args: argparse.Namespace) -> int:
    """Migrates an older database first, but never lays down the structure: an export shows the register as it is."""
    database = Database(args.database)
    try:
        database.create_schema()
        if args.output:
            with open(args.output, "w", encoding="utf-8", newline="\n") as stream:
                counts = write_export(database, stream)
            print(f"Exported {_summary(counts)} to {args.output}.", file=sys.stderr)
        else:
            write_export(database, sys.stdout)
    finally:
        database.dispose()
    return 0


def run_import(args: argparse.Namespace) -> int:
    try:
        if args.file == "-":
            document = json.load(sys.stdin)
        else:
            with open(args.file, encoding="utf-8") as stream:
                document = json.load(stream)
    except (OSError, ValueError) as error:
        print(f"boliv: cannot read {args.file}: {error}", file=sys.stderr)
        return 2
    database = Database(args.database)
    try:
        counts = import_document(database, document)
    except ImportRefused as error:
        print(f"boliv: {error}", file=sys.stderr)
        return 2
    finally:
        database.dispose()
    print(f"Imported {_summary(counts)}.")
    return 0
