"""Turn a register into the facts of the engine's vocabulary (``vocabulary.py``), and give them to clingo.

A question's facts are kept by predicate, each fact as the one term its arguments make
(``vocabulary.as_term``). They reach clingo while it grounds, without text to parse: for
each predicate a question holds, one input rule such as

    member(X0,X1,X2,X3,X4,X5,X6,X7) :- (X0,X1,X2,X3,X4,X5,X6,X7) = @facts("member",8).

whose external function hands clingo the predicate's terms in one call (clingo substitutes
each in turn, so every one is a fact of the ground program). On the national audit's
24,193 facts that takes about half the time of adding each through the backend, whose
Python costs about 4 µs a fact.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from datetime import date
from functools import cache, lru_cache
from typing import Any, Generic, TypeVar

import clingo
import clingo.ast as ast

from governance.changes import DissolveBody
from governance.engine.kinds import Signature
from governance.engine.program import add_statements
from governance.engine.slice import Present
from governance.engine.vocabulary import OPEN_END, PREDICATES, as_term, day, from_day
from governance.register import BodyRow, MembershipRow, OrganisationRow, PersonRow, Register

__all__ = ["OPEN_END", "Facts", "day", "from_day", "give", "membership_arguments", "quote", "register_facts"]

_P = PREDICATES
Fact = tuple[Signature, clingo.Symbol]  # a fact's predicate and its arguments as one term, known as it is made


def _fact(name: str, *values: Any) -> Fact:
    predicate = _P[name]
    return predicate.signature, predicate.term(*values)


class Facts:
    """A question's facts by predicate: each predicate's facts as terms (``vocabulary.as_term``).

    The predicates it holds (``present``) are the key of the question's slice;
    ``touched_kinds``, the kinds of the bodies it is about as body/3 prints them, say
    whether the slice may be cut by kinds (``Slicer.cuts``).
    """

    def __init__(self, made: Iterable[Fact] = ()):
        self.terms: dict[Signature, list[clingo.Symbol]] = {}
        self.touched_kinds: frozenset[str] = frozenset()
        for signature, term in made:
            found = self.terms.get(signature)
            if found is None:
                self.terms[signature] = [term]
            else:
                found.append(term)

    @property
    def present(self) -> Present:
        return frozenset(self.terms)

    def add(self, atom: clingo.Symbol) -> None:
        """One more fact, given as an atom (a question's own predicates: a repair's ``target/1``, say)."""
        self.terms.setdefault((atom.name, len(atom.arguments)), []).append(as_term(list(atom.arguments)))

    def atoms(self) -> Iterator[clingo.Symbol]:
        """Every fact as an atom, predicate by predicate."""
        for (name, arity), terms in self.terms.items():
            for term in terms:
                yield clingo.Function(name, [term] if arity == 1 else list(term.arguments))

    def __len__(self) -> int:
        return sum(len(terms) for terms in self.terms.values())

    def facts(self, name: clingo.Symbol, arity: clingo.Symbol) -> list[clingo.Symbol]:
        """The external function ``@facts(Name, Arity)`` of the input rules (``give``): one predicate's terms."""
        return self.terms.get((name.string, arity.number), [])


@cache
def _input_rule(name: str, arity: int) -> ast.AST:
    """The rule that takes a predicate's facts from ``@facts`` while clingo grounds, parsed once."""
    variables = ",".join(f"X{n}" for n in range(arity))
    head = f"{name}({variables})" if arity else name
    pattern = variables if arity == 1 else f"({variables})"  # one argument is its own term; none is ()
    statements: list[ast.AST] = []
    ast.parse_string(f'{head} :- {pattern} = @facts("{name}",{arity}).', statements.append)
    return statements[-1]


def give(control: clingo.Control, facts: Facts, read: Present | None = None) -> Facts:
    """Give a control the facts, for the base part it grounds next; ground it with the returned context.

    Each predicate the facts hold (of those in ``read``, when the program is known to name
    no others) gets its input rule, and clingo calls back for the predicate's terms
    (``Facts.facts``) when the part is grounded with ``context=`` what this returns.
    """
    given = [signature for signature in facts.terms if read is None or signature in read]
    add_statements(control, [_input_rule(name, arity) for name, arity in given])
    return facts


def quote(text: str) -> str:
    """A string as an ASP string literal, for the programs that still add text (repairs, verification)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


# A register's rows are frozen values, and most of them are the same from one question to the
# next (a check lays a few changes over a cached register, an audit reads the cached
# registers): their facts are made once and kept, by the row object itself. Looking a row up
# by identity costs a twentieth of hashing its fields; an equal row read afresh is made again.
_ROW_FACTS = 1 << 16
R = TypeVar("R")
V = TypeVar("V")


class _KeptByRow(Generic[R, V]):
    """``make(row, extra)``, kept per row object and extra value; all forgotten when ``_ROW_FACTS`` are kept."""

    def __init__(self, make: Callable[[R, Hashable], V]):
        self._make = make
        self._kept: dict[tuple[int, Hashable], tuple[R, V]] = {}

    def __call__(self, row: R, extra: Hashable = None) -> V:
        key = (id(row), extra)
        found = self._kept.get(key)
        if found is not None and found[0] is row:  # holding the row keeps its id from being reused
            return found[1]
        made = self._make(row, extra)
        if len(self._kept) >= _ROW_FACTS:
            self._kept.clear()
        self._kept[key] = (row, made)
        return made


MEMBER = PREDICATES["member"].signature


def membership_arguments(m: MembershipRow) -> list[clingo.Symbol]:
    """The arguments of a membership's ``member/8`` fact."""
    return list(_membership_term(m).arguments)


@_KeptByRow
def _membership_term(m: MembershipRow, _: Hashable = None) -> clingo.Symbol:
    return _P["member"].term(m.id, m.person, m.body, m.role, m.on_behalf_of, m.appointed_by, m.starts_on, m.ends_on)


@_KeptByRow
def _organisation_facts(org: OrganisationRow, _: Hashable = None) -> tuple[Fact, ...]:
    return (_fact("org", org.key, org.kind, org.platform), _fact("org_name", org.key, org.name))


@_KeptByRow
def _person_facts(person: PersonRow, _: Hashable = None) -> tuple[Fact, ...]:
    return (
        _fact("person", person.key, person.organisation),
        *(_fact("qualification", person.key, tag) for tag in person.qualifications),
    )


@_KeptByRow
def _body_facts(body: BodyRow, status: Hashable) -> tuple[Fact, ...]:
    """A body's facts, with the status it stands at on the day asked about."""
    facts = [_fact("body", body.key, body.kind, status), _fact("body_platform", body.key, body.platform)]
    if body.organisation:
        facts.append(_fact("body_org", body.key, body.organisation))
    if body.parent:
        facts.append(_fact("parent", body.key, body.parent))
    if body.topic:
        facts.append(_fact("topic", body.key, body.topic))
    if body.expires_on:
        facts.append(_fact("expires_on", body.key, body.expires_on))
    return tuple(facts)


def register_facts(register: Register, as_of: date, touched: Iterable[str], asked: date | None = None) -> Facts:
    """All facts of a register as of a date, with the bodies the question is about.

    ``asked`` is the day the question is about when ``as_of`` is a later day a check
    looks at (the day a change takes effect); duties fall due by ``asked``.
    """
    keys = sorted(touched)
    facts = Facts([_fact("as_of", as_of), _fact("asked", asked or as_of), *(_touched_fact(key) for key in keys)])
    facts.touched_kinds = frozenset(_printed_kind(register.bodies[key].kind) for key in keys if key in register.bodies)
    for signature, terms in _row_facts(register, as_of).terms.items():
        facts.terms.setdefault(signature, []).extend(terms)  # copied: the kept lists stay as they are
    return facts


def _row_facts(register: Register, as_of: date) -> Facts:
    """The facts of a register's rows on a day, made once and kept with the register (``Register.made``)."""
    key = ("facts", as_of)
    found: Facts | None = register.made.get(key)
    if found is None:
        made = [*_structure_facts(register, as_of), *_case_facts(register), *_duty_facts(register)]
        made.extend(_fact("proposed_constitution", c.body, c.standing) for c in register.constitutions)
        found = Facts(made)
        if register.memberships:
            found.terms[MEMBER] = [_membership_term(m) for m in register.memberships.values()]
        register.made[key] = found
    return found


@lru_cache(maxsize=64)
def _printed_kind(kind: Hashable) -> str:
    """A body's kind as its body/3 fact prints it."""
    return str(_P["body"].arguments("", kind, "")[1])


@lru_cache(maxsize=_ROW_FACTS)
def _touched_fact(key: str) -> Fact:
    return _fact("touched", key)


@lru_cache(maxsize=_ROW_FACTS)
def _setting_facts(platform: str, settings: tuple[tuple[str, str], ...]) -> tuple[Fact, ...]:
    return (_fact("platform", platform), *(_fact("setting", platform, name, value) for name, value in settings))


def _structure_facts(register: Register, as_of: date) -> Iterator[Fact]:
    for platform, settings in register.platforms.items():
        yield from _setting_facts(platform, tuple((name, str(value)) for name, value in settings.items()))
    for org in register.organisations.values():
        yield from _organisation_facts(org)
    for person in register.persons.values():
        yield from _person_facts(person)
    for body in register.bodies.values():
        yield from _body_facts(body, DissolveBody.standing(body, as_of).status)


def _case_facts(register: Register) -> Iterator[Fact]:
    for case in register.cases.values():
        c = case.key
        yield _fact("case", c, case.originator, case.stage)
        yield _fact("case_track", c, case.track)
        for body in case.co_originators:
            yield _fact("case_co_originator", c, body)
        for org in case.concerns:
            yield _fact("case_concerns", c, org)
        for n, step in enumerate(case.history, start=1):
            yield _fact("case_step", c, n, step.stage, step.by, step.on)
        for answer in case.answers:
            yield _fact("case_answer", c, answer.recipient, answer.on)
        for approval in case.approvals:
            yield _fact("case_approval", c, approval.approver, approval.decision, approval.on)
    for p in register.proposals:
        if p.action == "open":
            yield _fact("proposed_open", p.case)
        elif p.action == "move":
            yield _fact("proposed_move", p.case, p.stage, p.body)
        elif p.action == "answer":
            yield _fact("proposed_answer", p.case, p.body)
        else:
            yield _fact("proposed_approval", p.case, p.body, p.decision)


def _duty_facts(register: Register) -> Iterator[Fact]:
    for pool in register.pools.values():
        yield _fact("activity_pool", pool.key, pool.body, pool.overall_budget, pool.amount, pool.approved_on)
        for body, amount in pool.shares:
            yield _fact("pool_share", pool.key, body, amount)
    for budget in register.detail_budgets.values():
        yield _fact("detail_budget", budget.key, budget.pool, budget.body, budget.amount, budget.made_on, budget.presented_on)
    for plan in register.action_plans:
        yield _fact("action_plan", plan.body, plan.year, plan.presented_on)
    for held in register.events:
        yield _fact("event", held.kind, held.body, held.held_on)
    for d in register.documents:
        yield _fact("document", d.kind, d.body, d.adopted_on)
