"""The console's pages over HTTP in-process (httpx's ASGI transport): real HTML and SVG, both languages."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from datetime import date
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest

from api.app import create_app
from api.settings import Settings
from governance.changes import Appoint
from governance.services import Governance
from governance.tokens import Tokens

ADMIN = "console-admin-token"
AS_OF = "2026-06-01"
pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def _client(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings(database_url=database_url, admin_token=ADMIN))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://boliv.test") as client:
        yield client
    app.state.governance.database.dispose()


@pytest.fixture
async def console(demo: Governance, database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """The app over the demo register."""
    async for client in _client(database_url):
        yield client


@pytest.fixture
async def bare(governance: Governance, database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """The app over the bare structure: every body FORMING, no people."""
    async for client in _client(database_url):
        yield client


class Page(HTMLParser):
    """What a reader of the page meets: headings, labels, form controls, links, text."""

    def __init__(self, html: str):
        super().__init__()
        self.headings: list[tuple[str, str]] = []
        self.labels: set[str] = set()
        self.controls: list[dict[str, Any]] = []
        self.links: list[str] = []
        self.text: list[str] = []
        self._heading: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in ("h1", "h2", "h3"):
            self._heading, self.headings = tag, [*self.headings, (tag, "")]
        elif tag == "label" and found.get("for"):
            self.labels.add(found["for"])
        elif tag in ("input", "select", "textarea") and found.get("type") != "hidden":
            self.controls.append(found)
        elif tag == "a" and found.get("href"):
            self.links.append(found["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag == self._heading:
            self._heading = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._heading:
            tag, text = self.headings[-1]
            self.headings[-1] = (tag, text + data)

    @property
    def all_text(self) -> str:
        return " ".join(" ".join(self.text).split())


def assert_accessible(page: Page) -> None:
    assert [tag for tag, _ in page.headings].count("h1") == 1
    unlabelled = [c for c in page.controls if c.get("id") not in page.labels]
    assert not unlabelled, unlabelled


async def test_the_front_page_is_the_chart_in_danish_with_an_english_switch(console: httpx.AsyncClient) -> None:
    response = await console.get("/", params={"asOf": AS_OF})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = Page(response.text)
    assert_accessible(page)
    assert ("h1", "BolivVejles organisation") in page.headings
    assert '<html lang="da">' in response.text
    assert "18 enheder pr. 1. juni 2026: 18 gyldige, 0 med advarsler, 0 med fejl." in page.all_text
    svg = response.text[response.text.index("<svg"): response.text.index("</svg>") + 6]
    fku = next(n for n in ET.fromstring(svg).iter() if n.get("data-body") == "fku")
    assert fku.get("href") == f"/bodies/fku?asOf={AS_OF}" and fku.get("data-verdict") == "valid"
    assert f"/chart.svg?asOf={AS_OF}&lang=da" in page.links

    english = await console.get("/", params={"asOf": AS_OF, "lang": "en"})
    assert "BolivVejle's organisation" in english.text and '<html lang="en">' in english.text
    assert english.cookies.get("boliv_lang") == "en"
    remembered = await console.get("/bodies/fku")  # the client keeps the cookie
    assert "Members as of" in remembered.text


async def test_the_chart_downloads_as_an_svg_file_with_absolute_links(console: httpx.AsyncClient) -> None:
    response = await console.get("/chart.svg", params={"asOf": AS_OF, "lang": "en"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("image/svg+xml")
    assert 'filename="bolivvejle-2026-06-01.svg"' in response.headers["content-disposition"]
    root = ET.fromstring(response.content)
    assert root.find("{http://www.w3.org/2000/svg}title").text == "BolivVejle's organisation as of 2026-06-01"
    fku = next(n for n in root.iter() if n.get("data-body") == "fku")
    assert fku.get("href") == f"http://boliv.test/bodies/fku?asOf={AS_OF}"


async def test_a_body_page_shows_members_verdict_and_history(console: httpx.AsyncClient) -> None:
    page = Page((await console.get("/bodies/fku", params={"asOf": AS_OF})).text)
    assert_accessible(page)
    text = page.all_text
    assert ("h1", "Forum for Koordination og Udvikling") in page.headings
    assert "Vurdering pr. 1. juni 2026: gyldig" in [" ".join(h.split()) for _, h in page.headings]
    assert "Birgitte Mølgaard formand kommunen Vejle Kommune Vejle Kommune 1. januar 2026 – uden slutdato" in text
    assert ("8 af 8 pladser: 4 for kommunen, 4 for boligorganisationerne; Maria Thorsen deltager uden for pladserne "
            "som Fællessekretariatets leder.") in text
    assert "Boligsocial temagruppe: Dorthe Riis" in text
    assert "Uden for pladserne Maria Thorsen født medlem uden for pladserne" in text  # ex officio, apart
    assert "Afslut Dorthe Riis' medlemskab" in text and "Afslut Anja Stokholms medlemskab" in text
    assert "Enheden er gyldig som aktiv; der er intet at reparere." in text
    assert "/bodies/theme-legal?asOf=2026-06-01" in page.links  # its sub-groups
    assert "/what-if?body=fku&startsOn=2026-06-01" in page.links

    before = Page((await console.get("/bodies/fku", params={"asOf": "2025-06-01"})).text).all_text
    assert "Ingen medlemmer." in before and "Birgitte Mølgaard" not in before  # not a member then
    every = Page((await console.get("/bodies/fku", params={"asOf": "2025-06-01", "memberships": "all"})).text).all_text
    assert "Birgitte Mølgaard kommende formand" in every  # on request: the future memberships too
    english = Page((await console.get("/bodies/fku", params={"asOf": AS_OF, "lang": "en"})).text).all_text
    assert "8 of 8 seats: 4 for the municipality, 4 for the housing organisations;" in english
    assert "End Anja Stokholm's membership" in english and "1 January 2026" in english


async def test_a_forming_body_shows_violations_with_explanations_and_repairs(bare: httpx.AsyncClient) -> None:
    response = await bare.get("/bodies/fku", params={"asOf": AS_OF, "lang": "en"})
    page = Page(response.text)
    assert "forming" in page.all_text
    assert "fku.chair" in response.text and "fku.theme-seats" in response.text
    assert response.text.count('<pre class="explanation">') == 4  # each violation has its derivation
    assert "⟵ Body: Forum for Koordination og Udvikling (FKU) has the status forming" in response.text
    assert "Suggested repairs" in page.all_text
    assert "Find a person from Vejle Kommune for a seat as chair: no registered person can take it" in page.all_text  # no people yet
    assert "cannot be carried out here" in page.all_text


async def test_repairs_are_lists_of_actions_in_words_with_a_form_that_carries_them_out(bare: httpx.AsyncClient, governance: Governance) -> None:
    governance.create_person("ulla-lov", "Ulla Lov", "vejle-kommune", ["legal"], "test")
    governance.create_person("aage-ret", "Aage Ret", "aab", ["legal"], "test")
    page = Page((await bare.get("/bodies/theme-legal", params={"asOf": AS_OF})).text)
    assert "Udpeg Aage Ret som medlem på vegne af AAB, udpeget af AAB" in page.all_text
    assert "Gennemfør forslaget" in page.all_text  # checked, then carried out, in the browser tests


async def test_unknown_keys_and_bad_dates_are_pages_that_say_so(console: httpx.AsyncClient) -> None:
    unknown = await console.get("/bodies/nowhere")
    assert unknown.status_code == 404 and "Ukendt enhed: 'nowhere'." in Page(unknown.text).all_text
    bad = await console.get("/bodies/fku", params={"asOf": "2026-13-01", "lang": "en"})
    assert bad.status_code == 400 and "'2026-13-01' is not a date (YYYY-MM-DD)." in Page(bad.text).all_text
    case = await console.get("/cases/nothing")
    assert case.status_code == 404 and "Unknown case: 'nothing'." in Page(case.text).all_text  # the switch is remembered


@pytest.mark.parametrize("path", ["/bodies/fku%00", "/cases/x%00y", "/bodies/fku?asOf=0001-01-01"])
async def test_keys_no_database_can_hold_are_pages_that_say_so(console: httpx.AsyncClient, path: str) -> None:
    response = await console.get(path)
    assert response.status_code in (200, 400, 404), response.text  # SQLite finds no such key; PostgreSQL cannot hold it
    assert "Traceback" not in response.text


async def test_the_what_if_form_has_a_labelled_control_for_every_field(console: httpx.AsyncClient) -> None:
    response = await console.get("/what-if", params={"body": "fku", "role": "CHAIR"})
    page = Page(response.text)
    assert_accessible(page)
    names = {c.get("name") for c in page.controls}
    assert {"person", "body", "role", "onBehalfOf", "appointedBy", "startsOn", "endsOn", "justification", "token"} <= names
    assert '<option value="fku" selected>' in response.text and '<option value="CHAIR" selected>' in response.text
    assert '<option value="anja-stokholm" data-organisation="vejle-kommune">Anja Stokholm (Vejle Kommune)</option>' in response.text
    assert '<button type="submit" id="appoint" disabled>Udpeg</button>' in response.text
    assert "/static/what-if.js" in response.text


async def test_the_case_board_groups_cases_by_stage(console: httpx.AsyncClient) -> None:
    page = Page((await console.get("/cases")).text)
    assert_accessible(page)
    stages = [text.split("(")[0].strip() for tag, text in page.headings if tag == "h2"]
    assert stages == ["kladde", "høring", "samling", "redegørelse", "beslutning", "godkendelse", "vedtaget", "afvist", "afsluttet", "trukket tilbage"]
    assert "/cases/beboersammensaetning" in page.links
    assert "3 af 7 godkendelser" in page.all_text


async def test_a_case_shows_approvals_answers_and_next_steps(console: httpx.AsyncClient) -> None:
    page = Page((await console.get("/cases/beboersammensaetning", params={"lang": "en"})).text)
    assert_accessible(page)
    text = page.all_text
    assert "Required approvals" in text and "Vejle Byråd approved policy-group.advisory" in text
    assert "Domea organisationsbestyrelse pending" in text
    assert "ØsterBO støtter en fælles Vejle-model." in text  # a hearing answer
    assert "4 approvals are still awaited. Once they are recorded below, the case is adopted or rejected." in text
    assert "Move the case to adopted" not in text  # recording the approvals ends it
    assert "Withdrawn by Boligjuridisk temagruppe Withdraw the case" in text  # the originator may withdraw it


async def test_the_audit_trail_needs_an_auditor_and_filters_by_body_and_verdict(console: httpx.AsyncClient, demo: Governance) -> None:
    demo.apply_changes([Appoint("kasper-noergaard", "theme-social", "MEMBER", "vejle-kommune", "vejle-kommune")], date(2026, 6, 1), "someone", "test")
    demo.apply_changes([Appoint("jens-kristensen", "fku", "MEMBER", "vejle-kommune", "vejle-kommune")], date(2026, 6, 1), "someone")

    page = Page((await console.get("/audit")).text)
    assert_accessible(page)
    denied = await console.get("/audit/entries", params={"body": ""})
    assert denied.status_code == 401 and "Log ind som revisor" in denied.text

    auth = {"Authorization": f"Bearer {ADMIN}"}
    everything = (await console.get("/audit/entries", params={"body": ""}, headers=auth)).text
    assert "fku.cap" in everything and "someone" in everything and "applyChanges" not in everything
    said = Page(everything).all_text
    assert "Udpegning" in said and "Boligsocial temagruppe" in said
    assert ("Kasper Nørgaard udpeges i Boligsocial temagruppe som medlem på vegne af Vejle Kommune, udpeget af Vejle Kommune, "
            "fra 1. juni 2026.") in said
    social = (await console.get("/audit/entries", params={"body": "theme-social"}, headers=auth)).text
    assert "fku.cap" not in social and "/bodies/theme-social" in social and "test" in social
    refused = Page((await console.get("/audit/entries", params={"refused": "1", "lang": "en"}, headers=auth)).text).all_text
    assert "fku.cap" in refused and "Showing 1–1 of 1" in refused and "Jens Kristensen is appointed to Forum for Koordination og Udvikling as member" in refused
    allowed = (await console.get("/audit/entries", params={"verdict": "allowed"}, headers=auth)).text
    assert "fku.cap" not in allowed
    assert "Kasper" not in (await console.get("/audit/entries", params={"actor": "nobody"}, headers=auth)).text
    assert "Kasper" in (await console.get("/audit/entries", params={"actor": "some"}, headers=auth)).text
    later = (await console.get("/audit/entries", params={"from": "2999-01-01"}, headers=auth)).text
    assert "Ingen poster." in later


async def test_session_says_who_the_token_stands_for(console: httpx.AsyncClient) -> None:
    assert (await console.get("/session")).json()["signedIn"] is False
    assert (await console.get("/session", headers={"Authorization": "Bearer wrong"})).json()["signedIn"] is False
    signed = (await console.get("/session", headers={"Authorization": f"Bearer {ADMIN}"})).json()
    assert signed == {"signedIn": True, "role": "admin", "name": "admin", "organisation": None, "readsAudit": True}


async def test_graphql_and_health_still_answer_beside_the_console(console: httpx.AsyncClient) -> None:
    assert (await console.get("/health")).status_code == 200
    answer = (await console.post("/graphql", json={"query": "{ bodies { key } }"})).json()
    assert len(answer["data"]["bodies"]) == 18
    assert (await console.get("/static/console.js")).status_code == 200


async def test_once_role_tokens_exist_pages_need_a_token_to_read(console: httpx.AsyncClient, demo: Governance) -> None:
    _, viewer = Tokens(demo.database).create("viewer", holder="reader")
    closed = await console.get("/", params={"asOf": AS_OF})
    assert closed.status_code == 401 and "data-needs-token" in closed.text
    assert "Log ind for at læse" in Page(closed.text).all_text and "<svg" not in closed.text
    for path in ("/bodies/fku", "/what-if", "/cases", "/cases/beboersammensaetning", "/audit", "/chart.svg"):
        assert (await console.get(path)).status_code == 401, path
    bad = await console.get("/", headers={"Authorization": "Bearer not-a-token"})
    assert bad.status_code == 401

    reader = {"Authorization": f"Bearer {viewer}"}
    opened = await console.get("/", params={"asOf": AS_OF}, headers=reader)
    assert opened.status_code == 200 and 'data-body="fku"' in opened.text
    assert (await console.get("/cases/beboersammensaetning", headers=reader)).status_code == 200
    assert (await console.get("/chart.svg", headers=reader)).status_code == 200
    refused = await console.get("/audit/entries", params={"body": ""}, headers=reader)
    assert refused.status_code == 403 and "read-audit" in refused.text
    assert (await console.get("/session", headers=reader)).json()["readsAudit"] is False
