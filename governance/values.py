"""The values a client writes in a change or a command: dates, membership ids, enum names.

Each parser gives the value or raises the input error that names what was written.
"""

from __future__ import annotations

import re
from datetime import date
from enum import Enum
from typing import Any, TypeVar

from governance.errors import BadDate, BadValue, UnknownKey
from governance.model import MAX_ID

E = TypeVar("E", bound=Enum)


def parse_date(value: Any, field_name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise BadDate.not_a_date(value, field_name) from None


def membership_id(value: Any) -> int:
    """A membership id as written by a client: ASCII digits within the ids the database can hold, else unknown."""
    text = str(value)
    if re.fullmatch(r"[0-9]{1,10}", text) is None or not 0 < int(text) <= MAX_ID:
        raise UnknownKey("membership", text)
    return int(text)


def enum_name(value: str, enum: type[Enum], field_name: str) -> str:
    """``value`` when it names a member of ``enum``; else an input error listing the names allowed."""
    if value not in enum.__members__:
        allowed = ", ".join(enum.__members__)
        raise BadValue("choice", value, field=field_name, allowed=allowed)
    return value


def enum_member(value: E | str, enum: type[E], field_name: str) -> E:
    """A member of ``enum``, given as one or by its name (as GraphQL and the YAML files write it)."""
    if isinstance(value, enum):
        return value
    return enum[enum_name(str(value), enum, field_name)]


def required_date(value: Any, field_name: str) -> date:
    """A date that must be given: ``parse_date``, and an empty value is no date either."""
    day = parse_date(value, field_name)
    if day is None:
        raise BadDate.not_a_date("", field_name)
    return day
