"""The in-memory copy of a platform's register never answers with an older state."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update

from governance.changes import Appoint
from governance.model import Body, BodyStatus, Platform
from governance.services import Applied, Governance

AS_OF = date(2026, 6, 1)


def _version(governance: Governance) -> int:
    with governance.database.unit_of_work() as session:
        return session.scalar(select(Platform.version).where(Platform.key == "bolivvejle"))


def test_reads_reuse_the_register_until_a_write(demo: Governance) -> None:
    version = _version(demo)
    with demo.database.unit_of_work() as session:
        first = demo.snapshots.register(session, ["bolivvejle"])
        assert demo.snapshots.register(session, ["bolivvejle"]) is first
    demo.create_person("ny", "Ny Person", "aab", ["social"], "test")
    assert _version(demo) == version + 1
    result = demo.apply_changes([Appoint("ny", "theme-social", "MEMBER", appointed_by="aab", on_behalf_of="aab")], AS_OF, "test")
    assert isinstance(result, Applied)
    with demo.database.unit_of_work() as session:
        again = demo.snapshots.register(session, ["bolivvejle"])
    assert again is not first and "ny" in {m.person for m in again.memberships.values()}


def test_writes_that_skip_the_services_still_invalidate(demo: Governance) -> None:
    assert demo.composition("fku", AS_OF).valid
    with demo.database.unit_of_work(write=True) as session:  # a Core statement
        session.execute(update(Body).where(Body.key == "fku").values(status=BodyStatus.DISSOLVED))
    assert demo.composition("fku", AS_OF).violations[0].rule == "membership.dissolved-body"
    with demo.database.unit_of_work(write=True) as session:  # an ORM change flushed at commit
        session.scalar(select(Body).where(Body.key == "fku")).status = BodyStatus.ACTIVE
    assert demo.composition("fku", AS_OF).valid
