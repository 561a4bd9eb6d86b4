"""The GraphQL inputs, and how they become the services' changes.

GraphQL has already checked their shape (required fields, enums, dates, @oneOf); a
change is read by the core's one parser (``governance.changes.change_from_dict``), and
what is left to check (keys that must exist) the services do.
"""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.utils.str_converters import to_camel_case

from governance.changes import Change, change_from_dict
from schema.enums import BodyKind, CaseTrack, Role


@strawberry.input(description="A person to register.")
class PersonInput:
    key: str
    name: str
    organisation: str | None = strawberry.field(default=None, description="The key of the person's organisation.")
    qualifications: list[str] | None = strawberry.field(
        default=None, description="Free tags such as legal, technical, social, supervisor, technical-chief."
    )


@strawberry.input(description="Appoint a person to a body; startsOn defaults to the call's asOf.")
class AppointmentInput:
    person: str
    body: str
    role: Role
    appointed_by: str = strawberry.field(description="The key of the organisation that appoints.")
    on_behalf_of: str | None = strawberry.field(default=None, description="The key of the organisation represented.")
    starts_on: date | None = None
    ends_on: date | None = strawberry.field(default=None, description="The last day of the membership.")


@strawberry.input(description="End a membership: endsOn is its last day.")
class EndMembershipInput:
    membership: strawberry.ID
    ends_on: date


@strawberry.input(description="Create a body (FORMING); ad hoc groups need expiresOn.")
class CreateBodyInput:
    key: str
    name: str
    kind: BodyKind
    parent: str | None = None
    expires_on: date | None = strawberry.field(default=None, description="The last day the body exists.")
    topic: str | None = None


@strawberry.input(description="Dissolve a body on a day: its memberships end the day before.")
class DissolveBodyInput:
    body: str
    on: date


@strawberry.input(description="Rename a body or move its end (an ad hoc group's expiresOn); a field left out stays as it is.")
class UpdateBodyInput:
    body: str
    name: str | None = None
    expires_on: date | None = strawberry.field(default=None, description="The new last day the body exists.")


@strawberry.input(one_of=True, description="Exactly one change.")
class ChangeInput:
    appoint: AppointmentInput | None = strawberry.UNSET
    end_membership: EndMembershipInput | None = strawberry.UNSET
    create_body: CreateBodyInput | None = strawberry.UNSET
    dissolve_body: DissolveBodyInput | None = strawberry.UNSET
    update_body: UpdateBodyInput | None = strawberry.UNSET

    def to_change(self) -> Change:
        """The change, by the one parser of changes: the input as GraphQL shapes it (the member set, camelCase fields)."""
        return change_from_dict({
            to_camel_case(name): {to_camel_case(key): value for key, value in vars(member).items()}
            for name, member in vars(self).items() if member
        })


def to_changes(inputs: list[ChangeInput]) -> list[Change]:
    return [change.to_change() for change in inputs]


@strawberry.input(description="A case to open.")
class CaseInput:
    key: str
    title: str
    originator: str = strawberry.field(description="The key of the body that drafts the proposal.")
    concerns: list[str] | None = strawberry.field(
        default=None, description="Organisation keys; empty means every housing organisation."
    )
    track: CaseTrack = strawberry.field(default=CaseTrack.POLITICAL, description="The flow the case takes.")
    co_originators: list[str] = strawberry.field(
        default_factory=list, description="Keys of the bodies that draft the case with the originator; any of them may move it."
    )
