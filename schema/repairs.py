"""Repairs: the fewest changes, from the registered people, that make a body valid as ACTIVE.

``governance.engine.repair`` finds them; these types only publish them. The objects
they name (persons, organisations, memberships) come from the register the repair was
computed on, so a repair and its summary always agree.
"""

from __future__ import annotations

from datetime import date, timedelta

import strawberry

from governance import model
from governance.engine import RuleSet
from governance.engine.repair import Appointment as EngineAppointment
from governance.engine.repair import Need as EngineNeed
from governance.engine.repair import Repair as EngineRepair
from governance.engine.repair import summary
from governance.register import Register
from schema.context import ContextInfo
from schema.enums import Language, Role
from schema.errors import check_limit
from schema.offload import offload
from schema.types import Membership, Organisation, Person, Violation, violations

MAX_REPAIRS = 10


def _organisation(register: Register, key: str | None) -> Organisation | None:
    row = register.organisations.get(key) if key else None
    return Organisation.from_row(row) if row else None


@strawberry.type(description="An appointment a repair proposes: it starts on the repair's asOf and is open-ended.")
class Appointment:
    role: Role
    starts_on: date
    found: strawberry.Private[EngineAppointment]
    register: strawberry.Private[Register]

    @strawberry.field(description="A registered person.")
    def person(self) -> Person:
        return Person.from_row(self.register.persons[self.found.person])

    @strawberry.field(description="The organisation the person would represent.")
    def on_behalf_of(self) -> Organisation | None:
        return _organisation(self.register, self.found.on_behalf_of)

    @strawberry.field(description="The organisation that would appoint the person.")
    def appointed_by(self) -> Organisation | None:
        return _organisation(self.register, self.found.appointed_by)


@strawberry.type(description="A seat no registered person can fill, and the kind of person it needs.")
class Need:
    role: Role
    qualifications: list[str]
    found: strawberry.Private[EngineNeed]
    register: strawberry.Private[Register]

    @strawberry.field(description="The organisation the person must come from (and represent).")
    def organisation(self) -> Organisation | None:
        return _organisation(self.register, self.found.organisation)


@strawberry.type(
    description="One smallest set of changes that makes the body valid as ACTIVE on asOf: apply `appoint` starting "
    "on asOf and `end` with the day before as the last day (applyChanges as of asOf), then constituteBody as of asOf."
)
class Repair:
    as_of: date
    size: int = strawberry.field(description="The number of changes, seats no one can fill included.")
    appoint: list[Appointment]
    end: list[Membership] = strawberry.field(description="The memberships to end; their last day is the day before asOf.")
    needs: list[Need] = strawberry.field(description="Seats no registered person can fill.")
    unresolved: list[Violation] = strawberry.field(description="Errors no change to this body's members can remove.")
    dissolve_on: date | None = strawberry.field(
        description="Dissolve the body on this day (dissolveBody): an ad hoc group past its end date is not repaired by members."
    )
    found: strawberry.Private[EngineRepair]
    register: strawberry.Private[Register]
    rule_set: strawberry.Private[RuleSet]

    @classmethod
    def from_engine(cls, found: EngineRepair, register: Register, rule_set: RuleSet) -> Repair:
        return cls(
            as_of=found.as_of, size=found.size,
            appoint=[
                Appointment(role=model.Role[a.role], starts_on=found.as_of, found=a, register=register) for a in found.appoint
            ],
            end=[Membership.from_row(register.memberships[m]) for m in found.end],
            needs=[
                Need(role=model.Role[n.role], qualifications=list(n.qualifications), found=n, register=register)
                for n in found.needs
            ],
            unresolved=violations(list(found.unresolved)), dissolve_on=found.dissolve,
            found=found, register=register, rule_set=rule_set,
        )

    @strawberry.field(description="The last day of the memberships in `end`: the day before asOf.")
    def last_day(self) -> date:
        return self.as_of - timedelta(days=1)

    @strawberry.field(description="The repair in one sentence, with names, roles and dates; seats no one can fill say why.")
    def summary(self, lang: Language | None = Language.DA) -> str:
        return summary(self.found, self.register, self.rule_set, (lang or Language.DA).value)


async def repairs(info: ContextInfo, body: str, as_of: date, limit: int) -> list[Repair]:
    """Up to ``limit`` repairs of ``body`` as of ``as_of``, fewest changes first."""
    context = info.context
    check_limit(limit, MAX_REPAIRS, context.lang)

    def find() -> list[Repair]:
        rule_set = context.governance.rule_set_on(as_of)
        found, register = context.governance.repairs(body, as_of, limit)
        return [Repair.from_engine(repair, register, rule_set) for repair in found]

    return await offload(context.lang, find)
