"""The kinds of body each violation rule can report on: the second cut of a check's slice.

A verdict is ``report(Rule, B, S, Args) :- violation(Rule, B, S, Args), affected(B).``
(``rules/core.lp``): a violation counts only for a body the question reaches. Most
violation rules can only be about bodies of some kinds, which their bodies say, directly
(``body(F, forum, _)``) or through a derived predicate (``adhoc(B)``, itself defined from
``body(B, adhoc_group, _)``). A question that reaches no forum need not ground the FKU's
rules, nor whatever only they read.

``guards`` infers, for each argument of each derived predicate, the kinds of body a value
there can have (a least fixpoint over the rules: a rule's head argument gets the
intersection of what its positive body literals allow for that variable, a predicate the
union over its rules; ``None`` means any value). The inference is sound only for a program
shaped as above, which ``guards`` checks and otherwise declines:

- ``body/3`` is only ever given, never derived;
- ``violation/4`` is read only by rules that join it with ``affected(B)`` on its body
  argument (the verdicts) or that explain a violation about that same body (``because/5``),
  and by no integrity constraint.

A question then grounds in two steps on one control (``solve.Question``): first the rules
``affected/1`` rests on, which tell it the kinds of the bodies it reaches, then the verdicts
without the violation rules about other kinds (``slice.Slicer``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import clingo
import clingo.ast as ast

Signature = tuple[str, int]
Kinds = frozenset[str] | None  # the kinds of body a value can have; None: any value, a body or not

BODY: Signature = ("body", 3)  # body(Key, Kind, Status)
VIOLATION: Signature = ("violation", 4)  # violation(Rule, Body, Severity, Args)
AFFECTED: Signature = ("affected", 1)
BECAUSE: Signature = ("because", 5)  # because(Rule, Body, Args, Label, Fact)
Atom = tuple[Signature, Sequence[ast.AST]]


def _atom(literal: ast.AST) -> Atom | None:
    """A plain positive literal's predicate and arguments (not negated, not an aggregate or a comparison)."""
    if literal.ast_type != ast.ASTType.Literal or literal.sign != ast.Sign.NoSign:
        return None
    if literal.atom.ast_type != ast.ASTType.SymbolicAtom:
        return None
    symbol = literal.atom.symbol
    if symbol.ast_type != ast.ASTType.Function or symbol.external:
        return None
    return (symbol.name, len(symbol.arguments)), symbol.arguments


def _variable(term: ast.AST) -> str | None:
    """A named variable (each ``_`` is a variable of its own, so it names nothing)."""
    if term.ast_type == ast.ASTType.Variable and term.name != "_":
        return str(term.name)
    return None


def _constant(term: ast.AST) -> str | None:
    """A constant term as its symbol prints (``forum``, ``"technical"``), as a fact's kind prints too."""
    if term.ast_type == ast.ASTType.SymbolicTerm:
        return str(term.symbol)
    if term.ast_type == ast.ASTType.Function and not term.arguments and not term.external:
        return str(clingo.Function(term.name))
    return None


def predicates(node: object, found: set[Signature]) -> None:
    """Add the predicate of every symbolic atom below ``node`` (a statement, a part of one, or a list of them)."""
    if isinstance(node, ast.AST):
        if node.ast_type == ast.ASTType.SymbolicAtom:
            symbol = node.symbol
            if symbol.ast_type == ast.ASTType.Function:
                found.add((symbol.name, len(symbol.arguments)))
            return
        for key in node.child_keys:
            predicates(getattr(node, key), found)
    elif isinstance(node, list | tuple | ast.ASTSequence):
        for item in node:
            predicates(item, found)


def _uses(node: object, signature: Signature) -> bool:
    """Whether any atom below ``node`` is over ``signature``."""
    found: set[Signature] = set()
    predicates(node, found)
    return signature in found


class _Inference:
    """The least fixpoint of the kinds each derived predicate's arguments can hold."""

    def __init__(self, rules: Sequence[ast.AST]):
        self.derived: set[Signature] = set()
        self.unknown: set[Signature] = set()  # derived through a head this inference does not read (a choice, say)
        for rule in rules:
            head = _atom(rule.head)
            if head is None:
                found: set[Signature] = set()
                predicates(rule.head, found)
                self.unknown |= found
                self.derived |= found
            else:
                self.derived.add(head[0])
        self.held: dict[tuple[Signature, int], Kinds] = {}
        changed = True
        while changed:
            changed = False
            for rule in rules:
                head = _atom(rule.head)
                if head is None:
                    continue
                signature, arguments = head
                for position, term in enumerate(arguments):
                    name = _variable(term)
                    allowed = self.of(name, rule.body) if name else None
                    old = self.held.get((signature, position), frozenset())
                    new = None if old is None or allowed is None else old | allowed
                    if new != old:
                        self.held[(signature, position)] = new
                        changed = True

    def of(self, variable: str, body: Iterable[ast.AST]) -> Kinds:
        """What a rule's body lets ``variable`` be: every plain positive literal that holds it narrows it."""
        allowed: Kinds = None
        for literal in body:
            atom = _atom(literal)
            if atom is None:
                continue
            signature, arguments = atom
            for position, term in enumerate(arguments):
                if _variable(term) != variable:
                    continue
                narrowed = self._at(signature, position, arguments)
                if narrowed is not None:
                    allowed = narrowed if allowed is None else allowed & narrowed
        return allowed

    def _at(self, signature: Signature, position: int, arguments: Sequence[ast.AST]) -> Kinds:
        if signature == BODY and position == 0:
            kind = _constant(arguments[1])
            return None if kind is None else frozenset({kind})
        if signature in self.unknown or signature not in self.derived:
            return None  # a given predicate other than body/3 holds any value
        return self.held.get((signature, position), frozenset())


def _reads_only_reached(rule: ast.AST) -> bool:
    """Whether a rule reads violation/4 only in plain literals about a body it reaches or explains.

    That is: joined with ``affected(B)`` on their body argument (a verdict), or about the
    body of the ``because/5`` atom the rule derives (an explanation of that violation).
    """
    head = _atom(rule.head)
    explained = _variable(head[1][1]) if head is not None and head[0] == BECAUSE else None
    reached: set[str] = {explained} if explained else set()
    bodies: list[str | None] = []
    for literal in rule.body:
        atom = _atom(literal)
        if atom is None:
            if _uses(literal, VIOLATION):  # negated, or inside an aggregate or a condition
                return False
            continue
        signature, arguments = atom
        if signature == AFFECTED and (name := _variable(arguments[0])):
            reached.add(name)
        elif signature == VIOLATION:
            bodies.append(_variable(arguments[1]))
    return all(name is not None and name in reached for name in bodies)


def reported_rule(rule: ast.AST) -> str | None:
    """The rule id a violation rule derives, when its head names it as a constant (``"fku.cap"``); else None."""
    head = _atom(rule.head)
    return _constant(head[1][0]) if head is not None and head[0] == VIOLATION else None


def read_rules(rule: ast.AST) -> frozenset[str]:
    """The rule ids a rule's plain positive violation/4 literals name as constants: without them it cannot fire."""
    atoms = (atom for atom in map(_atom, rule.body) if atom is not None and atom[0] == VIOLATION)
    return frozenset(name for _, arguments in atoms if (name := _constant(arguments[0])) is not None)


Obstacle = tuple[ast.AST, str]  # the statement that keeps the kinds from being trusted, and why


def guards(
    rules: Sequence[ast.AST], constraints: Iterable[ast.AST], explanations: Iterable[ast.AST]
) -> tuple[dict[int, frozenset[str]] | None, Obstacle | None]:
    """For each violation rule (its index in ``rules``) that can only be about some kinds of body, those kinds;
    or None, with the first statement that keeps them from being trusted and why.

    ``rules``: the verdicts' rules with heads; ``constraints``: the statements every slice
    keeps; ``explanations``: the ``explain`` part (the module's docstring says the shape).
    """
    inference, obstacle = _check(rules, constraints, explanations)
    if obstacle is not None:
        return None, obstacle
    kinds: dict[int, frozenset[str]] = {}
    for index, rule in enumerate(rules):
        head = _atom(rule.head)
        if head is None or head[0] != VIOLATION:
            continue
        name = _variable(head[1][1])
        allowed = inference.of(name, rule.body) if name else None
        if allowed is not None:
            kinds[index] = allowed
    return kinds, None


def _check(
    rules: Sequence[ast.AST], constraints: Iterable[ast.AST], explanations: Iterable[ast.AST]
) -> tuple[_Inference, Obstacle | None]:
    inference = _Inference(rules)
    for statement in constraints:
        if _uses(statement, VIOLATION):
            return inference, (statement, "an integrity constraint reads violation/4")
    for rule in rules:
        head = _atom(rule.head)
        if _uses(rule.head, BODY):
            return inference, (rule, "a rule derives body/3, which only the register may give")
        if head is None and _uses(rule.head, VIOLATION):
            return inference, (rule, "violation/4 is derived in a head that is not one plain atom")
    for rule in [*rules, *explanations]:
        if rule.ast_type == ast.ASTType.Rule and _uses(rule.body, VIOLATION) and not _reads_only_reached(rule):
            return inference, (rule, "a rule reads violation/4 without joining it with affected(B) on its body")
    return inference, None
