"""Lay down the BolivVejle structure and the fictional demo register."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from governance.model import (
    Body,
    BodyKind,
    BodyStatus,
    Membership,
    Organisation,
    OrganisationKind,
    Person,
    Platform,
    Role,
)
from governance.register import BodyRow, OrganisationRow, Register

DEMO_FILE = Path(__file__).with_name("demo.yaml")


def read_yaml(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def is_empty(session: Session) -> bool:
    return session.scalar(select(func.count()).select_from(Platform)) == 0


def seed_structure(session: Session, structure: dict[str, Any], suffix: str = "") -> Platform:
    """The platform, its organisations and bodies (all FORMING); keys get ``suffix``."""
    spec = structure["platform"]
    platform = Platform(
        key=spec["key"] + suffix,
        name=spec["name"] + (f" ({suffix.lstrip('-')})" if suffix else ""),
        settings={k: v + suffix for k, v in (structure.get("settings") or {}).items()},
    )
    session.add(platform)
    organisations = {}
    for spec in structure["organisations"]:
        org = Organisation(key=spec["key"] + suffix, name=spec["name"], kind=OrganisationKind[spec["kind"]], platform=platform)
        organisations[spec["key"]] = org
        session.add(org)
    bodies: dict[str, Body] = {}
    for spec in structure["bodies"]:
        body = Body(
            key=spec["key"] + suffix,
            name=spec["name"],
            kind=BodyKind[spec["kind"]],
            status=BodyStatus.FORMING,
            platform=platform,
            organisation=organisations.get(spec.get("organisation")),
            parent=bodies.get(spec.get("parent")),
            topic=spec.get("topic"),
            expires_on=spec.get("expiresOn"),
        )
        bodies[spec["key"]] = body
        session.add(body)
    session.flush()
    return platform


def seed_demo(session: Session, demo: dict[str, Any], suffix: str = "") -> None:
    """Fictional persons and memberships, then the standing bodies constituted."""
    org_ids = dict(session.execute(select(Organisation.key, Organisation.id)).all())
    body_ids = dict(session.execute(select(Body.key, Body.id)).all())
    persons = {}
    for spec in demo.get("persons", []):
        person = Person(
            key=spec["key"] + suffix, name=spec["name"],
            organisation_id=org_ids.get((spec.get("organisation") or "") + suffix),
            qualifications=list(spec.get("qualifications") or []),
        )
        persons[spec["key"]] = person
        session.add(person)
    session.flush()
    for spec in demo.get("memberships", []):
        session.add(
            Membership(
                person_id=persons[spec["person"]].id,
                body_id=body_ids[spec["body"] + suffix],
                role=Role[spec["role"]],
                on_behalf_of_id=org_ids.get((spec.get("onBehalfOf") or "") + suffix),
                appointed_by_id=org_ids.get((spec.get("appointedBy") or "") + suffix),
                starts_on=_as_date(spec["startsOn"]),
                ends_on=_as_date(spec.get("endsOn")),
            )
        )
    constitute = [key + suffix for key in demo.get("constitute", [])]
    for body in session.scalars(select(Body).where(Body.key.in_(constitute))):
        body.status = BodyStatus.ACTIVE
    session.flush()


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def structure_register(structure: dict[str, Any]) -> Register:
    """The structure file as a register in memory (no people), for questions about the rules alone."""
    platform = structure["platform"]["key"]
    register = Register(platforms={platform: dict(structure.get("settings") or {})})
    for spec in structure["organisations"]:
        register.organisations[spec["key"]] = OrganisationRow(spec["key"], spec["name"], OrganisationKind[spec["kind"]], platform)
    for spec in structure["bodies"]:
        register.bodies[spec["key"]] = BodyRow(
            spec["key"], spec["name"], BodyKind[spec["kind"]], BodyStatus.FORMING, platform,
            spec.get("organisation"), spec.get("parent"), spec.get("topic"), _as_date(spec.get("expiresOn")),
        )
    return register
