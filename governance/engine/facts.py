"""Turn a register into the facts of the engine's vocabulary (``vocabulary.py``), as clingo symbols.

The facts are given to clingo through its backend (``add_facts``): no text is written
for clingo to parse again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from functools import lru_cache

import clingo

from governance.changes import DissolveBody
from governance.engine.vocabulary import OPEN_END, PREDICATES, day, from_day
from governance.enums import BodyStatus
from governance.register import BodyRow, MembershipRow, OrganisationRow, PersonRow, Register

__all__ = ["OPEN_END", "Facts", "add_facts", "day", "from_day", "membership_fact", "quote", "register_facts"]

Facts = Sequence[clingo.Symbol]
_P = PREDICATES


def quote(text: str) -> str:
    """A string as an ASP string literal, for the programs that still add text (repairs, verification)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


# A register's rows are frozen values, and most of them are the same from one question to the
# next (a check lays a few changes over a cached register): their facts are made once and kept.
_ROW_FACTS = 1 << 16


@lru_cache(maxsize=_ROW_FACTS)
def membership_fact(m: MembershipRow) -> clingo.Symbol:
    return _P["member"].symbol(m.id, m.person, m.body, m.role, m.on_behalf_of, m.appointed_by, m.starts_on, m.ends_on)


@lru_cache(maxsize=_ROW_FACTS)
def _organisation_facts(org: OrganisationRow) -> tuple[clingo.Symbol, ...]:
    return (_P["org"].symbol(org.key, org.kind, org.platform), _P["org_name"].symbol(org.key, org.name))


@lru_cache(maxsize=_ROW_FACTS)
def _person_facts(person: PersonRow) -> tuple[clingo.Symbol, ...]:
    return (
        _P["person"].symbol(person.key, person.organisation),
        *(_P["qualification"].symbol(person.key, tag) for tag in person.qualifications),
    )


@lru_cache(maxsize=_ROW_FACTS)
def _body_facts(body: BodyRow, status: BodyStatus) -> tuple[clingo.Symbol, ...]:
    """A body's facts, with the status it stands at on the day asked about."""
    facts = [_P["body"].symbol(body.key, body.kind, status), _P["body_platform"].symbol(body.key, body.platform)]
    if body.organisation:
        facts.append(_P["body_org"].symbol(body.key, body.organisation))
    if body.parent:
        facts.append(_P["parent"].symbol(body.key, body.parent))
    if body.topic:
        facts.append(_P["topic"].symbol(body.key, body.topic))
    if body.expires_on:
        facts.append(_P["expires_on"].symbol(body.key, body.expires_on))
    return tuple(facts)


def add_facts(control: clingo.Control, facts: Iterable[clingo.Symbol]) -> None:
    """Give the facts to a control before it grounds: through its backend, as facts of the base program."""
    with control.backend() as backend:
        for symbol in facts:
            backend.add_rule([backend.add_atom(symbol)])


def register_facts(register: Register, as_of: date, touched: Iterable[str], asked: date | None = None) -> list[clingo.Symbol]:
    """All facts of a register as of a date, with the bodies the question is about.

    ``asked`` is the day the question is about when ``as_of`` is a later day a check
    looks at (the day a change takes effect); duties fall due by ``asked``.
    """
    facts = [_P["as_of"].symbol(as_of), _P["asked"].symbol(asked or as_of)]
    facts.extend(_structure_facts(register, as_of))
    facts.extend(membership_fact(m) for m in register.memberships.values())
    facts.extend(_case_facts(register))
    facts.extend(_duty_facts(register))
    facts.extend(_P["proposed_constitution"].symbol(c.body, c.standing) for c in register.constitutions)
    facts.extend(_P["touched"].symbol(key) for key in sorted(touched))
    return facts


def _structure_facts(register: Register, as_of: date) -> Iterator[clingo.Symbol]:
    for platform, settings in register.platforms.items():
        yield _P["platform"].symbol(platform)
        for name, value in settings.items():
            yield _P["setting"].symbol(platform, name, str(value))
    for org in register.organisations.values():
        yield from _organisation_facts(org)
    for person in register.persons.values():
        yield from _person_facts(person)
    for body in register.bodies.values():
        yield from _body_facts(body, DissolveBody.standing(body, as_of).status)


def _case_facts(register: Register) -> Iterator[clingo.Symbol]:
    for case in register.cases.values():
        c = case.key
        yield _P["case"].symbol(c, case.originator, case.stage)
        yield _P["case_track"].symbol(c, case.track)
        for body in case.co_originators:
            yield _P["case_co_originator"].symbol(c, body)
        for org in case.concerns:
            yield _P["case_concerns"].symbol(c, org)
        for n, step in enumerate(case.history, start=1):
            yield _P["case_step"].symbol(c, n, step.stage, step.by, step.on)
        for answer in case.answers:
            yield _P["case_answer"].symbol(c, answer.recipient, answer.on)
        for approval in case.approvals:
            yield _P["case_approval"].symbol(c, approval.approver, approval.decision, approval.on)
    for p in register.proposals:
        if p.action == "open":
            yield _P["proposed_open"].symbol(p.case)
        elif p.action == "move":
            yield _P["proposed_move"].symbol(p.case, p.stage, p.body)
        elif p.action == "answer":
            yield _P["proposed_answer"].symbol(p.case, p.body)
        else:
            yield _P["proposed_approval"].symbol(p.case, p.body, p.decision)


def _duty_facts(register: Register) -> Iterator[clingo.Symbol]:
    for pool in register.pools.values():
        yield _P["activity_pool"].symbol(pool.key, pool.body, pool.overall_budget, pool.amount, pool.approved_on)
        for body, amount in pool.shares:
            yield _P["pool_share"].symbol(pool.key, body, amount)
    for budget in register.detail_budgets.values():
        yield _P["detail_budget"].symbol(budget.key, budget.pool, budget.body, budget.amount, budget.made_on, budget.presented_on)
    for plan in register.action_plans:
        yield _P["action_plan"].symbol(plan.body, plan.year, plan.presented_on)
    for held in register.events:
        yield _P["event"].symbol(held.kind, held.body, held.held_on)
    for d in register.documents:
        yield _P["document"].symbol(d.kind, d.body, d.adopted_on)
