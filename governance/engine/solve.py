"""Run clingo: a checked rule set plus facts in, reported violations out."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import clingo

from governance import deadline
from governance.engine.ruleset import RuleSet


class Word(str):
    """A rule constant such as ``daily_leader``: rendered through the vocabulary, not as a key."""


Value = str | int | Word | tuple


@dataclass(frozen=True)
class Finding:
    """One ``report(Rule, Body, Severity, Args)`` atom, with the ``because/5`` facts it rests on."""

    rule: str
    body: str
    severity: str
    args: tuple[Value, ...]
    support: tuple[tuple[Value, Value], ...] = ()


@dataclass(frozen=True)
class Solution:
    findings: list[Finding]
    params: dict[str, Value]


def symbol_value(symbol: clingo.Symbol) -> Value:
    """A symbol as Python: strings, numbers, words; a tuple as a tuple; ``f(X)`` as ``(Word("f"), X)``."""
    if symbol.type is clingo.SymbolType.String:
        return symbol.string
    if symbol.type is clingo.SymbolType.Number:
        return symbol.number
    if symbol.name == "":
        return tuple(symbol_value(a) for a in symbol.arguments)
    if symbol.arguments:
        return (Word(symbol.name), *(symbol_value(a) for a in symbol.arguments))
    return Word(symbol.name)


def solve_atoms(
    rule_set: RuleSet, facts: str, predicates: dict[str, int], explain: bool = False
) -> dict[str, list[tuple[Value, ...]]]:
    """Ground the rules with the facts; the atoms of the named predicates (name -> arity), as values.

    ``explain`` adds the because/5 rules, which only explanations read.
    """
    control = clingo.Control(["--warn=none"])
    rule_set.add_to(control, explain)
    control.add("base", [], facts)
    # Show only what is asked for: copying every atom out of the model costs more than solving.
    control.add("base", [], "".join(f"#show {name}/{arity}." for name, arity in predicates.items()))
    deadline.ground(control, [("base", [])])
    atoms: dict[str, list[tuple[Value, ...]]] = {name: [] for name in predicates}

    def collect(model: clingo.Model) -> None:
        for found in atoms.values():
            found.clear()
        for atom in model.symbols(shown=True):
            if predicates.get(atom.name) == len(atom.arguments):
                atoms[atom.name].append(tuple(symbol_value(a) for a in atom.arguments))

    deadline.solve(control, collect)
    return atoms


def solve(rule_set: RuleSet, facts: str) -> Solution:
    """The reported violations, sorted, and the parameters in force; what each rests on comes from ``Supports``."""
    atoms = solve_atoms(rule_set, facts, {"report": 4, "param": 2})
    findings = [Finding(str(rule), str(body), str(severity), _arguments(args)) for rule, body, severity, args in atoms["report"]]
    params = {str(name): value for name, value in atoms["param"]}
    return Solution(sorted(findings, key=lambda f: (f.body, f.rule, repr(f.args))), params)


def _arguments(args: Value) -> tuple[Value, ...]:
    return args if isinstance(args, tuple) else (args,)


class Supports:
    """What each finding of one question rests on (its because/5 facts), derived once, when first asked.

    Most answers are never explained, so the rules that word explanations are grounded
    only for the questions someone asks to have explained.
    """

    def __init__(self, rule_set: RuleSet, facts: str):
        self._rule_set = rule_set
        self._facts: str | None = facts
        self._found: dict[tuple[str, str, tuple[Value, ...]], tuple[tuple[Value, Value], ...]] = {}
        self._lock = threading.Lock()

    def __call__(self, finding: Finding) -> tuple[tuple[Value, Value], ...]:
        with self._lock:
            if self._facts is not None:
                support: dict[tuple[str, str, tuple[Value, ...]], set[tuple[Value, Value]]] = {}
                for rule, body, args, label, fact in solve_atoms(self._rule_set, self._facts, {"because": 5}, explain=True)["because"]:
                    support.setdefault((str(rule), str(body), _arguments(args)), set()).add((label, fact))
                self._found = {key: tuple(sorted(pairs, key=repr)) for key, pairs in support.items()}
                self._facts = None  # the question's facts are not kept once answered
        return self._found.get((finding.rule, finding.body, finding.args), ())
