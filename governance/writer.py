"""Write the difference between a register and its changed copy, inside the caller's transaction."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from governance.model import Body, BodyKind, BodyStatus, Membership, Organisation, Person, Platform, Role
from governance.register import Register


def write_difference(session: Session, before: Register, after: Register) -> list[int]:
    """Insert new bodies and memberships, update changed ones; return the new membership ids."""
    org_ids = dict(session.execute(select(Organisation.key, Organisation.id)).all())
    platform_ids = dict(session.execute(select(Platform.key, Platform.id)).all())
    body_ids = dict(session.execute(select(Body.key, Body.id).where(Body.key.in_(list(after.bodies)))).all())

    for key, body_row in after.bodies.items():
        if key not in before.bodies:
            body = Body(
                key=body_row.key, name=body_row.name, kind=BodyKind(body_row.kind), status=BodyStatus(body_row.status),
                platform_id=platform_ids[body_row.platform],
                parent_id=body_ids.get(body_row.parent) if body_row.parent else None,
                topic=body_row.topic, expires_on=body_row.expires_on,
                organisation_id=org_ids.get(body_row.organisation or ""),
            )
            session.add(body)
            session.flush()
            body_ids[key] = body.id
        elif body_row != before.bodies[key]:
            body = session.get_one(Body, body_ids[key])
            body.name = body_row.name
            body.status = BodyStatus(body_row.status)
            body.dissolved_on = body_row.dissolved_on
            body.expires_on = body_row.expires_on

    person_ids = dict(
        session.execute(
            select(Person.key, Person.id).where(Person.key.in_({m.person for m in after.memberships.values() if m.id < 0}))
        ).all()
    )
    created: list[Membership] = []
    for membership_id, row in after.memberships.items():
        if membership_id < 0:
            membership = Membership(
                person_id=person_ids[row.person], body_id=body_ids[row.body], role=Role(row.role),
                on_behalf_of_id=org_ids.get(row.on_behalf_of or ""), appointed_by_id=org_ids.get(row.appointed_by or ""),
                starts_on=row.starts_on, ends_on=row.ends_on,
            )
            session.add(membership)
            created.append(membership)
        elif row != before.memberships[membership_id]:
            session.get_one(Membership, membership_id).ends_on = row.ends_on
    session.flush()
    return [m.id for m in created]
