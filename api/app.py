"""The starlette application: GraphQL at /graphql, GET /health, GET /metrics, bearer-token auth."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.routing import Route

from api.auth import AdminToken, AnyToken, BearerAuth, StoredTokens
from api.budget import RequestBudget
from api.console import console
from api.cors import cors
from api.graphiql import graphiql_assets
from api.graphql import GraphQLApp
from api.headers import SecurityHeaders
from api.health import health
from api.limits import RequestBodyLimits
from api.metrics import Metrics
from api.observe import Observe
from api.settings import Settings
from governance import Governance
from governance.rulebook import RuleBook
from governance.rulesource import RuleSource
from governance.store import Database
from governance.tokens import Tokens
from schema.permissions import ReadPolicy


def create_app(settings: Settings) -> Starlette:
    """The app over an existing database (``api.serve`` creates and migrates it first).

    Nothing connects here: a database that is down gives 503 on /health and the
    DATABASE_UNAVAILABLE error on /graphql, and the app recovers when it returns.
    """
    database = Database(settings=settings)  # a rule folder is a draft; else the published versions (governance.rulebook)
    governance = Governance(database, RuleSource(settings.rules_dir, guard=True) if settings.rules_dir else RuleBook(database))
    tokens = Tokens(governance.database)
    admin = AdminToken(settings.admin_token)
    read_policy = ReadPolicy(tokens, always_closed=settings.require_read_token)
    metrics = Metrics(governance, settings.metrics_token)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        governance.database.dispose()

    graphql = GraphQLApp(governance, read_policy)
    app = Starlette(
        routes=[
            Route("/health", health, methods=["GET"]),
            Route("/metrics", metrics.endpoint, methods=["GET"]),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            graphiql_assets(),  # GraphiQL's own files (api/graphiql)
            console(governance),  # the administrators' console at / (docs/console.md)
        ],
        middleware=[
            Middleware(Observe, metrics=metrics),  # request id, the request's log line, its metrics
            Middleware(SecurityHeaders),  # a Content-Security-Policy of 'self' only, no framing (api.headers)
            *cors(settings.cors_origins),
            Middleware(RequestBodyLimits),  # before any work: 1 MiB, UTF-8, a JSON object (api.limits)
            Middleware(AuthenticationMiddleware, backend=BearerAuth(AnyToken((admin, StoredTokens(tokens))))),
            Middleware(RequestBudget, seconds=settings.request_budget_seconds),
        ],
        lifespan=lifespan,
    )
    app.state.governance = governance
    app.state.read_policy = read_policy
    return app


def app_from_env() -> Starlette:
    """The app with the environment's settings: ``uvicorn --factory api.app:app_from_env`` (``boliv serve`` uses ``api.factory``)."""
    return create_app(Settings.from_env())
