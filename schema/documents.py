"""Documents a body sets out: recording them (``record-documents``) and reading them back (``Body.documents``)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from governance.documents import DocumentRecord, record_document
from governance.model import DocumentKind
from schema.authority import body_demand, first_refusal
from schema.context import ContextInfo
from schema.offload import offload
from schema.permissions import Action, requires
from schema.refusals import jsonable, record_refusal
from schema.types import Body, Rejected, referenced_body

strawberry.enum(  # marks the register's class in place
    DocumentKind,
    description="GOALS: Løget's joint steering group's goals and success criteria (rule loeget.goals). "
    "COMMUNICATION_STRATEGY: BolivVejle's communication strategy, by any body of the platform (rule communication.strategy).",
)


@strawberry.input(description="A document a body has set out, and the day it was adopted.")
class DocumentInput:
    body: str = strawberry.field(description="The key of the body that set it out.")
    kind: DocumentKind
    title: str = strawberry.field(description="Its title (1-200 characters).")
    adopted_on: date


@strawberry.type(description="A document a body has set out: the rules read its kind, its body and the day it was adopted.")
class Document:
    id: strawberry.ID
    kind: DocumentKind
    title: str
    adopted_on: date
    audit_id: int | None = strawberry.field(description="The audit entry of the call that recorded it (only in recordDocument's answer).")
    body_key: strawberry.Private[str]

    @classmethod
    def from_record(cls, record: DocumentRecord) -> Document:
        return cls(
            id=strawberry.ID(str(record.id)), kind=DocumentKind[record.kind], title=record.title,
            adopted_on=record.adopted_on, audit_id=record.audit_id, body_key=record.body,
        )

    @strawberry.field
    async def body(self, info: ContextInfo) -> Body:
        return await referenced_body(info, self.body_key)


RecordDocumentResult = Annotated[Document | Rejected, strawberry.union("RecordDocumentResult")]


async def body_documents(info: ContextInfo, key: str) -> list[Document]:
    """``Body.documents``: through the request's loader, one query for every body asked about."""
    return [Document.from_record(row) for row in await info.context.loaders.documents.load(key)]


@strawberry.type
class DocumentMutation:
    @strawberry.mutation(
        extensions=[requires(Action.RECORD_DOCUMENTS)],
        description="Record a document a body has set out (its goals and success criteria, the communication strategy); "
        "bad input is Rejected with nothing written.",
    )
    async def record_document(self, info: ContextInfo, input: DocumentInput) -> RecordDocumentResult:
        context = info.context
        error = first_refusal(info, [await body_demand(info, Action.RECORD_DOCUMENTS, input.body)])
        if error is not None:
            await record_refusal(info, error, {"input": jsonable(input)})
            raise error
        record = await offload(
            context.lang, record_document, context.governance, input.body, input.kind.name, input.title, input.adopted_on,
            context.caller.name,
        )
        return Document.from_record(record)
