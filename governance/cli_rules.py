"""``boliv rules lint|test|verify|impact``: making rule edits safe for governance staff."""

from __future__ import annotations

import argparse
from datetime import date

from governance.changes import parse_date
from governance.cli_publish import add_publish_command, print_impact
from governance.cli_words import Text, say
from governance.engine.lint import lint
from governance.engine.ruleset import load_rule_set
from governance.engine.verify import verify_kind
from governance.impact import impact
from governance.rulesource import rules_directory
from governance.scenarios import ScenarioRunner, coverage_gaps, load_scenarios
from governance.seed import read_yaml, structure_register
from governance.services import Governance

STANDING_KINDS = (
    "council", "board", "policy_group", "secretariat", "forum", "theme_group", "adhoc_group", "steering_group", "area_group",
)


def add_rules_commands(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    rules = commands.add_parser("rules", parents=[common], help="lint, test, verify and weigh rule files")
    actions = rules.add_subparsers(dest="action", required=True)
    actions.add_parser("lint", parents=[common], help="syntax, safety, vocabulary, metadata, parameters").set_defaults(run=run_lint)
    test = actions.add_parser("test", parents=[common], help="run the scenarios in DIR/tests and report coverage")
    test.set_defaults(run=run_test)
    verify = actions.add_parser("verify", parents=[common], help="search a valid composition for each kind of standing body")
    verify.add_argument("--kind", choices=STANDING_KINDS, action="append", help="only this kind (repeatable)")
    verify.add_argument("--as-of", metavar="DATE")
    verify.add_argument("--seconds", type=float, default=5.0, help="search time per kind for the smallest witness")
    verify.set_defaults(run=run_verify)
    weigh = actions.add_parser("impact", parents=[common], help="what a proposed rule folder changes in the live data")
    weigh.add_argument("--proposed", "--new", dest="proposed", metavar="NEWDIR", required=True, help="the proposed rule folder")
    weigh.add_argument("--as-of", metavar="DATE")
    weigh.add_argument("--lang", choices=["da", "en"], default="da")
    weigh.set_defaults(run=run_impact)
    add_publish_command(actions, common)


def run_lint(args: argparse.Namespace) -> int:
    directory = rules_directory(args.rules)
    findings = lint(directory)
    for finding in findings:
        print(finding)
    errors = sum(f.level == "error" for f in findings)
    print(f"{directory}: {errors} errors, {len(findings) - errors} warnings")
    return 1 if errors else 0


def run_test(args: argparse.Namespace) -> int:
    directory = rules_directory(args.rules)
    rule_set = load_rule_set(directory)
    scenarios = load_scenarios(directory / "tests")
    runner = ScenarioRunner(directory)
    failed = 0
    try:
        for scenario in scenarios:
            outcome = runner.run(scenario)
            print(f"{'ok  ' if outcome.passed else 'FAIL'}  {scenario.file}: {scenario.name}")
            for problem in outcome.problems:
                print(f"        {problem}")
            failed += not outcome.passed
    finally:
        runner.close()
    gaps = coverage_gaps(scenarios, rule_set.rules)
    for rule, why in gaps.items():
        print(f"coverage: {rule} is {' and '.join(why)}")
    covered = len(rule_set.rules) - len(gaps)
    print(f"{len(scenarios) - failed} passed, {failed} failed; {covered} of {len(rule_set.rules)} rules shown both holding and failing")
    return 1 if failed else 0


def run_verify(args: argparse.Namespace) -> int:
    rule_set = load_rule_set(rules_directory(args.rules))
    structure = structure_register(read_yaml(rule_set.structure_file))
    as_of = parse_date(args.as_of, "--as-of") or date.today()
    impossible = 0
    for kind in args.kind or STANDING_KINDS:
        result = verify_kind(rule_set, structure, kind, as_of, args.seconds)
        if not result.satisfiable:
            impossible += 1
            print(f"{kind}: NO valid composition can exist; these rules conflict: {', '.join(result.conflicting_rules)}")
            continue
        if not result.witness:
            print(f"{kind}: {result.body} is valid even with no members under these rules")
            continue
        note = " (smallest found in the time given)" if result.timed_out else ""
        print(f"{kind}: a valid composition of {result.body} exists, e.g. with {len(result.witness)} memberships{note}:")
        for seat in result.witness:
            tags = f" [{', '.join(seat.qualifications)}]" if seat.qualifications else ""
            print(
                f"    {seat.body}: {seat.person}{tags} as {seat.role}, on behalf of {seat.on_behalf_of or '-'},"
                f" appointed by {seat.appointed_by or '-'}"
            )
    return 1 if impossible else 0


def run_impact(args: argparse.Namespace) -> int:
    """The draft against the version in force on the day (``--rules`` names the draft too, never what is in force)."""
    governance = Governance.open(args.database, published=True)
    proposed = load_rule_set(rules_directory(args.proposed))
    as_of = parse_date(args.as_of, "--as-of") or date.today()
    changes = impact(governance, proposed, as_of)
    print(say(args.lang, "impact", old=Text(governance.rule_set_on(as_of).version), new=Text(proposed.version), as_on=as_of))
    print_impact(changes, args.lang)
    return 0
