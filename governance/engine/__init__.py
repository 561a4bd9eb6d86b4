"""The rule engine: a register and a date in, rendered violations out; explanations when asked for."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from governance.engine.facts import register_facts
from governance.engine.messages import Violation, explained, render
from governance.engine.ruleset import RuleSet, load_rule_set
from governance.engine.solve import Finding, Question
from governance.errors import RuleSetError
from governance.register import Register

__all__ = ["Evaluation", "RuleSet", "RuleSetError", "Violation", "evaluate", "load_rule_set"]


class Evaluation:
    """One question about a register: its violations, and their explanations on the same grounding when asked."""

    def __init__(self, rule_set: RuleSet, register: Register, as_of: date, touched: Iterable[str], asked: date | None = None):
        """``asked``: the day the question is about, when ``as_of`` is a later day a check looks at (register_facts)."""
        self.rule_set, self.register = rule_set, register
        self.question = Question(rule_set, register_facts(register, as_of, touched, asked), {"report": 4, "param": 2})
        self.params = self.question.params()
        self.findings = {f.key: f for f in self.question.findings()}

    def violations(self, explain: bool = False) -> list[Violation]:
        """The reported violations, each with its explanations when ``explain``."""
        return [self._render(f, explain) for f in self.findings.values()]

    def explain(self, violations: Sequence[Violation]) -> list[Violation]:
        """These violations (found by this evaluation) with their explanations in every language."""
        return [self._explain(v) for v in violations]

    def _render(self, finding: Finding, explain: bool) -> Violation:
        support = self.question.support(finding) if explain else None
        return render(finding, self.rule_set, self.register, self.params, support)

    def _explain(self, violation: Violation) -> Violation:
        finding = self.findings[(violation.rule, violation.body, violation.args)]
        meta = self.rule_set.rules.get(finding.rule)
        support = self.question.support(finding)
        return explained(violation, finding, meta, self.rule_set, self.register, self.params, support)


def evaluate(
    rule_set: RuleSet, register: Register, as_of: date, touched: Iterable[str], asked: date | None = None,
    explain: bool = False,
) -> list[Violation]:
    """The violations the rules report for the touched bodies and those that read them; with ``explain``, explained."""
    return Evaluation(rule_set, register, as_of, touched, asked).violations(explain)
