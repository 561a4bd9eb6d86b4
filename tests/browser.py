"""What the browser tests share: Debian's chromium driven by Playwright, pages, screenshots, axe-core.

No browser is ever downloaded: Playwright drives /usr/bin/chromium (``executable_path``).
Without it the tests are skipped, except in CI (``CI`` set), where they fail.
axe-core is vendored from npm in tests/vendor/axe-core (MPL-2.0, its LICENSE beside it).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
OFFLINE = ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1']  # every host but loopback unresolvable
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"


def _missing(reason: str) -> None:
    """Skip where a developer has no browser; in CI the browser tests must run."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the browser tests (.ci/run installs chromium)")
    pytest.skip(f"{reason} (install Debian's chromium: apt-get install -y chromium)")


def launch() -> Iterator[Any]:
    """A headless chromium for a module's tests (a generator for a fixture), with no host but loopback resolvable."""
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright for Python is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS + OFFLINE, headless=True)
        yield launched
        launched.close()


def open_page(browser: Any, site: str) -> Iterator[Any]:
    """A fresh page on ``site``; fails the test on any script error in it."""
    context = browser.new_context(base_url=site, viewport={"width": 1280, "height": 900}, locale="da-DK")
    context.set_default_timeout(20_000)
    opened = context.new_page()
    problems: list[str] = []
    opened.on("pageerror", lambda error: problems.append(str(error)))
    yield opened
    context.close()
    assert not problems, f"script errors in the page: {problems}"


def take_shot(page: Any, directory: Path, name: str) -> Path:
    """A full-page screenshot NAME.png in ``directory`` (and in screenshots/ with BOLIV_SCREENSHOTS)."""
    path = directory / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if os.environ.get("BOLIV_SCREENSHOTS"):
        (ROOT / "screenshots").mkdir(exist_ok=True)
        page.screenshot(path=str(ROOT / "screenshots" / f"{name}.png"), full_page=True)
    assert path.stat().st_size > 10_000
    return path


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def axe_violations(page: Any) -> list[str]:
    """The serious and critical axe-core violations of the page as it stands, one line each."""
    # Evaluated through the browser's debugging protocol, which the page's CSP (script-src 'self') does not govern,
    # as a script tag would be: the pages are scanned under the policy they are served with.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)"""
    )
    return list(found)


def sign_in(page: Any, token: str) -> None:
    """Sign in on the page shown, as a person does: the token into the header's form."""
    page.get_by_label("Adgangsnøgle").fill(token)
    page.get_by_role("button", name="Log ind").click()
    expect(page.locator("#signed-in-as")).to_contain_text("Logget ind som")
