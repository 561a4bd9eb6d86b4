"""Read-only questions about the register, batched by key for the API's DataLoaders.

Every method opens its own read unit of work and answers with the plain rows of
``governance.register``, one SQL statement per call whatever the number of keys.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import TypeVarTuple

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, aliased

from governance.changes import DissolveBody
from governance.errors import UnknownKey
from governance.model import Body, Membership, Organisation, Person, Platform
from governance.register import BodyRow, MembershipRow, OrganisationRow, PersonRow
from governance.store import Database

Columns = TypeVarTuple("Columns")


@dataclass(frozen=True)
class PlatformRow:
    """A platform and how many bodies and persons (through their organisations) it holds."""

    key: str
    name: str
    bodies: int
    persons: int


class Queries:
    """Organisations, persons, bodies and memberships as rows, without the rule engine."""

    def __init__(self, database: Database):
        self.database = database

    def organisations(self, keys: Collection[str] | None = None) -> list[OrganisationRow]:
        """The organisations with these keys (every one when None), ordered by key."""
        query = select(Organisation, Platform.key).join(Platform, Organisation.platform_id == Platform.id)
        if keys is not None:
            query = query.where(Organisation.key.in_(list(keys)))
        with self.database.unit_of_work() as session:
            rows = session.execute(query.order_by(Organisation.key)).all()
        return [OrganisationRow(org.key, org.name, org.kind, platform) for org, platform in rows]

    def platforms(self) -> list[PlatformRow]:
        """Every platform (BolivVejle; one per municipality in the national data) with its counts, ordered by key."""
        bodies = select(Body.platform_id, func.count().label("n")).group_by(Body.platform_id).subquery()
        persons = (
            select(Organisation.platform_id, func.count().label("n"))
            .join(Person, Person.organisation_id == Organisation.id).group_by(Organisation.platform_id).subquery()
        )
        query: Select[str, str, int | None, int | None] = (
            select(Platform.key, Platform.name, bodies.c.n, persons.c.n)
            .outerjoin(bodies, bodies.c.platform_id == Platform.id)
            .outerjoin(persons, persons.c.platform_id == Platform.id)
            .order_by(Platform.key)
        )
        with self.database.unit_of_work() as session:
            rows = session.execute(query).all()
        return [PlatformRow(key, name, n_bodies or 0, n_persons or 0) for key, name, n_bodies, n_persons in rows]

    def _platform(
        self, query: Select[*Columns], platform: str | None, column: InstrumentedAttribute[int],
    ) -> Select[*Columns]:
        """``query`` narrowed to one platform's rows (``column`` is their platform id); an unknown key is an error."""
        if platform is None:
            return query
        with self.database.unit_of_work() as session:
            platform_id = session.scalar(select(Platform.id).where(Platform.key == platform))
        if platform_id is None:
            raise UnknownKey("platform", platform)
        return query.where(column == platform_id)

    def _persons_query(self, organisation: str | None, platform: str | None) -> Select[Person, str]:
        query = select(Person, Organisation.key).outerjoin(Organisation, Person.organisation_id == Organisation.id)
        if organisation is not None:
            query = query.where(Organisation.key == organisation)
        return self._platform(query, platform, Organisation.platform_id)

    def persons(
        self, keys: Collection[str] | None = None, organisation: str | None = None,
        platform: str | None = None, limit: int | None = None, offset: int = 0,
    ) -> list[PersonRow]:
        """The persons with these keys (every one when None), optionally of one organisation or platform,
        ordered by key; ``limit`` and ``offset`` page them."""
        query = self._persons_query(organisation, platform)
        if keys is not None:
            query = query.where(Person.key.in_(list(keys)))
        with self.database.unit_of_work() as session:
            rows = session.execute(query.order_by(Person.key).offset(offset).limit(limit)).all()
        return [PersonRow(p.key, p.name, org, tuple(p.qualifications or ())) for p, org in rows]

    def person_count(self, organisation: str | None = None, platform: str | None = None) -> int:
        """How many persons ``persons`` finds with these filters, unpaged."""
        query = self._persons_query(organisation, platform)
        with self.database.unit_of_work() as session:
            return session.scalar(select(func.count()).select_from(query.subquery())) or 0

    def body_count(self, platform: str | None = None) -> int:
        """How many bodies ``bodies`` finds on the platform (on every one when None), unpaged."""
        query = self._platform(select(Body.id), platform, Body.platform_id)
        with self.database.unit_of_work() as session:
            return session.scalar(select(func.count()).select_from(query.subquery())) or 0

    def bodies(
        self, keys: Collection[str] | None = None, platform: str | None = None, limit: int | None = None, offset: int = 0,
    ) -> list[BodyRow]:
        """The bodies with these keys (every one when None), optionally of one platform, ordered by key;
        ``limit`` and ``offset`` page them."""
        parent = aliased(Body)
        query = (
            select(Body, Platform.key, Organisation.key, parent.key)
            .join(Platform, Body.platform_id == Platform.id)
            .outerjoin(Organisation, Body.organisation_id == Organisation.id)
            .outerjoin(parent, Body.parent_id == parent.id)
        )
        if keys is not None:
            query = query.where(Body.key.in_(list(keys)))
        query = self._platform(query, platform, Body.platform_id)
        with self.database.unit_of_work() as session:
            rows = session.execute(query.order_by(Body.key).offset(offset).limit(limit)).all()
        today = date.today()
        return [
            DissolveBody.standing(BodyRow(
                body.key, body.name, body.kind, body.status, platform, organisation, parent_key,
                body.topic, body.expires_on, body.dissolved_on,
            ), today)
            for body, platform, organisation, parent_key in rows
        ]

    def memberships(self, body_keys: Collection[str], as_of: date) -> list[MembershipRow]:
        """The memberships of these bodies that hold on ``as_of`` (both end days included)."""
        return self._memberships(
            Body.key.in_(list(body_keys)), Membership.starts_on <= as_of,
            or_(Membership.ends_on.is_(None), Membership.ends_on >= as_of),
        )

    def memberships_by_id(self, ids: Collection[int]) -> list[MembershipRow]:
        """The memberships with these ids that exist (ended ones too)."""
        return self._memberships(Membership.id.in_(list(ids)))

    def _memberships(self, *where: ColumnElement[bool]) -> list[MembershipRow]:
        on_behalf_of = aliased(Organisation)
        appointed_by = aliased(Organisation)
        query = (
            select(Membership, Person.key, Body.key, on_behalf_of.key, appointed_by.key)
            .join(Person, Membership.person_id == Person.id)
            .join(Body, Membership.body_id == Body.id)
            .outerjoin(on_behalf_of, Membership.on_behalf_of_id == on_behalf_of.id)
            .outerjoin(appointed_by, Membership.appointed_by_id == appointed_by.id)
            .where(*where)
            .order_by(Body.key, Membership.id)
        )
        with self.database.unit_of_work() as session:
            rows = session.execute(query).all()
        return [
            MembershipRow(m.id, person, body, m.role, behalf, appointer, m.starts_on, m.ends_on)
            for m, person, body, behalf, appointer in rows
        ]

    def body_organisations(self, keys: Collection[str]) -> dict[str, str | None]:
        """Body key -> the key of the organisation whose own body it is (None for a joint body), for bodies that exist."""
        owner = aliased(Organisation)
        query = select(Body.key, owner.key).outerjoin(owner, Body.organisation_id == owner.id).where(Body.key.in_(list(keys)))
        with self.database.unit_of_work() as session:
            return dict(session.execute(query).all())

    def appointers(self, membership_ids: Collection[int]) -> dict[int, str | None]:
        """Membership id -> the key of the organisation that appointed it, for the memberships that exist."""
        appointed_by = aliased(Organisation)
        query = (
            select(Membership.id, appointed_by.key)
            .outerjoin(appointed_by, Membership.appointed_by_id == appointed_by.id)
            .where(Membership.id.in_(list(membership_ids)))
        )
        with self.database.unit_of_work() as session:
            return dict(session.execute(query).all())
