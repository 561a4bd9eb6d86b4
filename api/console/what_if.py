"""``/what-if``: try an appointment against the rules (checkChanges) before making it (applyChanges).

The page is a form filled from the register; ``static/what-if.js`` asks ``/graphql`` as
the person types and appoints with the signed-in token.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from api.console.gql import served
from api.console.web import Page, render
from governance import Governance
from governance.model import Role
from governance.queries import Queries

FIELDS = ("person", "body", "role", "onBehalfOf", "appointedBy", "startsOn", "endsOn")


def _platform(queries: Queries, request: Request) -> str:
    """The platform the form offers people and bodies of: ``?platform=``, the prefilled body's, else the first."""
    asked = request.query_params.get("platform")
    if asked:
        return asked
    body = request.query_params.get("body")
    found = queries.bodies([body]) if body else []
    return found[0].platform if found else queries.platforms()[0].key


def what_if_page(governance: Governance) -> Page:
    queries = Queries(governance.database)

    async def page(request: Request) -> Response:
        platform = await run_in_threadpool(_platform, queries, request)
        persons = await run_in_threadpool(lambda: queries.persons(platform=platform))
        bodies = await run_in_threadpool(lambda: queries.bodies(platform=platform))
        organisations = [o for o in await run_in_threadpool(queries.organisations) if o.platform == platform]
        return render(request, governance, "what_if.html", {
            "persons": persons,
            "bodies": sorted((b for b in bodies if b.status != "dissolved"), key=lambda b: b.name),
            "organisations": organisations,
            "org_names": {o.key: o.name for o in organisations},
            "roles": [role.name for role in Role],
            "prefill": {name: request.query_params.get(name, "") for name in FIELDS},
            "explanations": served("Violation", "explanation"),
        })

    return page
