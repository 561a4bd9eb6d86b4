"""The country at a glance in the console: the platforms page, choosing a platform, pages of long lists."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from test_console import Page, _client, anyio_backend, assert_accessible  # noqa: F401

from governance.services import Governance

pytestmark = pytest.mark.anyio


@pytest.fixture
async def country(demo: Governance, database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    demo.seed_synthetic(30)  # 31 platforms: two pages of 25
    async for client in _client(database_url):
        yield client


async def test_the_platforms_page_lists_every_platform_with_its_counts_in_pages(country: httpx.AsyncClient) -> None:
    first = Page((await country.get("/platforms")).text)
    assert_accessible(first)
    assert "Viser 1–25 af 31" in first.all_text and "BolivVejle 18" in first.all_text
    assert "/?platform=bolivvejle-s1" in first.links and "/platforms?page=2" in first.links
    second = Page((await country.get("/platforms", params={"page": "2", "lang": "en"})).text)
    assert "Showing 26–31 of 31" in second.all_text and "Page 2 of 2" in second.all_text
    assert "/platforms?page=1" in second.links


async def test_choosing_a_platform_shows_its_chart_and_offers_its_people(country: httpx.AsyncClient) -> None:
    chart = await country.get("/", params={"platform": "bolivvejle-s7", "asOf": "2026-06-01"})
    page = Page(chart.text)
    assert ("h1", "Organisationen på BolivVejle (s7)") in page.headings
    assert chart.text.count('data-body="') == 17 and "/bodies/fku-s7?asOf=2026-06-01" in page.links
    assert "/bodies/fku?asOf=2026-06-01" not in page.links
    default = Page((await country.get("/", params={"asOf": "2026-06-01"})).text)
    assert ("h1", "BolivVejles organisation") in default.headings
    what_if = (await country.get("/what-if", params={"body": "fku-s7"})).text
    assert 'value="jens-kristensen-s7"' in what_if and 'value="jens-kristensen"' not in what_if
    unknown = await country.get("/", params={"platform": "atlantis"})
    assert unknown.status_code == 404 and "Ukendt platform: 'atlantis'." in Page(unknown.text).all_text
