"""The keyed audit chain: every entry sealed with an HMAC of its content and of the entry before it.

An entry's ``digest`` is HMAC-SHA256, under the key of ``governance.audit_key``, of the
digest of the entry before it and of the entry's own fields (``CHAINED``, its ``id`` and
``previous_id`` among them). Entries are sealed as they are flushed (``_seal_new_entries``),
whoever writes them, while the writer holds the trail's lock: SQLite's single writer
(every writing unit begins ``BEGIN IMMEDIATE``), a PostgreSQL advisory lock held to the
end of the transaction. So appends from many processes form one chain, and a second
entry naming the same predecessor is refused by a unique constraint besides.

``verify`` walks the chain and names the first entry that was altered, removed or forged.
Someone who writes to the database without the key cannot make a digest that verifies;
what the chain cannot show (the newest entries cut off, or anything done by someone who
holds the key as well) is in docs/security.md.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, event, select
from sqlalchemy.orm import Session

from governance.audit_key import audit_key
from governance.model import AuditEntry, utcnow

# The fields an entry's digest covers, in this order. A column added later is covered only
# when it is added here, by a migration that seals the entries again.
CHAINED = (
    "id", "previous_id", "at", "actor", "action", "request", "body_keys", "allowed", "violations",
    "rule_set_version", "justification", "override",
)
_LOCK_KEY = 0x626F6C6961  # the PostgreSQL advisory lock of the audit trail ("bolia")


_JSON_FIELDS = ("request", "body_keys", "violations")
_JSON = [CHAINED.index(name) for name in _JSON_FIELDS]
_BOOLEAN = {CHAINED.index(name) for name in ("allowed", "override")}
_AT = CHAINED.index("at")
_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=True, separators=(",", ":"))


def _moment(value: datetime | str) -> str:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite keeps UTC without the offset
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def content(values: Sequence[Any]) -> bytes:
    """The canonical bytes of an entry's chained fields, given in ``CHAINED`` order.

    The same whether the values come from the model, from the database driver (JSON as
    text, booleans as 0 and 1, SQLite's dates without their zone) or from an export; ASCII
    JSON, so any text, even a lone surrogate, encodes.
    """
    fields = list(values)
    texts = [fields[index] for index in _JSON]
    if all(isinstance(text, str) for text in texts):  # as SQLite's driver gives them: one decode, not three
        for index, value in zip(_JSON, json.loads(f"[{','.join(texts)}]"), strict=True):
            fields[index] = value
    else:
        for index, text in zip(_JSON, texts, strict=True):
            if isinstance(text, str):
                fields[index] = json.loads(text)
    for index in _BOOLEAN:
        fields[index] = bool(fields[index])
    if fields[_AT] is not None:
        fields[_AT] = _moment(fields[_AT])
    return _ENCODER.encode(fields).encode("ascii")


def seal(key: bytes, previous_digest: str | None, values: Sequence[Any]) -> str:
    """The digest of an entry (its ``CHAINED`` values) that follows the entry with ``previous_digest`` (None for the first)."""
    message = (previous_digest or "").encode("ascii") + b"\n" + content(values)
    return hmac.digest(key, message, "sha256").hex()


def chained_values(entry: Mapping[str, Any] | AuditEntry) -> list[Any]:
    """An entry's ``CHAINED`` values, from a mapping (a row of an export) or a model object."""
    if isinstance(entry, Mapping):
        return [entry.get(name) for name in CHAINED]
    return [getattr(entry, name) for name in CHAINED]


def lock_trail(connection: Connection) -> None:
    """Serialise appends to the trail until the transaction ends (SQLite: the writing unit holds the database)."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_LOCK_KEY})")


def newest(connection: Connection) -> tuple[int, str] | None:
    """The id and digest of the newest entry, if any."""
    table = AuditEntry.__table__
    row = connection.execute(select(table.c.id, table.c.digest).order_by(table.c.id.desc()).limit(1)).first()
    return (row.id, row.digest) if row else None


@event.listens_for(Session, "before_flush")
def _seal_new_entries(session: Session, _context: Any, _instances: Any) -> None:
    """Give every new entry its place in the chain and its digest, under the trail's lock."""
    entries = [obj for obj in session.new if isinstance(obj, AuditEntry)]
    if not entries:
        return
    connection = session.connection()
    key = audit_key(connection).secret
    lock_trail(connection)
    last = newest(connection)
    for entry in entries:
        entry.at = _utc(entry.at or utcnow())
        entry.request = {} if entry.request is None else entry.request
        entry.body_keys = [] if entry.body_keys is None else entry.body_keys
        entry.violations = [] if entry.violations is None else entry.violations
        entry.override = bool(entry.override)
        entry.id = last[0] + 1 if last else 1
        entry.previous_id = last[0] if last else None
        entry.digest = seal(key, last[1] if last else None, chained_values(entry))
        last = (entry.id, entry.digest)


def _utc(moment: datetime) -> datetime:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


# -- verifying ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """The first place where the chain does not hold."""

    entry: int  # the id of the entry named
    kind: str  # "altered or forged", "removed", "forged"
    message: str


@dataclass(frozen=True)
class Verification:
    count: int
    newest: tuple[int, str] | None  # id and digest of the newest entry read
    finding: Finding | None

    @property
    def intact(self) -> bool:
        return self.finding is None


def verify(rows: Iterable[Sequence[Any]], key: bytes) -> Verification:
    """Walk entries (their ``CHAINED`` values, then the digest) in id order; stop at the first that does not hold."""
    last: tuple[int, str] | None = None
    count = 0
    for row in rows:
        finding = _check(row, last, key)
        if finding is not None:
            return Verification(count, last, finding)
        last = (row[_ID], row[-1])
        count += 1
    return Verification(count, last, None)


_ID, _PREVIOUS = CHAINED.index("id"), CHAINED.index("previous_id")


def _check(row: Sequence[Any], last: tuple[int, str] | None, key: bytes) -> Finding | None:
    entry, named, digest = row[_ID], row[_PREVIOUS], row[-1]
    expected = last[0] if last else None
    if named != expected:
        if named is not None and (expected is None or expected < named < entry):
            before = f"entry {expected}" if expected is not None else "no entry"
            return Finding(named, "removed", f"entry {named} was removed: entry {entry} names it as the one before, but the trail holds {before} there")
        return Finding(entry, "forged", f"entry {entry} is forged: it names {_entry(named)} as the one before, but the one before is {_entry(expected)}")
    if not isinstance(digest, str) or not hmac.compare_digest(digest, seal(key, last[1] if last else None, row[:-1])):
        return Finding(entry, "altered or forged", f"entry {entry} was altered or forged: its digest does not match its content and the entry before it")
    return None


def _entry(entry_id: int | None) -> str:
    return "no entry" if entry_id is None else f"entry {entry_id}"


def stored_entries(connection: Connection) -> Iterable[Sequence[Any]]:
    """The database's entries in id order, as the driver gives them (decoding rows in Python would take longer than the HMACs)."""
    text_json = connection.dialect.name == "postgresql"  # JSON as its text, decoded once a row (``content``)
    columns = ", ".join(f"{name}::text" if text_json and name in _JSON_FIELDS else name for name in (*CHAINED, "digest"))
    query = f"SELECT {columns} FROM audit_entries ORDER BY id"
    cursor = connection.exec_driver_sql(query, execution_options={"stream_results": True})  # for this statement only
    while batch := cursor.fetchmany(10_000):
        yield from batch
