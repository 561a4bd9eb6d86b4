"""The console's rule-set page (``/rules``), over HTTP and in a real browser, and the draft notice."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import anyio
import httpx
from api_client import ADMIN_TOKEN
from rule_edits import drop_rule, reword_fku_cap
from test_api_server import server  # noqa: F401  (boliv serve on a free port)
from test_console_browser import browser, expect, page, shot, site  # noqa: F401  (the browser fixtures)

from api.app import create_app
from api.settings import Settings
from governance.engine.ruleset import DEFAULT_RULES_DIR, digest
from governance.model import RuleSetVersion
from governance.rulefiles import folder_files
from governance.services import Governance

IMPACT = [{
    "body": "fku", "validBefore": True, "validAfter": False,
    "appear": [{"rule": "fku.cap", "severity": "ERROR", "message": {"da": "FKU har 9 pladser", "en": "FKU has 9 seats"}}],
    "disappear": [],
}]


def _get(app: Any, path: str) -> httpx.Response:
    async def get() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://boliv.test") as client:
            return await client.get(path)

    return anyio.run(get)


def _publish_second(governance: Governance, tmp_path: Path) -> str:
    """A second version as governance.publish stores one: fku.cap reworded, fku.chair retired, with an impact."""
    rules = tmp_path / "second"
    shutil.copytree(DEFAULT_RULES_DIR, rules)
    reword_fku_cap(rules)
    drop_rule(rules, "fku.chair")
    with governance.database.unit_of_work(write=True) as session:
        session.add(RuleSetVersion(
            version=digest(rules), files=folder_files(rules), in_force_from=date(2026, 1, 1), published_by="Ida Staff",
            justification="Politisk beslutning 2025-12-10: FKU uden formand", retired=["fku.chair"],
            reports={"impact": IMPACT, "lint": []},
        ))
    return digest(rules)


def test_the_rule_set_page_lists_the_versions_with_the_one_in_force_marked(demo: Governance, database_url: str, tmp_path: Path) -> None:
    second = _publish_second(demo, tmp_path)
    app = create_app(Settings(database_url=database_url, admin_token=ADMIN_TOKEN))
    danish, english = _get(app, "/rules"), _get(app, "/rules?lang=en")
    app.state.governance.database.dispose()
    assert danish.status_code == 200 and english.status_code == 200
    page_da, page_en = danish.text, english.text
    assert page_da.index(second) < page_da.index(digest(DEFAULT_RULES_DIR))  # newest first
    assert page_da.count("data-in-force") == 1 and "I kraft i dag" in page_da.split(second)[1].split("</h2>")[0]
    assert "Ida Staff" in page_da and "FKU uden formand" in page_da
    assert "2025-12-31" in page_da  # the first version's last day
    assert "fku.chair" in page_da.split("rule-retired")[1] and "fku.cap" in page_da.split("rule-changed")[1]
    assert "no more than {cap} plus the joint secretariat&#39;s leader" in page_da  # both languages beside each other
    assert "bliver ugyldig" in page_da and "FKU har 9 pladser" in page_da
    assert "Rule sets" in page_en and "becomes invalid" in page_en and "FKU has 9 seats" in page_en


def test_a_draft_says_so_on_every_page(demo: Governance, database_url: str, rules: Path) -> None:
    app = create_app(Settings(database_url=database_url, rules_dir=str(rules), admin_token=ADMIN_TOKEN))
    for path in ("/?asOf=2026-06-01", "/rules", "/bodies/fku?lang=en"):
        response = _get(app, path)
        assert response.status_code == 200
        assert ("Kladde: siderne viser regelfilerne" in response.text) or ("Draft: these pages show the rule files" in response.text)
        assert str(rules) in response.text
    app.state.governance.database.dispose()


def test_the_rule_set_page_in_a_browser(page: Any, demo: Governance, tmp_path: Path, shot: Any) -> None:
    second = _publish_second(demo, tmp_path)  # published while the server runs: it reads the versions again
    page.goto("/rules")
    expect(page.get_by_role("heading", level=1)).to_have_text("Regelsæt")
    expect(page.get_by_role("link", name="Regelsæt")).to_have_attribute("aria-current", "page")
    newest = page.locator("section.rule-set").first
    expect(newest).to_contain_text(second)
    expect(newest.locator("[data-in-force]")).to_have_text("I kraft i dag")
    expect(newest.locator(".rule-retired")).to_contain_text("fku.chair")
    expect(newest.locator(".rule-changed")).to_contain_text("no more than")
    expect(newest.locator(".impact")).to_contain_text("bliver ugyldig")
    expect(page.locator("section.rule-set").nth(1)).to_contain_text("til og med 2025-12-31")
    shot(page, "rule-sets")
    newest.get_by_role("link", name="fku").click()
    page.wait_for_url("**/bodies/fku?asOf=2026-01-01")
    page.goto("/rules?lang=en")
    expect(page.locator("section.rule-set").first.locator("[data-in-force]")).to_have_text("In force today")
    shot(page, "rule-sets-en")
