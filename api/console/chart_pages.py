"""``/``: the organisation chart with each body's verdict; ``/chart.svg``: the same picture as a file."""

from __future__ import annotations

from collections import Counter

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from api.chart import Tally, chart_data, render_svg, style_of, tallies, verdict_words
from api.console.web import Page, as_of, language, render
from governance import Governance
from governance.queries import Queries


def chart_page(governance: Governance) -> Page:
    queries = Queries(governance.database)

    async def page(request: Request) -> Response:
        day, lang = as_of(request), language(request)
        platforms = await run_in_threadpool(queries.platforms)
        chosen = request.query_params.get("platform") or None
        bodies, violations = await run_in_threadpool(chart_data, governance, day, chosen)
        svg = render_svg(bodies, violations, day, lang, governance.rule_set.word, lambda key: f"/bodies/{key}?asOf={day.isoformat()}")
        verdicts = tallies(violations)
        rows = [(b, verdicts.get(b.key, Tally())) for b in sorted(bodies, key=lambda b: b.name)]
        counts = Counter(style_of(b, tally) for b, tally in rows)
        return render(request, governance, "chart.html", {
            "as_of": day, "svg": svg, "rows": rows, "verdict_words": verdict_words,
            "counts": {"valid": counts["valid"], "warnings": counts["warnings"], "errors": counts["errors"]},
            "platforms": platforms, "platform": next((p for p in platforms if p.key == bodies[0].platform), None) if bodies else None,
            "default_platform": chosen is None,
        })

    return page


def chart_file(governance: Governance) -> Page:
    async def download(request: Request) -> Response:
        day, lang = as_of(request), language(request)
        base = str(request.base_url).rstrip("/")
        bodies, violations = await run_in_threadpool(chart_data, governance, day, request.query_params.get("platform") or None)
        svg = render_svg(bodies, violations, day, lang, governance.rule_set.word, lambda key: f"{base}/bodies/{key}?asOf={day.isoformat()}")
        return Response(
            '<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n", media_type="image/svg+xml",
            headers={"Content-Disposition": f'inline; filename="bolivvejle-{day.isoformat()}.svg"'},
        )

    return download
