"""`boliv check` on the readings of issue 14: what is an ERROR, what a WARNING, and what nothing."""

from __future__ import annotations

from sqlalchemy import delete

from boliv.cli import main
from governance.cases_seed import seed_records
from governance.model import Document
from governance.services import Governance


def _demo_with(database_url: str, records: dict) -> None:
    """The demo, with records laid down directly (states the services would refuse or warn about)."""
    assert main(["seed", "--demo", "--database", database_url]) == 0
    governance = Governance.open(database_url)
    with governance.database.unit_of_work(write=True) as session:
        seed_records(session, records)
    governance.database.dispose()


def test_a_board_member_seated_for_the_municipality_is_an_error(database_url, capsys) -> None:
    _demo_with(database_url, {"memberships": [
        {"person": "poul-erik-jessen", "body": "policy-group", "role": "MEMBER", "onBehalfOf": "vejle-kommune",
         "appointedBy": "vejle-kommune", "startsOn": "2026-03-01"},
    ]})
    capsys.readouterr()
    assert main(["check", "--database", database_url, "--body", "policy-group", "--as-of", "2026-06-01", "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "policy-group.seat-side" in out and "Poul Erik Jessen" in out and "ERROR" in out


def test_an_fku_seat_appointed_by_another_party_is_a_warning_and_two_in_one_theme_group_nothing(database_url, capsys) -> None:
    _demo_with(database_url, {"memberships": [
        {"person": "helle-bonde", "body": "fku", "role": "MEMBER", "onBehalfOf": "vejle-kommune", "appointedBy": "aab",
         "startsOn": "2026-03-01", "endsOn": "2026-12-31"},
        {"person": "vibeke-lund", "body": "theme-social", "role": "MEMBER", "onBehalfOf": "domea", "appointedBy": "domea",
         "startsOn": "2026-03-01"},
    ]})
    capsys.readouterr()
    code = main(["check", "--database", database_url, "--body", "fku", "--as-of", "2026-06-01", "--lang", "en"])
    out = capsys.readouterr().out
    assert "membership.self-appointed" in out and "WARNING" in out
    assert "fku.theme-seats" not in out  # Helle Bonde, Dorthe Riis and Vibeke Lund all sit in the social group
    assert code == 1 and "fku.cap" in out  # the ninth seat is the error here, not the appointment


def test_goals_and_the_communication_strategy_are_warned_about_when_missing(database_url, capsys) -> None:
    assert main(["seed", "--demo", "--database", database_url]) == 0
    capsys.readouterr()
    assert main(["check", "--database", database_url, "--as-of", "2027-06-01", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "loeget.goals" not in out and "communication.strategy" not in out
    governance = Governance.open(database_url)
    with governance.database.unit_of_work(write=True) as session:
        session.execute(delete(Document))
    governance.database.dispose()
    assert main(["check", "--database", database_url, "--as-of", "2027-06-01", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "loeget.goals" in out and "communication.strategy" in out and "2026" in out
