"""`boliv document record|list`: the goals and the communication strategy recorded from the command line."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from boliv.cli import main
from governance.model import AuditEntry, Document
from governance.services import Governance

AFTER_FIRST_YEAR = "2027-06-01"
GOALS = ["document", "record", "--body", "loeget-joint", "--kind", "goals", "--title", "Mål og succeskriterier",
         "--adopted-on", "2027-01-20", "--by", "Sekretariatet"]


def _demo_without_documents(database_url: str) -> Governance:
    assert main(["seed", "--demo", "--database", database_url]) == 0
    governance = Governance.open(database_url)
    with governance.database.unit_of_work(write=True) as session:
        session.execute(delete(Document))
    return governance


def _counts(governance: Governance) -> tuple[int, int]:
    with governance.database.unit_of_work() as session:
        return (session.scalar(select(func.count()).select_from(Document)),
                session.scalar(select(func.count()).select_from(AuditEntry)))


def _check(database_url: str, capsys, body: str) -> str:
    capsys.readouterr()
    main(["check", "--database", database_url, "--body", body, "--as-of", AFTER_FIRST_YEAR, "--lang", "en"])
    return capsys.readouterr().out


def test_recording_the_goals_makes_the_warning_go_away(database_url, capsys) -> None:
    governance = _demo_without_documents(database_url)
    assert "loeget.goals" in _check(database_url, capsys, "loeget-joint")
    assert main([*GOALS, "--database", database_url]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Registreret: »Mål og succeskriterier« (mål og succeskriterier) for Løget By Fælles Styregruppe, "
                          "vedtaget 20. januar 2027 (revisionspost ")
    assert _counts(governance) == (1, 1)
    with governance.database.unit_of_work() as session:
        entry = session.scalars(select(AuditEntry)).one()
        assert (entry.action, entry.actor, entry.allowed) == ("recordDocument", "Sekretariatet", True)
    assert "loeget.goals" not in _check(database_url, capsys, "loeget-joint")
    assert main(["document", "list", "--body", "loeget-joint", "--database", database_url, "--lang", "en"]) == 0
    assert capsys.readouterr().out == '20 January 2027  goals and success criteria  "Mål og succeskriterier"\n'
    governance.database.dispose()


def test_the_communication_strategy_answers_the_policy_group(database_url, capsys) -> None:
    _demo_without_documents(database_url).database.dispose()
    assert "communication.strategy" in _check(database_url, capsys, "policy-group")
    assert main(["document", "record", "--body", "secretariat", "--kind", "communication-strategy", "--title", "Formidling",
                 "--adopted-on", "2027-03-01", "--database", database_url, "--lang", "en"]) == 0
    assert "(communication strategy) for" in capsys.readouterr().out
    assert "communication.strategy" not in _check(database_url, capsys, "policy-group")


def test_a_refused_record_changes_nothing_and_leaves_its_entry(database_url, capsys) -> None:
    governance = _demo_without_documents(database_url)
    for wrong, message in ((["--adopted-on", "2027-02-30"], "'2027-02-30' in adoptedOn is not a date"),
                           (["--body", "ingen-enhed"], "Unknown body: 'ingen-enhed'"),
                           (["--title", ""], "A document must have a title")):
        capsys.readouterr()
        assert main([*GOALS, *wrong, "--database", database_url, "--lang", "en"]) == 2
        assert message in capsys.readouterr().err
    assert main([*GOALS, "--adopted-on", "2027-02-30", "--database", database_url]) == 2
    assert "er ikke en dato" in capsys.readouterr().err
    assert _counts(governance) == (0, 4)
    with governance.database.unit_of_work() as session:
        assert {(e.action, e.allowed) for e in session.scalars(select(AuditEntry))} == {("recordDocument", False)}
    assert "loeget.goals" in _check(database_url, capsys, "loeget-joint")
    governance.database.dispose()
