"""Turn a register into the facts of the engine's vocabulary (``vocabulary.py``), as clingo symbols.

The facts are given to clingo through its backend (``add_facts``): no text is written
for clingo to parse again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

import clingo

from governance.changes import DissolveBody
from governance.engine.slice import Signature
from governance.engine.vocabulary import OPEN_END, PREDICATES, day, from_day
from governance.enums import BodyStatus
from governance.register import BodyRow, MembershipRow, OrganisationRow, PersonRow, Register

__all__ = ["OPEN_END", "FactList", "Facts", "add_facts", "day", "from_day", "membership_fact", "quote", "register_facts"]

Facts = Sequence[clingo.Symbol]
_P = PREDICATES
Fact = tuple[Signature, clingo.Symbol]  # a fact with the predicate it is of, known as it is made


def _fact(name: str, *values: Any) -> Fact:
    predicate = _P[name]
    return predicate.signature, predicate.symbol(*values)


class FactList(list[clingo.Symbol]):
    """A question's facts, with the predicates they hold (``present``: the key of its slice).

    The predicates are noted as the facts are made: asking clingo for each symbol's name
    and arity afterwards would cost more than making the symbols.
    """

    def __init__(self, made: Iterable[Fact]):
        signatures: set[Signature] = set()
        super().__init__()
        for signature, symbol in made:
            signatures.add(signature)
            self.append(symbol)
        self.present = frozenset(signatures)


def quote(text: str) -> str:
    """A string as an ASP string literal, for the programs that still add text (repairs, verification)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


# A register's rows are frozen values, and most of them are the same from one question to the
# next (a check lays a few changes over a cached register): their facts are made once and kept.
_ROW_FACTS = 1 << 16


def membership_fact(m: MembershipRow) -> clingo.Symbol:
    """The ``member/8`` fact of a membership."""
    return _membership_fact(m)[1]


@lru_cache(maxsize=_ROW_FACTS)
def _membership_fact(m: MembershipRow) -> Fact:
    return _fact("member", m.id, m.person, m.body, m.role, m.on_behalf_of, m.appointed_by, m.starts_on, m.ends_on)


@lru_cache(maxsize=_ROW_FACTS)
def _organisation_facts(org: OrganisationRow) -> tuple[Fact, ...]:
    return (_fact("org", org.key, org.kind, org.platform), _fact("org_name", org.key, org.name))


@lru_cache(maxsize=_ROW_FACTS)
def _person_facts(person: PersonRow) -> tuple[Fact, ...]:
    return (
        _fact("person", person.key, person.organisation),
        *(_fact("qualification", person.key, tag) for tag in person.qualifications),
    )


@lru_cache(maxsize=_ROW_FACTS)
def _body_facts(body: BodyRow, status: BodyStatus) -> tuple[Fact, ...]:
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


def add_facts(control: clingo.Control, facts: Iterable[clingo.Symbol]) -> None:
    """Give the facts to a control before it grounds: through its backend, as facts of the base program."""
    with control.backend() as backend:
        for symbol in facts:
            backend.add_rule([backend.add_atom(symbol)])


def register_facts(register: Register, as_of: date, touched: Iterable[str], asked: date | None = None) -> FactList:
    """All facts of a register as of a date, with the bodies the question is about.

    ``asked`` is the day the question is about when ``as_of`` is a later day a check
    looks at (the day a change takes effect); duties fall due by ``asked``.
    """
    made = [_fact("as_of", as_of), _fact("asked", asked or as_of)]
    made.extend(_structure_facts(register, as_of))
    made.extend(_membership_fact(m) for m in register.memberships.values())
    made.extend(_case_facts(register))
    made.extend(_duty_facts(register))
    made.extend(_fact("proposed_constitution", c.body, c.standing) for c in register.constitutions)
    made.extend(_fact("touched", key) for key in sorted(touched))
    return FactList(made)


def _structure_facts(register: Register, as_of: date) -> Iterator[Fact]:
    for platform, settings in register.platforms.items():
        yield _fact("platform", platform)
        for name, value in settings.items():
            yield _fact("setting", platform, name, str(value))
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
