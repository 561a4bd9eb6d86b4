"""``python -m bench.anatomy``: where the time of one national one-appointment check goes.

Builds the national data in a temporary folder and times, one after the other, the whole
``Governance.check_changes`` call, its ``evaluate`` of the state after the change, and
clingo alone on the verdict rules (the program without its because/5 rules) with no
facts and with the platform's facts, on the whole program (what an explanation grounds),
on only the rule files a theme-group appointment reaches, and the check's own question
(its slice, cut by the kinds of body it reaches) against the same on the whole program.
Wall clock and CPU time, medians.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from datetime import date
from pathlib import Path

import clingo

from bench import data
from bench.measure import load, p50, rounds
from governance import Governance, RuleSet
from governance.changes import overlay
from governance.engine import Evaluation, evaluate, load_rule_set
from governance.engine.facts import Facts, give, register_facts
from governance.engine.ruleset import DEFAULT_RULES_DIR, program_files
from governance.engine.solve import Question
from governance.engine.vocabulary import PREDICATES
from governance.register import Register

VERDICTS = {"report": 4, "param": 2}  # what a check's question reads
REACHED = ("core.lp", "params.lp", "memberships.lp", "fku.lp", "policy_group.lp", "theme_groups.lp", "vocabulary.yaml")


def ground(rule_set: RuleSet, facts: Facts, explain: bool = False) -> None:
    """The engine's way: the parsed base part and the facts' input rules; ``explain``: then the explain part too."""
    control = clingo.Control(["--warn=none"])
    rule_set.add_to(control)
    control.ground([("base", [])], context=give(control, facts))
    control.solve()
    if explain:
        rule_set.add_to(control, "explain")
        control.ground([("explain", [])])
        control.solve()


def naive(rule_set: RuleSet) -> None:
    """A naive evaluation: a fresh control parses every rule file's text (because/5 rules too), grounds, solves; no facts."""
    control = clingo.Control(["--warn=none"])
    for path in program_files(rule_set.directory):
        control.add("base", [], path.read_text(encoding="utf-8").replace("#program explain.", "#program base."))
    control.ground([("base", [])])
    control.solve()


def explained(rule_set: RuleSet, register: Register, as_of: date, touched: frozenset[str]) -> None:
    evaluation = Evaluation(rule_set, register, as_of, touched)
    evaluation.explain(evaluation.violations())


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.anatomy", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="boliv-anatomy-") as tmp:
        folder = Path(tmp)
        dataset = data.sqlite(folder, "national", data.COPIES)
        governance = Governance.open(dataset.url)
        (folder / "reached").mkdir()
        for name in REACHED:
            shutil.copy(DEFAULT_RULES_DIR / name, folder / "reached" / name)
        reached = load_rule_set(folder / "reached")
        rule_set, change, as_of = governance.rule_set, [dataset.appointment], data.AS_OF
        [register] = governance.platform_registers(dataset.appointment.body)
        after = overlay(register, change, as_of, "bolivvejle")
        facts = register_facts(after.register, as_of, after.touched)
        calls = {
            "check_changes, the whole call": lambda: governance.check_changes(change, as_of),
            "  overlay and facts": lambda: register_facts(overlay(register, change, as_of, "").register, as_of, after.touched),
            "  evaluate the state after (clingo and rendering)": lambda: evaluate(rule_set, after.register, as_of, after.touched),
            "  the same, explained (explain part on the same control)": lambda: explained(rule_set, after.register, as_of, after.touched),
            "naive: parse every rule file, ground, solve, no facts": lambda: naive(rule_set),
            "clingo: new Control, add the verdict rules": lambda: rule_set.add_to(clingo.Control(["--warn=none"])),
            "clingo: the same, ground and solve with no facts": lambda: ground(rule_set, Facts([(PREDICATES["as_of"].signature, PREDICATES["as_of"].term(as_of))])),
            "clingo: the same with the platform's facts": lambda: ground(rule_set, facts),
            "clingo: with the because/5 rules too (an explanation)": lambda: ground(rule_set, facts, explain=True),
            "clingo: only the files an appointment reaches": lambda: ground(reached, facts),
            "the check's question: its slice, cut by kinds": lambda: Question(rule_set, facts, VERDICTS),
            "the same question on the whole program": lambda: Question(rule_set, facts, VERDICTS, whole=True),
        }
        print(f"{len(rule_set.statements)} statements ({len(reached.statements)} in {', '.join(REACHED[:-1])}); "
              f"{len(facts)} facts for the platform; load average {load()}")
        for name, call in calls.items():  # one after the other, so no step pays for another's garbage
            times = rounds({name: call}, args.runs, warmup=3)[name]
            print(f"{name:52s} wall {p50(times.wall) * 1000:7.1f} ms   CPU {p50(times.cpu) * 1000:7.1f} ms")
        governance.database.dispose()


if __name__ == "__main__":
    main()
