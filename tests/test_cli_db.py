"""The operators' commands: ``boliv --version``, ``boliv db upgrade|current|history``, ``serve --no-migrate``."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from alembic import command
from api_client import ADMIN_TOKEN, boliv_serve, running_server
from sqlalchemy import create_engine

from boliv.cli import main
from governance import migrations
from governance.store import database_url as normalise_url

# The migrations' revisions are numbered in order (governance/migrations/versions/0001_....py, ...).
REVISIONS = sorted(path.name[:4] for path in (Path(migrations.__file__).parent / "versions").glob("[0-9]*.py"))
HEAD, BEFORE_HEAD = REVISIONS[-1], REVISIONS[-2]


def at_first_revision(url: str) -> None:
    """A database migrated only to 0001, as an older boliv left it."""
    engine = create_engine(normalise_url(url))
    with engine.begin() as connection:
        command.upgrade(migrations.config(connection), "0001")
    engine.dispose()


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0 and capsys.readouterr().out.strip() == "boliv 0.1.0"


def test_db_current_upgrade_and_history_on_an_out_of_date_database(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    at_first_revision(database_url)
    assert main(["db", "current", "--database", database_url]) == 1
    out = capsys.readouterr().out
    assert f"revision 0001, newest {HEAD}" in out and "boliv db upgrade" in out
    assert main(["db", "history", "--database", database_url]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{BEFORE_HEAD} -> {HEAD} (head):") and lines[-1].startswith("<base> -> 0001 (current):")
    assert len(lines) == len(REVISIONS)
    assert main(["db", "upgrade", "--database", database_url]) == 0
    assert capsys.readouterr().out.strip().endswith(f"0001 -> {HEAD}")
    assert main(["db", "upgrade", "--database", database_url]) == 0
    assert capsys.readouterr().out.strip().endswith(f"already at {HEAD}")
    assert main(["db", "current", "--database", database_url]) == 0
    assert "(up to date)" in capsys.readouterr().out


def test_serve_no_migrate_refuses_an_out_of_date_database_naming_the_command(
    database_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOLIV_ADMIN_TOKEN", ADMIN_TOKEN)
    at_first_revision(database_url)
    assert main(["serve", "--no-migrate", "--database", database_url]) == 2
    err = capsys.readouterr().err
    assert f"is at revision 0001, and this boliv needs revision {HEAD}" in err and "Run `boliv db upgrade --database" in err


def test_serve_no_migrate_refuses_a_new_database(database_url: str, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOLIV_ADMIN_TOKEN", ADMIN_TOKEN)
    assert main(["serve", "--no-migrate", "--database", database_url]) == 2
    assert "is not migrated (no revision)" in capsys.readouterr().err


def test_serve_no_migrate_serves_once_upgraded(database_url: str, tmp_path: Path) -> None:
    at_first_revision(database_url)
    assert main(["db", "upgrade", "--database", database_url]) == 0
    with running_server([*boliv_serve(database_url, workers=1), "--no-migrate"], tmp_path / "serve.log") as base:
        bodies = httpx.post(f"{base}/graphql", json={"query": "{ bodies { key } }"}, timeout=30).json()["data"]["bodies"]
    assert len(bodies) >= 17


@pytest.mark.parametrize("token", ["abcd", "fifteen-chars!!"])
def test_a_short_admin_token_is_refused_with_a_way_to_make_a_good_one(
    token: str, database_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOLIV_ADMIN_TOKEN", token)
    assert main(["serve", "--database", database_url]) == 2
    err = capsys.readouterr().err
    assert f"BOLIV_ADMIN_TOKEN is {len(token)} characters long; it must have at least 16" in err
    assert "secrets.token_urlsafe(32)" in err
