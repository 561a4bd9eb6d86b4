"""Strawberry's ASGI app with the request context the resolvers need."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from api.graphiql import PAGE as GRAPHIQL_PAGE
from api.http_spec import GraphQLOverHTTP
from api.request_record import RecordsOperations
from governance import Governance
from governance.queries import Queries
from schema.context import Context
from schema.permissions import ReadPolicy
from schema.schema import schema


def language(accept_language: str | None) -> str:
    """``en`` when English is preferred to Danish in Accept-Language, else ``da`` (the default)."""
    ranked = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if primary in ("da", "en") and quality > 0:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else "da"


class GraphQLApp(RecordsOperations, GraphQLOverHTTP, GraphQL[Context, None]):
    """GraphQL at /graphql (GraphiQL on GET from a browser), one ``Context`` per request.

    ``GraphQLOverHTTP`` negotiates the spec's media types; ``RecordsOperations`` names
    the operation and its outcome for the request's log line and metrics.
    """

    def __init__(self, governance: Governance, read_policy: ReadPolicy):
        super().__init__(schema, graphql_ide="graphiql")
        self.governance = governance
        self.queries = Queries(governance.database)
        self.read_policy = read_policy

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        """boliv's GraphiQL page (api/graphiql), not Strawberry's, which loads its scripts from a CDN."""
        return HTMLResponse(GRAPHIQL_PAGE)

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        lang = language(request.headers.get("accept-language"))
        return Context.create(self.governance, self.queries, request.user, lang, self.read_policy)
