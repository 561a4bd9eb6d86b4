"""Bad input to a mutation is an expected refusal: a ``Rejected`` result, not a top-level error."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import OperationType

from schema.errors import InvalidInput
from schema.refusals import record_refusal, was_recorded
from schema.types import Rejected, Violation


class InputRejected(strawberry.ExceptionHandler[InvalidInput, Rejected]):
    """On every field whose result may be ``Rejected``: one violation ``input.<code>`` naming the value."""

    async def handle(self, exception: InvalidInput, *, field: Any, info: Any) -> Rejected:
        if info.path.prev is None and info.operation.operation is OperationType.MUTATION and not was_recorded(exception):
            await record_refusal(info, exception, {"variables": info.variable_values})  # no service recorded it
        return Rejected(violations=[Violation.from_input(exception.input_error)], audit_id=None)
