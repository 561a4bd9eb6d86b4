"""The register proper: platforms, organisations, people, bodies and memberships.

Field names follow Popolo / Open Civic Data where they fit: an organisation of the
source is a party (``Organisation``), a Popolo "organization" that people sit in is a
``Body``, and ``Membership`` carries ``role``, ``on_behalf_of``, ``starts_on`` and
``ends_on`` (valid time: both days included, ``None`` means open-ended).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    Date,
    ForeignKey,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governance.enums import BodyKind, BodyStatus, OrganisationKind, Role
from governance.model.base import Base, enum_column


class Platform(Base):
    """A collaboration platform such as BolivVejle; the national data holds one per municipality.

    Rules never relate bodies of different platforms, so a platform is also the unit a
    check loads and the unit a write locks.
    """

    __tablename__ = "platforms"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Bumped by every write that touches the platform's register; caches of it key on this.
    version: Mapped[int] = mapped_column(default=0, server_default="0")


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind))
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id"), index=True)

    platform: Mapped[Platform] = relationship()


class Person(Base):
    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    qualifications: Mapped[list[str]] = mapped_column(default=list)

    organisation: Mapped[Organisation | None] = relationship()


class Body(Base):
    __tablename__ = "bodies"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[BodyKind] = mapped_column(enum_column(BodyKind))
    status: Mapped[BodyStatus] = mapped_column(enum_column(BodyStatus), default=BodyStatus.FORMING)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id"), index=True)
    topic: Mapped[str | None] = mapped_column(String(40))
    expires_on: Mapped[date | None] = mapped_column(Date)
    dissolved_on: Mapped[date | None] = mapped_column(Date)

    platform: Mapped[Platform] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    parent: Mapped[Body | None] = relationship(remote_side=[id])


class Membership(Base):
    __tablename__ = "memberships"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role))
    on_behalf_of_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    appointed_by_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)

    person: Mapped[Person] = relationship()
    body: Mapped[Body] = relationship()
    on_behalf_of: Mapped[Organisation | None] = relationship(foreign_keys=[on_behalf_of_id])
    appointed_by: Mapped[Organisation | None] = relationship(foreign_keys=[appointed_by_id])

