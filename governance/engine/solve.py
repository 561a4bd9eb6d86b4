"""Run clingo: a checked rule set plus facts in, reported violations out."""

from __future__ import annotations

from dataclasses import dataclass

import clingo

from governance.engine.ruleset import RuleSet


class Word(str):
    """A rule constant such as ``daily_leader``: rendered through the vocabulary, not as a key."""


Value = str | int | Word | tuple


@dataclass(frozen=True)
class Finding:
    """One ``report(Rule, Body, Severity, Args)`` atom, copied out of the model."""

    rule: str
    body: str
    severity: str
    args: tuple[Value, ...]


def _value(symbol: clingo.Symbol) -> Value:
    if symbol.type is clingo.SymbolType.String:
        return symbol.string
    if symbol.type is clingo.SymbolType.Number:
        return symbol.number
    if symbol.name == "" or symbol.arguments:
        return tuple(_value(a) for a in symbol.arguments)
    return Word(symbol.name)


def solve(rule_set: RuleSet, facts: str) -> list[Finding]:
    """Ground the rules with the facts and return the reported violations, sorted."""
    control = clingo.Control(["--warn=none"])
    control.add("base", [], rule_set.program)
    control.add("base", [], facts)
    control.ground([("base", [])])
    findings: list[Finding] = []

    def collect(model: clingo.Model) -> None:
        findings.clear()
        for atom in model.symbols(atoms=True):
            if atom.name == "report" and len(atom.arguments) == 4:
                rule, body, severity, args = atom.arguments
                values = _value(args)
                findings.append(
                    Finding(str(_value(rule)), str(_value(body)), str(_value(severity)), values if isinstance(values, tuple) else (values,))
                )

    control.solve(on_model=collect)
    return sorted(findings, key=lambda f: (f.body, f.rule, repr(f.args)))
