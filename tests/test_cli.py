"""The boliv command line, through its entry point and as a real process."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from sqlalchemy import update

from governance.cli import main
from governance.engine.ruleset import DEFAULT_RULES_DIR
from governance.model import Body, BodyStatus
from governance.services import Governance

AS_OF = "2026-06-01"


def test_check_passes_on_a_fresh_database(database_url, capsys) -> None:
    assert main(["check", "--database", database_url, "--as-of", AS_OF]) == 0
    out = capsys.readouterr().out
    assert "valid as of 2026-06-01: 0 errors" in out
    assert "fku.theme-seats" in out  # FORMING bodies warn about what they still lack


def test_check_passes_on_the_demo(database_url, capsys) -> None:
    assert main(["seed", "--demo", "--database", database_url]) == 0
    assert main(["check", "--database", database_url, "--as-of", AS_OF]) == 0
    assert "valid as of 2026-06-01: 0 errors" in capsys.readouterr().out


def test_seed_demo_twice_adds_nothing(database_url, capsys) -> None:
    main(["seed", "--demo", "--database", database_url])
    main(["seed", "--demo", "--database", database_url])
    assert "already there" in capsys.readouterr().out


def test_check_fails_on_an_invalid_active_body(database_url, capsys) -> None:
    governance = Governance.open(database_url)
    with governance.database.unit_of_work(write=True) as session:
        session.execute(update(Body).where(Body.key == "fku").values(status=BodyStatus.ACTIVE))
    governance.database.dispose()
    assert main(["check", "--database", database_url, "--as-of", AS_OF, "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "ERROR" in out and "fku.theme-seats" in out
    assert "INVALID as of 2026-06-01" in out


def test_check_one_body(database_url, capsys) -> None:
    assert main(["check", "--database", database_url, "--body", "fku", "--as-of", AS_OF]) == 0
    out = capsys.readouterr().out
    assert "fku.theme-seats" in out and "theme.both-sides" not in out


def test_bad_input_is_named(database_url, capsys) -> None:
    assert main(["check", "--database", database_url, "--as-of", "2026-13-01"]) == 2
    assert "'2026-13-01' in --as-of is not a date" in capsys.readouterr().err
    assert main(["check", "--database", database_url, "--body", "nowhere"]) == 2
    assert "Unknown body: 'nowhere'" in capsys.readouterr().err


def test_a_broken_rule_file_is_reported_with_its_place(database_url, tmp_path: Path, capsys) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, rules)
    (rules / "fku.lp").write_text((rules / "fku.lp").read_text() + "\nbroken(X :- member(X).\n")
    assert main(["check", "--database", database_url, "--rules", str(rules)]) == 2
    err = capsys.readouterr().err
    assert "fku.lp:" in err and "syntax error" in err


def test_an_unsafe_rule_is_reported_with_its_place(database_url, tmp_path: Path, capsys) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, rules)
    lines = (rules / "fku.lp").read_text().count("\n")
    (rules / "fku.lp").write_text((rules / "fku.lp").read_text() + "unsafe(X) :- as_of(T).\n")
    assert main(["check", "--database", database_url, "--rules", str(rules)]) == 2
    err = capsys.readouterr().err
    assert f"fku.lp:{lines + 1}:1: error: unsafe variables" in err and "'X' is unsafe" in err


def test_the_installed_command_runs(database_url) -> None:
    boliv = Path(sys.executable).with_name("boliv")
    done = subprocess.run(
        [str(boliv), "check", "--database", database_url, "--as-of", AS_OF], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "0 errors" in done.stdout
