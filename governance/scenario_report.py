"""How ``boliv rules test`` tells its outcome: lines with a counter as it goes, JSON, or JUnit XML for CI systems.

The text is Danish by default and English with ``--lang en``; JSON and JUnit carry the
scenarios' own names and problems, which are written by the rule authors.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from xml.etree import ElementTree

from governance.scenarios import Outcome, gap_text

WORDS = {
    "da": {
        "ok": "ok  ", "fail": "FEJL", "coverage": "dækning",
    },
    "en": {
        "ok": "ok  ", "fail": "FAIL", "coverage": "coverage",
    },
}


@dataclass
class Summary:
    """What a run found: every outcome, and the rules not shown both ways (``None`` when a pattern chose a part)."""

    outcomes: list[Outcome] = field(default_factory=list)
    gaps: dict[str, list[str]] | None = None
    rules: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.passed]


def text_progress(outcomes: Iterable[Outcome], total: int, lang: str) -> list[Outcome]:
    """Print each outcome as it comes, with a counter; the outcomes."""
    words, seen, width = WORDS[lang], [], len(str(total))
    for number, outcome in enumerate(outcomes, 1):
        seen.append(outcome)
        mark = words["ok"] if outcome.passed else words["fail"]
        print(f"[{number:>{width}}/{total}] {mark}  {outcome.scenario.file}: {outcome.scenario.name}", flush=True)
        for problem in outcome.problems:
            print(f"{' ' * (width * 2 + 4)}{problem}")
    return seen


def text_summary(summary: Summary, lang: str) -> str:
    words, lines = WORDS[lang], []
    for rule, why in (summary.gaps or {}).items():
        lines.append(f"{words['coverage']}: {rule} {'er' if lang == 'da' else 'is'} {gap_text(why, lang)}")
    passed, failed = len(summary.outcomes) - len(summary.failed), len(summary.failed)
    seconds = f"{summary.seconds:.1f}".replace(".", "," if lang == "da" else ".")
    if lang == "da":
        line = f"{passed} {'scenarie' if passed == 1 else 'scenarier'} bestod, {failed} fejlede, på {seconds} s"
    else:
        line = f"{passed} passed, {failed} failed in {seconds} s"
    if summary.gaps is not None:
        covered, count = len(summary.rules) - len(summary.gaps), len(summary.rules)
        line += (
            f"; {covered} af {count} {'regel' if count == 1 else 'regler'} er vist både overholdt og brudt" if lang == "da"
            else f"; {covered} of {count} {'rule' if count == 1 else 'rules'} shown both holding and failing"
        )
    lines.append(line)
    return "\n".join(lines)


def as_json(summary: Summary) -> str:
    document = {
        "passed": len(summary.outcomes) - len(summary.failed),
        "failed": len(summary.failed),
        "seconds": round(summary.seconds, 3),
        "scenarios": [
            {"file": o.scenario.file, "name": o.scenario.name, "passed": o.passed, "problems": o.problems}
            for o in summary.outcomes
        ],
        "rules": len(summary.rules),
        "coverageGaps": summary.gaps,
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def as_junit(summary: Summary) -> str:
    """One ``testcase`` per scenario (classname: its file), and one per rule when coverage was measured."""
    suites = ElementTree.Element("testsuites", name="boliv rules test")
    scenarios = ElementTree.SubElement(
        suites, "testsuite", name="scenarios", tests=str(len(summary.outcomes)),
        failures=str(len(summary.failed)), errors="0", time=f"{summary.seconds:.3f}",
    )
    for outcome in summary.outcomes:
        case = ElementTree.SubElement(scenarios, "testcase", classname=outcome.scenario.file, name=outcome.scenario.name)
        if not outcome.passed:
            failure = ElementTree.SubElement(case, "failure", message=outcome.problems[0])
            failure.text = "\n".join(outcome.problems)
    if summary.gaps is not None:
        coverage = ElementTree.SubElement(
            suites, "testsuite", name="coverage", tests=str(len(summary.rules)), failures=str(len(summary.gaps)), errors="0",
        )
        for rule in summary.rules:
            case = ElementTree.SubElement(coverage, "testcase", classname="coverage", name=rule)
            if rule in summary.gaps:
                ElementTree.SubElement(case, "failure", message=f"{rule} is {' and '.join(summary.gaps[rule])}")
    ElementTree.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(suites, encoding="unicode")
