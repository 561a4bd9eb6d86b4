"""The country at a glance: the platforms (one per municipality in the national data) and paged totals.

``bodies`` and ``persons`` take ``platform``, ``limit`` and ``offset`` (schema.query);
the totals a pager needs are ``bodyCount`` and ``personCount`` with the same filters.
"""

from __future__ import annotations

import strawberry

from governance.errors import BadValue
from governance.queries import PlatformRow
from schema.context import ContextInfo
from schema.errors import InvalidInput, check_limit
from schema.offload import offload
from schema.permissions import Action, requires

MAX_PAGE = 1000  # the most rows one page of bodies or persons may ask for


def check_page(limit: int | None, offset: int, lang: str) -> None:
    """Refuse a page outside limit 1 … MAX_PAGE or a negative offset (BAD_VALUE)."""
    if limit is not None:
        check_limit(limit, MAX_PAGE, lang)
    if offset < 0:
        raise InvalidInput(BadValue("offset", str(offset)), lang)


@strawberry.type(description="A collaboration platform: BolivVejle, or one municipality's in the national data.")
class Platform:
    key: str
    name: str
    body_count: int = strawberry.field(description="How many bodies it holds.")
    person_count: int = strawberry.field(description="How many persons its organisations hold.")

    @classmethod
    def from_row(cls, row: PlatformRow) -> Platform:
        return cls(key=row.key, name=row.name, body_count=row.bodies, person_count=row.persons)


@strawberry.type
class PlatformQuery:
    @strawberry.field(extensions=[requires(Action.READ)], description="Every platform, ordered by key, with its counts.")
    async def platforms(self, info: ContextInfo) -> list[Platform]:
        context = info.context
        return [Platform.from_row(row) for row in await offload(context.lang, context.queries.platforms)]

    @strawberry.field(
        extensions=[requires(Action.READ)],
        description="How many bodies `bodies(platform:)` lists without limit; an unknown platform is UNKNOWN_KEY.",
    )
    async def body_count(self, info: ContextInfo, platform: str | None = None) -> int:
        context = info.context
        return await offload(context.lang, context.queries.body_count, platform)

    @strawberry.field(
        extensions=[requires(Action.READ)],
        description="How many persons `persons(organisation:, platform:)` lists without limit.",
    )
    async def person_count(self, info: ContextInfo, organisation: str | None = None, platform: str | None = None) -> int:
        context = info.context
        return await offload(context.lang, context.queries.person_count, organisation, platform)
