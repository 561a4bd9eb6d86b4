"""The published rule sets of one database: which version is in force on a day, kept fresh.

Every process reads the versions table and looks again at most every ``interval``
seconds (one ``max(id)`` query), so a publication reaches every server on the database
within about that time, on SQLite and PostgreSQL alike, without a restart. Each version
is parsed once per process (``parsed``); a request takes one ``Timeline`` and asks it
for every day it judges, so it is answered by one consistent view of the versions.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, ClassVar, Literal

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from governance.engine.ruleset import Problem, RuleSet, read_rule_folder
from governance.errors import DatabaseUnavailable, RuleSetError
from governance.model import RuleSetVersion
from governance.rulefiles import folder_of

log = logging.getLogger("boliv.rules")
FIRST_DAY = date.min  # the first version is in force from the beginning of the register's time

_PARSED: dict[str, RuleSet] = {}
_PARSED_LOCK = threading.Lock()


@dataclass(frozen=True)
class Published:
    """One published version as the API shows it."""

    id: int
    version: str
    in_force_from: date
    in_force_until: date | None
    published_at: datetime
    published_by: str
    justification: str
    retired: tuple[str, ...]
    reports: dict[str, Any]
    files: dict[str, str] = field(repr=False)


def parsed(entry: Published) -> RuleSet:
    """The version's rule set, read once per process and version."""
    with _PARSED_LOCK:
        found = _PARSED.get(entry.version)
        if found is None:
            rule_set, problems = read_rule_folder(folder_of(entry.files))
            if rule_set is None:  # a gate let nothing like this through; say so rather than guess
                raise RuleSetError(problems)
            found = _PARSED[entry.version] = rule_set
        return found


class Timeline:
    """The versions in publication order, each with its days in force."""

    def __init__(self, rows: list[RuleSetVersion]):
        self.versions = _with_ends(rows)
        self.top = rows[-1].id if rows else 0

    def entry_on(self, day: date) -> Published:
        found = None
        for entry in self.versions:  # in force from days never decrease (governance.publish refuses that)
            if entry.in_force_from <= day:
                found = entry
        if found is None:
            raise RuleSetError([Problem("<database>", 0, 0, "no rule set is published for this day")])
        return found

    def on(self, day: date) -> RuleSet:
        return parsed(self.entry_on(day))

    @property
    def latest(self) -> Published | None:
        return self.versions[-1] if self.versions else None


def _with_ends(rows: list[RuleSetVersion]) -> list[Published]:
    """Each version ends the day before the next one that starts later; one replaced on its own first day never served."""
    entries = []
    for index, row in enumerate(rows):
        later = [r.in_force_from for r in rows[index + 1:]]
        if row.in_force_from in later:
            until: date | None = _day_before(row.in_force_from)
        else:
            until = _day_before(min(later)) if later else None
        entries.append(Published(
            row.id, row.version, row.in_force_from, until, row.published_at, row.published_by, row.justification,
            tuple(row.retired or ()), dict(row.reports or {}), dict(row.files),
        ))
    return entries


def _day_before(day: date) -> date:
    return day - timedelta(days=1) if day > FIRST_DAY else day


def read_timeline(session: Session) -> Timeline:
    return Timeline(list(session.scalars(select(RuleSetVersion).order_by(RuleSetVersion.id))))


class RuleBook:
    """The rule sets a database has published, as every answer of this process reads them."""

    draft: Literal[False] = False
    directory = None
    problems: ClassVar[list[Problem]] = []  # a published version passed its gate: nothing was refused here
    lost: ClassVar[list[str]] = []
    failing: ClassVar[list[str]] = []

    def __init__(self, database: Any, interval: float = 0.5):
        self.database = database
        self.interval = interval
        self._lock = threading.Lock()
        self._timeline: Timeline | None = None
        self._checked_at = 0.0

    def timeline(self) -> Timeline:
        """The versions as last read, read again when ``interval`` has passed.

        While one thread reads them again, the others answer with the last reading
        instead of waiting for it.
        """
        if self._timeline is None or time.monotonic() - self._checked_at >= self.interval:
            self.refresh(wait=False)
        if self._timeline is None:
            raise RuleSetError([Problem("<database>", 0, 0, "the published rule sets could not be read")])
        return self._timeline

    def refresh(self, wait: bool = True) -> bool:
        """Read the versions again when one was published since; True when the timeline changed.

        Inside a unit of work they are read through its session, never through a second
        connection (``Database.open_sessions``). Without ``wait``, while another thread is
        reading them, the last reading stands and it returns False at once; with no
        reading yet it reads them alongside.
        """
        held = self._lock.acquire(blocking=wait)
        if not held and self._timeline is not None:
            return False
        try:
            self._checked_at = time.monotonic()
            try:
                with self._session() as session:
                    top = session.scalar(select(func.max(RuleSetVersion.id))) or 0
                    if self._timeline is not None and top == self._timeline.top:
                        return False
                    timeline = read_timeline(session)
            except (SQLAlchemyError, DatabaseUnavailable) as error:  # the database is away: the versions read last keep answering
                log.warning("rule set versions not read: %s", error)
                return False
            if self._timeline is not None and timeline.top < self._timeline.top:  # a slower reader never puts back an older one
                return False
            if self._timeline is not None and timeline.latest:
                log.info("rule set %s published (in force from %s)", timeline.latest.version, timeline.latest.in_force_from)
            self._timeline = timeline
            return True
        finally:
            if held:
                self._lock.release()

    @contextmanager
    def _session(self) -> Iterator[Session]:
        """The calling thread's open session, else a unit of work of its own."""
        if opened := self.database.open_sessions:
            yield opened[-1]
            return
        with self.database.unit_of_work() as session:
            yield session

    def on(self, day: date) -> RuleSet:
        return self.timeline().on(day)

    def current(self) -> RuleSet:
        return self.on(date.today())
