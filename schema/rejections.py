"""Bad input to a mutation is an expected refusal: a ``Rejected`` result, not a top-level error."""

from __future__ import annotations

from typing import Any

import strawberry

from schema.errors import InvalidInput
from schema.types import Rejected, Violation


class InputRejected(strawberry.ExceptionHandler[InvalidInput, Rejected]):
    """On every field whose result may be ``Rejected``: one violation ``input.<code>`` naming the value."""

    def handle(self, exception: InvalidInput, *, field: Any, info: Any) -> Rejected:
        return Rejected(violations=[Violation.from_input(exception.input_error)], audit_id=None)
