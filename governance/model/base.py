"""What every table of the register shares: the declarative base, enums stored by name, the clock."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, Enum
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[str]: JSON}


def enum_column(cls: type[enum.Enum]) -> Enum:
    """Store enums as their names in a plain string column, portable across back ends."""
    return Enum(cls, native_enum=False, length=32, validate_strings=True)



def utcnow() -> datetime:
    return datetime.now(UTC)


MAX_ID = 2**31 - 1  # the largest id an INTEGER primary key holds on PostgreSQL (and so on both back ends)
