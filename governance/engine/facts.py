"""Turn a register into the ASP facts of the vocabulary in ``rules/README.md``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from governance.changes import DissolveBody
from governance.register import MembershipRow, Register

OPEN_END = 99991231


def day(value: date | None, default: int = OPEN_END) -> int:
    """A date as the integer YYYYMMDD the rules compare; ``None`` is the open end."""
    if value is None:
        return default
    return value.year * 10000 + value.month * 100 + value.day


def from_day(value: int) -> date | None:
    if value >= OPEN_END:
        return None
    return date(value // 10000, value // 100 % 100, value % 100)


def quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _key(value: str | None) -> str:
    return "none" if value is None else quote(value)


def membership_fact(m: MembershipRow, predicate: str = "member") -> str:
    return (
        f"{predicate}({m.id},{quote(m.person)},{quote(m.body)},{m.role},"
        f"{_key(m.on_behalf_of)},{_key(m.appointed_by)},{day(m.starts_on)},{day(m.ends_on)})."
    )


def register_facts(register: Register, as_of: date, touched: Iterable[str], asked: date | None = None) -> str:
    """All facts of a register as of a date, with the bodies the question is about.

    ``asked`` is the day the question is about when ``as_of`` is a later day a check
    looks at (the day a change takes effect); duties fall due by ``asked``.
    """
    lines = [f"as_of({day(as_of)}).", f"asked({day(asked or as_of)})."]
    for platform, settings in register.platforms.items():
        lines.append(f"platform({quote(platform)}).")
        for name, value in settings.items():
            lines.append(f"setting({quote(platform)},{name},{quote(str(value))}).")
    for org in register.organisations.values():
        lines.append(f"org({quote(org.key)},{org.kind},{quote(org.platform)}).")
        lines.append(f"org_name({quote(org.key)},{quote(org.name)}).")
    for person in register.persons.values():
        lines.append(f"person({quote(person.key)},{_key(person.organisation)}).")
        lines.extend(
            f"qualification({quote(person.key)},{quote(tag)})." for tag in person.qualifications
        )
    for body in register.bodies.values():
        b = quote(body.key)
        lines.append(f"body({b},{body.kind},{DissolveBody.standing(body, as_of).status}).")
        lines.append(f"body_platform({b},{quote(body.platform)}).")
        if body.organisation:
            lines.append(f"body_org({b},{quote(body.organisation)}).")
        if body.parent:
            lines.append(f"parent({b},{quote(body.parent)}).")
        if body.topic:
            lines.append(f"topic({b},{quote(body.topic)}).")
        if body.expires_on:
            lines.append(f"expires_on({b},{day(body.expires_on)}).")
    lines.extend(membership_fact(m) for m in register.memberships.values())
    lines.extend(_case_facts(register))
    lines.extend(_duty_facts(register))
    lines.extend(f"proposed_constitution({quote(c.body)},{c.standing})." for c in register.constitutions)
    lines.extend(f"touched({quote(key)})." for key in sorted(touched))
    return "\n".join(lines) + "\n"


def _case_facts(register: Register) -> list[str]:
    lines = []
    for case in register.cases.values():
        c = quote(case.key)
        lines.append(f"case({c},{quote(case.originator)},{case.stage}).")
        lines.append(f"case_track({c},{case.track}).")
        lines.extend(f"case_co_originator({c},{quote(body)})." for body in case.co_originators)
        lines.extend(f"case_concerns({c},{quote(org)})." for org in case.concerns)
        lines.extend(
            f"case_step({c},{n},{step.stage},{quote(step.by)},{day(step.on)})." for n, step in enumerate(case.history, start=1)
        )
        lines.extend(f"case_answer({c},{quote(a.recipient)},{day(a.on)})." for a in case.answers)
        lines.extend(f"case_approval({c},{quote(a.approver)},{a.decision},{day(a.on)})." for a in case.approvals)
    for p in register.proposals:
        c = quote(p.case)
        lines.append({
            "open": f"proposed_open({c}).",
            "move": f"proposed_move({c},{p.stage},{_key(p.body)}).",
            "answer": f"proposed_answer({c},{_key(p.body)}).",
            "approval": f"proposed_approval({c},{_key(p.body)},{p.decision}).",
        }[p.action])
    return lines


def _duty_facts(register: Register) -> list[str]:
    lines = []
    for pool in register.pools.values():
        p = quote(pool.key)
        lines.append(f"activity_pool({p},{quote(pool.body)},{pool.overall_budget},{pool.amount},{day(pool.approved_on)}).")
        lines.extend(f"pool_share({p},{quote(body)},{amount})." for body, amount in pool.shares)
    for budget in register.detail_budgets.values():
        lines.append(
            f"detail_budget({quote(budget.key)},{quote(budget.pool)},{quote(budget.body)},{budget.amount},"
            f"{day(budget.made_on)},{day(budget.presented_on)})."
        )
    lines.extend(f"action_plan({quote(plan.body)},{plan.year},{day(plan.presented_on)})." for plan in register.action_plans)
    lines.extend(f"event({held.kind},{quote(held.body)},{day(held.held_on)})." for held in register.events)
    lines.extend(f"document({d.kind},{quote(d.body)},{day(d.adopted_on)})." for d in register.documents)
    return lines
