"""Run clingo: a checked rule set plus facts in, the atoms asked for out.

One ``Question`` is one control: the verdicts (the ``base`` part) are grounded and solved
first; when an explanation is asked for, the ``explain`` part (the because/5 rules) is
added and grounded on the same control, over the atoms the verdicts already derived, and
solved again (clingo's multi-shot solving).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import clingo

from governance import deadline
from governance.engine.facts import Facts, give
from governance.engine.ruleset import RuleSet
from governance.engine.slice import REACHED_KIND, VERDICTS, SliceKey
from governance.engine.vocabulary import PREDICATES, Value, Word, value

__all__ = ["Finding", "Question", "Support", "Value", "Word", "solve_atoms"]

Support = tuple[tuple[Value, Value], ...]  # (label, fact) pairs a finding rests on
Atoms = dict[str, list[Any]]  # predicate name -> its atoms as rows (vocabulary.Predicate.row) or tuples


@dataclass(frozen=True)
class Finding:
    """One ``report(Rule, Body, Severity, Args)`` atom, with the ``because/5`` facts it rests on."""

    rule: str
    body: str
    severity: str
    args: tuple[Value, ...]
    support: Support = ()

    @property
    def key(self) -> tuple[str, str, tuple[Value, ...]]:
        return (self.rule, self.body, self.args)


def arguments(args: Value) -> tuple[Value, ...]:
    """A finding's arguments as a tuple: one argument is a tuple of one."""
    return args if isinstance(args, tuple) else (args,)


class Question:
    """One question to the rules: a control with the rules' base part and the facts, grounded once."""

    def __init__(
        self, rule_set: RuleSet, facts: Facts, shown: Mapping[str, int], program: str = "", whole: bool = False,
    ):
        """``shown``: the predicates to read (name -> arity); ``program``: text a caller adds to the base part.

        The question grounds its dependency slice (``slice.py``); ``whole`` (or a program of the
        caller's own, which reads what the slice cannot know) grounds every statement instead.
        """
        self._rule_set = rule_set
        self._control = clingo.Control(["--warn=none"])
        key = None if program or whole else SliceKey(frozenset(shown.items()), facts.present)
        # Show only what is asked for: copying every atom out of the model costs more than solving.
        shows = program + "".join(f"#show {name}/{arity}." for name, arity in shown.items())
        if key is not None and rule_set.slicer.cuts(facts.touched_kinds) and rule_set.slicer.reach(key):
            # first what it reaches, then the verdicts about that
            key = self._reach(key, facts)
            rule_set.add_to(self._control, "base", key)
            self._control.add(VERDICTS, [], shows)
            deadline.ground(self._control, [(VERDICTS, [])])
        else:
            rule_set.add_to(self._control, "base", key)
            context = give(self._control, facts, None if key is None else rule_set.reads(key))
            self._control.add("base", [], shows)
            deadline.ground(self._control, [("base", [])], context)
        self.slice_key = key  # what its slice was cut by (None: the whole program)
        self.atoms = self._solve(dict(shown))
        self._explained: dict[tuple[str, str, tuple[Value, ...]], Support] | None = None

    def _reach(self, key: SliceKey, facts: Facts) -> SliceKey:
        """Ground the first step of a question cut by kinds (``slice.py``); its key with the kinds of body reached."""
        self._rule_set.add_to(self._control, "reach", key)
        context = give(self._control, facts, self._rule_set.reads(key))
        deadline.ground(self._control, [("base", [])], context)
        reached = self._control.symbolic_atoms.by_signature(*REACHED_KIND)
        return replace(key, kinds=frozenset(str(atom.symbol.arguments[0]) for atom in reached))

    def _solve(self, shown: dict[str, int]) -> Atoms:
        atoms: Atoms = {name: [] for name in shown}

        def collect(model: clingo.Model) -> None:
            for found in atoms.values():
                found.clear()
            for atom in model.symbols(shown=True):
                if shown.get(atom.name) != len(atom.arguments):
                    continue
                predicate = PREDICATES.get(atom.name)
                if predicate is not None and len(predicate.fields) == len(atom.arguments):
                    atoms[atom.name].append(predicate.row(atom))
                else:  # a predicate a caller reads that the vocabulary does not declare (repairs, verification)
                    atoms[atom.name].append(tuple(value(a) for a in atom.arguments))

        deadline.solve(self._control, collect)
        return atoms

    def findings(self) -> list[Finding]:
        """The reported violations (``report/4`` must be shown), sorted by body, rule and arguments."""
        found = [Finding(str(r.Rule), str(r.Body), str(r.Severity), arguments(r.Args)) for r in self.atoms["report"]]
        return sorted(found, key=lambda f: (f.body, f.rule, repr(f.args)))

    def params(self) -> dict[str, Value]:
        """The parameters in force (``param/2`` must be shown)."""
        return {str(row.Name): row.Value for row in self.atoms["param"]}

    def support(self, finding: Finding) -> Support:
        """What a finding rests on: the ``explain`` part is grounded on this control the first time it is asked."""
        if self._explained is None:
            self._rule_set.add_to(self._control, "explain", self.slice_key)
            self._control.add("explain", [], "#show because/5.")
            deadline.ground(self._control, [("explain", [])])
            pairs: dict[tuple[str, str, tuple[Value, ...]], set[tuple[Value, Value]]] = {}
            for row in self._solve({"because": 5})["because"]:
                pairs.setdefault((str(row.Rule), str(row.Body), arguments(row.Args)), set()).add((row.Label, row.Fact))
            self._explained = {key: tuple(sorted(found, key=repr)) for key, found in pairs.items()}
        return self._explained.get(finding.key, ())


def solve_atoms(rule_set: RuleSet, facts: Facts, predicates: Mapping[str, int]) -> Atoms:
    """Ground the rules' base part with the facts; the atoms of the named predicates (name -> arity), as rows."""
    return Question(rule_set, facts, predicates).atoms
