"""GraphiQL from boliv's own files: it renders and runs a query with no host but loopback resolvable,
under a strict Content-Security-Policy, and asks nothing of another host."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import httpx
from browser import expect
from test_api_server import server  # noqa: F401
from test_console_browser import browser, page, shot, site  # noqa: F401  (the fixtures)

STRICT = "default-src 'self'; font-src 'self' data:"  # no inline script or style, nothing from another host (GraphiQL's CSS embeds its fonts as data: URIs)


def test_graphiql_renders_and_runs_a_query_offline_under_a_strict_policy(page: Any, site: str, shot: Any) -> None:
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).hostname or request.url))
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)

    def with_policy(route: Any) -> None:  # the page as served, under the policy a strict deployment sets
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": STRICT})

    page.route("**/graphql", with_policy)
    page.goto("/graphql")
    expect(page.locator(".graphiql-container .graphiql-session")).to_be_visible()
    expect(page.locator(".graphiql-query-editor")).to_contain_text("bodies")
    page.get_by_role("button", name="Execute query (Ctrl-Enter)").click()
    expect(page.locator(".result-window")).to_contain_text('"key": "fku"')
    expect(page.locator(".result-window")).to_contain_text("Forum for Koordination og Udvikling")
    shot(page, "graphiql")
    assert hosts == {"127.0.0.1"}, hosts
    assert violations == [], sorted({v[:160] for v in violations})


def test_graphiql_files_carry_their_pinned_versions_and_licences(site: str) -> None:
    with httpx.Client(base_url=site) as client:
        page = client.get("/graphql", headers={"Accept": "text/html"}).text
        assert "unpkg" not in page and "<script>" not in page and " style=" not in page
        versions = client.get("/graphiql/static/VERSIONS").text
        assert "graphiql                   3.8.3" in versions and "react                      18.2.0" in versions
        for name in ("graphiql", "plugin-explorer", "react", "react-dom"):
            assert "MIT" in client.get(f"/graphiql/static/licences/{name}.LICENSE").text
        assert client.get("/graphiql/static/react.production.min.js").text.startswith("/**\n * @license React")
