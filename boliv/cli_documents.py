"""``boliv document record|list``: the documents a body sets out (goals, the communication strategy).

The command line is the operator's shell over the database, as ``boliv token`` and
``boliv rules publish`` are: it records through the same service as ``recordDocument``,
so a refusal is an error line (exit 2) with its audit entry, and ``--by`` names the actor.
"""

from __future__ import annotations

import argparse
import getpass

from boliv.cli_words import say
from governance import Governance
from governance.documents import documents_of, record_document
from governance.engine.messages import Text
from governance.errors import UnknownKey
from governance.model import DocumentKind
from governance.queries import Queries

KINDS = [kind.value.replace("_", "-") for kind in DocumentKind]  # goals, communication-strategy


def add_document_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    document = commands.add_parser("document", parents=[common], help="documents a body sets out: record, list")
    actions = document.add_subparsers(dest="document_action", required=True)
    record = actions.add_parser("record", parents=[common], help="record a document a body has adopted")
    record.add_argument("--body", metavar="KEY", required=True)
    record.add_argument("--kind", required=True, choices=KINDS)
    record.add_argument("--title", metavar="TEXT", required=True)
    record.add_argument("--adopted-on", metavar="DATE", required=True, help="the day it was adopted (ISO date)")
    record.add_argument("--by", metavar="NAME", default=None, help="who records it, as the audit trail names them (default: the login name)")
    record.add_argument("--lang", choices=["da", "en"], default="da")
    record.set_defaults(run=run_record)
    listing = actions.add_parser("list", parents=[common], help="a body's documents, by the day adopted")
    listing.add_argument("--body", metavar="KEY", required=True)
    listing.add_argument("--lang", choices=["da", "en"], default="da")
    listing.set_defaults(run=run_list)


def _body_name(governance: Governance, key: str) -> Text:
    rows = Queries(governance.database).bodies([key])
    if not rows:
        raise UnknownKey("body", key)
    return Text(rows[0].name)


def run_record(args: argparse.Namespace) -> int:
    governance = Governance.open(settings=args.settings)
    found = record_document(governance, args.body, args.kind, args.title, args.adopted_on, args.by or getpass.getuser())
    print(say(args.lang, "document_recorded", title=Text(found.title), kind=Text(say(args.lang, found.kind)),
              body=_body_name(governance, found.body), adopted_on=found.adopted_on, entry=found.audit_id if found.audit_id is not None else "-"))
    return 0


def run_list(args: argparse.Namespace) -> int:
    governance = Governance.open(settings=args.settings)
    body = _body_name(governance, args.body)
    found = documents_of(governance.database, [args.body])
    for row in found:
        print(say(args.lang, "document_line", adopted_on=row.adopted_on, kind=Text(say(args.lang, row.kind)), title=Text(row.title)))
    if not found:
        print(say(args.lang, "no_documents", body=body))
    return 0
