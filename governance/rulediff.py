"""Which rule ids a rule set adds, changes and retires against the one before it."""

from __future__ import annotations

from dataclasses import dataclass, replace

from governance.engine.ruleset import RuleMeta, RuleSet


@dataclass(frozen=True)
class RuleChanges:
    added: tuple[str, ...]
    changed: tuple[str, ...]
    retired: tuple[str, ...]


def _statements(rule_set: RuleSet) -> dict[str, set[str]]:
    """Per rule id, the statements that name it (its violation and because rules)."""
    named: dict[str, set[str]] = {rule: set() for rule in rule_set.rules}
    for statement in rule_set.statements:
        text = str(statement)
        for rule in named:
            if f'"{rule}"' in text:
                named[rule].add(text)
    return named


def _what(meta: RuleMeta) -> RuleMeta:
    return replace(meta, file="", line=0)  # moving a rule within its file changes nothing


def rule_changes(before: RuleSet | None, after: RuleSet) -> RuleChanges:
    """A rule is changed when its metadata (messages, severity, source, reading) or its statements differ."""
    if before is None:
        return RuleChanges(tuple(sorted(after.rules)), (), ())
    old, new = _statements(before), _statements(after)
    both = sorted(set(before.rules) & set(after.rules))
    return RuleChanges(
        tuple(sorted(set(after.rules) - set(before.rules))),
        tuple(r for r in both if _what(before.rules[r]) != _what(after.rules[r]) or old[r] != new[r]),
        tuple(sorted(set(before.rules) - set(after.rules))),
    )
