"""The console's own GraphQL client: the served schema, executed in-process for server-rendered pages."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError
from starlette.requests import Request

from api.console.web import language
from governance import Governance
from governance.queries import Queries
from schema.context import Context
from schema.schema import schema


class QueryFailed(Exception):
    """The first error of an answer; ``code`` is its ``extensions.code`` (``UNKNOWN_KEY``, …) when it has one."""

    def __init__(self, error: GraphQLError):
        super().__init__(error.message)
        self.code = (error.extensions or {}).get("code")


async def execute(request: Request, governance: Governance, document: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """Run a document as the request's caller, in the page's language; its ``data``."""
    queries = Queries(governance.database)
    context = Context.create(governance, queries, request.user, language(request), request.app.state.read_policy)
    result = await schema.execute(document, variable_values=variables or {}, context_value=context)
    if result.errors:
        raise QueryFailed(result.errors[0])
    assert result.data is not None
    return result.data


def served(type_name: str, field: str) -> bool:
    """Whether the served schema has ``type_name.field`` (fields of explain.graphql arrive with their issue)."""
    return schema.get_field_for_type(field, type_name) is not None
