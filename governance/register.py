"""A plain, immutable picture of (part of) the register, as the engine sees it.

The store reads rows into a ``Register``; proposed changes are laid over a copy of it;
the engine turns it into facts. Keeping it free of ORM objects lets a check build the
"after" state without touching the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any


@dataclass(frozen=True)
class OrganisationRow:
    key: str
    name: str
    kind: str  # municipality | housing_organisation | other
    platform: str


@dataclass(frozen=True)
class PersonRow:
    key: str
    name: str
    organisation: str | None
    qualifications: tuple[str, ...] = ()


@dataclass(frozen=True)
class BodyRow:
    key: str
    name: str
    kind: str
    status: str  # forming | active | dissolved
    platform: str
    organisation: str | None = None
    parent: str | None = None
    topic: str | None = None
    expires_on: date | None = None
    dissolved_on: date | None = None


@dataclass(frozen=True)
class MembershipRow:
    """A membership; stored ones have positive ids, proposed ones negative ids."""

    id: int
    person: str
    body: str
    role: str
    on_behalf_of: str | None
    appointed_by: str | None
    starts_on: date
    ends_on: date | None


@dataclass
class Register:
    platforms: dict[str, dict[str, Any]] = field(default_factory=dict)
    organisations: dict[str, OrganisationRow] = field(default_factory=dict)
    persons: dict[str, PersonRow] = field(default_factory=dict)
    bodies: dict[str, BodyRow] = field(default_factory=dict)
    memberships: dict[int, MembershipRow] = field(default_factory=dict)

    def copy(self) -> Register:
        return Register(
            dict(self.platforms),
            dict(self.organisations),
            dict(self.persons),
            dict(self.bodies),
            dict(self.memberships),
        )

    def with_body_status(self, key: str, status: str) -> Register:
        changed = self.copy()
        changed.bodies[key] = replace(self.bodies[key], status=status)
        return changed

    def name_of(self, key: str) -> str | None:
        """The display name of a person, organisation or body key."""
        for table in (self.persons, self.organisations, self.bodies):
            row = table.get(key)
            if row is not None:
                return row.name
        return None
