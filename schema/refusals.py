"""The audit entries of the API's own refusals: no right, bad input, a malformed document.

The services leave an entry for every verdict they give. What the API refuses before a
service is reached (a missing right, input that cannot become a change, a mutation whose
document or variables are invalid) leaves its entry here, through the services'
``record_refusal``: the caller, the mutation, its arguments and the reason in English.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from collections.abc import AsyncIterator, Callable
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any

from graphql import DocumentNode, FieldNode, GraphQLResolveInfo, get_operation_ast
from graphql import OperationType as DocumentOperation
from strawberry import UNSET, Info
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext
from strawberry.types.graphql import OperationType
from strawberry.utils.await_maybe import await_maybe

from governance import deadline
from governance.errors import InvalidDocument, Unexpected
from schema.errors import ApiError
from schema.offload import offload

if TYPE_CHECKING:  # schema.context reaches this module through its loaders
    from schema.context import Context

log = logging.getLogger("boliv.api")
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
MAX_ACTION = 60  # the length of AuditEntry.action


def jsonable(value: Any) -> Any:
    """Arguments as the audit trail stores them: inputs as objects without their unset members, enums by name."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        members = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        return {name: jsonable(v) for name, v in members.items() if v is not UNSET and v is not None}
    if isinstance(value, Enum):
        return value.name
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items() if v is not UNSET}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def storable(value: Any) -> Any:
    """``value`` with the characters no database text can hold (NUL, lone surrogates) replaced by U+FFFD."""
    if isinstance(value, str):
        return UNSTORABLE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {storable(k): storable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [storable(v) for v in value]
    return value


def was_recorded(error: BaseException) -> bool:
    """Whether the refusal ``error`` stands for already has its audit entry (the API's or a service's)."""
    return bool(getattr(error, "recorded", False) or getattr(getattr(error, "error", None), "recorded", False))


async def record(context: Context, action: str, error: ApiError, request: dict[str, Any], justification: str | None = None) -> None:
    """Append the refusal's entry; when that fails too (no database, no rules) the refusal stands unrecorded, logged.

    It runs outside the request's time budget: a request stopped at its budget is still recorded.
    """
    try:
        with deadline.within(None):
            await offload(
                context.lang, context.governance.record_refusal, context.caller.name, action[:MAX_ACTION], storable(request),
                error.error, storable(justification),
            )
    except Exception:
        log.exception("the refusal of %s by %s could not be recorded", action, context.caller.name)
    error.recorded = True


async def record_refusal(info: Info, error: ApiError, arguments: dict[str, Any], justification: str | None = None) -> None:
    """Append the entry of a mutation field the API refused before any service saw it."""
    await record(info.context, info.field_name, error, {"arguments": jsonable(arguments)}, justification)


MAX_RECORDED_VARIABLES = 10_000  # characters of a refused document's variables kept in its entry


class AuditRefusedMutations(SchemaExtension):
    """A mutation refused before it ran (its document or variables are invalid) leaves one entry too.

    Errors with a path come from running fields, which record their own refusals; a
    mutation whose every error has no path never ran.
    """

    async def on_operation(self) -> AsyncIterator[None]:
        yield
        execution = self.execution_context
        result = execution.result
        errors = execution.pre_execution_errors or (result.errors if result else None)
        if not errors or any(error.path is not None for error in errors) or not _is_mutation(execution):
            return
        variables = json.dumps(jsonable(execution.variables or {}), ensure_ascii=False, default=str)
        request = {
            "operation": execution.operation_name,
            "variables": variables if len(variables) <= MAX_RECORDED_VARIABLES else variables[:MAX_RECORDED_VARIABLES] + "…",
            "errors": [error.message for error in errors],
        }
        reason = ApiError(InvalidDocument("; ".join(error.message for error in errors)), execution.context.lang)
        await record(execution.context, _root_fields(execution.graphql_document, execution.operation_name), reason, request)


class AuditFailedMutations(SchemaExtension):
    """A mutation field that fails (a bug, a spent budget, a failing database) still leaves its one entry.

    A refusal the API or a service has recorded is marked so (``was_recorded``) and not
    recorded twice; what is left is recorded here, with the error the client sees.
    """

    def resolve(self, _next: Callable[..., Any], root: Any, info: GraphQLResolveInfo[Context], *args: Any, **kwargs: Any) -> Any:
        if info.path.prev is not None or info.operation.operation is not DocumentOperation.MUTATION:
            return _next(root, info, *args, **kwargs)
        return self._recorded(_next, root, info, *args, **kwargs)

    async def _recorded(self, _next: Callable[..., Any], root: Any, info: GraphQLResolveInfo[Context], *args: Any, **kwargs: Any) -> Any:
        try:
            return await await_maybe(_next(root, info, *args, **kwargs))
        except Exception as failure:
            if not was_recorded(failure):
                error = failure if isinstance(failure, ApiError) else ApiError(Unexpected(), info.context.lang)
                await record(info.context, info.field_name, error, {"arguments": jsonable(kwargs)})
            raise


def _is_mutation(execution: ExecutionContext) -> bool:
    try:
        return execution.operation_type is OperationType.MUTATION
    except RuntimeError:  # no document, or no operation of that name
        return False


def _root_fields(document: DocumentNode | None, operation_name: str | None) -> str:
    """The mutation fields the operation asks for, as the entry's action."""
    operation = get_operation_ast(document, operation_name) if document else None
    names = [s.name.value for s in operation.selection_set.selections if isinstance(s, FieldNode)] if operation else []
    return ",".join(dict.fromkeys(names)) or "mutation"
