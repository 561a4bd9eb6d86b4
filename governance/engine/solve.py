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


def solve_atoms(rule_set: RuleSet, facts: str, predicates: dict[str, int]) -> dict[str, list[tuple[Value, ...]]]:
    """Ground the rules with the facts; the atoms of the named predicates (name -> arity), as values."""
    control = clingo.Control(["--warn=none"])
    control.add("base", [], rule_set.program)
    control.add("base", [], facts)
    control.ground([("base", [])])
    atoms: dict[str, list[tuple[Value, ...]]] = {name: [] for name in predicates}

    def collect(model: clingo.Model) -> None:
        for found in atoms.values():
            found.clear()
        for atom in model.symbols(atoms=True):
            if predicates.get(atom.name) == len(atom.arguments):
                atoms[atom.name].append(tuple(_value(a) for a in atom.arguments))

    control.solve(on_model=collect)
    return atoms


def solve(rule_set: RuleSet, facts: str) -> list[Finding]:
    """The reported violations, sorted."""
    findings = [
        Finding(str(rule), str(body), str(severity), args if isinstance(args, tuple) else (args,))
        for rule, body, severity, args in solve_atoms(rule_set, facts, {"report": 4})["report"]
    ]
    return sorted(findings, key=lambda f: (f.body, f.rule, repr(f.args)))
