"""The organisation chart as SVG: groups, colours by verdict, words, links, accessibility, the CLI."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from api.chart import INK, STYLES, chart_data, chart_svg, clusters, render_svg
from boliv.cli import main
from governance.engine import Violation
from governance.enums import Severity
from governance.register import BodyRow
from governance.services import Governance

SVG = "{http://www.w3.org/2000/svg}"
AS_OF = date(2026, 6, 1)


def boxes(svg: str) -> dict[str, ET.Element]:
    """Each body's box (a link or a labelled group) by body key."""
    root = ET.fromstring(svg)
    return {node.get("data-body"): node for node in root.iter() if node.get("data-body")}


def fill_of(box: ET.Element) -> str:
    return box.find(f"{SVG}rect").get("fill")


def texts(node: ET.Element) -> list[str]:
    return [t.text or "" for t in node.iter(f"{SVG}text")]


def violation(rule: str, severity: str, body: str) -> Violation:
    return Violation(rule, Severity(severity), body, (), (body,), "", {"da": rule, "en": rule})


def test_every_body_of_the_demo_is_a_box_grouped_as_the_source_groups_them(demo: Governance) -> None:
    bodies, _ = chart_data(demo, AS_OF)
    groups = {c.kind: c for c in clusters(bodies)}
    assert [b.key for b in groups["fku"].heads] == ["fku"]
    assert {b.key for b in groups["fku"].children} == {"theme-legal", "theme-social", "theme-technical"}
    assert [b.key for b in groups["steering"].heads] == ["loeget-joint"]
    assert {b.key for b in groups["steering"].children} == {"loeget-social", "loeget-physical"}
    assert groups["parties"].heads[0].key == "byraad"
    assert {b.key for b in groups["parties"].heads} == {"byraad"} | {b.key for b in bodies if b.kind == "board"}
    assert [b.key for b in groups["area"].heads] == ["noerremarken"]
    assert {b.kind for b in groups["adhoc"].heads} <= {"adhoc_group"}
    grouped = [b.key for c in groups.values() for b in (*c.heads, *c.children)]
    assert sorted(grouped) == sorted(b.key for b in bodies)  # every body exactly once

    svg = chart_svg(demo, AS_OF, "da", lambda key: f"/bodies/{key}")
    assert set(boxes(svg)) == {b.key for b in bodies}


def test_the_demo_is_green_and_says_so_in_words(demo: Governance) -> None:
    svg = chart_svg(demo, AS_OF, "da", lambda key: f"/bodies/{key}")
    fku = boxes(svg)["fku"]
    assert fku.get("data-verdict") == "valid" and fku.get("data-status") == "active"
    assert fill_of(fku) == STYLES["valid"][0]
    assert fku.get("href") == "/bodies/fku"
    assert "gyldig" in texts(fku) and "aktiv" in texts(fku)
    assert fku.get("aria-label").startswith("Forum for Koordination og Udvikling, forum: gyldig, aktiv")
    # the theme groups hang from FKU in its cluster, with connectors
    cluster = next(g for g in ET.fromstring(svg).iter(f"{SVG}g") if g.get("class") == "cluster cluster-fku")
    assert {b.get("data-body") for b in cluster.iter() if b.get("data-body")} == {"fku", "theme-legal", "theme-social", "theme-technical"}
    assert len(list(cluster.iter(f"{SVG}path"))) == 3


def test_the_bare_structure_is_forming_with_dashed_borders_and_warnings(governance: Governance) -> None:
    svg = chart_svg(governance, AS_OF, "en")
    fku = boxes(svg)["fku"]
    assert fku.get("data-status") == "forming" and fku.get("data-verdict") == "warnings"
    assert fku.find(f"{SVG}rect").get("stroke-dasharray")
    assert fill_of(fku) == STYLES["warnings"][0]
    assert "4 warnings" in texts(fku) and "forming" in texts(fku)
    # without links the boxes are labelled images, not anchors
    assert fku.tag == f"{SVG}g" and fku.get("role") == "img"
    assert "links to its page" not in svg


def test_errors_are_red_dissolved_bodies_grey_and_ad_hoc_groups_show_their_end_date() -> None:
    bodies = [
        BodyRow("fku", "FKU", "forum", "active", "p"),
        BodyRow("gone", "Gone & <old>", "theme_group", "dissolved", "p", parent="fku"),
        BodyRow("pr", "Fælles PR", "adhoc_group", "active", "p", expires_on=date(2026, 12, 31)),
    ]
    found = [violation("fku.cap", "ERROR", "fku"), violation("x.warn", "WARNING", "pr"), violation("x.info", "INFO", "pr")]
    svg = render_svg(bodies, found, AS_OF, "da", lambda constant, lang: constant, lambda key: f"/bodies/{key}")
    drawn = boxes(svg)
    assert fill_of(drawn["fku"]) == STYLES["errors"][0] and "1 fejl" in texts(drawn["fku"])
    assert fill_of(drawn["gone"]) == STYLES["dissolved"][0]
    assert "Gone & <old>" in drawn["gone"].get("aria-label")  # escaped in the file, whole once parsed
    assert "1 advarsel" in texts(drawn["pr"])
    assert any("til og med 2026-12-31" in line for line in texts(drawn["pr"]))


def test_the_chart_is_titled_described_and_has_a_legend(demo: Governance) -> None:
    root = ET.fromstring(chart_svg(demo, AS_OF, "en", lambda key: f"/bodies/{key}"))
    assert root.get("aria-labelledby") == "chart-title chart-desc"
    assert root.find(f"{SVG}title").text == "BolivVejle's organisation as of 2026-06-01"
    assert "green is valid" in root.find(f"{SVG}desc").text
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "legend")
    assert legend.get("role") == "img" and "dissolved" in legend.get("aria-label")
    titles = {g.get("aria-label") for g in root.iter(f"{SVG}g") if (g.get("class") or "").startswith("cluster ")}
    assert {"The parties", "Coordination", "Steering groups", "Special efforts (ad hoc)"} <= titles


def test_boliv_chart_writes_the_svg(demo: Governance, capsys: pytest.CaptureFixture[str]) -> None:
    url = demo.database.url
    assert main(["chart", "--database", url, "--as-of", "2026-06-01", "--lang", "en"]) == 0
    svg = capsys.readouterr().out
    assert boxes(svg)["fku"].get("data-verdict") == "valid"
    assert "as of 2026-06-01" in svg
    assert main(["--database", url, "chart", "--link-base", "http://boliv.example/"]) == 0
    assert boxes(capsys.readouterr().out)["fku"].get("href") == "http://boliv.example/bodies/fku"


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_text_colour_has_at_least_4_5_to_1_contrast_on_its_fill() -> None:
    for style, (fill, _border, status_ink) in STYLES.items():
        assert contrast(INK, fill) >= 4.5, style
        assert contrast(status_ink, fill) >= 4.5, style
    assert contrast("#3b4252", "#f7f8fa") >= 4.5  # a group's note on the group's background
