"""The register's GraphQL types and the verdicts the rules give on it.

Resolvers here only translate rows and verdicts; related objects come through the
request's DataLoaders.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from governance import model, services
from governance.engine import Violation as EngineViolation
from governance.errors import InputError
from governance.register import BodyRow, MembershipRow, OrganisationRow, PersonRow
from schema.context import ContextInfo
from schema.enums import BodyKind, BodyStatus, Language, OrganisationKind, Role, Severity

if TYPE_CHECKING:
    from schema.documents import Document
    from schema.repairs import Repair


@strawberry.type(description="A party: the municipality, a housing organisation or another organisation.")
class Organisation:
    key: str
    name: str
    kind: OrganisationKind

    @classmethod
    def from_row(cls, row: OrganisationRow) -> Organisation:
        return cls(key=row.key, name=row.name, kind=model.OrganisationKind(row.kind))


async def organisation(info: ContextInfo, key: str | None) -> Organisation | None:
    row = await info.context.loaders.organisations.load(key) if key else None
    return Organisation.from_row(row) if row else None


async def organisations(info: ContextInfo, keys: Sequence[str]) -> list[Organisation]:
    """The organisations with these keys, in their order, through one batch."""
    return [Organisation.from_row(row) for row in await info.context.loaders.organisations.load_many(keys) if row]


@strawberry.type(description="A registered person.")
class Person:
    key: str
    name: str
    qualifications: list[str]
    organisation_key: strawberry.Private[str | None]

    @classmethod
    def from_row(cls, row: PersonRow) -> Person:
        return cls(key=row.key, name=row.name, qualifications=list(row.qualifications), organisation_key=row.organisation)

    @strawberry.field(description="The organisation the person belongs to.")
    async def organisation(self, info: ContextInfo) -> Organisation | None:
        return await organisation(info, self.organisation_key)


@strawberry.type(description="A body (enhed) people sit in: a council, board, group, forum or secretariat.")
class Body:
    key: str
    name: str
    kind: BodyKind
    status: BodyStatus
    topic: str | None
    expires_on: date | None = strawberry.field(description="The last day the body exists, when it has one.")
    dissolved_on: date | None
    parent_key: strawberry.Private[str | None]
    organisation_key: strawberry.Private[str | None]

    @classmethod
    def from_row(cls, row: BodyRow) -> Body:
        return cls(
            key=row.key, name=row.name, kind=model.BodyKind(row.kind), status=model.BodyStatus(row.status),
            topic=row.topic, expires_on=row.expires_on, dissolved_on=row.dissolved_on,
            parent_key=row.parent, organisation_key=row.organisation,
        )

    @strawberry.field(description="The body this one is a sub-group of.")
    async def parent(self, info: ContextInfo) -> Body | None:
        return await body(info, self.parent_key)

    @strawberry.field(description="The organisation whose own body this is (the Byråd, a board).")
    async def organisation(self, info: ContextInfo) -> Organisation | None:
        return await organisation(info, self.organisation_key)

    @strawberry.field(description="The memberships that hold on asOf (default today), both end days included.")
    async def members(self, info: ContextInfo, as_of: date | None = None) -> list[Membership]:
        rows = await info.context.loaders.members.load((self.key, as_of or date.today()))
        return [Membership.from_row(row) for row in rows]

    @strawberry.field(description="The documents the body has set out (goals, a communication strategy), by the day adopted.")
    async def documents(self, info: ContextInfo) -> list[Annotated[Document, strawberry.lazy("schema.documents")]]:
        from schema.documents import body_documents

        return await body_documents(info, self.key)


async def body(info: ContextInfo, key: str | None) -> Body | None:
    row = await info.context.loaders.bodies.load(key) if key else None
    return Body.from_row(row) if row else None


async def referenced_body(info: ContextInfo, key: str) -> Body:
    """The body a stored row names: its foreign key keeps it, so a missing one is a bug (and masked as one)."""
    found = await body(info, key)
    if found is None:
        raise LookupError(f"no body {key!r}, though a stored row names it")
    return found


async def bodies(info: ContextInfo, keys: Sequence[str]) -> list[Body]:
    """The bodies with these keys, in their order, through one batch."""
    return [Body.from_row(row) for row in await info.context.loaders.bodies.load_many(keys) if row]


@strawberry.type(description="A person's seat in a body, from startsOn through endsOn (open-ended when null).")
class Membership:
    id: strawberry.ID
    role: Role
    starts_on: date
    ends_on: date | None
    row: strawberry.Private[MembershipRow]

    @classmethod
    def from_row(cls, row: MembershipRow) -> Membership:
        return cls(id=strawberry.ID(str(row.id)), role=model.Role(row.role), starts_on=row.starts_on, ends_on=row.ends_on, row=row)

    @strawberry.field
    async def person(self, info: ContextInfo) -> Person:
        row = await info.context.loaders.persons.load(self.row.person)
        if row is None:
            raise LookupError(f"no person {self.row.person!r}, though a membership names them")
        return Person.from_row(row)

    @strawberry.field
    async def body(self, info: ContextInfo) -> Body:
        return await referenced_body(info, self.row.body)

    @strawberry.field(description="The organisation the member represents.")
    async def on_behalf_of(self, info: ContextInfo) -> Organisation | None:
        return await organisation(info, self.row.on_behalf_of)

    @strawberry.field(description="The organisation that appointed the member.")
    async def appointed_by(self, info: ContextInfo) -> Organisation | None:
        return await organisation(info, self.row.appointed_by)


@strawberry.type(description="What a rule finds wrong (or worth showing), with the keys involved.")
class Violation:
    rule: str = strawberry.field(description="The rule's stable id, e.g. fku.parity; input.<code> for refused input.")
    severity: Severity
    subjects: list[str] = strawberry.field(description="The keys of the entities involved.")
    source: str | None = strawberry.field(description="The section of the source document the rule comes from.")
    introduced: bool = strawberry.field(description="True when the checked changes bring this violation.")
    body_key: strawberry.Private[str | None]
    messages: strawberry.Private[Mapping[str, str]]
    explanations: strawberry.Private[Mapping[str, str]] = dataclasses.field(default_factory=dict)
    rule_set_version: str | None = strawberry.field(
        default=None,
        description="On a check of changes: the rule set version in force on the day the violation was found on "
        "(each day a change takes effect is judged by that day's rules). Null elsewhere: the answer's ruleSetVersion found it.",
    )

    @classmethod
    def from_engine(cls, violation: EngineViolation, rule_set_version: str | None = None) -> Violation:
        return cls(
            rule=violation.rule, severity=Severity(violation.severity), subjects=list(violation.subjects),
            source=violation.source or None, introduced=violation.introduced,
            body_key=violation.body, messages=violation.messages, explanations=violation.explanations,
            rule_set_version=rule_set_version,
        )

    @classmethod
    def from_input(cls, error: InputError) -> Violation:
        """Refused input as a violation: rule ``input.<code>``, naming the offending value."""
        return cls(
            rule=f"input.{error.code.lower()}", severity=Severity.ERROR,
            subjects=[error.value] if error.value is not None else [], source=None, introduced=True,
            body_key=None, messages=error.messages,
        )

    @strawberry.field(description="The message in the asked language, with the concrete numbers and names.")
    def message(self, lang: Language | None = Language.DA) -> str:
        return self.messages.get((lang or Language.DA).value) or self.messages["da"]

    @strawberry.field(
        description="Why: the conclusion first, then one step a line down to the stored facts it rests on "
        "(memberships with their dates and appointers, body kinds, rule parameters); for refused input, the message."
    )
    def explanation(self, lang: Language | None = Language.DA) -> str:
        return self.explanations.get((lang or Language.DA).value) or self.message(lang)

    @strawberry.field(description="The body the violation is about.")
    async def body(self, info: ContextInfo) -> Body | None:
        return await body(info, self.body_key)


def violations(found: list[EngineViolation], found_by: Mapping[services.Identity, str] | None = None) -> list[Violation]:
    """The engine's violations as the schema shows them; ``found_by`` names the version that found each."""
    return [Violation.from_engine(v, found_by.get(v.identity) if found_by else None) for v in found]


VERSIONS_DESCRIPTION = (
    "Every rule set version that judged the changes, in the order of the days they take effect on, each once; "
    "ruleSetVersion is the one in force on asOf."
)


@strawberry.type(description="A body's verdict as of a date: valid when no ERROR stands.")
class Composition:
    as_of: date
    valid: bool
    rule_set_version: str
    violations: list[Violation]
    body_key: strawberry.Private[str]

    @strawberry.field
    async def body(self, info: ContextInfo) -> Body:
        return await referenced_body(info, self.body_key)

    @strawberry.field(
        description="The smallest sets of changes, drawn from the registered people, that would make the body valid "
        "as ACTIVE on asOf, fewest changes first (at most 10); empty when it is valid as ACTIVE already."
    )
    async def repairs(self, info: ContextInfo, limit: int = 3) -> list[Annotated[Repair, strawberry.lazy("schema.repairs")]]:
        from schema.repairs import repairs

        return await repairs(info, self.body_key, self.as_of, limit)


@strawberry.type(description="Every body's violations as of a date.")
class AuditReport:
    as_of: date
    valid: bool
    rule_set_version: str
    violations: list[Violation]


@strawberry.type(description="The verdict on proposed changes, taken together, without writing them.")
class ChangeCheck:
    allowed: bool = strawberry.field(description="False exactly when an ERROR violation is introduced.")
    rule_set_version: str
    rule_set_versions: list[str] = strawberry.field(description=VERSIONS_DESCRIPTION)
    violations: list[Violation]

    @classmethod
    def from_check(cls, check: services.Check) -> ChangeCheck:
        return cls(
            allowed=check.allowed, rule_set_version=check.rule_set_version, rule_set_versions=list(check.rule_set_versions),
            violations=violations(check.violations, check.found_by),
        )


@strawberry.type(description="The changes were written.")
class Applied:
    audit_id: int
    rule_set_version: str
    rule_set_versions: list[str] = strawberry.field(description=VERSIONS_DESCRIPTION)
    violations: list[Violation] = strawberry.field(description="What still stands after the changes (no new ERROR).")
    membership_ids: list[strawberry.ID] = strawberry.field(description="The ids of the memberships created.")

    @classmethod
    def from_result(cls, applied: services.Applied) -> Applied:
        return cls(
            audit_id=applied.audit_id, rule_set_version=applied.check.rule_set_version,
            rule_set_versions=list(applied.check.rule_set_versions),
            violations=violations(applied.check.violations, applied.check.found_by),
            membership_ids=[strawberry.ID(str(i)) for i in applied.membership_ids],
        )


@strawberry.type(description="The request was refused and nothing was changed; the violations say why.")
class Rejected:
    violations: list[Violation]
    audit_id: int | None = strawberry.field(description="The audit entry of the refusal, when one was written.")

    @classmethod
    def from_result(cls, rejected: services.Rejected) -> Rejected:
        return cls(violations=violations(rejected.violations, rejected.found_by), audit_id=rejected.audit_id)
