"""``boliv rules publish``: a rule folder becomes the version in force from a day, through the gate."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from boliv.cli_words import say
from governance import Governance
from governance.impact import BodyImpact
from governance.publish import Publication, publish
from governance.rulefiles import folder_files
from governance.rulesource import rules_directory
from governance.values import required_date


def add_publish_command(actions: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    command = actions.add_parser(
        "publish", parents=[common], help="publish the rule folder as the rule set in force from a day (lint, scenarios, impact first)",
    )
    command.add_argument("--in-force-from", metavar="DATE", required=True, help="the first day the rules apply (ISO date)")
    command.add_argument("--justification", metavar="TEXT", required=True, help="why: the decision behind the change")
    command.add_argument("--retire", metavar="RULE_ID", action="append", default=[], help="a rule id that goes on purpose (repeatable)")
    command.add_argument("--dry-run", action="store_true", help="judge and print the impact, publish nothing")
    command.add_argument("--by", metavar="NAME", default=None, help="who publishes (default: the login name)")
    command.add_argument("--lang", choices=["da", "en"], default="da")
    command.set_defaults(run=run_publish)


def print_impact(changes: list[BodyImpact], lang: str) -> None:
    for change in changes:
        verdict = "" if change.valid_before == change.valid_after else (
            say(lang, "becomes_invalid") if change.valid_before else say(lang, "becomes_valid")
        )
        print(f"{change.body}:{verdict}")
        for v in change.appear:
            print(f"    + {say(lang, v.severity)} {v.rule}: {v.message(lang)}")
        for v in change.disappear:
            print(f"    - {say(lang, v.severity)} {v.rule}: {v.message(lang)}")
    print(say(lang, "bodies_change", count=len(changes)))


def print_publication(result: Publication, lang: str) -> None:
    report = result.report
    print(f"rule set {result.version or '(not readable)'}, in force from {result.in_force_from.isoformat()}: judged in {result.seconds} s")
    lint = report.get("lint", [])
    print(f"lint: {sum(f.startswith('error') for f in lint)} errors, {sum(f.startswith('warning') for f in lint)} warnings")
    if "scenarios" in report:
        scenarios = report["scenarios"]
        print(f"scenarios: {scenarios['passed']} passed, {len(scenarios['failed'])} failed; {len(scenarios['gaps'])} rules not shown both ways")
        for name, ids in (("added", result.added), ("changed", result.changed), ("retired", result.retired)):
            print(f"{name}: {', '.join(ids) or '-'}")
        print(f"impact on {result.in_force_from.isoformat()}:")
        print_impact(result.impact, lang)
    if result.reasons:
        print("REFUSED:" if not result.dry_run else "would be REFUSED:")
        for reason in result.reasons:
            print(f"  - {reason.text(lang)}")
    elif result.dry_run:
        print("dry run: it would be published; nothing was published")
    print(f"(audit entry {result.audit_id})")


def run_publish(args: argparse.Namespace) -> int:
    directory = rules_directory(args.settings.rules_dir)
    governance = Governance.open(settings=args.settings, published=True)  # the published versions; the folder is the candidate
    day = required_date(args.in_force_from, "--in-force-from")
    result = publish(
        governance, folder_files(Path(directory)), day, args.justification, args.by or getpass.getuser(),
        tuple(args.retire), args.dry_run,
    )
    print_publication(result, args.lang)
    if result.published:
        print(f"published: {result.version} is the rule set in force from {day.isoformat()}")
    return 1 if result.reasons else 0
