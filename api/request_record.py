"""What one request was: its id, its GraphQL operation and its outcome, for the log line and the metrics.

``api.observe`` puts a ``RequestRecord`` in the ASGI scope; the GraphQL view fills in
the operation and the outcome (``RecordsOperations``); the caller's role comes from the
authentication middleware's ``scope["user"]``.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graphql import FieldNode, GraphQLError, OperationDefinitionNode, parse
from graphql.language import Visitor, visit

from api.http_spec import is_request_error

SCOPE_KEY = "boliv.request"
request_id: ContextVar[str | None] = ContextVar("boliv_request_id", default=None)

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
CHECK_FIELDS = frozenset({"composition", "checkChanges", "applyChanges", "constituteBody"})
AUDIT_FIELDS = frozenset({"audit"})


@dataclass(frozen=True)
class Operation:
    """A GraphQL operation as the logs and metrics name it."""

    name: str  # the operation's name, "anonymous", or "-" when the document does not parse
    type: str  # query, mutation, subscription, or "-"
    kinds: frozenset[str] = frozenset()  # check, audit, explanation: what the latency histograms time


@dataclass
class RequestRecord:
    id: str
    operation: Operation | None = None
    outcome: str | None = None  # ok, the first error's code, or invalid (a request that never executed)


def record_of(scope: Any) -> RequestRecord | None:
    return scope.get(SCOPE_KEY) if isinstance(scope, dict) else None


class _FieldNames(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        self.names.add(node.name.value)


@lru_cache(maxsize=256)  # clients send the same few documents again and again; keyed by their text alone
def describe(query: str | None, operation_name: str | None) -> Operation:
    """The operation ``operation_name`` (or the only one) of ``query``."""
    try:
        document = parse(query or "", no_location=True)
    except GraphQLError:
        return Operation("-", "-")
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = next((o for o in operations if o.name and o.name.value == operation_name), None)
    if chosen is None and operation_name is None and len(operations) == 1:
        chosen = operations[0]
    if chosen is None:
        return Operation("-", "-")
    roots = {s.name.value for s in chosen.selection_set.selections if isinstance(s, FieldNode)}
    names = _FieldNames()
    visit(chosen, names)
    kinds = {"check"} if roots & CHECK_FIELDS else set()
    kinds |= {"audit"} if roots & AUDIT_FIELDS else set()
    kinds |= {"explanation"} if "explanation" in names.names else set()
    name = chosen.name.value if chosen.name else "anonymous"
    return Operation(name if _NAME.match(name) else "-", chosen.operation.value, frozenset(kinds))


def outcome_of(answer: Any) -> str:
    """``ok``, ``invalid`` for a request that never executed, else the first error's code (or ``error``)."""
    if is_request_error(answer):
        return "invalid"
    errors = answer.get("errors") if isinstance(answer, dict) else None
    if not errors:
        return "ok"
    code = (errors[0].get("extensions") or {}).get("code")
    return code if isinstance(code, str) and _NAME.match(code) else "error"


class RecordsOperations:
    """Mixed into the GraphQL view: the operation and its outcome go into the request's record."""

    async def execute_operation(self, request: Any, request_adapter: Any, request_data: Any, context: Any,
                                root_value: Any, sub_response: Any) -> Any:
        record = record_of(request.scope)
        if record is not None and not isinstance(request_data, list):
            record.operation = describe(request_data.query, request_data.operation_name)
        return await super().execute_operation(  # type: ignore[misc]
            request, request_adapter, request_data, context, root_value, sub_response
        )

    async def process_result(self, request: Any, result: Any) -> Any:
        answer = await super().process_result(request, result)  # type: ignore[misc]
        record = record_of(request.scope)
        if record is not None:
            record.outcome = outcome_of(answer)
        return answer
