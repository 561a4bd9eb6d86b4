"""What a rule set must pass before it serves: lint, its scenarios, coverage, and no rule lost.

The publication (``governance.publish``) and the draft's hot reload
(``governance.rulesource``) ask the same questions here. The scenarios' outcome is a
function of the files alone, so it is kept per folder digest for the process's life.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from governance.engine.lint import lint
from governance.engine.ruleset import RuleSet
from governance.rulefiles import folder_files
from governance.scenarios import coverage_gaps, gap_text, load_scenarios
from governance.scenarios import run_scenarios as scenario_outcomes


@dataclass(frozen=True)
class Reason:
    """Why a rule set is refused, in both languages."""

    code: str  # LINT, SCENARIO, COVERAGE, LOST_RULE, RETIRE, IN_FORCE_FROM, JUSTIFICATION
    da: str
    en: str

    def text(self, lang: str = "da") -> str:
        return self.da if lang == "da" else self.en


@dataclass(frozen=True)
class ScenarioReport:
    passed: int
    failed: tuple[tuple[str, str, tuple[str, ...]], ...]  # file, name, problems
    gaps: dict[str, list[str]] = field(default_factory=dict)


_SCENARIOS: dict[str, ScenarioReport] = {}
_SCENARIOS_LOCK = threading.Lock()


def lint_report(directory: Path) -> tuple[list[str], list[Reason]]:
    """Every finding as text, and a reason per error."""
    findings = lint(directory)
    reasons = [
        Reason("LINT", f"lint fandt en fejl: {f.problem}", f"lint found an error: {f.problem}")
        for f in findings if f.level == "error"
    ]
    return [str(f) for f in findings], reasons


def run_scenarios(directory: Path, rule_set: RuleSet) -> ScenarioReport:
    """The scenarios of ``directory/tests`` run against the folder, and the rules none shows both ways."""
    key = hashlib.sha256(repr(sorted(folder_files(directory).items())).encode()).hexdigest()
    with _SCENARIOS_LOCK:
        if key in _SCENARIOS:
            return _SCENARIOS[key]
    scenarios = load_scenarios(directory / "tests")
    failed = [
        (outcome.scenario.file, outcome.scenario.name, tuple(outcome.problems))
        for outcome in scenario_outcomes(directory, scenarios, os.cpu_count() or 1, rule_set) if not outcome.passed
    ]
    report = ScenarioReport(len(scenarios) - len(failed), tuple(failed), coverage_gaps(scenarios, rule_set.rules))
    with _SCENARIOS_LOCK:
        _SCENARIOS[key] = report
    return report


def scenario_reasons(report: ScenarioReport) -> list[Reason]:
    reasons = [
        Reason("SCENARIO", f"scenariet fejler: {file}: {name} ({'; '.join(problems)})",
               f"the scenario fails: {file}: {name} ({'; '.join(problems)})")
        for file, name, problems in report.failed
    ]
    for rule, why in report.gaps.items():
        reasons.append(Reason("COVERAGE", f"reglen {rule} er {gap_text(why, 'da')} af et scenarie",
                              f"the rule {rule} is {gap_text(why, 'en')} by a scenario"))
    return reasons


def lost_rules(before: Iterable[str], after: Iterable[str], retire: Iterable[str] = ()) -> tuple[list[str], list[Reason]]:
    """Rule ids of ``before`` missing from ``after`` and not retired; and a reason per loss or stray ``retire``."""
    before, after, retire = set(before), set(after), set(retire)
    lost = sorted(before - after - retire)
    reasons = [
        Reason("LOST_RULE", f"reglen {rule} findes ikke længere; nævn den med --retire, hvis den skal udgå",
               f"the rule {rule} is gone; name it with --retire if it is meant to go")
        for rule in lost
    ]
    for rule in sorted(retire - (before - after)):
        where_da, where_en = ("findes stadig i de nye filer", "is still in the new files") if rule in after else (
            "findes ikke i regelsættet i kraft", "is not in the rule set in force")
        reasons.append(Reason("RETIRE", f"--retire {rule}: reglen {where_da}", f"--retire {rule}: the rule {where_en}"))
    return lost, reasons
