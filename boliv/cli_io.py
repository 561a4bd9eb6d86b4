"""``boliv export [--output FILE]`` and ``boliv import FILE``: the backup, and moving between databases.

``import`` exits 0 when the register is in, 1 when its rules refuse it (the violations
listed), 2 when the file or the database cannot take it; a refused import writes nothing.
"""

from __future__ import annotations

import argparse
import sys

from governance.export import ImportRefused, ImportViolations, import_document, write_export
from governance.import_checks import read_document
from governance.rulesource import RuleSource
from governance.store import Database


def add_io_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    export = commands.add_parser("export", parents=[common], help="write the whole register as Popolo-style JSON")
    export.add_argument("--output", "-o", metavar="FILE", help="where to write it (default: standard output)")
    export.set_defaults(run=run_export)
    load = commands.add_parser("import", parents=[common], help="read an export into an empty database, checked like a change")
    load.add_argument("file", metavar="FILE", help="an export of boliv export ('-' for standard input)")
    load.add_argument("--with-tokens", action="store_true", help="import the API tokens too (they are passwords to the register)")
    load.add_argument("--override", action="store_true", help="import although the register breaks ERROR rules (needs --justification)")
    load.add_argument("--justification", metavar="TEXT", help="why the override is right; the audit trail records it")
    load.set_defaults(run=run_import)


def _summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{count} {name}" for name, count in counts.items() if count) or "nothing"


def run_export(args: argparse.Namespace) -> int:
    """Migrates an older database first, but never lays down the structure: an export shows the register as it is."""
    database = Database(settings=args.settings)
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
    justification = (args.justification or "").strip() or None
    if args.override != (justification is not None):
        print("boliv: --override and --justification TEXT go together: an override says why.", file=sys.stderr)
        return 2
    try:
        if args.file == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(args.file, "rb") as stream:
                data = stream.read()
    except OSError as error:
        print(f"boliv: cannot read {args.file}: {error.strerror}", file=sys.stderr)
        return 2
    try:
        document = read_document(data)
        rules = RuleSource(args.settings.rules_dir).current()
    except ImportRefused as error:
        print(f"boliv: cannot read {args.file}: {error}", file=sys.stderr)
        return 2
    database = Database(settings=args.settings)
    try:
        counts = import_document(database, document, rules=rules, with_tokens=args.with_tokens, justification=justification)
    except ImportViolations as error:
        print(f"boliv: {error}", file=sys.stderr)
        for violation in error.violations:
            print(f"  ERROR {violation.rule} ({violation.body}): {violation.message('en')}", file=sys.stderr)
        return 1
    except ImportRefused as error:
        print(f"boliv: {error}", file=sys.stderr)
        return 2
    finally:
        database.dispose()
    print(f"Imported {_summary(counts)}.")
    left = len(document.get("tokens") or []) if not args.with_tokens else 0
    if left:
        print(f"{left} tokens in the file were not imported (--with-tokens imports them).")
    return 0
