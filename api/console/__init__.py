"""The administrators' web console, served at ``/`` beside GraphQL at ``/graphql``.

Server-rendered pages (Jinja2) from the services and from the GraphQL schema, and a
little plain JavaScript that talks to ``/graphql`` with the signed-in bearer token.
See docs/console.md.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy.exc import OperationalError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from api.console.audit import audit_fragment, audit_page
from api.console.body_page import body_page
from api.console.case_pages import case_page, cases_page
from api.console.chart_pages import chart_file, chart_page
from api.console.gql import QueryFailed
from api.console.platform_pages import platforms_page
from api.console.rule_sets import rule_sets_page
from api.console.session import session
from api.console.web import STATIC, Page, language, problem, read_refusal, render
from api.console.what_if import what_if_page
from governance import DatabaseUnavailable, Governance, InputError, RuleSetError

log = logging.getLogger(__name__)

_UNAVAILABLE = {
    "da": "Databasen eller regelfilerne svarer ikke lige nu. Prøv igen om lidt.",
    "en": "The database or the rule files do not answer right now. Try again shortly.",
}


def guarded(governance: Governance, page: Page) -> Page:
    """A page whose expected failures become a page that says what is wrong, never a stack trace."""

    async def guarded_page(request: Request) -> Response:
        lang = language(request)
        try:
            refused = await read_refusal(request)
            if refused is not None:  # console.js asks again with the signed-in token
                return render(request, governance, "sign_in.html", {"message": refused}, 401)
            return await page(request)
        except InputError as error:
            return problem(request, governance, 404 if error.code == "UNKNOWN_KEY" else 400, error.message(lang))
        except QueryFailed as error:
            status = {"UNKNOWN_KEY": 404, "DATABASE_UNAVAILABLE": 503, "RULES_UNAVAILABLE": 503}.get(error.code or "", 400)
            return problem(request, governance, status, str(error))
        except (OperationalError, DatabaseUnavailable, RuleSetError) as error:
            log.warning("console page %s unavailable: %s", request.url.path, error)
            return Response(_UNAVAILABLE[lang], status_code=503, media_type="text/plain; charset=utf-8")

    return guarded_page


def console(governance: Governance) -> Mount:
    """The console's routes, to be mounted last (after /graphql and /health)."""
    pages: list[tuple[str, Callable[[Governance], Page]]] = [
        ("/", chart_page),
        ("/chart.svg", chart_file),
        ("/bodies/{key}", body_page),
        ("/platforms", platforms_page),
        ("/what-if", what_if_page),
        ("/cases", cases_page),
        ("/cases/{key}", case_page),
        ("/audit", audit_page),
        ("/audit/entries", audit_fragment),
        ("/rules", rule_sets_page),
    ]
    routes: list[BaseRoute] = [Route(path, guarded(governance, make(governance)), methods=["GET"]) for path, make in pages]
    routes += [Route("/session", session, methods=["GET"]), Mount("/static", StaticFiles(directory=STATIC), name="static")]
    return Mount("/", routes=routes)
