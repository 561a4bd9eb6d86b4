"""boliv rules lint | test | verify | impact, on the shipped rules and on broken copies."""

from __future__ import annotations

from datetime import date
from pathlib import Path


from governance.changes import Appoint
from governance.cli import main
from governance.engine import load_rule_set
from governance.engine.ruleset import DEFAULT_RULES_DIR
from governance.engine.verify import verify_kind
from governance.scenarios import coverage_gaps, load_scenarios
from governance.seed import read_yaml, structure_register
from governance.services import Applied, Governance

AS_OF = date(2026, 6, 1)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_lint_passes_the_shipped_rules(capsys) -> None:
    assert main(["rules", "lint"]) == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().out


def test_lint_names_each_problem_with_its_place(rules: Path, capsys) -> None:
    fku = rules / "fku.lp"
    lines = fku.read_text().count("\n")
    fku.write_text(fku.read_text() + 'typo(F) :- bodyy(F, forum, _).\nviolation("fku.new", F, error, ()) :- body(F, forum, _).\n')
    (rules / "params.lp").write_text((rules / "params.lp").read_text() + "param(forgotten, 3).\n")
    assert main(["rules", "lint", "--rules", str(rules)]) == 1
    out = capsys.readouterr().out
    assert f"error: fku.lp:{lines + 1}:12: bodyy/3 is used but no rule derives it" in out
    assert f"error: fku.lp:{lines + 2}:1: violation fku.new has no metadata block" in out
    assert "warning: params.lp:" in out and "parameter forgotten is not read by any rule" in out
    assert f"warning: fku.lp:{lines + 1}:1: typo/1 is derived but no rule reads it and the engine does not" in out


def test_lint_refuses_a_rule_that_reads_explanations(rules: Path, capsys) -> None:
    fku = rules / "fku.lp"
    lines = fku.read_text().count("\n")
    fku.write_text(fku.read_text() + 'explained(F) :- because(_, F, _, _, _).\n')
    assert main(["rules", "lint", "--rules", str(rules)]) == 1
    assert f"error: fku.lp:{lines + 1}:17: because/5 is read by a rule" in capsys.readouterr().out


def test_lint_checks_message_arguments_against_the_metadata(rules: Path, capsys) -> None:
    _edit(rules / "fku.lp", "%% args: body seats cap", "%% args: body seats")
    assert main(["rules", "lint", "--rules", str(rules)]) == 1
    assert "fku.cap: da: '{cap}' names 'cap', which is not in its args" in capsys.readouterr().out


def test_rules_test_runs_the_scenarios_and_reports_coverage(capsys) -> None:
    assert main(["rules", "test"]) == 0
    out = capsys.readouterr().out
    rule_set = load_rule_set()
    gaps = coverage_gaps(load_scenarios(DEFAULT_RULES_DIR / "tests"), rule_set.rules)
    covered = len(rule_set.rules) - len(gaps)
    assert f" 0 failed; {covered} of {len(rule_set.rules)} rules shown both holding and failing" in out
    assert all(f"coverage: {rule} is" in out for rule in gaps)


def test_rules_test_fails_when_a_rule_changes_under_its_scenarios(rules: Path, capsys) -> None:
    _edit(rules / "params.lp", "param(fku_cap, 8)", "param(fku_cap, 9)")
    assert main(["rules", "test", "--rules", str(rules)]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and "expected fku.cap, which was not reported" in out


def test_verify_finds_a_witness_for_every_standing_kind(capsys) -> None:
    assert main(["rules", "verify", "--kind", "forum", "--kind", "secretariat", "--seconds", "2"]) == 0
    out = capsys.readouterr().out
    assert "forum: a valid composition of fku exists" in out
    assert "secretariat: secretariat is valid even with no members" in out


def test_verify_names_the_rules_that_conflict(rules: Path, capsys) -> None:
    _edit(rules / "params.lp", "param(fku_cap, 8)", "param(fku_cap, 1)")
    assert main(["rules", "verify", "--rules", str(rules), "--kind", "forum"]) == 1
    assert "forum: NO valid composition can exist; these rules conflict: fku.cap, fku.theme-seats" in capsys.readouterr().out  # three theme seats cannot fit in one


def test_a_verified_witness_can_be_appointed_and_constituted(governance: Governance) -> None:
    rule_set = load_rule_set()
    result = verify_kind(rule_set, structure_register(read_yaml(rule_set.structure_file)), "forum", AS_OF, seconds=2)
    for person in {(s.person, s.organisation, s.qualifications) for s in result.witness}:
        governance.create_person(person[0], person[0], person[1], list(person[2]), "test")
    appointments = [
        Appoint(s.person, s.body, s.role.upper(), appointed_by=s.appointed_by, on_behalf_of=s.on_behalf_of) for s in result.witness
    ]
    assert isinstance(governance.apply_changes(appointments, AS_OF, "test"), Applied)
    for body in ("theme-legal", "theme-social", "theme-technical", "fku"):
        assert governance.constitute_body(body, AS_OF, "test").status == "active"


def test_impact_lists_what_a_proposed_rule_set_changes(rules: Path, database_url: str, capsys) -> None:
    assert main(["seed", "--demo", "--database", database_url]) == 0
    _edit(rules / "params.lp", "param(fku_cap, 8)", "param(fku_cap, 7)")
    assert main(["rules", "impact", "--database", database_url, "--proposed", str(rules), "--as-of", "2026-06-01", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "fku:  (becomes INVALID)" in out
    assert "+ ERROR fku.cap: FKU has 8 seats; at most 7" in out
    assert "1 body changes" in out
