"""GraphiQL from boliv's own files: the page and its assets, served from /graphiql/static.

Strawberry's own page loads React, GraphiQL and the explorer from a CDN, which never
loads on a network without internet. This page loads the same packages' published npm
builds (pinned in static/VERSIONS, with their licences) from this server, and its
bootstrap is a static script, so it works under ``Content-Security-Policy: default-src 'self'``.
"""

from __future__ import annotations

from pathlib import Path

from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

HERE = Path(__file__).resolve().parent
PAGE = (HERE / "page.html").read_text(encoding="utf-8")


def graphiql_assets() -> Mount:
    """The route for GraphiQL's files (mounted before the console's catch-all ``/``)."""
    return Mount("/graphiql/static", StaticFiles(directory=HERE / "static"), name="graphiql")
