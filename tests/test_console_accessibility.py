"""Every page of the console, and GraphiQL, scanned with axe-core (vendored from npm in
tests/vendor/axe-core) in a real browser: no serious or critical violation."""

from __future__ import annotations

from typing import Any

from api_client import ADMIN_TOKEN
from browser import axe_violations, expect, sign_in
from test_api_server import server  # noqa: F401
from test_console_browser import AS_OF, browser, page, shot, site  # noqa: F401  (the fixtures)

PAGES = [
    f"/?asOf={AS_OF}",
    "/platforms",
    f"/bodies/fku?asOf={AS_OF}",
    f"/bodies/fku?asOf={AS_OF}&memberships=all",
    "/bodies/adhoc-styringsdialog?asOf=2028-01-30",  # a repair to carry out
    f"/bodies/policy-group?asOf={AS_OF}&lang=en",
    f"/what-if?body=fku&startsOn={AS_OF}&person=jens-kristensen&appointedBy=vejle-kommune",
    "/cases",
    "/cases/beboersammensaetning",
    "/audit",
    "/audit?refused=1",
    "/bodies/nowhere",  # a page that says what is wrong
]


def test_every_console_page_has_no_serious_or_critical_axe_violation(page: Any) -> None:
    page.goto(PAGES[0])
    sign_in(page, ADMIN_TOKEN)  # the audit fragments and the forms as an administrator sees them
    found = {}
    for path in PAGES:
        page.goto(path)
        expect(page.locator("h1")).to_have_count(1)
        page.wait_for_load_state("networkidle")
        page.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")  # the disclosures too
        found[path] = axe_violations(page)
    assert found == {path: [] for path in PAGES}


def test_graphiql_has_no_serious_or_critical_axe_violation(page: Any) -> None:
    page.goto("/graphql")
    expect(page.locator(".graphiql-container .graphiql-session")).to_be_visible()
    assert axe_violations(page) == []
