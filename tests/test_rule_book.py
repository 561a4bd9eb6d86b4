"""The published versions as a process reads them: read through the open unit of work, never a queue.

A thread that holds a unit of work (a pooled connection, perhaps a platform's lock) and
waits for another connection can, with enough such threads, take the whole pool and
wait forever; sixteen concurrent appointments on PostgreSQL once did.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

from sqlalchemy import event

from governance.services import Governance


def _checkouts(governance: Governance) -> list[int]:
    """A list that grows by one each time the engine's pool hands out a connection."""
    handed: list[int] = []

    def checkout(*_: Any) -> None:
        handed.append(1)

    event.listen(governance.database.engine, "checkout", checkout)
    return handed


def test_inside_a_unit_of_work_the_versions_are_read_through_its_session(governance: Governance) -> None:
    governance.rules.interval = 0  # every call is due to read again
    version = governance.rules.current().version
    handed = _checkouts(governance)
    with governance.database.unit_of_work(write=True) as session:
        handed.clear()
        statements = _statements(governance)
        assert governance.rules.current().version == version
        assert governance.timeline().on(date.today()).version == version
        assert handed == [], "no second connection while the unit holds one"
        assert any("rule_set_versions" in s for s in statements), "read again, in the unit's own transaction"
        assert session.in_transaction()
    assert governance.database.open_sessions == []
    governance.rules.current()
    assert handed == [1], "outside a unit the versions are read again"


def _statements(governance: Governance) -> list[str]:
    """A list of the SQL statements the engine runs from now on."""
    run: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        run.append(statement)

    event.listen(governance.database.engine, "before_cursor_execute", before)
    return run


def test_while_one_thread_reads_the_versions_the_others_answer_at_once(governance: Governance) -> None:
    governance.rules.interval = 0
    version = governance.rules.current().version
    slow = threading.local()
    reading, go_on = threading.Event(), threading.Event()

    def stall(*_: Any) -> None:  # the slow reader gets its connection only when the test lets it
        if getattr(slow, "reader", False):
            reading.set()
            go_on.wait(timeout=10)

    def read_slowly() -> None:
        slow.reader = True
        governance.rules.current()

    event.listen(governance.database.engine, "checkout", stall)
    reader = threading.Thread(target=read_slowly)
    reader.start()
    try:
        assert reading.wait(timeout=10)
        answered = threading.Thread(target=governance.rules.current)
        answered.start()
        answered.join(timeout=5)
        assert not answered.is_alive(), "a second thread waited for the first one's reading"
        assert governance.rules.current().version == version
    finally:
        go_on.set()
        reader.join(timeout=10)
