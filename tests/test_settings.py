"""One settings object, read once: flags before the environment before the defaults, and to uvicorn's workers by file."""

from __future__ import annotations

import ast
from pathlib import Path

import httpx
import pytest
from api_client import anyio_backend  # noqa: F401
from uvicorn.importer import import_from_string

from api.factory import import_string
from api.settings import Settings, SettingsError
from boliv.cli import build_parser, read_settings
from governance import CoreSettings, Governance
from governance.store import Database

ROOT = Path(__file__).resolve().parents[1]
READERS = {"governance/settings.py", "api/settings.py"}  # the only modules that read the environment


def test_a_flag_comes_before_the_environment_which_comes_before_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOLIV_DATABASE_URL", "sqlite:///from-env.db")
    monkeypatch.setenv("BOLIV_RULES_DIR", "/from/env")
    flagged = read_settings(build_parser().parse_args(["check", "--database", "sqlite:///from-flag.db"]))
    assert (type(flagged), flagged.database_url, flagged.rules_dir) == (CoreSettings, "sqlite:///from-flag.db", "/from/env")
    monkeypatch.delenv("BOLIV_DATABASE_URL")
    assert read_settings(build_parser().parse_args(["check"])).database_url is None
    assert Database(settings=CoreSettings()).url == "sqlite:///boliv.db"


def test_serve_reads_the_servers_settings_with_its_own_flags(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOLIV_LOG_FORMAT", "json")
    monkeypatch.setenv("BOLIV_LOG_LEVEL", "debug")
    settings = read_settings(build_parser().parse_args(["serve", "--log-level", "warning"]))
    assert isinstance(settings, Settings)
    assert (settings.log_format, settings.log_level) == ("json", "warning")


def test_a_bad_log_format_in_the_environment_is_refused_by_name() -> None:
    with pytest.raises(SettingsError, match="BOLIV_LOG_FORMAT is 'xml'; it must be one of text, json"):
        Settings.from_env({"BOLIV_LOG_FORMAT": "xml"})


@pytest.mark.anyio
async def test_the_workers_factory_builds_the_app_from_the_settings_file(database_url: str, tmp_path: Path) -> None:
    Governance.open(database_url).database.dispose()  # serve prepares the database before the workers start
    settings = Settings(database_url=database_url, admin_token="a-token-of-sixteen-or-more", cors_origins=("https://a.example",))
    settings_file = tmp_path / "settings with spaces, æøå.json"
    settings_file.write_text(settings.to_json(), encoding="utf-8")
    assert Settings.from_json(settings_file.read_text(encoding="utf-8")) == settings
    app = import_from_string(import_string(settings_file))()  # as uvicorn's worker does it (factory=True)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        answer = await client.post("/graphql", json={"query": "{ bodies { key } }"},
                                   headers={"Authorization": "Bearer a-token-of-sixteen-or-more"})
    assert answer.status_code == 200 and "errors" not in answer.json()


def environment_uses(path: Path) -> list[str]:
    """Every ``os.environ`` / ``os.getenv`` / ``os.putenv`` in the file."""
    return [f"{path.relative_to(ROOT)}:{node.lineno}" for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "os"
            and node.attr in ("environ", "getenv", "putenv", "unsetenv")]


def test_only_the_settings_read_the_environment_and_nothing_writes_it() -> None:
    found = [use for package in ("governance", "schema", "api", "boliv") for path in sorted((ROOT / package).rglob("*.py"))
             if str(path.relative_to(ROOT)) not in READERS for use in environment_uses(path)]
    assert found == []
