"""``boliv rules lint|test|verify|impact``: making rule edits safe for governance staff."""

from __future__ import annotations

import argparse
import os
import time
from datetime import date

from boliv.cli_publish import add_publish_command, print_impact
from boliv.cli_words import say
from governance import Governance
from governance.engine.lint import lint
from governance.engine.lint_display import located
from governance.engine.messages import Text
from governance.engine.ruleset import load_rule_set
from governance.engine.verify import verify_kind
from governance.impact import impact
from governance.rulesource import rules_directory
from governance.scenario_report import (
    Summary,
    as_json,
    as_junit,
    text_progress,
    text_summary,
)
from governance.scenarios import coverage_gaps, load_scenarios, run_scenarios
from governance.seed import read_yaml, structure_register
from governance.values import parse_date

STANDING_KINDS = (
    "council", "board", "policy_group", "secretariat", "forum", "theme_group", "adhoc_group", "steering_group", "area_group",
)


def add_rules_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    rules = commands.add_parser("rules", parents=[common], help="lint, test, verify and weigh rule files")
    actions = rules.add_subparsers(dest="action", required=True)
    actions.add_parser("lint", parents=[common], help="syntax, safety, vocabulary, metadata, parameters").set_defaults(run=run_lint)
    test = actions.add_parser("test", parents=[common], help="run the scenarios in DIR/tests and report coverage")
    test.add_argument("-k", dest="pattern", metavar="PATTERN", help="only the scenarios whose 'file: name' contains PATTERN")
    test.add_argument("--format", choices=["text", "json", "junit"], default="text", help="text as it goes, or one JSON or JUnit XML document")
    test.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes to spread the scenarios over (default: one per core)")
    test.add_argument("--lang", choices=["da", "en"], default="da")
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
    directory = rules_directory(args.settings.rules_dir)
    findings = lint(directory)
    for finding in findings:
        print(finding)
        for line in located(finding.problem, directory):
            print(line)
    errors = sum(f.level == "error" for f in findings)
    print(f"{directory}: {errors} errors, {len(findings) - errors} warnings")
    return 1 if errors else 0


def run_test(args: argparse.Namespace) -> int:
    directory = rules_directory(args.settings.rules_dir)
    rule_set = load_rule_set(directory)
    scenarios = load_scenarios(directory / "tests", args.pattern)
    started = time.perf_counter()
    outcomes = run_scenarios(directory, scenarios, args.jobs, rule_set)
    summary = Summary(rules=sorted(rule_set.rules))
    if args.format == "text":
        summary.outcomes = text_progress(outcomes, len(scenarios), args.lang)
    else:
        summary.outcomes = list(outcomes)
    summary.seconds = time.perf_counter() - started
    if not args.pattern:  # coverage means something only for the whole suite
        summary.gaps = coverage_gaps(scenarios, rule_set.rules)
    print({"text": lambda: text_summary(summary, args.lang), "json": lambda: as_json(summary), "junit": lambda: as_junit(summary)}[args.format]())
    return 1 if summary.failed else 0


def run_verify(args: argparse.Namespace) -> int:
    rule_set = load_rule_set(rules_directory(args.settings.rules_dir))
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
    governance = Governance.open(settings=args.settings, published=True)
    proposed = load_rule_set(rules_directory(args.proposed))
    as_of = parse_date(args.as_of, "--as-of") or date.today()
    changes = impact(governance, proposed, as_of)
    print(say(args.lang, "impact", old=Text(governance.rule_set_on(as_of).version), new=Text(proposed.version), as_on=as_of))
    print_impact(changes, args.lang)
    return 1 if any(change.valid_before and not change.valid_after for change in changes) else 0
