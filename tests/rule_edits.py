"""Edits of a copy of the rule folder that the tests of drafts and publications share.

The scenario gate keeps its outcome per folder content for the test process, so tests
that make the same edit run the scenarios once.
"""

from __future__ import annotations

from pathlib import Path

import yaml

OLD_FKU_EN = "%% en: {body:def} has {seats} {seats|seat|seats}; at most {cap} plus the leader of the joint secretariat are allowed."
NEW_FKU_EN = "%% en: {body:def} has {seats} {seats|seat|seats}; no more than {cap} plus the joint secretariat's leader are allowed."
NEW_FKU_WORDS = "no more than 8 plus the joint secretariat's leader"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def reword_fku_cap(rules: Path) -> None:
    """A good change: fku.cap's English message says the same in other words."""
    edit(rules / "fku.lp", OLD_FKU_EN, NEW_FKU_EN)


def raise_fku_cap(rules: Path) -> None:
    """A change the scenarios refuse: a ninth FKU seat becomes allowed."""
    edit(rules / "params.lp", "param(fku_cap, 8)", "param(fku_cap, 9)")


def drop_rule(rules: Path, rule_id: str = "fku.chair") -> None:
    """Remove a rule's block (its metadata and statements, up to the blank line after them): a rule id is lost."""
    path = next(p for p in rules.glob("*.lp") if f"%% rule: {rule_id}\n" in p.read_text(encoding="utf-8"))
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index(f"%% rule: {rule_id}\n")
    end = lines.index("\n", start)
    assert not any(f'"{rule_id}"' in line for line in lines[end:]), "the rule's statements go on after its block"
    path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")


def retire_scenarios(rules: Path, rule_id: str = "fku.chair") -> None:
    """Take the rule out of every scenario's expect and expect_not (a scenario left expecting nothing goes)."""
    for path in sorted((rules / "tests").glob("*.yaml")):
        scenarios = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if not any(rule_id in (s.get("expect") or []) + (s.get("expect_not") or []) for s in scenarios):
            continue
        kept = []
        for scenario in scenarios:
            for key in ("expect", "expect_not"):
                if scenario.get(key):
                    scenario[key] = [r for r in scenario[key] if r != rule_id]
            if scenario.get("expect") or scenario.get("expect_not"):
                kept.append(scenario)
        path.write_text(yaml.safe_dump(kept, allow_unicode=True, sort_keys=False), encoding="utf-8")
