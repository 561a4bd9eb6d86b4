"""``boliv rules impact``: what a proposed rule set would change in the live register."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from governance.audit import recorded
from governance.engine import RuleSet, Violation
from governance.services import Governance, evaluate_register


@dataclass(frozen=True)
class BodyImpact:
    body: str
    appear: tuple[Violation, ...]
    disappear: tuple[Violation, ...]
    valid_before: bool
    valid_after: bool


def impact(governance: Governance, proposed: RuleSet, as_of: date, current: RuleSet | None = None) -> list[BodyImpact]:
    """Every body whose violations differ between the rule set in force on the day (or ``current``) and the proposed one."""
    current = current or governance.rule_set_on(as_of)
    changes = []
    for register in governance.platform_registers():
        before = evaluate_register(current, register, as_of)
        after = evaluate_register(proposed, register, as_of)
        for body in sorted({v.body for v in before} | {v.body for v in after}):
            # messages may be reworded: a violation is the same when its identity (rule, body, severity, values) is
            old = {v.identity: v for v in before if v.body == body}
            new = {v.identity: v for v in after if v.body == body}
            if old.keys() == new.keys():
                continue
            changes.append(
                BodyImpact(
                    body,
                    tuple(v for k, v in new.items() if k not in old),
                    tuple(v for k, v in old.items() if k not in new),
                    not any(v.severity.blocks for v in old.values()),
                    not any(v.severity.blocks for v in new.values()),
                )
            )
    return changes


def impact_report(changes: list[BodyImpact]) -> list[dict[str, Any]]:
    """The impact as stored with a publication: per body, the verdicts and the violations that appear and go."""

    def described(violations: tuple[Violation, ...]) -> list[dict[str, Any]]:
        return [
            {**recorded(v), "message": {"da": v.message("da"), "en": v.message("en")}}
            for v in violations
        ]

    return [
        {"body": c.body, "validBefore": c.valid_before, "validAfter": c.valid_after,
         "appear": described(c.appear), "disappear": described(c.disappear)}
        for c in changes
    ]
