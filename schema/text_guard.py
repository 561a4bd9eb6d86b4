"""Text with a NUL character (U+0000) is refused before anything runs.

Neither the rule engine (clingo's strings end at a NUL) nor PostgreSQL (its text cannot
hold one) can take it, and no key, name or title needs one. The check runs where the
document is validated, so the answer is an ordinary validation error without a path
(``extensions.code`` ``BAD_TEXT``), in the caller's language, and a mutation refused so
still leaves its audit entry (``schema.refusals``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import DocumentNode, StringValueNode, Visitor, visit
from strawberry.extensions import SchemaExtension

from schema.errors import bad_text

NUL = "\x00"


class RefuseNulCharacters(SchemaExtension):
    """Adds a ``BAD_TEXT`` validation error when a variable or a string literal holds U+0000.

    It must come after ``ValidationCache`` in the schema's extensions, which sets the
    validation errors it appends to.
    """

    def on_validate(self) -> Iterator[None]:
        execution = self.execution_context
        if _holds_nul(execution.variables) or _literal_holds_nul(execution.graphql_document):
            error = bad_text(getattr(execution.context, "lang", "da"))
            execution.pre_execution_errors = [*(execution.pre_execution_errors or []), error]
        yield


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


class _StringLiterals(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found = False

    def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
        self.found = self.found or NUL in node.value


def _literal_holds_nul(document: DocumentNode | None) -> bool:
    if document is None:
        return False
    literals = _StringLiterals()
    visit(document, literals)
    return literals.found
