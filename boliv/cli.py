"""``boliv``: a thin shell over the services."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Sequence
from datetime import date, timedelta
from importlib import metadata

from sqlalchemy.exc import OperationalError

from api.settings import LOG_FORMATS, LOG_LEVELS, Settings, SettingsError
from boliv.cli_audit import add_audit_commands
from boliv.cli_chart import add_chart_command
from boliv.cli_db import add_db_commands
from boliv.cli_documents import add_document_commands
from boliv.cli_io import add_io_commands
from boliv.cli_rules import add_rules_commands
from boliv.cli_tokens import add_token_commands
from boliv.cli_words import say
from governance import (
    CoreSettings,
    Governance,
    InputError,
    RuleSetError,
    Verdict,
    Violation,
)
from governance.engine.messages import Text
from governance.engine.repair import summary
from governance.engine.solve import Word
from governance.enums import Severity
from governance.errors import AuditKeyError, DatabaseUnavailable
from governance.values import parse_date


def open_governance(args: argparse.Namespace) -> Governance:
    """The services over ``--database`` with ``--rules``; a new database gets the structure."""
    return Governance.open(settings=args.settings)


def common_options(default: object = None) -> argparse.ArgumentParser:
    """``--database`` and ``--rules``, accepted before and after the command name.

    The copy a subcommand carries defaults to ``SUPPRESS`` so that it does not overwrite
    a value given before the command name.
    """
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--database", dest="database_url", metavar="URL", default=default,
        help="SQLAlchemy URL (default: BOLIV_DATABASE_URL, else sqlite:///boliv.db)",
    )
    common.add_argument(
        "--rules", dest="rules_dir", metavar="DIR", default=default,
        help="rule folder (default: BOLIV_RULES_DIR, else the project's rules/)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="boliv", description="BolivVejle's rules, checked.", parents=[common_options()])
    parser.add_argument("--version", action="version", version=f"boliv {metadata.version('boliv')}")
    common = common_options(argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", required=True)

    seed = commands.add_parser("seed", parents=[common], help="lay down the structure (and with --demo, fictional people)")
    seed.add_argument("--demo", action="store_true", help="add fictional people and memberships that make every standing body valid")
    seed.add_argument("--synthetic", type=int, metavar="N", default=0, help="add N populated copies of the structure (national scale: 97)")
    seed.set_defaults(run=run_seed)

    check = commands.add_parser("check", parents=[common], help="list violations; exit 1 when an ERROR stands")
    check.add_argument("--body", metavar="KEY", help="one body (default: every body)")
    check.add_argument("--as-of", metavar="DATE", help="ISO date (default: today)")
    check.add_argument("--lang", choices=["da", "en"], default="da")
    check.set_defaults(run=run_check)

    explain = commands.add_parser("explain", parents=[common], help="violations with their derivations down to the facts")
    explain.add_argument("--body", metavar="KEY", help="one body (default: every body)")
    explain.add_argument("--as-of", metavar="DATE", help="ISO date (default: today)")
    explain.add_argument("--lang", choices=["da", "en"], default="da")
    explain.set_defaults(run=run_explain)

    repair = commands.add_parser("repair", parents=[common], help="the smallest changes that make a body valid as ACTIVE")
    repair.add_argument("--body", metavar="KEY", required=True)
    repair.add_argument("--as-of", metavar="DATE", help="ISO date (default: today)")
    repair.add_argument("--limit", type=int, default=3)
    repair.add_argument("--lang", choices=["da", "en"], default="da")
    repair.set_defaults(run=run_repair)

    serve = commands.add_parser("serve", parents=[common], help="serve GraphQL at /graphql and GET /health")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--no-migrate", action="store_true", help="refuse an out-of-date database instead of migrating it (boliv db upgrade)")
    serve.add_argument("--log-format", choices=LOG_FORMATS, help="log lines as text or JSON (default: BOLIV_LOG_FORMAT, else text)")
    serve.add_argument("--log-level", choices=LOG_LEVELS, help="the least severe lines logged (default: BOLIV_LOG_LEVEL, else info)")
    serve.set_defaults(run=run_serve, settings_type=Settings)

    add_rules_commands(commands, common)
    add_io_commands(commands, common)
    add_token_commands(commands, common)
    add_chart_command(commands, common)
    add_audit_commands(commands, common)
    add_db_commands(commands, common)
    add_document_commands(commands, common)
    return parser


def _verdict(args: argparse.Namespace, explain: bool = False) -> tuple[date, Verdict]:
    governance = open_governance(args)
    as_of = parse_date(args.as_of, "--as-of") or date.today()
    return as_of, governance.composition(args.body, as_of, explain) if args.body else governance.audit(as_of, explain=explain)


def run_explain(args: argparse.Namespace) -> int:
    as_of, verdict = _verdict(args, explain=True)
    for violation in verdict.violations:
        print(f"{say(args.lang, violation.severity)} {violation.rule} ({violation.body})")
        print(violation.explanation(args.lang))
        print()
    print(say(args.lang, "explained", count=len(verdict.violations), as_on=as_of))
    return 0 if verdict.valid else 1


def run_repair(args: argparse.Namespace) -> int:
    governance = open_governance(args)
    as_of = parse_date(args.as_of, "--as-of") or date.today()
    repairs, register = governance.repairs(args.body, as_of, args.limit)
    rule_set = governance.rule_set
    if not repairs:
        print(say(args.lang, "nothing_to_repair", rule_set=rule_set, register=register, body=args.body, as_on=as_of))
        return 0
    for number, found in enumerate(repairs, start=1):
        print(f"{number}. {summary(found, register, governance.rule_set_on(as_of), args.lang)}")
        for a in found.appoint:
            behalf = say(args.lang, "behalf", rule_set=rule_set, register=register, org=a.on_behalf_of) if a.on_behalf_of else ""
            line = say(args.lang, "appoint", rule_set=rule_set, register=register, by=a.appointed_by, person=a.person, person_key=Text(a.person),
                       role=Word(a.role.lower()), behalf=Text(behalf), as_on=as_of)
            print(f"     {line}")
        for membership in found.end:
            print(f"     {say(args.lang, 'end', id=membership, last_on=as_of - timedelta(days=1))}")
    return 0


def run_serve(args: argparse.Namespace) -> int:
    """Hand over to the web layer, with the server's settings (``settings_type``) that ``main`` read."""
    from api.serve import serve  # uvicorn and starlette load only for this command

    return serve(args.settings, host=args.host, port=args.port, workers=args.workers, migrate=not args.no_migrate)


def run_seed(args: argparse.Namespace) -> int:
    governance = open_governance(args)
    if args.demo:
        added = governance.seed_demo()
        print("Demo register added." if added else "The demo register is already there.")
    else:
        print("The BolivVejle structure is in place.")
    if args.synthetic:
        copies = governance.seed_synthetic(args.synthetic)
        print(f"{copies} synthetic copies added ({args.synthetic - copies} were there already).")
    return 0


def format_table(violations: Sequence[Violation], lang: str) -> str:
    rows = [tuple(say(lang, "header").split("|"))]
    rows += [(say(lang, v.severity), v.rule, v.body, v.message(lang)) for v in violations]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=False)) + "  " + row[3] for row in rows
    )


def run_check(args: argparse.Namespace) -> int:
    as_of, verdict = _verdict(args)
    violations = sorted(verdict.violations, key=lambda v: (v.severity.rank, v.body, v.rule))
    if violations:
        print(format_table(violations, args.lang))
    counts = {s: sum(v.severity is s for v in violations) for s in Severity}
    print(say(
        args.lang, "check", verdict=Text(say(args.lang, "valid" if verdict.valid else "invalid")), as_on=as_of,
        errors=counts[Severity.ERROR], warnings=counts[Severity.WARNING], notes=counts[Severity.INFO],
        version=Text(verdict.rule_set_version),
    ))
    return 0 if verdict.valid else 1


def read_settings(args: argparse.Namespace) -> CoreSettings:
    """The command's settings, read once: its flags, then the environment, then the defaults.

    A command that needs more than the core's names its settings class as ``settings_type``
    (``serve``: the server's); a flag counts when its ``dest`` is the name of a setting.
    """
    kind: type[CoreSettings] = getattr(args, "settings_type", CoreSettings)
    return kind.from_env(**{field.name: getattr(args, field.name, None) for field in dataclasses.fields(kind)})


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    lang = getattr(args, "lang", "da")
    try:
        args.settings = read_settings(args)
    except SettingsError as error:
        print(f"boliv {args.command}: {error}", file=sys.stderr)
        return 2
    try:
        code: int = args.run(args)
        return code
    except RuleSetError as error:
        print(say(lang, "rule_problems"), file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    except (InputError, AuditKeyError) as error:
        print(f"boliv: {error.message(lang)}", file=sys.stderr)
        return 2
    except (OperationalError, DatabaseUnavailable) as error:
        print(say(lang, "database", error=Text(str(error.orig))), file=sys.stderr)
        return 2


