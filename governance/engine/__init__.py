"""The rule engine: a register and a date in, rendered violations out."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from governance.engine.facts import register_facts
from governance.engine.messages import Violation, render
from governance.engine.ruleset import RuleSet, load_rule_set
from governance.errors import RuleSetError
from governance.engine.solve import Supports, solve
from governance.register import Register

__all__ = ["RuleSet", "RuleSetError", "Violation", "evaluate", "load_rule_set"]


def evaluate(
    rule_set: RuleSet, register: Register, as_of: date, touched: Iterable[str], asked: date | None = None
) -> list[Violation]:
    """The violations the rules report for the touched bodies and those that read them (``asked``: register_facts)."""
    facts = register_facts(register, as_of, touched, asked)
    solution = solve(rule_set, facts)
    supports = Supports(rule_set, facts)
    return [render(finding, rule_set, register, solution.params, supports) for finding in solution.findings]
