"""``boliv token create|list|revoke`` and the token store: roles, hashes only, revocation."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from boliv.cli import main
from governance.model import ApiToken
from governance.services import Governance
from governance.tokens import Tokens


def _create(capsys: pytest.CaptureFixture[str], database_url: str, *options: str) -> str:
    assert main(["token", "create", "--database", database_url, *options]) == 0
    return capsys.readouterr().out.strip().splitlines()[-1]


def test_create_prints_the_secret_as_its_last_line_and_stores_only_its_hash(governance: Governance, database_url: str, capsys) -> None:
    secret = _create(capsys, database_url, "--role", "org-admin", "--organisation", "aab", "--holder", "Anna at AAB")
    assert secret.startswith("boliv_") and len(secret) > 40
    with governance.database.unit_of_work() as session:
        [token] = session.scalars(select(ApiToken)).all()
        stored = [str(getattr(token, column.key)) for column in ApiToken.__table__.columns]
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert not any(secret in value for value in stored)
    holder = Tokens(governance.database).holder_of(secret)
    assert (holder.role, holder.organisation, holder.holder) == ("org-admin", "aab", "Anna at AAB")
    assert holder.actor == f"Anna at AAB (token {holder.id})"


def test_tokens_are_listed_and_revoked(governance: Governance, database_url: str, capsys) -> None:
    viewer = _create(capsys, database_url, "--role", "viewer")
    _create(capsys, database_url, "--role", "auditor")
    assert main(["token", "list", "--database", database_url]) == 0
    listed = capsys.readouterr().out
    assert "1\tviewer\tviewer" in listed and "2\tauditor\tauditor" in listed and "2 tokens, 2 active" in listed
    assert viewer not in listed
    assert main(["token", "revoke", "1", "--database", database_url]) == 0
    assert "revoked" in capsys.readouterr().out
    assert Tokens(governance.database).holder_of(viewer) is None
    assert main(["token", "list", "--database", database_url]) == 0
    assert "2 tokens, 1 active" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--role", "org-admin"], "En org-admin-token kræver --organisation"),
        (["--role", "staff", "--organisation", "aab"], "kræver --organisation, og kun den"),
        (["--role", "org-admin", "--organisation", "nowhere"], "Ukendt organisation: 'nowhere'"),
    ],
)
def test_a_token_that_cannot_be_made_is_refused(governance: Governance, database_url: str, capsys, options: list[str], message: str) -> None:
    assert main(["token", "create", "--database", database_url, *options]) == 2
    assert message in capsys.readouterr().err
    assert Tokens(governance.database).list() == []


def test_an_unknown_role_is_refused_by_the_command_line(database_url: str, capsys) -> None:
    with pytest.raises(SystemExit):
        main(["token", "create", "--database", database_url, "--role", "boss"])
    assert "invalid choice: 'boss'" in capsys.readouterr().err


def test_revoking_an_unknown_token_says_so(governance: Governance, database_url: str, capsys) -> None:
    assert main(["token", "revoke", "42", "--database", database_url]) == 2
    assert "Ukendt token: '42'" in capsys.readouterr().err
