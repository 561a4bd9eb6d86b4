"""The dependency slice of a rule set: the statements a question can reach.

Grounding costs about 30 µs for every statement clingo is given, whether or not it ever
fires, so a question grounds only the statements that can matter to what it reads:

1. **What it reads.** The closure of the predicates a question shows (``report/4`` and
   ``param/2`` for verdicts) over the rules that define them: a rule is kept when its
   head defines a predicate some kept rule (or the question) uses, positively,
   negatively or inside an aggregate.
2. **What its facts can reach.** A rule with a plain positive literal over a predicate
   nothing can hold (a supplied predicate without facts in this question, such as
   ``case/3`` on a platform without cases, or a derived one whose every rule was dropped)
   can never fire, so it is dropped, until nothing more drops.
3. **The kinds of body it reaches.** A violation counts only for a body the question
   reaches (``affected/1``), and most violation rules can only be about some kinds of
   body (``kinds.py``). A question is grounded in two steps on one control: first the
   rules ``affected/1`` rests on (``reach``), which name the kinds of the bodies reached,
   then, as the part ``verdicts``, the rest without the violation rules about other
   kinds. A check of a theme group's appointment grounds no rule of the policy group,
   the secretariat or Løget.

All three are sound: the dropped rules derive nothing the question reads, so the slice
has exactly the verdicts of the whole program (``tests/test_slice.py`` checks it on random
registers and changes). Slices are computed once per rule-set version, set of present
predicates and kinds reached (memoised), from statements parsed once.

The ``explain`` part is sliced the same way, over the ``base`` rules its because/5 rules
read that the verdicts did not need: those are added with it, on the same control.

A question is given only the facts of predicates its two slices name (``reads``): an
audit reads no ``person/2`` or ``org_name/2``, a quarter of the national facts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import clingo.ast as ast

from governance.engine import kinds
from governance.engine.kinds import AFFECTED, BECAUSE, BODY, VIOLATION, Signature, predicates

Goals = frozenset[Signature]
Present = frozenset[Signature]
K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


@dataclass(frozen=True)
class _Rule:
    statement: ast.AST
    heads: frozenset[Signature]
    uses: frozenset[Signature]  # every predicate of the body
    requires: frozenset[Signature]  # the predicates of its plain positive literals


def _required(body: Sequence[ast.AST]) -> frozenset[Signature]:
    required = set()
    for literal in body:
        if literal.ast_type != ast.ASTType.Literal or literal.sign != ast.Sign.NoSign:
            continue
        symbol = getattr(literal.atom, "symbol", None)
        if symbol is not None and symbol.ast_type == ast.ASTType.Function:
            required.add((symbol.name, len(symbol.arguments)))
    return frozenset(required)


def _rule(statement: ast.AST) -> _Rule | None:
    """A rule with a head, as the slice sees it; ``None`` for what every slice keeps."""
    if statement.ast_type != ast.ASTType.Rule:
        return None
    heads: set[Signature] = set()
    uses: set[Signature] = set()
    predicates(statement.head, heads)
    predicates(statement.body, uses)
    if not heads:  # an integrity constraint: it can make a question unsatisfiable, so it always stays
        return None
    return _Rule(statement, frozenset(heads), frozenset(uses), _required(statement.body))


class Part:
    """One program part, split into the statements every slice keeps and the rules a slice may drop."""

    def __init__(self, statements: Iterable[ast.AST]):
        self.opening: list[ast.AST] = []  # its #program line
        self.kept: list[ast.AST] = []  # directives (#show, #defined, #const) and integrity constraints
        self.rules: list[_Rule] = []
        for statement in statements:
            if statement.ast_type == ast.ASTType.Program:
                self.opening.append(statement)
                continue
            if statement.ast_type == ast.ASTType.Comment:
                continue
            rule = _rule(statement)
            if rule is None:
                self.kept.append(statement)
            else:
                self.rules.append(rule)


def _closure(rules: Sequence[_Rule], goals: Iterable[Signature], present: Present) -> list[_Rule]:
    """The rules that can derive what ``goals`` read, given the predicates ``present`` as facts."""
    alive = list(rules)
    while True:  # drop what can never fire, until nothing more drops
        holdable = set(present).union(*(rule.heads for rule in alive))
        remaining = [rule for rule in alive if rule.requires <= holdable]
        if len(remaining) == len(alive):
            break
        alive = remaining
    defining: dict[Signature, list[int]] = {}
    for index, rule in enumerate(alive):
        for head in rule.heads:
            defining.setdefault(head, []).append(index)
    wanted, todo, picked = set(goals), list(goals), set()
    while todo:
        for index in defining.get(todo.pop(), ()):
            if index not in picked:
                picked.add(index)
                for used in alive[index].uses - wanted:
                    wanted.add(used)
                    todo.append(used)
    return [alive[index] for index in sorted(picked)]


@dataclass(frozen=True)
class SliceKey:
    """What one question reads (``goals``), the predicates its facts hold (``present``), and, once known, the kinds
    of the bodies it reaches (``kinds``, from the first step of a question cut by kinds): the key of its slice."""

    goals: Goals
    present: Present
    kinds: frozenset[str] | None = None


def _statement(text: str) -> ast.AST:
    statements: list[ast.AST] = []
    ast.parse_string(text, statements.append)
    return statements[-1]


VERDICTS = "verdicts"  # the program part of a cut question's second step
REACHED_KIND: Signature = ("__reached_kind", 1)
_REACHED_KIND = _statement(f"{REACHED_KIND[0]}(K) :- {AFFECTED[0]}(B), {BODY[0]}(B, K, _).")
_VERDICTS_OPENING = _statement(f"#program {VERDICTS}.")


class Slicer:
    """The slices of one rule set's ``base`` (verdicts) and ``explain`` parts, each computed once."""

    def __init__(self, base: Iterable[ast.AST], explain: Iterable[ast.AST]):
        self._base = Part(base)
        self._explain = Part(explain)
        statements = [rule.statement for rule in self._base.rules]
        explanations = [*self._explain.kept, *(rule.statement for rule in self._explain.rules)]
        guards, self.obstacle = kinds.guards(statements, self._base.kept, explanations)  # obstacle: why nothing is cut
        self._guards = None if guards is None else {id(self._base.rules[index]): found for index, found in guards.items()}
        self._distinct_guards = frozenset(() if guards is None else guards.values())
        self._reported = {id(rule): kinds.reported_rule(rule.statement) for rule in self._base.rules if VIOLATION in rule.heads}
        self._read_rules = {id(rule): kinds.read_rules(rule.statement) for rule in self._explain.rules}
        self._lock = threading.Lock()
        self._found: dict[tuple[str, SliceKey], tuple[ast.AST, ...]] = {}
        self._reads: dict[SliceKey, frozenset[Signature]] = {}

    def reach(self, key: SliceKey) -> tuple[ast.AST, ...]:
        """The first step of a question cut by kinds: the rules ``affected/1`` rests on, and one that names the
        kinds of the bodies it reaches (``REACHED_KIND``); empty when the question cannot be cut."""
        return self._kept(self._found, ("reach", key), lambda: self._reach(key))

    def cuts(self, touched: frozenset[str]) -> bool:
        """Whether a question about bodies of these kinds, and perhaps of more, may leave some violation rule out.

        When not (an audit touches every body), the first step would only cost: on the
        national audit, grounding in two steps costs about a tenth more than in one.
        """
        return self._guards is not None and any(guard.isdisjoint(touched) for guard in self._distinct_guards)

    def base(self, key: SliceKey) -> tuple[ast.AST, ...]:
        """The ``base`` statements a question grounds (with ``key.kinds``: its second step, part ``VERDICTS``)."""
        return self._kept(self._found, ("base", key), lambda: self._slice("base", key))

    def explain(self, key: SliceKey) -> tuple[ast.AST, ...]:
        """The ``explain`` statements for the same question, with the ``base`` rules they read that ``base`` left out."""
        return self._kept(self._found, ("explain", key), lambda: self._slice("explain", key))

    def reads(self, key: SliceKey) -> frozenset[Signature]:
        """Every predicate the question's slices name: facts of any other predicate would only be grounded."""
        return self._kept(self._reads, key, lambda: self._named(key))

    def _kept(self, table: dict[K, T], key: K, compute: Callable[[], T]) -> T:
        """``compute()``, once per key of ``table``; two threads may both compute it, and either answer is the same."""
        with self._lock:
            found = table.get(key)
        if found is None:
            found = compute()
            with self._lock:
                table[key] = found
        return found

    def _named(self, key: SliceKey) -> frozenset[Signature]:
        named: set[Signature] = set()
        predicates([*self.reach(key), *self.base(key), *self.explain(key)], named)
        return frozenset(named)

    def _reached(self, present: Present) -> list[_Rule]:
        """The rules ``affected/1`` rests on: a cut question's first step."""
        return _closure(self._base.rules, [AFFECTED], present)

    def _reach(self, key: SliceKey) -> tuple[ast.AST, ...]:
        if self._guards is None or VIOLATION in key.goals:  # a question that reads violations reads them all
            return ()
        first = self._reached(key.present)
        if not first or VIOLATION in _heads(first).union(*(rule.uses for rule in first)):
            return ()
        if any(len(rule.heads) > 1 for rule in first):  # a head of several predicates: another rule may define one
            return ()
        return (*self._base.opening, *(rule.statement for rule in first), _REACHED_KIND)

    def _cut(self, key: SliceKey) -> list[_Rule]:
        """The base rules left once the violation rules about kinds of body the question does not reach are cut."""
        if key.kinds is None or self._guards is None:
            return self._base.rules
        guards, reached = self._guards, key.kinds
        return [rule for rule in self._base.rules if (guard := guards.get(id(rule))) is None or guard & reached]

    def _explanations(self, cut: list[_Rule]) -> list[_Rule]:
        """The because/5 rules that can fire over these base rules: none that read the violations of a rule id
        whose every violation rule was cut (only rules that name their id can be told apart)."""
        if len(cut) == len(self._base.rules):
            return self._explain.rules
        ids = [self._reported[id(rule)] for rule in cut if id(rule) in self._reported]
        if None in ids:
            return self._explain.rules
        left = frozenset(ids)
        return [rule for rule in self._explain.rules if self._read_rules[id(rule)] <= left]

    def _verdicts(self, key: SliceKey, cut: list[_Rule]) -> tuple[list[_Rule], list[_Rule]]:
        """The rules of a question's verdicts: those of its first step (none unless cut by kinds), those of the rest."""
        if key.kinds is None:
            return [], _closure(cut, key.goals, key.present)
        first = self._reached(key.present)
        grounded = {id(rule) for rule in first}
        return first, [rule for rule in _closure(cut, key.goals, key.present) if id(rule) not in grounded]

    def _slice(self, part: str, key: SliceKey) -> tuple[ast.AST, ...]:
        cut = self._cut(key)
        first, rest = self._verdicts(key, cut)
        if part == "base":
            opening = self._base.opening if key.kinds is None else [_VERDICTS_OPENING]
            return (*opening, *self._base.kept, *(rule.statement for rule in rest))
        verdicts = [*first, *rest]
        grounded = {id(rule) for rule in verdicts}
        # The because/5 rules may read any base rule: slice the two together, from because/5.
        together = _closure([*cut, *self._explanations(cut)], [BECAUSE], key.present | _heads(verdicts))
        added = [rule.statement for rule in together if id(rule) not in grounded]
        return (*self._explain.opening, *self._explain.kept, *added)


def _heads(rules: Iterable[_Rule]) -> frozenset[Signature]:
    return frozenset(head for rule in rules for head in rule.heads)
