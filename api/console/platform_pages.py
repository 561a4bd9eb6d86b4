"""``/platforms``: the country at a glance, every platform with its counts, paged."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from api.console.web import Page, render
from governance import Governance
from governance.queries import Queries

PAGE = 25


def page_number(request: Request) -> int:
    """``?page=N`` (from 1), else 1."""
    asked = request.query_params.get("page") or ""
    return int(asked) if asked.isdigit() and int(asked) > 0 else 1


def platforms_page(governance: Governance) -> Page:
    queries = Queries(governance.database)

    async def page(request: Request) -> Response:
        platforms = await run_in_threadpool(queries.platforms)
        pages = max(1, -(-len(platforms) // PAGE))
        number = min(page_number(request), pages)
        return render(request, governance, "platforms.html", {
            "platforms": platforms[(number - 1) * PAGE: number * PAGE], "total": len(platforms),
            "page": number, "pages": pages, "first": (number - 1) * PAGE + 1,
            "previous": f"/platforms?page={number - 1}" if number > 1 else None,
            "next": f"/platforms?page={number + 1}" if number < pages else None,
        })

    return page
