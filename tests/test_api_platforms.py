"""The country at a glance: ``platforms``, and ``bodies``/``persons`` by platform and paged, with totals."""

from __future__ import annotations

from typing import Any

import pytest
from api_client import Api, anyio_backend, open_api  # noqa: F401

from governance.services import Governance

pytestmark = pytest.mark.anyio


@pytest.fixture
async def country(demo: Governance, database_url: str) -> Any:
    """BolivVejle with the demo people and two more copies of it (bolivvejle-s1, bolivvejle-s2)."""
    demo.seed_synthetic(2)
    async for opened in open_api(database_url):
        yield opened


async def test_platforms_list_each_with_its_counts(country: Api) -> None:
    answer = await country.post("{ platforms { key name bodyCount personCount } }")
    platforms = answer["data"]["platforms"]
    assert [p["key"] for p in platforms] == ["bolivvejle", "bolivvejle-s1", "bolivvejle-s2"]
    everyone = (await country.post("{ bodies { key } persons { key } }"))["data"]
    assert sum(p["bodyCount"] for p in platforms) == len(everyone["bodies"])
    assert [p["bodyCount"] for p in platforms] == [18, 17, 17]  # the demo adds an ad hoc group to BolivVejle
    assert sum(p["personCount"] for p in platforms) == len(everyone["persons"])
    assert platforms[1]["personCount"] == platforms[2]["personCount"] > 0


async def test_bodies_and_persons_of_one_platform_page_by_limit_and_offset_with_totals(country: Api) -> None:
    query = """query Page($platform: String, $limit: Int, $offset: Int) {
      bodies(platform: $platform, limit: $limit, offset: $offset) { key }
      bodyCount(platform: $platform)
      persons(platform: $platform, limit: $limit, offset: $offset) { key }
      personCount(platform: $platform)
    }"""
    whole = (await country.post(query, {"platform": "bolivvejle-s1"}))["data"]
    assert whole["bodyCount"] == len(whole["bodies"]) == 17
    assert all(b["key"].endswith("-s1") for b in whole["bodies"])
    assert whole["personCount"] == len(whole["persons"])
    pages = [(await country.post(query, {"platform": "bolivvejle-s1", "limit": 5, "offset": o}))["data"] for o in (0, 5, 10, 15)]
    assert [len(p["bodies"]) for p in pages] == [5, 5, 5, 2]
    assert [b["key"] for p in pages for b in p["bodies"]] == [b["key"] for b in whole["bodies"]]
    assert [x["key"] for p in pages for x in p["persons"]] == [x["key"] for x in whole["persons"]][:20]
    assert {p["bodyCount"] for p in pages} == {17}


async def test_without_arguments_bodies_and_persons_answer_as_before(country: Api) -> None:
    answer = (await country.post("{ bodies { key } persons { key } bodyCount personCount }"))["data"]
    assert len(answer["bodies"]) == answer["bodyCount"] == 52
    assert len(answer["persons"]) == answer["personCount"]
    assert [b["key"] for b in answer["bodies"]] == sorted(b["key"] for b in answer["bodies"])


@pytest.mark.parametrize(("arguments", "code", "named"), [
    ('platform: "atlantis"', "UNKNOWN_KEY", "atlantis"),
    ("limit: 0", "BAD_VALUE", "limit"),
    ("limit: 1001", "BAD_VALUE", "1000"),
    ("offset: -1", "BAD_VALUE", "offset"),
])
async def test_a_bad_page_or_platform_is_a_clear_error(country: Api, arguments: str, code: str, named: str) -> None:
    for field in ("bodies", "persons"):
        answer = await country.post(f"{{ {field}({arguments}) {{ key }} }}")
        error = answer["errors"][0]
        assert error["extensions"]["code"] == code and named in error["message"], error
    english = await country.post('{ bodyCount(platform: "atlantis") }', headers={"Accept-Language": "en"})
    assert english["errors"][0]["message"] == "Unknown platform: 'atlantis'."
