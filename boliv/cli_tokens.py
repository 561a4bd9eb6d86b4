"""``boliv token create|list|revoke``: the API's bearer tokens and their roles."""

from __future__ import annotations

import argparse

from governance import Governance
from governance.model import TokenRole
from governance.tokens import TokenRow, Tokens


def add_token_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    token = commands.add_parser("token", parents=[common], help="API tokens: create (prints the secret once), list, revoke")
    actions = token.add_subparsers(dest="token_action", required=True)
    create = actions.add_parser("create", parents=[common], help="make a token; its secret is the last line printed")
    create.add_argument("--role", required=True, choices=[role.value for role in TokenRole])
    create.add_argument("--organisation", metavar="KEY", help="the organisation of an org-admin token (required for it)")
    create.add_argument("--holder", metavar="NAME", help="who holds it, as the audit trail names them (default: the role)")
    create.set_defaults(run=run_create)
    actions.add_parser("list", parents=[common], help="every token made, revoked ones too").set_defaults(run=run_list)
    revoke = actions.add_parser("revoke", parents=[common], help="revoke a token by its id")
    revoke.add_argument("id", type=int)
    revoke.set_defaults(run=run_revoke)


def _tokens(args: argparse.Namespace) -> Tokens:
    """The token store of ``--database``, created and migrated when new (an org-admin's organisation must exist)."""
    return Tokens(Governance.open(settings=args.settings).database)


def _line(token: TokenRow) -> str:
    state = f"revoked {token.revoked_at:%Y-%m-%d %H:%M}" if token.revoked_at else "active"
    organisation = f" {token.organisation}" if token.organisation else ""
    return f"{token.id}\t{token.role}{organisation}\t{token.holder}\tcreated {token.created_at:%Y-%m-%d %H:%M}\t{state}"


def run_create(args: argparse.Namespace) -> int:
    token, secret = _tokens(args).create(args.role, args.organisation, args.holder)
    print(f"Token {token.id} for {token.holder}, role {token.role}{' of ' + token.organisation if token.organisation else ''}.")
    print("Only its hash is stored: keep the secret below, it is not shown again. Use it as 'Authorization: Bearer <secret>'.")
    print(secret)
    return 0


def run_list(args: argparse.Namespace) -> int:
    tokens = _tokens(args).list()
    for token in tokens:
        print(_line(token))
    print(f"{len(tokens)} tokens, {sum(t.revoked_at is None for t in tokens)} active")
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    print(f"revoked: {_line(_tokens(args).revoke(args.id))}")
    return 0
