"""What ``boliv import`` checks in a document before and while it writes it.

The file must be UTF-8 JSON with no object naming a field twice, no ``NaN``, no text
that is not Unicode (a lone surrogate) and no nesting deeper than ``MAX_DEPTH``; every row
must be an object whose ids are positive and unique, whose references name rows of the
document, and whose dates are in order. Every refusal names the record it is about.
The rules' verdict and the audit chain are checked after the rows are written, inside
the same transaction (``governance.import_verdict``).
"""

from __future__ import annotations

import json
from typing import Any

MAX_DEPTH = 64  # an export nests four levels; the requests its audit entries record a few more
# Tables whose rows hold a first and a last day: (first, last), the last never before the first.
DATE_ORDER = {"memberships": ("starts_on", "ends_on"), "detail_budgets": ("made_on", "presented_on")}


class ImportRefused(Exception):
    """The document cannot be imported here; nothing was written."""


def read_document(data: bytes) -> dict[str, Any]:
    """A document from the bytes of a file, or ``ImportRefused`` saying what is wrong with them."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ImportRefused(f"The file is not UTF-8 text (byte {error.start} cannot be read).") from None
    try:
        document = json.loads(text, object_pairs_hook=_object, parse_constant=_constant)
    except RecursionError:
        raise ImportRefused(f"The file nests too deeply: an export nests no more than {MAX_DEPTH} levels.") from None
    except json.JSONDecodeError as error:
        raise ImportRefused(f"The file is not JSON: {error.msg} at line {error.lineno}, column {error.colno}.") from None
    if not isinstance(document, dict):
        raise ImportRefused("This is not a boliv export (not a JSON object).")
    for name, value in document.items():
        check_text(value, name)
    return document


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, value in pairs:
        if name in found:
            about = f" (the object with id {found['id']!r})" if "id" in found else ""
            raise ImportRefused(f"The file names the field {name!r} twice in one object{about}; which one is meant is unclear.")
        found[name] = value
    return found


def _constant(name: str) -> None:
    raise ImportRefused(f"The file holds {name}, which is not a JSON number.")


def check_text(value: Any, path: str, depth: int = 1) -> None:
    """Every string (and field name) under ``value`` is Unicode text, and the nesting is at most ``MAX_DEPTH``."""
    if depth > MAX_DEPTH:
        raise ImportRefused(f"{path} nests deeper than {MAX_DEPTH} levels.")
    if isinstance(value, str):
        _unicode(value, path)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_text(item, _at(path, index, item, depth), depth + 1)
    elif isinstance(value, dict):
        for name, item in value.items():
            _unicode(name, path)
            check_text(item, f"{path}.{name}", depth + 1)


def _at(path: str, index: int, item: Any, depth: int) -> str:
    """A row of a section is named by its number and id; deeper items by their place."""
    if depth == 1 and isinstance(item, dict) and "id" in item:
        return f"{path} row {index + 1} (id {item['id']!r})"
    return f"{path}[{index}]"


def _unicode(text: str, path: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ImportRefused(f"{path} holds a lone surrogate (U+{ord(text[error.start]):04X}), which is not text.") from None


def record(section: str, number: int, row: Any) -> str:
    """How a refusal names a row: its section, its number in the section and its id."""
    about = f" (id {row['id']!r})" if isinstance(row, dict) and "id" in row else ""
    return f"{section} row {number}{about}"


def check_id(label: str, name: str, value: Any) -> None:
    """Ids and references to ids are positive whole numbers (the database counts from 1)."""
    if isinstance(value, int) and not isinstance(value, bool) and value < 1:
        raise ImportRefused(f"{label}: {name} {value} is not a valid id (ids are whole numbers from 1).")


def check_dates(table: str, label: str, item: dict[str, Any], names: dict[str, str]) -> None:
    """A row's last day is not before its first (``DATE_ORDER``); ``names`` maps columns to the document's fields."""
    if table not in DATE_ORDER:
        return
    first, last = DATE_ORDER[table]
    if item.get(first) is not None and item.get(last) is not None and item[last] < item[first]:
        raise ImportRefused(
            f"{label}: {names[last]} {item[last].isoformat()} is before {names[first]} {item[first].isoformat()}."
        )
