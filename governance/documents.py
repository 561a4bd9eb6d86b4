"""The documents the source asks bodies to set out, recorded as users record things.

Løget's joint steering group's goals and success criteria ("opstilling af mål og
succeskriterier") and BolivVejle's communication strategy ("en formidlingsstrategi") are
rows of ``documents``; the rules read them as ``document(Kind, Body, Day)``
(``rules/yearly.lp``: ``loeget.goals``, ``communication.strategy``). Recording one checks
the input only (a known body, a known kind, a date, a title within its column); what a
document means is the rules' business. Every call, written or refused, leaves one audit entry.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from governance import store
from governance.errors import Empty, InputError, TooLong, UnknownKey
from governance.model import Body, Document, DocumentKind
from governance.services import Governance
from governance.values import enum_name, required_date

MAX_TITLE = 200  # the length of Document.title
ACTION = "recordDocument"


@dataclass(frozen=True)
class DocumentRecord:
    """A recorded document as it is read back."""

    id: int
    kind: str  # a DocumentKind member name: GOALS | COMMUNICATION_STRATEGY
    body: str
    title: str
    adopted_on: date
    audit_id: int | None = None  # the entry of the call that recorded it, when it was just recorded


def kind_name(value: str) -> str:
    """A kind as a ``DocumentKind`` member name; ``goals``, ``communication-strategy`` and ``COMMUNICATION_STRATEGY`` all do."""
    name = value.strip().upper().replace("-", "_")
    if name not in DocumentKind.__members__:
        enum_name(value, DocumentKind, "kind")  # refuses, naming the value as given
    return name


def _title(title: str) -> str:
    text = title.strip()
    if not text:
        raise Empty("document_title", title)
    if len(text) > MAX_TITLE:
        raise TooLong("document_title", text[:40] + "…", length=len(text), maximum=MAX_TITLE)
    return text


def record_document(
    governance: Governance, body: str, kind: str, title: str, adopted_on: date | str, actor: str,
) -> DocumentRecord:
    """Write the document, or raise ``InputError`` (its refusal already in the audit trail); one entry either way.

    ``adopted_on`` may be the ISO text a command line was given: a day that is no date is refused here too.
    """
    request = {"body": body, "kind": kind, "title": title, "adoptedOn": str(adopted_on)}
    try:
        name, text, day = kind_name(kind), _title(title), required_date(adopted_on, "adoptedOn")
        with governance.database.unit_of_work(write=True) as session:
            platforms = store.platforms_of_bodies(session, [body])
            if body not in platforms:
                raise UnknownKey("body", body)
            store.lock_platforms(session, platforms.values())
            row = Document(
                kind=DocumentKind[name], body_id=session.scalar(select(Body.id).where(Body.key == body)),
                adopted_on=day, title=text,
            )
            session.add(row)
            session.flush()
            entry = governance.record_entry(session, actor, ACTION, request, {body}, True, [], None)
            return DocumentRecord(row.id, name, body, text, day, entry.id)
    except InputError as error:
        governance.record_refusal(actor, ACTION, request, error, None)
        raise


def documents_of(database: store.Database, bodies: Collection[str]) -> list[DocumentRecord]:
    """The documents of these bodies, by body, then day adopted, then id."""
    query = (
        select(Document, Body.key).join(Body, Document.body_id == Body.id).where(Body.key.in_(list(bodies)))
        .order_by(Body.key, Document.adopted_on, Document.id)
    )
    with database.unit_of_work() as session:
        rows = session.execute(query).all()
    return [DocumentRecord(d.id, d.kind.name, key, d.title, d.adopted_on) for d, key in rows]
