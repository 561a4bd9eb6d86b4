"""The body page's actions in a real browser: ending a membership and carrying out a repair,
each checked first, refusals shown with their rules, and what was done on the page after."""

from __future__ import annotations

from typing import Any

from api_client import ADMIN_TOKEN
from browser import axe_violations, expect, sign_in
from test_api_server import server  # noqa: F401
from test_console_browser import AS_OF, browser, page, shot, site  # noqa: F401  (the fixtures)


def _end_form(page: Any, person: str) -> Any:
    """Open the "end membership" disclosure in the person's row; its form."""
    disclosure = page.locator("details.end-membership", has_text=f"Afslut {person} medlemskab")
    disclosure.locator("summary").click()
    return disclosure.locator("form.change-form")


def test_ending_a_membership_is_checked_first_and_a_refusal_says_why(page: Any, shot: Any) -> None:
    page.goto(f"/bodies/fku?asOf={AS_OF}")
    sign_in(page, ADMIN_TOKEN)
    expect(page.locator("#seat-count")).to_have_text(
        "8 af 8 pladser: 4 for kommunen, 4 for boligorganisationerne; "
        "Maria Thorsen deltager uden for pladserne som Fællessekretariatets leder."
    )
    form = _end_form(page, "Anja Stokholms")
    form.get_by_label("Sidste dag").fill("2026-05-31")
    form.get_by_role("button", name="Tjek").click()
    expect(form.locator(".verdict-line")).to_have_text("Ikke tilladt")
    expect(form.locator(".findings")).to_contain_text("fku.parity")
    expect(form.locator(".findings")).to_contain_text("lige mange pladser")
    expect(form.get_by_role("button", name="Afslut medlemskabet")).to_be_disabled()
    shot(page, "body-end-refused")
    assert axe_violations(page) == []

    form = _end_form(page, "Maria Thorsens")  # the secretariat's leader sits outside the seats
    form.get_by_role("button", name="Tjek").click()
    expect(form.locator(".verdict-line")).to_have_text("Tilladt")
    form.get_by_label("Begrundelse").fill("Fællessekretariatets leder deltager fremover efter behov")
    form.get_by_role("button", name="Afslut medlemskabet").click()
    expect(form.locator(".apply-status")).to_contain_text("Gennemført. Revisionspost nr.")
    form.get_by_role("link", name="Opdatér siden").click()
    expect(page.locator("#seat-count")).to_have_text("8 af 8 pladser: 4 for kommunen, 4 for boligorganisationerne.")
    expect(page.locator("#members")).not_to_contain_text("Maria Thorsen")
    expect(page.locator(".auth-fragment")).to_contain_text("Afslutning af medlemskab")
    expect(page.locator(".auth-fragment")).to_contain_text("Fællessekretariatets leder deltager fremover efter behov")


def test_an_expired_ad_hoc_group_is_repaired_by_dissolving_it_in_one_checked_click(page: Any, shot: Any) -> None:
    day = "2028-01-30"  # a month after the group's last day
    page.goto(f"/bodies/adhoc-styringsdialog?asOf={day}")
    sign_in(page, ADMIN_TOKEN)
    repair = page.locator("li.repair").first
    expect(repair).to_contain_text("Gruppen ophørte 31. december 2027. Forslaget er at nedlægge den:")
    expect(repair).to_contain_text("Nedlæg Ad hoc-gruppen om den nye styringsdialog pr. 1. januar 2028")
    expect(repair.get_by_role("button", name="Gennemfør forslaget")).to_be_disabled()  # not before its check
    repair.get_by_role("button", name="Tjek").click()
    expect(repair.locator(".verdict-line")).to_have_text("Tilladt")
    repair.get_by_label("Begrundelse").fill("Gruppen har afsluttet sit arbejde")
    shot(page, "body-repair-checked")
    repair.get_by_role("button", name="Gennemfør forslaget").click()
    expect(repair.locator(".apply-status")).to_contain_text("Gennemført. Revisionspost nr.")
    page.reload()
    expect(page.locator("dl.facts")).to_contain_text("nedlagt")
    expect(page.locator("#verdict-heading")).to_contain_text("gyldig")
    expect(page.locator(".auth-fragment")).to_contain_text("Nedlæggelse af enhed")
