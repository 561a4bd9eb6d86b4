"""The text a request carries is checked, and put in one normal form, before anything runs.

- Text with a NUL character (U+0000) or a lone surrogate (U+D800–U+DFFF, which JSON's
  ``\\udc00`` escapes can carry) is refused (``BAD_TEXT``): neither the rule engine
  (clingo's strings end at a NUL), nor PostgreSQL, nor UTF-8 can hold them.
- A string over 10,000 characters, or over 200 where it is a key or a name (the argument
  or input field says which), and a list over 500 items are refused (``LIMIT_EXCEEDED``).
  A rule file given to ``publishRuleSet`` (a ``RuleFileInput``, or inside the ``files``
  argument) is a document, not a text: it is bounded only by the request body (1 MiB).
- Every string is put in Unicode's NFC form, so a key typed decomposed (``o`` + U+0308)
  is the same key as the composed one (``ö``).

The checks run where the document is validated, so the answer is an ordinary validation
error without a path, in the caller's language, and a mutation refused so still leaves
its audit entry (``schema.refusals``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from graphql import ArgumentNode, DocumentNode, ListValueNode, NamedTypeNode, StringValueNode, Visitor, visit
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext

from governance.errors import BadText, LimitExceeded
from schema.errors import ApiError

NUL = "\x00"
SURROGATE = re.compile("[\ud800-\udfff]")
MAX_TEXT = 10_000
MAX_KEY = 200
MAX_ITEMS = 500
MAX_DOCUMENT = 1 << 20  # a rule file: as long as the request body may be (api.limits)
DOCUMENT_TYPES = frozenset({"RuleFileInput"})  # input types whose strings are documents
DOCUMENT_NAMES = frozenset({"files"})  # the argument that takes them
# Arguments and input fields (and variables so named) that hold a key or a name.
KEY_NAMES = frozenset({
    "key", "name", "person", "body", "appointedBy", "onBehalfOf", "organisation", "parent", "originator",
    "coOriginators", "concerns", "case", "approver", "recipient", "by", "membership", "qualifications", "topic",
})


class Problem(Exception):
    """The first thing wrong with a request's text; ``error`` builds the answer in a language."""

    def __init__(self, kind: str, name: str = "", found: int = 0):
        self.kind, self.name, self.found = kind, name, found

    def error(self, lang: str) -> ApiError:
        if self.kind in ("nul", "surrogate"):
            return ApiError(BadText(self.kind), lang)
        if self.kind == "items":
            return ApiError(LimitExceeded("items", "listItems", MAX_ITEMS, self.found, self.name), lang)
        maximum = {"key": MAX_KEY, "document": MAX_DOCUMENT}.get(self.kind, MAX_TEXT)
        limit = {"key": "keyLength", "document": "documentLength"}.get(self.kind, "textLength")
        return ApiError(LimitExceeded("characters", limit, maximum, self.found, self.name), lang)


def checked(text: str, name: str, document: bool = False) -> str:
    """``text`` in NFC, or the ``Problem`` with it (``name`` is the argument or field that holds it)."""
    if NUL in text:
        raise Problem("nul")
    if SURROGATE.search(text):
        raise Problem("surrogate")
    if len(text) > (MAX_DOCUMENT if document else MAX_TEXT):  # before normalising, which costs what the text is long
        raise Problem("document" if document else "text", name, len(text))
    text = unicodedata.normalize("NFC", text)
    if name in KEY_NAMES and len(text) > MAX_KEY:
        raise Problem("key", name, len(text))
    return text


def _checked_value(value: Any, name: str, document: bool = False) -> Any:
    """A JSON value of the variables with every string checked and in NFC; lists and objects are rebuilt."""
    if isinstance(value, str):
        return checked(value, name, document and name not in KEY_NAMES)
    if isinstance(value, list):
        if len(value) > MAX_ITEMS:
            raise Problem("items", name, len(value))
        return [_checked_value(item, name, document) for item in value]
    if isinstance(value, dict):
        return {checked(str(k), "key"): _checked_value(v, str(k), document) for k, v in value.items()}
    return value


class _Literals(Visitor):
    """Checks the document's string literals and lists; a literal not in NFC is replaced by its NFC form."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def enter_argument(self, node: ArgumentNode, *_: Any) -> None:
        self.names.append(node.name.value)

    def leave_argument(self, *_: Any) -> None:
        self.names.pop()

    enter_object_field = enter_argument
    leave_object_field = leave_argument

    def enter_list_value(self, node: ListValueNode, *_: Any) -> None:
        if len(node.values) > MAX_ITEMS:
            raise Problem("items", self.names[-1] if self.names else "", len(node.values))

    def enter_string_value(self, node: StringValueNode, *_: Any) -> StringValueNode | None:
        name = self.names[-1] if self.names else ""
        text = checked(node.value, name, name not in KEY_NAMES and not DOCUMENT_NAMES.isdisjoint(self.names))
        return None if text == node.value else StringValueNode(value=text, block=node.block, loc=node.loc)


def _document_variables(document: DocumentNode | None) -> set[str]:
    """The variables the document declares as rule files (``[RuleFileInput!]!`` and the like)."""
    names: set[str] = set()
    for definition in getattr(document, "definitions", ()):
        for variable in getattr(definition, "variable_definitions", None) or ():
            kind = variable.type
            while not isinstance(kind, NamedTypeNode):
                kind = kind.type
            if kind.name.value in DOCUMENT_TYPES:
                names.add(variable.variable.name.value)
    return names


class CheckedDocuments:
    """Each of the last ``size`` documents parsed with its string literals in NFC, or the ``Problem`` with them.

    Kept by the parsed document itself: the schema's parser cache hands out the same
    document for the same text, so a document sent again is checked once (``size`` is
    the parser cache's). Each entry keeps its document alive, so no other document can
    take its ``id``.
    """

    def __init__(self, size: int):
        self.size = size
        self.found: dict[int, tuple[DocumentNode, DocumentNode | Problem]] = {}

    def __call__(self, document: DocumentNode) -> DocumentNode:
        """The document with its string literals in NFC (a new one only when one changes), or the ``Problem``."""
        known = self.found.get(id(document))
        if known is None:
            try:
                outcome: DocumentNode | Problem = visit(document, _Literals())
            except Problem as problem:
                outcome = problem
            if len(self.found) >= self.size:
                self.found.pop(next(iter(self.found)))
            self.found[id(document)] = known = (document, outcome)
        if isinstance(known[1], Problem):  # a new one each time: a raised exception keeps the frames it passed
            raise Problem(known[1].kind, known[1].name, known[1].found)
        return known[1]


class GuardText(SchemaExtension):
    """Adds the ``Problem`` of the variables or the document as a validation error; puts their text in NFC.

    It must come after ``ValidationCache`` in the schema's extensions, which sets the
    validation errors it appends to. ``checked`` is the schema's, kept from request to request.
    """

    def __init__(self, checked: CheckedDocuments, *, execution_context: ExecutionContext | None = None):
        super().__init__(execution_context=execution_context)
        self.checked = checked

    def on_validate(self) -> Iterator[None]:
        execution = self.execution_context
        try:
            if execution.graphql_document is not None:
                execution.graphql_document = self.checked(execution.graphql_document)
            if execution.variables:
                documents = _document_variables(execution.graphql_document)
                execution.variables = {name: _checked_value(v, name, name in documents) for name, v in execution.variables.items()}
        except Problem as problem:
            error = problem.error(getattr(execution.context, "lang", "da"))
            execution.pre_execution_errors = [*(execution.pre_execution_errors or []), error]
        yield

