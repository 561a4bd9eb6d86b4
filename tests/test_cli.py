"""The boliv command line, through its entry point and as a real process."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from sqlalchemy import update

from boliv.cli import main
from governance.engine.ruleset import DEFAULT_RULES_DIR
from governance.model import Body, BodyStatus
from governance.services import Governance

AS_OF = "2026-06-01"


def test_check_passes_on_a_fresh_database(database_url, capsys) -> None:
    assert main(["check", "--database", database_url, "--as-of", AS_OF]) == 0
    out = capsys.readouterr().out
    assert "Gyldig pr. 1. juni 2026: 0 fejl" in out
    assert "fku.theme-seats" in out  # FORMING bodies warn about what they still lack


def test_check_passes_on_the_demo(database_url, capsys) -> None:
    assert main(["seed", "--demo", "--database", database_url]) == 0
    assert main(["check", "--database", database_url, "--as-of", AS_OF]) == 0
    assert "Gyldig pr. 1. juni 2026: 0 fejl" in capsys.readouterr().out


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
    assert "INVALID as of 1 June 2026" in out


def test_check_one_body(database_url, capsys) -> None:
    assert main(["check", "--database", database_url, "--body", "fku", "--as-of", AS_OF]) == 0
    out = capsys.readouterr().out
    assert "fku.theme-seats" in out and "theme.both-sides" not in out


def test_bad_input_is_named(database_url, capsys) -> None:
    assert main(["check", "--database", database_url, "--as-of", "2026-13-01"]) == 2
    assert "'2026-13-01' i --as-of er ikke en dato" in capsys.readouterr().err
    assert main(["check", "--database", database_url, "--body", "nowhere"]) == 2
    assert "Ukendt enhed: 'nowhere'" in capsys.readouterr().err
    assert main(["check", "--database", database_url, "--body", "nowhere", "--lang", "en"]) == 2
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
    assert "0 fejl" in done.stdout


def test_repair_speaks_danish_by_default_and_english_when_asked(database_url, capsys) -> None:
    governance = Governance.open(database_url)
    governance.create_person("anna", "Anna Andersen", "aab", ["legal"], "test")
    governance.database.dispose()
    assert main(["repair", "--database", database_url, "--body", "theme-legal", "--as-of", AS_OF, "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1. 2 ændringer, så den boligjuridiske temagruppe kan være aktiv fra 1. juni 2026: ")
    assert "     AAB udpeger Anna Andersen (anna) som medlem, på vegne af AAB fra 1. juni 2026" in out
    assert "den kræver en person fra Vejle Kommune med juridisk viden" in out
    assert not {"appoint", "change(s)", "ændring(er)", "2026-06-01"} & set(out.replace(";", " ").split())
    assert main(["repair", "--database", database_url, "--body", "theme-legal", "--as-of", AS_OF, "--limit", "1", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1. 2 changes so that the legal theme group can be active from 1 June 2026: ")
    assert "     AAB appoints Anna Andersen (anna) as member, on behalf of AAB from 1 June 2026" in out


def test_explain_closes_with_a_count_that_agrees(database_url, capsys) -> None:
    assert main(["explain", "--database", database_url, "--body", "secretariat", "--as-of", AS_OF]) == 0
    out = capsys.readouterr().out
    assert "OPLYSNING secretariat.vacancies (secretariat)" in out
    assert out.rstrip().endswith("overtrædelser pr. 1. juni 2026")
