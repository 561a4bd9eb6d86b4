"""boliv rules lint | test | verify | impact, on the shipped rules and on broken copies."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

from boliv.cli import main
from governance.changes import Appoint
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


def test_lint_warns_when_a_rule_keeps_checks_from_being_cut_by_kinds(rules: Path, capsys) -> None:
    """A rule reading violation/4 without affected(B) is allowed, but every check then grounds every violation rule."""
    fku = rules / "fku.lp"
    lines = fku.read_text().count("\n")
    fku.write_text(fku.read_text() + "refused(B) :- violation(_, B, error, _).\nseen(B) :- refused(B), touched(B).\n")
    main(["rules", "lint", "--rules", str(rules)])
    out = capsys.readouterr().out
    assert f"warning: fku.lp:{lines + 1}:1: a rule reads violation/4 without joining it with affected(B) on its body" in out
    assert "checks ground every violation rule" in out
    assert not load_rule_set(rules).slicer.cuts(frozenset())


def test_lint_checks_message_arguments_against_the_metadata(rules: Path, capsys) -> None:
    _edit(rules / "fku.lp", "%% args: body seats cap", "%% args: body seats")
    assert main(["rules", "lint", "--rules", str(rules)]) == 1
    assert "fku.cap: da: '{cap}' names 'cap', which is not in its args" in capsys.readouterr().out


def test_lint_checks_the_metadata_severity_against_what_the_heads_derive(rules: Path, capsys) -> None:
    memberships = rules / "memberships.lp"
    head = memberships.read_text().splitlines().index('violation("membership.period", B, error, (B, P, Start, End)) :-') + 1
    _edit(memberships, 'violation("membership.period", B, error,', 'violation("membership.period", B, warning,')
    fku = rules / "fku.lp"
    meta = fku.read_text().splitlines().index("%% rule: fku.parity") + 1
    _edit(fku, "%% rule: fku.parity\n%% severity: error\n%% forming: warning\n", "%% rule: fku.parity\n%% severity: error\n")
    assert main(["rules", "lint", "--rules", str(rules)]) == 1
    out = capsys.readouterr().out
    assert f"error: memberships.lp:{head}:1: membership.period: this rule derives warning, but its metadata declares severity: error" in out
    assert "rule membership.period: its metadata declares severity: error, but no violation/4 rule derives error" in out
    # completeness(B, S) derives a warning while forming, which the metadata no longer declares
    assert f"error: fku.lp:{meta + 11}:1: fku.parity: this rule derives warning" in out


def test_lint_refuses_a_severity_no_constant_or_completeness_binds(rules: Path, capsys) -> None:
    _edit(rules / "policy_group.lp", "body(G, policy_group, _Status), completeness(G, S), body_platform(G, Pl),",
          "body(G, policy_group, S), body_platform(G, Pl),")
    assert main(["rules", "lint", "--rules", str(rules)]) == 1
    assert "the severity must be error, warning or info, or bound by completeness(B, S)" in capsys.readouterr().out


def test_rules_test_runs_the_scenarios_and_reports_coverage(capsys) -> None:
    assert main(["rules", "test", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    rule_set = load_rule_set()
    scenarios = load_scenarios(DEFAULT_RULES_DIR / "tests")
    gaps = coverage_gaps(scenarios, rule_set.rules)
    covered = len(rule_set.rules) - len(gaps)
    assert re.search(rf"{len(scenarios)} passed, 0 failed in [\d.]+ s; {covered} of {len(rule_set.rules)} rules shown both holding and failing", out)
    assert all(f"coverage: {rule} is" in out for rule in gaps)
    assert f"[{len(scenarios)}/{len(scenarios)}] ok" in out  # the counter as it goes


def test_rules_test_fails_when_a_rule_changes_under_its_scenarios(rules: Path, capsys) -> None:
    _edit(rules / "params.lp", "param(fku_cap, 8)", "param(fku_cap, 9)")
    assert main(["rules", "test", "--rules", str(rules), "-k", "fku.yaml"]) == 1
    out = capsys.readouterr().out
    assert "FEJL" in out and "expected fku.cap, which was not reported" in out
    assert re.search(r"\d+ scenarier bestod, [1-9]\d* fejlede, på [\d,]+ s$", out.strip())


def test_rules_test_chooses_scenarios_by_pattern(capsys) -> None:
    chosen = load_scenarios(DEFAULT_RULES_DIR / "tests", "cap")
    assert chosen and all("cap" in f"{s.file}: {s.name}".casefold() for s in chosen)
    assert main(["rules", "test", "-k", "CAP", "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert f"[{len(chosen)}/{len(chosen)}]" in out and "dækning" not in out  # a part says nothing of coverage


def test_rules_test_as_json_and_junit_for_ci_systems(rules: Path, capsys) -> None:
    _edit(rules / "params.lp", "param(fku_cap, 8)", "param(fku_cap, 9)")
    assert main(["rules", "test", "--rules", str(rules), "-k", "fku.yaml", "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    failing = [s for s in document["scenarios"] if not s["passed"]]
    assert document["failed"] == len(failing) > 0 and document["coverageGaps"] is None
    assert any("expected fku.cap, which was not reported" in p for s in failing for p in s["problems"])
    assert main(["rules", "test", "--rules", str(rules), "-k", "fku.yaml", "--format", "junit"]) == 1
    suites = ElementTree.fromstring(capsys.readouterr().out)
    [suite] = suites.findall("testsuite")
    assert int(suite.get("tests")) == len(document["scenarios"]) and int(suite.get("failures")) == len(failing)
    failed = [case.get("name") for case in suite.iter("testcase") if case.find("failure") is not None]
    assert failed == [s["name"] for s in failing] and {case.get("classname") for case in suite.iter("testcase")} == {"fku.yaml"}


def test_rules_test_junit_has_a_coverage_case_per_rule(capsys) -> None:
    assert main(["rules", "test", "--format", "junit"]) == 0
    suites = ElementTree.fromstring(capsys.readouterr().out)
    coverage = next(s for s in suites.findall("testsuite") if s.get("name") == "coverage")
    assert sorted(case.get("name") for case in coverage.iter("testcase")) == sorted(load_rule_set().rules)


def test_rules_test_reports_a_scenario_written_wrong_and_goes_on(rules: Path, capsys) -> None:
    (rules / "tests" / "zz_broken.yaml").write_text(
        "- name: ends a membership nobody holds\n  changes:\n    - end: {person: nobody, body: fku, endsOn: 2026-06-30}\n  expect: [fku.cap]\n"
    )
    assert main(["rules", "test", "--rules", str(rules), "-k", "zz_broken", "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "the scenario cannot run: ValueError: nobody has no membership of fku" in out and "0 passed, 1 failed" in out


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
    assert main(["rules", "impact", "--database", database_url, "--proposed", str(rules), "--as-of", "2026-06-01", "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "fku:  (becomes INVALID)" in out
    assert "+ ERROR fku.cap: FKU has 8 seats; at most 7" in out
    assert "1 body changes" in out


def test_impact_exits_0_when_no_body_becomes_invalid(rules: Path, database_url: str, capsys) -> None:
    assert main(["seed", "--demo", "--database", database_url]) == 0
    _edit(rules / "params.lp", "param(fku_cap, 8)", "param(fku_cap, 9)")
    assert main(["rules", "impact", "--database", database_url, "--proposed", str(rules), "--as-of", "2026-06-01"]) == 0


def test_lint_points_at_a_missing_full_stop_with_a_caret(rules: Path, capsys) -> None:
    fku = rules / "fku.lp"
    lines = fku.read_text().splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.rstrip().endswith("N > Cap."))
    lines[number - 1] = lines[number - 1].rstrip()[:-1]
    fku.write_text("\n".join(lines) + "\n")
    assert main(["rules", "lint", "--rules", str(rules)]) == 1
    out = capsys.readouterr().out.splitlines()
    at = next(i for i, line in enumerate(out) if "syntax error" in line)
    clingo_line = int(out[at].split(":")[2])
    assert clingo_line > number  # clingo notices at the next statement
    assert out[at + 1].lstrip().startswith(f"{clingo_line} | ") and out[at + 2].strip() == "| ^"
    assert f"hint: a statement ends with '.': is one missing at the end of line {number}" in out[at + 3]


def test_lint_suggests_the_predicate_a_typo_meant(rules: Path, capsys) -> None:
    _edit(rules / "fku.lp", "N = #count{ P : fku_seat(F, P) }, N > Cap", "N = #count{ P : fku_seet(F, P) }, N > Cap")
    assert main(["rules", "lint", "--rules", str(rules)]) == 1
    out = capsys.readouterr().out
    assert "fku_seet/2 is used but no rule derives it and the engine does not supply it; did you mean `fku_seat/2`?" in out
    line = next(line for line in out.splitlines() if "| " in line and "fku_seet" in line)
    caret = out.splitlines()[out.splitlines().index(line) + 1]
    assert caret.index("^") - caret.index("|") == line.index("fku_seet") - line.index("|")
