"""The whole register as Popolo-style JSON, and back into an empty database.

``export_document`` reads every table of the register in one consistent snapshot and
writes it as one JSON document; ``import_document`` writes such a document into an
empty database, keeping every row's id (audit entries and changes name membership
ids) and every key. Export, import into a fresh database and export again gives the
same bytes, on SQLite and on PostgreSQL alike: this is the backup, and the way to move
a register between the two (docs/robustness.md describes the format).

The mapping is generic over the tables of ``governance.model``, so a table added later
is carried too: a row's ``id`` is its key where the table has one (with the database id
beside it as ``db_id``), else its database id; a reference to a table with keys is
that key. Popolo's names are used where they fit: the bodies people sit in are
``organizations`` (their kind is the ``classification``), the source's organisations
are ``parties``, memberships have ``person_id``, ``organization_id``, ``start_date`` and
``end_date``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import IO, Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Enum,
    Integer,
    String,
    Table,
    func,
    select,
    text,
    update,
)
from sqlalchemy.exc import DBAPIError

from governance import migrations
from governance.engine import RuleSet
from governance.import_checks import ImportRefused, check_dates, check_id, record
from governance.import_verdict import ImportViolations, check_trail, record_override, rule_violations
from governance.model import MAX_ID, Base
from governance.rulesource import RuleSource
from governance.store import Database

__all__ = ["ImportRefused", "ImportViolations", "export_document", "import_document", "write_export"]

FORMAT = "boliv-popolo"
VERSION = 1

# Table -> section name (Popolo's where it fits); every other table keeps its name.
SECTIONS = {"organisations": "parties", "bodies": "organizations", "api_tokens": "tokens"}
# The order of the sections in a document; tables not named here follow in dependency order.
ORDER = [
    "platforms", "organisations", "persons", "bodies", "memberships",
    "cases", "case_concerns", "case_history", "hearing_answers", "case_approvals",
    "activity_pools", "pool_shares", "detail_budgets", "action_plans", "events", "documents",
    "audit_entries", "api_tokens",
]
# Column -> field name, per table; references are renamed after the table they point to.
FIELDS = {
    "organisations": {"kind": "classification"},
    "bodies": {"kind": "classification", "dissolved_on": "dissolution_date"},
    "memberships": {"starts_on": "start_date", "ends_on": "end_date"},
}
REFERENCE_NAMES = {"body_id": "organization_id", "organisation_id": "party_id"}


@dataclass(frozen=True)
class _Field:
    name: str  # in the document
    column: Column[Any]
    target: Table | None = None  # the table a foreign key points to


def _tables() -> list[Table]:
    """The register's tables in the document's order."""
    tables = {t.name: t for t in Base.metadata.sorted_tables}
    known = [tables[name] for name in ORDER if name in tables]
    return known + [t for t in Base.metadata.sorted_tables if t.name not in ORDER]


def _keyed(table: Table) -> bool:
    return "key" in table.columns and "id" in table.columns


def _section(table: Table) -> str:
    return SECTIONS.get(table.name, table.name)


def _fields(table: Table) -> list[_Field]:
    """The fields of a table's rows in the document, in column order (``id`` first)."""
    fields = []
    for column in table.columns:
        if column.name == "key":
            continue
        if column.name == "id" and _keyed(table):
            fields += [_Field("id", table.columns["key"]), _Field("db_id", column)]
            continue
        target = next(iter(column.foreign_keys)).column.table if column.foreign_keys else None
        name = FIELDS.get(table.name, {}).get(column.name) or (REFERENCE_NAMES.get(column.name, column.name) if target is not None else column.name)
        fields.append(_Field(name, column, target))
    return fields


def _order(table: Table) -> list[Column[Any]]:
    return list(table.primary_key.columns)


# -- values -------------------------------------------------------------------------------


def _canonical(value: Any) -> Any:
    """Free JSON (settings, requests, violations) with its keys sorted, so equal values write equal bytes."""
    if isinstance(value, dict):
        return {k: _canonical(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    return value


def _out(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, DateTime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)  # SQLite keeps UTC without the offset
        return moment.astimezone(UTC).isoformat()
    if isinstance(kind, Date):
        return value.isoformat()
    if isinstance(kind, Enum):
        return value.value if kind.enum_class is not None else value
    if isinstance(kind, JSON):
        return _canonical(value)
    return value


def _in(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    kind = column.type
    try:
        if isinstance(kind, DateTime):
            moment = datetime.fromisoformat(value)
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        if isinstance(kind, Date):
            return date.fromisoformat(value)
        if isinstance(kind, Enum):
            return kind.enum_class(value) if kind.enum_class is not None else value
        if isinstance(kind, Boolean) and not isinstance(value, bool):
            raise TypeError("not true or false")
        if isinstance(kind, Integer) and (not isinstance(value, int) or isinstance(value, bool)):
            raise TypeError("not a whole number")
        if isinstance(kind, Integer) and not -MAX_ID - 1 <= value <= MAX_ID:
            raise ValueError("beyond the whole numbers the database holds")
        if isinstance(kind, String) and not isinstance(value, str):
            raise TypeError("not text")
        if isinstance(kind, String) and "\x00" in value:
            raise ValueError("text cannot hold the NUL character U+0000")
        if isinstance(kind, String) and kind.length is not None and len(value) > kind.length:
            raise ValueError(f"longer than the {kind.length} characters it may have")
    except (TypeError, ValueError) as error:
        shown = value if len(repr(value)) <= 80 else f"{repr(value)[:60]}…"
        raise ImportRefused(f"{shown!r} is not a valid value ({error})") from None
    return value


# -- export ----------------------------------------------------------------------------------


def export_document(database: Database) -> dict[str, Any]:
    """The whole register as a document, read in one snapshot."""
    with database.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            return _read(connection)


def _read(connection: Connection) -> dict[str, Any]:
    document: dict[str, Any] = {"format": FORMAT, "version": VERSION, "migration": migrations.current(connection)}
    keys: dict[str, dict[int, str]] = {t.name: dict(connection.execute(select(t.c.id, t.c.key)).all()) for t in _tables() if _keyed(t)}
    for table in _tables():
        fields = _fields(table)
        rows = []
        for row in connection.execute(select(table).order_by(*_order(table))).mappings():
            item = {}
            for field in fields:
                value = row[field.column.name]
                if field.target is not None and _keyed(field.target) and value is not None:
                    value = keys[field.target.name][value]
                item[field.name] = _out(field.column, value)
            rows.append(item)
        document[_section(table)] = rows
    return document


def dumps(document: dict[str, Any]) -> str:
    """The document as text: UTF-8 JSON, one row a line, ending in a newline."""
    lines = ["{"]
    items = list(document.items())
    for number, (name, value) in enumerate(items):
        comma = "," if number < len(items) - 1 else ""
        if isinstance(value, list):
            rows = [json.dumps(row, ensure_ascii=False) for row in value]
            body = ",\n".join(f"  {row}" for row in rows)
            lines.append(f"{json.dumps(name)}: [\n{body}\n]{comma}" if rows else f"{json.dumps(name)}: []{comma}")
        else:
            lines.append(f"{json.dumps(name)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_export(database: Database, stream: IO[str]) -> dict[str, int]:
    """Write the export to a text stream; the number of rows of each section."""
    document = export_document(database)
    stream.write(dumps(document))
    return {name: len(value) for name, value in document.items() if isinstance(value, list)}


# -- import ----------------------------------------------------------------------------------


def import_document(
    database: Database, document: dict[str, Any], *, rules: RuleSet | None = None, with_tokens: bool = False,
    justification: str | None = None, today: date | None = None,
) -> dict[str, int]:
    """Write a document into an empty database (created and migrated first); the rows of each section.

    Refuses (``ImportRefused``) a database that holds anything, a document that is not an
    export of this format or holds a row the register would not (``governance.import_checks``),
    an audit trail whose chain does not verify, and (``ImportViolations``) a register that
    breaks an ERROR rule, unless a ``justification`` overrides that, which the audit trail
    records. Tokens are written only ``with_tokens``: a token in a file is a password to
    this register. Nothing is written when the import is refused.
    """
    _check_header(document)
    rule_set = rules or RuleSource(None).current()
    database.create_schema()
    with database.engine.connect() as connection:
        connection = connection.execution_options(boliv_write=True)  # SQLite: BEGIN IMMEDIATE (governance.store)
        try:
            with connection.begin():
                _check_empty(connection, database)
                counts = _write(connection, document, with_tokens)
                check_trail(connection)
                violations = rule_violations(connection, rule_set, today or date.today())
                if violations and justification is None:
                    raise ImportViolations(violations, rule_set.version)
                if violations:
                    request = {"import": {name: count for name, count in counts.items() if count}, "withTokens": with_tokens}
                    record_override(connection, violations, rule_set.version, justification or "", request)
                if connection.dialect.name == "postgresql":
                    _advance_sequences(connection)
        except DBAPIError as error:  # a row the checks let through but the database would not hold
            raise ImportRefused(f"The database refused a row of the file, so nothing was imported: {error.orig}") from None
    return counts


def _check_empty(connection: Connection, database: Database) -> None:
    held = {t.name: connection.scalar(select(func.count()).select_from(t)) for t in _tables()}
    if any(held.values()):
        listed = ", ".join(f"{count} {_section(t)}" for t, count in ((t, held[t.name]) for t in _tables()) if count)
        raise ImportRefused(
            f"The database at {database.engine.url.render_as_string(hide_password=True)} is not empty "
            f"(it holds {listed}); import only into an empty database."
        )


def _check_header(document: Any) -> None:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportRefused(f"This is not a boliv export (no \"format\": \"{FORMAT}\").")
    if document.get("version") != VERSION:
        raise ImportRefused(f"This export has format version {document.get('version')!r}; this boliv reads version {VERSION}.")
    sections = {_section(t) for t in _tables()}
    unknown = sorted(set(document) - sections - {"format", "version", "migration"})
    if unknown:
        raise ImportRefused(f"This export has sections this boliv does not know: {', '.join(unknown)}.")


def _write(connection: Connection, document: dict[str, Any], with_tokens: bool) -> dict[str, int]:
    ids = _keys(document)  # keyed table -> key -> id, from the document itself
    written: dict[str, set[object]] = {}  # table -> the ids written so far
    counts = {}
    for table in Base.metadata.sorted_tables:  # every reference's target before the reference
        rows = document.get(_section(table)) or []
        if not isinstance(rows, list):
            raise ImportRefused(f"{_section(table)}: not a list of rows.")
        if table.name == "api_tokens" and not with_tokens:
            rows = []
        values, later = [], []
        for number, row in enumerate(rows, start=1):
            item = _row(table, record(_section(table), number, row), row, ids, written)
            if table.name == "bodies" and item.get("parent_id") is not None:  # parents may follow their sub-groups
                later.append((item["id"], item["parent_id"]))
                item["parent_id"] = None
            values.append(item)
        for chunk in _chunks(values, 1000):
            connection.execute(table.insert(), chunk)
        for body_id, parent_id in later:
            connection.execute(update(table).where(table.c.id == body_id).values(parent_id=parent_id))
        counts[_section(table)] = len(values)
    return {_section(t): counts[_section(t)] for t in _tables()}


def _keys(document: dict[str, Any]) -> dict[str, dict[str, int | None]]:
    """Key -> database id of every keyed table, refusing a key or an id that appears twice."""
    ids: dict[str, dict[str, int | None]] = {}
    for table in _tables():
        if not _keyed(table):
            continue
        rows = document.get(_section(table)) or []
        if not isinstance(rows, list):
            raise ImportRefused(f"{_section(table)}: not a list of rows.")
        found: dict[str, int | None] = {}  # None for a row without db_id, which _row refuses
        for number, row in enumerate(rows, start=1):
            if not isinstance(row, dict) or not isinstance(row.get("id"), str):
                raise ImportRefused(f"{record(_section(table), number, row)}: not a row with a key as its id.")
            if row["id"] in found:
                raise ImportRefused(f"{record(_section(table), number, row)}: the key {row['id']!r} appears twice in {_section(table)}.")
            found[row["id"]] = row.get("db_id")
        ids[table.name] = found
    return ids


def _row(table: Table, label: str, row: Any, ids: dict[str, dict[str, int | None]], written: dict[str, set[object]]) -> dict[str, Any]:
    """One row of the document as the table's values, checked; ``written`` gains its id."""
    if not isinstance(row, dict):
        raise ImportRefused(f"{label}: not an object.")
    fields = _fields(table)
    extra = set(row) - {f.name for f in fields}
    if extra:
        raise ImportRefused(f"{label}: unknown fields {', '.join(sorted(extra))}")
    item: dict[str, Any] = {}
    for field in fields:
        if field.name not in row:
            if field.column.nullable or field.column.default is not None or field.column.server_default is not None:
                continue  # an older export: the column's default
            raise ImportRefused(f"{label}: a row without {field.name}")
        value = row[field.name]
        if field.target is not None and _keyed(field.target) and value is not None:
            found = ids[field.target.name].get(value) if isinstance(value, str) else None
            if found is None:
                raise ImportRefused(f"{label}: {field.name} names {value!r}, which is not in {_section(field.target)}")
            value = found
        try:
            item[field.column.name] = _in(field.column, value)
        except ImportRefused as error:
            raise ImportRefused(f"{label}: {field.name} {error}") from None
        if field.column.primary_key or field.column.foreign_keys or field.name == "db_id":
            check_id(label, field.name, item[field.column.name])
        if field.target is not None and not _keyed(field.target) and value is not None and value not in written.get(field.target.name, ()):
            raise ImportRefused(f"{label}: {field.name} names {value!r}, which is not in {_section(field.target)}")
    check_dates(table.name, label, item, {f.column.name: f.name for f in fields})
    primary = tuple(item.get(column.name) for column in table.primary_key.columns)
    seen = written.setdefault(table.name, set())
    key = primary[0] if len(primary) == 1 else primary
    if key in seen:
        raise ImportRefused(f"{label}: its id appears twice in {_section(table)}")
    seen.add(key)
    return item


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterable[list[dict[str, Any]]]:
    """Rows in batches of equal shape (an executemany needs the same columns in each row)."""
    shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        shapes.setdefault(tuple(row), []).append(row)
    for batch in shapes.values():
        for start in range(0, len(batch), size):
            yield batch[start:start + size]


def _advance_sequences(connection: Connection) -> None:
    """PostgreSQL hands out ids from sequences: start each after the largest id imported."""
    for table in Base.metadata.sorted_tables:
        column = table.columns.get("id")
        if column is None or not column.primary_key or not column.autoincrement:
            continue
        connection.execute(
            text(f"SELECT setval(pg_get_serial_sequence(:table, 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table.name}"),
            {"table": table.name},
        )
