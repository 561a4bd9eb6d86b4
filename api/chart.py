"""The organisation chart as SVG, drawn from the register and the rules' verdicts.

Pure Python, no web framework: the console serves it (``/`` and ``/chart.svg``) and
``boliv chart``, the command line above this layer, writes the same picture. Bodies are grouped as the source groups them; each box is
coloured by its verdict as of a date (valid, warnings, errors; grey when dissolved),
says the same in words, and links to its body page when a link is asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from governance import Governance, Violation, store
from governance.changes import DissolveBody
from governance.errors import UnknownKey
from governance.register import BodyRow, Register
from governance.services import evaluate_register

Word = Callable[[str, str], str]  # (constant, lang) -> word, as RuleSet.word
Link = Callable[[str], str]  # body key -> URL of its page

BOX_W, BOX_H, GAP, PAD, CLUSTER_GAP, MARGIN = 188, 92, 14, 14, 22, 16
FONT = "'Liberation Sans', Arial, Helvetica, sans-serif"
CHAR_W = 0.57  # average advance of the bold 13 px name font, in em; wraps names before they overflow
INK = "#111111"

# fill, border, status text: every text colour has at least 4.5:1 contrast on its fill
STYLES = {
    "valid": ("#e6f4ea", "#1e7e34", "#14532d"),
    "warnings": ("#fff4ce", "#946200", "#5c3d00"),
    "errors": ("#fde2e1", "#b42318", "#8a1c14"),
    "dissolved": ("#ececec", "#6b6b6b", "#3d3d3d"),
}

_TEXT = {
    "da": {
        "title": "BolivVejles organisation pr. {day}",
        "desc": "{count} enheder grupperet som i kilden. Farven viser vurderingen pr. {day}: grøn er gyldig, gul har "
        "advarsler, rød har fejl, grå er nedlagt; stiplet kant er under dannelse.",
        "linked": " Hver enhed linker til sin side.",
        "valid": "gyldig",
        "warnings": "{n} advarsel|{n} advarsler",
        "errors": "{n} fejl|{n} fejl",
        "expires": "til og med {day}",
        "empty": "ingen endnu",
        "legend": "Forklaring",
        "legend_forming": "stiplet: under dannelse",
        "open": "Åbn enhedens side",
        "parties": ("Parterne", "Byrådet og organisationsbestyrelserne godkender de endelige beslutninger"),
        "policy": ("Politisk niveau", "Rådgiver; Vejle Kommune udpeger formanden"),
        "secretariat": ("Sekretariat", "Analyse, udvikling, årlig konference; betjener organerne"),
        "fku": ("Koordination", "FKU og de temagrupper, det forbinder"),
        "steering": ("Styregrupper", "Fælles styregruppe med sine undergrupper"),
        "area": ("Områdegrupper", "Lokale grupper, fx Nørremarken"),
        "adhoc": ("Særlige indsatser (ad hoc)", "Tidsbegrænsede grupper med slutdato"),
        "other": ("Øvrige enheder", ""),
    },
    "en": {
        "title": "BolivVejle's organisation as of {day}",
        "desc": "{count} bodies grouped as the source groups them. The colour shows the verdict as of {day}: green is "
        "valid, yellow has warnings, red has errors, grey is dissolved; a dashed border is forming.",
        "linked": " Each body links to its page.",
        "valid": "valid",
        "warnings": "{n} warning|{n} warnings",
        "errors": "{n} error|{n} errors",
        "expires": "through {day}",
        "empty": "none yet",
        "legend": "Legend",
        "legend_forming": "dashed: forming",
        "open": "Open the body's page",
        "parties": ("The parties", "The city council and the boards approve the final decisions"),
        "policy": ("Policy level", "Advises; Vejle Kommune appoints the chair"),
        "secretariat": ("Secretariat", "Analysis, development, yearly conference; serves the bodies"),
        "fku": ("Coordination", "FKU and the theme groups it links"),
        "steering": ("Steering groups", "A joint steering group with its sub-groups"),
        "area": ("Area groups", "Local groups, e.g. Nørremarken"),
        "adhoc": ("Special efforts (ad hoc)", "Time-limited groups with an end date"),
        "other": ("Other bodies", ""),
    },
}


def text(lang: str) -> dict[str, Any]:
    return _TEXT.get(lang, _TEXT["da"])


@dataclass(frozen=True)
class Tally:
    """A body's violations as of a date, counted by severity."""

    errors: int = 0
    warnings: int = 0
    notes: int = 0

    @property
    def verdict(self) -> str:
        return "errors" if self.errors else "warnings" if self.warnings else "valid"


def tallies(violations: Iterable[Violation]) -> dict[str, Tally]:
    counts: dict[str, list[int]] = {}
    for v in violations:
        row = counts.setdefault(v.body, [0, 0, 0])
        row[v.severity.rank] += 1
    return {body: Tally(*row) for body, row in counts.items()}


def verdict_words(tally: Tally, lang: str) -> str:
    """``gyldig``, ``2 advarsler``, ``1 fejl``: the verdict in words, never only in colour."""
    words = text(lang)
    if tally.verdict == "valid":
        return str(words["valid"])
    count = tally.errors if tally.verdict == "errors" else tally.warnings
    one, many = words[tally.verdict].split("|")
    return str(one if count == 1 else many).format(n=count)


def style_of(body: BodyRow, tally: Tally) -> str:
    return "dissolved" if body.status == "dissolved" else tally.verdict


# -- grouping --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cluster:
    """A group of the chart: boxes in rows (``per_row`` a row), then their sub-groups below."""

    kind: str  # parties | policy | secretariat | fku | steering | area | adhoc | other
    heads: tuple[BodyRow, ...]
    children: tuple[BodyRow, ...] = ()
    per_row: int = 4


_KIND_CLUSTER = {
    "council": "parties", "board": "parties", "policy_group": "policy", "secretariat": "secretariat",
    "forum": "fku", "theme_group": "fku", "area_group": "area", "adhoc_group": "adhoc",
}
ROWS = (("parties",), ("policy", "secretariat", "fku"), ("steering", "area", "adhoc", "other"))


def _root(body: BodyRow, bodies: dict[str, BodyRow]) -> BodyRow:
    seen = {body.key}
    while body.parent in bodies and body.parent not in seen and bodies[body.parent].kind == body.kind:
        body = bodies[body.parent]
        seen.add(body.key)
    return body


def clusters(bodies: Sequence[BodyRow]) -> list[Cluster]:
    """The groups of the source, in drawing order; every body is in exactly one."""
    by_key = {b.key: b for b in bodies}
    groups: dict[str, list[BodyRow]] = {}
    steering: dict[str, list[BodyRow]] = {}
    for body in sorted(bodies, key=lambda b: (b.kind != "council", b.name)):
        if body.kind == "steering_group":
            steering.setdefault(_root(body, by_key).key, []).append(body)
        else:
            groups.setdefault(_KIND_CLUSTER.get(body.kind, "other"), []).append(body)
    found: dict[str, list[Cluster]] = {}
    for kind, members in groups.items():
        if kind == "fku":
            heads = tuple(b for b in members if b.kind == "forum")
            found[kind] = [Cluster(kind, heads, tuple(b for b in members if b.kind != "forum"))]
        elif kind == "parties":
            found[kind] = [Cluster(kind, tuple(members), per_row=min(5, -(-len(members) // 2)))]
        else:
            found[kind] = [Cluster(kind, tuple(members), per_row=4)]
    found["steering"] = [
        Cluster("steering", (by_key[root],), tuple(b for b in members if b.key != root)) for root, members in steering.items()
    ]
    found.setdefault("adhoc", [Cluster("adhoc", ())])  # the source names them: show the group even when empty
    return [cluster for row in ROWS for kind in row for cluster in found.get(kind, [])]


# -- layout ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Placed:
    body: BodyRow
    x: int
    y: int


@dataclass(frozen=True)
class PlacedCluster:
    cluster: Cluster
    x: int
    y: int
    w: int
    h: int
    note_lines: tuple[str, ...]
    boxes: tuple[Placed, ...]
    links: tuple[tuple[Placed, Placed], ...]  # (parent, child) connectors


def wrap(words_text: str, width_px: float, font_px: float, max_lines: int = 99) -> list[str]:
    """Greedy word wrap by an estimated advance; the last kept line ends in … when text is cut."""
    limit = max(4, int(width_px / (font_px * CHAR_W)))
    lines: list[str] = []
    for word in words_text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: limit - 1].rstrip() + "…"
    return [line if len(line) <= limit else line[: limit - 1] + "…" for line in lines]


def _row_width(count: int) -> int:
    return count * BOX_W + max(0, count - 1) * GAP


def _place(cluster: Cluster, x: int, y: int, lang: str) -> PlacedCluster:
    title, note = text(lang)[cluster.kind]
    heads = list(cluster.heads)
    head_rows = [heads[i:i + cluster.per_row] for i in range(0, len(heads), cluster.per_row)]
    inner = max(_row_width(len(r)) for r in [*head_rows, list(cluster.children)]) or BOX_W
    inner = max(inner, int(len(title) * 15 * CHAR_W) + 4)  # the title fits on its line
    note_lines = tuple(wrap(note, inner, 12)) if note else ()
    w = inner + 2 * PAD
    top = y + 36 + 15 * len(note_lines)
    boxes: list[Placed] = []
    row_y = top
    for row in head_rows:
        left = x + PAD + (inner - _row_width(len(row))) // 2
        boxes += [Placed(b, left + i * (BOX_W + GAP), row_y) for i, b in enumerate(row)]
        row_y += BOX_H + GAP
    links: list[tuple[Placed, Placed]] = []
    if cluster.children:
        row_y += 12
        left = x + PAD + (inner - _row_width(len(cluster.children))) // 2
        placed_heads = {p.body.key: p for p in boxes}
        for i, child in enumerate(cluster.children):
            box = Placed(child, left + i * (BOX_W + GAP), row_y)
            boxes.append(box)
            parent = placed_heads.get(child.parent or "")
            if parent is not None:
                links.append((parent, box))
        row_y += BOX_H + GAP
    if not heads and not cluster.children:
        row_y += 24 + GAP  # room for "none yet"
    return PlacedCluster(cluster, x, y, w, row_y - y - GAP + PAD, note_lines, tuple(boxes), tuple(links))


def layout(groups: Sequence[Cluster], lang: str) -> tuple[list[PlacedCluster], int, int]:
    """Clusters row by row as ``ROWS`` orders them, each row centred; the canvas width and height."""
    rows: list[list[Cluster]] = [[c for c in groups if c.kind in kinds] for kinds in ROWS]
    sized = [[_place(c, 0, 0, lang) for c in row] for row in rows if row]
    width = max(sum(p.w for p in row) + CLUSTER_GAP * (len(row) - 1) for row in sized) + 2 * MARGIN
    placed: list[PlacedCluster] = []
    y = MARGIN
    for row in sized:
        row_w = sum(p.w for p in row) + CLUSTER_GAP * (len(row) - 1)
        x = (width - row_w) // 2
        height = max(p.h for p in row)
        for p in row:
            placed.append(_place(p.cluster, x, y, lang))
            x += p.w + CLUSTER_GAP
        y += height + CLUSTER_GAP
    return placed, width, y - CLUSTER_GAP + 10


# -- drawing -----------------------------------------------------------------------------------


def _t(x: float, y: float, content: str, size: int, fill: str = INK, weight: str = "normal", anchor: str = "start") -> str:
    return (
        f'<text x="{x}" y="{y}" font-size="{size}" font-weight="{weight}" fill="{fill}" text-anchor="{anchor}">'
        f"{escape(content)}</text>"
    )


def _box(p: Placed, tally: Tally, lang: str, word: Word, link: Link | None) -> str:
    body, words = p.body, text(lang)
    style = style_of(body, tally)
    fill, border, status_ink = STYLES[style]
    verdict = verdict_words(tally, lang)
    status = word(body.status, lang)
    extra = [words["expires"].format(day=body.expires_on.isoformat())] if body.expires_on else []
    label = f"{body.name}, {word(body.kind, lang)}: {verdict}, {status}" + "".join(f", {e}" for e in extra)
    dash = ' stroke-dasharray="7 4"' if body.status == "forming" else ""
    name_lines = wrap(body.name, BOX_W - 16, 13, max_lines=2)
    cx = p.x + BOX_W / 2
    parts = [
        f'<rect x="{p.x}" y="{p.y}" width="{BOX_W}" height="{BOX_H}" rx="8" fill="{fill}" stroke="{border}" stroke-width="2.5"{dash}/>',
        *(_t(cx, p.y + 38 - 8 * len(name_lines) + 16 * i, line, 13, weight="bold", anchor="middle") for i, line in enumerate(name_lines)),
        _t(cx, p.y + 64, verdict, 12, status_ink, "bold", "middle"),
        _t(cx, p.y + 80, " · ".join([status, *extra]), 11, status_ink, anchor="middle"),
    ]
    attrs = f'class="body body-{style}" data-body={quoteattr(body.key)} data-verdict="{tally.verdict}" data-status="{body.status}"'
    inner = f"<title>{escape(label)}</title>" + "".join(parts)
    if link is None:
        return f'<g {attrs} role="img" aria-label={quoteattr(label)}>{inner}</g>'
    aria = quoteattr(f"{label}. {words['open']}.")
    return f'<a {attrs} href={quoteattr(link(body.key))} aria-label={aria}>{inner}</a>'


def _connector(parent: Placed, child: Placed) -> str:
    x1, y1 = parent.x + BOX_W / 2, parent.y + BOX_H
    x2, y2 = child.x + BOX_W / 2, child.y
    mid = (y1 + y2) / 2
    return f'<path d="M{x1} {y1} V{mid} H{x2} V{y2}" fill="none" stroke="#555555" stroke-width="1.5"/>'


def _cluster(p: PlacedCluster, verdicts: dict[str, Tally], lang: str, word: Word, link: Link | None) -> str:
    title, _ = text(lang)[p.cluster.kind]
    parts = [
        f'<rect x="{p.x}" y="{p.y}" width="{p.w}" height="{p.h}" rx="12" fill="#f7f8fa" stroke="#8a94a6" stroke-width="1"/>',
        _t(p.x + PAD, p.y + 22, title, 15, weight="bold"),
        *(_t(p.x + PAD, p.y + 40 + 15 * i, line, 12, "#3b4252") for i, line in enumerate(p.note_lines)),
        '<g aria-hidden="true">' + "".join(_connector(a, b) for a, b in p.links) + "</g>",
        *(_box(b, verdicts.get(b.body.key, Tally()), lang, word, link) for b in p.boxes),
    ]
    if not p.boxes:
        parts.append(_t(p.x + p.w / 2, p.y + p.h - PAD - 6, text(lang)["empty"], 12, "#3b4252", anchor="middle"))
    return f'<g class="cluster cluster-{p.cluster.kind}" role="group" aria-label={quoteattr(title)}>{"".join(parts)}</g>'


def _legend(x: int, y: int, lang: str, word: Word) -> str:
    words = text(lang)
    items = [("valid", words["valid"]), ("warnings", words["warnings"].split("|")[1].replace("{n} ", "")),
             ("errors", words["errors"].split("|")[1].replace("{n} ", "")), ("dissolved", word("dissolved", lang))]
    parts = [_t(x, y + 14, words["legend"] + ":", 12, weight="bold")]
    left = x + 90
    for style, label in items:
        fill, border, _ = STYLES[style]
        parts.append(f'<rect x="{left}" y="{y + 2}" width="18" height="14" rx="3" fill="{fill}" stroke="{border}" stroke-width="2"/>')
        parts.append(_t(left + 24, y + 14, label, 12))
        left += 34 + int(len(label) * 12 * 0.55)
    parts.append(f'<rect x="{left}" y="{y + 2}" width="18" height="14" rx="3" fill="#ffffff" stroke="#333333" stroke-width="2" stroke-dasharray="4 3"/>')
    parts.append(_t(left + 24, y + 14, words["legend_forming"], 12))
    label = f"{words['legend']}: " + ", ".join(label for _, label in items) + ", " + words["legend_forming"]
    return f'<g class="legend" role="img" aria-label={quoteattr(label)}>{"".join(parts)}</g>'


def render_svg(
    bodies: Sequence[BodyRow], violations: Iterable[Violation], as_of: date, lang: str, word: Word, link: Link | None = None
) -> str:
    """The chart of these bodies, coloured by these violations (as of ``as_of``), in ``lang``."""
    verdicts = tallies(violations)
    placed, width, top = layout(clusters(bodies), lang)
    height = top + 22 + MARGIN  # the legend below the clusters
    words = text(lang)
    title = words["title"].format(day=as_of.isoformat())
    desc = words["desc"].format(count=len(bodies), day=as_of.isoformat()) + (words["linked"] if link else "")
    return "".join((
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            f'role="group" aria-labelledby="chart-title chart-desc" font-family="{FONT}" class="org-chart" data-as-of="{as_of.isoformat()}">'
        ),
        f'<title id="chart-title">{escape(title)}</title><desc id="chart-desc">{escape(desc)}</desc>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        *(_cluster(p, verdicts, lang, word, link) for p in placed),
        _legend(MARGIN, top, lang, word),
        "</svg>",
    ))


def platform_register(governance: Governance, platform: str | None = None) -> Register:
    """The register of one platform: the named one, else the first laid down (BolivVejle); only that one is loaded."""
    with governance.database.unit_of_work() as session:
        keys = list(store.platform_versions(session))
        key = platform or keys[0]
        if key not in keys:
            raise UnknownKey("platform", key)
        return governance.snapshots.register(session, [key])


def chart_data(governance: Governance, as_of: date, platform: str | None = None) -> tuple[list[BodyRow], list[Violation]]:
    """The bodies of the chart and every violation as of a date (``Governance.audit``'s, for this platform)."""
    register = platform_register(governance, platform)
    return [DissolveBody.standing(body, as_of) for body in register.bodies.values()], evaluate_register(governance.rule_set_on(as_of), register, as_of)


def chart_svg(governance: Governance, as_of: date, lang: str = "da", link: Link | None = None) -> str:
    """The organisation chart of the register as of a date, with each body's verdict that day."""
    bodies, violations = chart_data(governance, as_of)
    return render_svg(bodies, violations, as_of, lang, governance.rule_set_on(as_of).word, link)
