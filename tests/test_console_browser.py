"""The console in a real browser: headless Debian chromium, driven by Playwright, against ``boliv serve``.

Each test gets a fresh demo database served by uvicorn on a free loopback port (the
``server`` fixture of test_api_server.py) and checks what a person would see. Screenshots
go to the test's tmp dir, and to screenshots/ as well when BOLIV_SCREENSHOTS is set.
Without /usr/bin/chromium the tests are skipped, except in CI (``CI`` set), where they fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from api_client import ADMIN_TOKEN
from browser import expect, launch, open_page, take_shot
from test_api_server import server  # noqa: F401  (the fixture: boliv serve on a free port)

from governance.services import Governance
from governance.tokens import Tokens

AS_OF = "2026-06-01"
GREEN = "rgb(230, 244, 234)"  # api.chart.STYLES["valid"] fill


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch()


@pytest.fixture
def site(demo: Governance, server: str) -> str:
    """The demo register (seeded first), served for real; its base URL."""
    return server


@pytest.fixture
def page(browser: Any, site: str) -> Iterator[Any]:
    yield from open_page(browser, site)


@pytest.fixture
def shot(tmp_path: Path):
    """Save a full-page screenshot as NAME.png in the tmp dir (and in screenshots/ with BOLIV_SCREENSHOTS)."""
    return lambda page, name: take_shot(page, tmp_path, name)


def test_the_chart_shows_bolivvejle_with_a_green_fku_that_links_to_its_page(page: Any, shot: Any) -> None:
    page.goto(f"/?asOf={AS_OF}")
    expect(page.get_by_role("heading", level=1)).to_have_text("BolivVejles organisation")
    fku = page.locator('a.body[data-body="fku"]')
    expect(fku).to_be_visible()
    assert fku.locator("rect").first.evaluate("rect => getComputedStyle(rect).fill") == GREEN
    expect(fku).to_contain_text("gyldig")
    assert page.locator("a.body").count() == 18
    assert page.locator('a.body[data-verdict="valid"]').count() == 18
    expect(page.locator("#chart-summary")).to_have_text("18 enheder pr. 1. juni 2026: 18 gyldige, 0 med advarsler, 0 med fejl.")
    shot(page, "chart")

    fku.click()
    page.wait_for_url(f"**/bodies/fku?asOf={AS_OF}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Forum for Koordination og Udvikling")
    expect(page.locator("#members")).to_contain_text("Birgitte Mølgaard")
    expect(page.locator("#verdict-heading")).to_contain_text("gyldig")
    shot(page, "body-fku")

    page.goto(f"/?asOf={AS_OF}&lang=en")
    expect(page.get_by_role("heading", level=1)).to_have_text("BolivVejle's organisation")
    expect(page.locator('a.body[data-body="fku"]')).to_contain_text("valid")
    shot(page, "chart-en")


def test_a_ninth_fku_seat_is_refused_before_anyone_appoints(page: Any, shot: Any) -> None:
    page.goto(f"/what-if?body=fku&startsOn={AS_OF}")
    page.get_by_label("Person").select_option("jens-kristensen")
    expect(page.locator("#wi-behalf")).to_have_value("vejle-kommune")  # offered: the person's own organisation
    expect(page.locator("#verdict-line")).to_have_text("Ikke tilladt")
    expect(page.locator("#findings")).to_contain_text("fku.cap")
    expect(page.locator("#findings")).to_contain_text("højst 8")
    why = page.locator("#findings details").first  # why not, open at once: the derivation down to the facts
    expect(why.locator("pre")).to_be_visible()
    expect(why).to_contain_text("Regel fku.cap")
    expect(why).to_contain_text("Jens Kristensen sidder som medlem i FKU, på vegne af Vejle Kommune")
    expect(page.locator("#appoint")).to_be_disabled()
    shot(page, "what-if-refused")

    page.goto(f"/what-if?body=fku&startsOn={AS_OF}&person=jens-kristensen&appointedBy=vejle-kommune&lang=en")
    expect(page.locator("#verdict-line")).to_have_text("Refused")
    expect(page.locator("#findings")).to_contain_text("fku.cap")


def test_signing_in_and_appointing_a_valid_member_shows_it_on_the_body_page(page: Any, site: str, shot: Any) -> None:
    page.goto(f"/what-if?startsOn={AS_OF}")
    page.get_by_label("Adgangsnøgle").fill(ADMIN_TOKEN)
    page.get_by_role("button", name="Log ind").click()
    expect(page.locator("#signed-in-as")).to_have_text("Logget ind som admin (admin)")

    page.get_by_label("Person").select_option("kasper-noergaard")
    page.get_by_label("Enhed").select_option("theme-social")
    expect(page.locator("#verdict-line")).to_have_text("Tilladt")
    expect(page.locator("#appoint")).to_be_enabled()
    page.get_by_label("Begrundelse").fill("Boligsocial viden fra Løget")
    shot(page, "what-if-allowed")
    page.get_by_role("button", name="Udpeg").click()
    expect(page.locator("#appoint-status")).to_contain_text("Udpeget. Revisionspost nr.")
    page.get_by_role("link", name="Se enheden").click()
    page.wait_for_url(f"**/bodies/theme-social?asOf={AS_OF}")
    expect(page.locator("#members")).to_contain_text("Kasper Nørgaard")
    audit = page.locator(".auth-fragment")
    expect(audit).to_contain_text("Kasper Nørgaard udpeges i Boligsocial temagruppe som medlem")  # the entries about the body
    expect(audit).to_contain_text("Boligsocial viden fra Løget")
    shot(page, "body-after-appointment")

    entries = httpx.get(f"{site}/audit/entries?verdict=allowed", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    assert "Kasper Nørgaard" in entries.text and "kasper-noergaard" not in entries.text  # names, not keys


def test_pages_are_usable_by_keyboard_with_labels_and_headings(page: Any, shot: Any) -> None:
    page.goto(f"/what-if?startsOn={AS_OF}")
    unlabelled = page.eval_on_selector_all(
        "input, select, textarea", "fields => fields.filter(f => f.type !== 'hidden' && f.labels.length === 0).map(f => f.name)"
    )
    assert unlabelled == []
    assert page.locator("h1").count() == 1 and page.locator("h2").count() >= 1

    focused = []
    for _ in range(35):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.id || document.activeElement.className"))
    assert focused[0] == "skip"  # the first stop skips the menu
    form = ["wi-person", "wi-body", "wi-role", "wi-behalf", "wi-appointer", "wi-starts", "wi-ends", "wi-justification"]
    reached = list(dict.fromkeys(name for name in focused if name in form))  # a date field takes a stop per part
    assert reached[: len(form)] == form, focused

    # the chart's boxes are links a keyboard reaches and follows
    page.goto(f"/?asOf={AS_OF}")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('data-body')"):
            break
    body = page.evaluate("document.activeElement.getAttribute('data-body')")
    assert body, "no box of the chart took the focus"
    label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert "gyldig" in label and "Åbn enhedens side" in label
    shot(page, "chart-keyboard-focus")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/bodies/{body}?asOf={AS_OF}")
    assert page.locator("h1").count() == 1


def test_a_case_can_be_followed_from_the_board(page: Any, shot: Any) -> None:
    page.goto("/cases")
    expect(page.get_by_role("heading", name="godkendelse (1)")).to_be_visible()
    shot(page, "cases")
    page.get_by_role("link", name="Beboersammensætningen: en Vejle-model for udlejning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Beboersammensætningen: en Vejle-model for udlejning")
    expect(page.get_by_role("heading", name="Krævede godkendelser")).to_be_visible()
    expect(page.locator("ol.flow [aria-current=step]")).to_have_text("godkendelse")
    expect(page.locator("main")).to_contain_text("ØsterBO støtter en fælles Vejle-model.")
    shot(page, "case")


def test_once_reads_need_a_token_signing_in_opens_the_pages(page: Any, demo: Governance, shot: Any) -> None:
    _, viewer = Tokens(demo.database).create("viewer", holder="reader")  # the first role token closes reads
    page.goto(f"/?asOf={AS_OF}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind for at læse")
    assert page.locator("a.body").count() == 0
    shot(page, "sign-in-to-read")

    page.get_by_label("Adgangsnøgle").fill(viewer)
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("BolivVejles organisation")
    expect(page.locator("#signed-in-as")).to_contain_text("(viewer)")
    expect(page.locator('a.body[data-body="fku"]')).to_contain_text("gyldig")

    page.locator('a.body[data-body="fku"]').click()  # a plain navigation: the page asks again with the token
    expect(page.get_by_role("heading", level=1)).to_have_text("Forum for Koordination og Udvikling")
    expect(page.locator(".auth-fragment")).to_contain_text("read-audit")  # a viewer does not read the audit trail
    shot(page, "body-as-viewer")
    page.get_by_role("link", name="Hvad hvis").click()  # the what-if script runs in a page asked for again
    expect(page.get_by_role("heading", level=1)).to_have_text("Hvad hvis: prøv en udpegning")
    page.get_by_label("Enhed").select_option("fku")
    page.get_by_label("Person").select_option("jens-kristensen")
    expect(page.locator("#verdict-line")).to_have_text("Ikke tilladt")
