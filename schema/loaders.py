"""DataLoaders, new for every request: each batches its keys into one query.

A list of bodies with their members, persons and organisations therefore costs a fixed
number of SQL statements, whatever the number of bodies.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from strawberry.dataloader import DataLoader

from governance.documents import DocumentRecord, documents_of
from governance.queries import Queries
from governance.register import BodyRow, MembershipRow, OrganisationRow, PersonRow
from schema.offload import offload

Row = TypeVar("Row", OrganisationRow, PersonRow, BodyRow)


@dataclass(frozen=True)
class Loaders:
    organisations: DataLoader[str, OrganisationRow | None]
    persons: DataLoader[str, PersonRow | None]
    bodies: DataLoader[str, BodyRow | None]
    members: DataLoader[tuple[str, date], list[MembershipRow]]
    documents: DataLoader[str, list[DocumentRecord]]


def create_loaders(queries: Queries, lang: str) -> Loaders:
    def by_key(fetch: Callable[[list[str]], list[Row]]) -> DataLoader[str, Row | None]:
        async def load(keys: list[str]) -> Sequence[Row | None]:
            found = {row.key: row for row in await offload(lang, fetch, keys)}
            return [found.get(key) for key in keys]

        return DataLoader(load_fn=load)

    async def load_members(keys: list[tuple[str, date]]) -> Sequence[list[MembershipRow]]:
        """One query per distinct date asked for (a request usually asks for one)."""
        bodies_by_day: dict[date, list[str]] = defaultdict(list)
        for body, day in keys:
            bodies_by_day[day].append(body)
        found: dict[tuple[str, date], list[MembershipRow]] = defaultdict(list)
        for day, bodies in bodies_by_day.items():
            for row in await offload(lang, queries.memberships, bodies, day):
                found[(row.body, day)].append(row)
        return [found[key] for key in keys]

    async def load_documents(keys: list[str]) -> Sequence[list[DocumentRecord]]:
        found: dict[str, list[DocumentRecord]] = defaultdict(list)
        for row in await offload(lang, documents_of, queries.database, keys):
            found[row.body].append(row)
        return [found[key] for key in keys]

    return Loaders(
        organisations=by_key(queries.organisations),
        persons=by_key(queries.persons),
        bodies=by_key(queries.bodies),
        members=DataLoader(load_fn=load_members),
        documents=DataLoader(load_fn=load_documents),
    )
