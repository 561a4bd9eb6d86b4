"""Case 3 of the source carried from draft to adoption in the console alone, in a real browser:
opened from the Nørremarken area group's page with the social theme group, sent to hearing,
each awaited answer recorded, moved on by the bodies allowed to, each approval recorded."""

from __future__ import annotations

from typing import Any

from api_client import ADMIN_TOKEN
from browser import axe_violations, expect, sign_in
from test_api_server import server  # noqa: F401
from test_console_browser import browser, page, shot, site  # noqa: F401  (the fixtures)

TITLE = "Katalog over best practice for hærværksforebyggelse"


def _move(page: Any, stage: str, by: str) -> None:
    form = page.locator("form.case-action", has=page.get_by_role("button", name=f"Flyt sagen til {stage}"))
    form.get_by_label("Flyttes af").select_option(by)
    form.get_by_role("button", name=f"Flyt sagen til {stage}").click()
    expect(page.locator("ol.flow [aria-current=step]")).to_have_text(stage)


def test_case_3_is_carried_from_draft_to_adoption_in_the_console(page: Any, shot: Any) -> None:
    page.goto("/bodies/noerremarken")
    sign_in(page, ADMIN_TOKEN)
    form = page.locator("form.open-case")
    form.get_by_label("Titel").fill(TITLE)
    form.get_by_label("Nøgle").fill("haervaerk-katalog")
    form.get_by_label("Boligsocial temagruppe").check()
    form.get_by_role("button", name="Opret sagen").click()
    page.wait_for_url("**/cases/haervaerk-katalog")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("ol.flow [aria-current=step]")).to_have_text("kladde")
    expect(page.locator("dl.facts")).to_contain_text("Boligsocial temagruppe")  # drafted together with it
    expect(page.locator("main")).not_to_contain_text("Sagen er afsluttet")
    shot(page, "case-draft")

    _move(page, "høring", "theme-social")  # a co-originator may move it
    awaited = page.locator("section[aria-labelledby=awaited-heading]")
    expect(awaited.get_by_role("heading")).to_have_text("Afventede høringssvar (7)")
    expect(page.locator("#blocked")).to_contain_text("Kan ikke flyttes til samling endnu")
    assert axe_violations(page) == []
    shot(page, "case-hearing")
    for remaining in range(7, 0, -1):
        form = awaited.locator("form.case-action").first
        form.locator("textarea").fill("Kataloget tiltrædes.")
        form.get_by_role("button", name="Registrér høringssvaret").click()
        if remaining > 1:
            expect(awaited.get_by_role("heading")).to_have_text(f"Afventede høringssvar ({remaining - 1})")
    expect(page.locator("section[aria-labelledby=awaited-heading]")).to_have_count(0)

    _move(page, "samling", "theme-social")
    _move(page, "redegørelse", "secretariat")
    _move(page, "beslutning", "secretariat")
    _move(page, "godkendelse", "policy-group")
    shot(page, "case-approval")
    for _ in range(7):  # the Byråd and the six boards
        page.locator("form.decision").first.get_by_role("button", name="Godkend").click()
        page.wait_for_load_state("load")
    expect(page.locator("ol.flow [aria-current=step]")).to_have_text("vedtaget")
    expect(page.locator("#case-ended")).to_have_text("Sagen er afsluttet: vedtaget.")
    expect(page.locator("main")).to_contain_text("Vedtaget for: AAB")
    shot(page, "case-adopted")


def test_a_case_can_be_withdrawn_and_a_refused_opening_says_why(page: Any, shot: Any) -> None:
    page.goto("/bodies/theme-social")
    sign_in(page, ADMIN_TOKEN)
    form = page.locator("form.open-case")
    form.get_by_label("Titel").fill("Temadag om naboskab")
    form.get_by_label("Nøgle").fill("beboersammensaetning")  # a case the demo has already
    form.get_by_role("button", name="Opret sagen").click()
    expect(form.locator(".case-status")).to_contain_text("beboersammensaetning")
    assert "/cases/" not in page.url

    form.get_by_label("Nøgle").fill("temadag-naboskab")
    form.get_by_label("Spor").select_option("GROUP")
    form.get_by_role("button", name="Opret sagen").click()
    page.wait_for_url("**/cases/temadag-naboskab")
    expect(page.locator("dl.facts")).to_contain_text("gruppesag")
    page.get_by_role("button", name="Træk sagen tilbage").click()
    expect(page.locator("#case-ended")).to_have_text("Sagen er afsluttet: trukket tilbage.")
    page.goto("/audit")
    expect(page.locator("#audit-entries")).to_contain_text("Sag oprettet")
    expect(page.locator("#audit-entries")).to_contain_text("»Temadag om naboskab« oprettes af Boligsocial temagruppe.")
    shot(page, "audit")
