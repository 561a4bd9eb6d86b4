"""Broken rule files: the service keeps answering, /health says so, and lint catches each one.

The app serves the demo with ``BOLIV_RULES_DIR`` pointing at a copy of ``rules/`` and
looks for edits on every call. Random corruptions are written into the copy, one at a
time, from a seeded generator:

- ``truncate``: a rule file cut at a random offset inside a statement;
- ``syntax``: a malformed statement inserted between two statements;
- ``unsafe``: a rule whose head or comparison uses a variable no positive body atom binds;
- ``placeholder``: a message of a metadata block naming a placeholder not in its ``args``;
- ``vocabulary``: ``vocabulary.yaml`` that is not YAML;
- ``everything-invalid``: ``violation("x.all", B, error, ()) :- body(B,_,_).`` with no
  metadata block, which makes every body invalid;
- ``no-rule``: a rule's ``violation/4`` rule removed, its metadata block left;
- ``severity``: a metadata block with a severity that is not error, warning or info.

For each: every query and mutation still gets a GraphQL answer (never a server error);
``boliv rules lint`` reports at least one error, in the corrupted file; the hot reload
refuses the files (the loader the first five kinds, lint's errors the last three, whose
clingo is sound), so /health is ``degraded`` naming the file and the last good rule set
keeps answering. Repairing the file brings the service back to the good set and /health
to ``ok``.

Bounded: ``PER_KIND`` corruptions of each kind (2 in CI, 25 with ``BOLIV_LONG=1``,
``BOLIV_CORRUPTIONS=N``), seed ``BOLIV_CORRUPTION_SEED``.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from api_client import ADMIN_TOKEN, AS_OF
from test_fuzz_api import _SyncASGI

from api.app import create_app
from api.settings import Settings
from governance.engine.lint import lint

LONG = os.environ.get("BOLIV_LONG") == "1"
PER_KIND = int(os.environ.get("BOLIV_CORRUPTIONS") or (25 if LONG else 2))
SEED = int(os.environ.get("BOLIV_CORRUPTION_SEED") or 10)
LIVE_UNTIL_LINT = ("everything-invalid", "no-rule", "severity")

QUERIES = [
    (f'{{ composition(body: "fku", asOf: "{AS_OF}") {{ valid ruleSetVersion violations {{ rule severity message(lang: EN) }} }} }}', "composition"),
    (f'{{ audit(asOf: "{AS_OF}") {{ valid ruleSetVersion violations {{ rule }} }} }}', "audit"),
    (
        ('{ checkChanges(changes: [{appoint: {person: "jakob-friis", body: "fku", role: MEMBER, appointedBy: "vejle-kommune", '
        f'onBehalfOf: "vejle-kommune"}}}}], asOf: "{AS_OF}") {{ allowed ruleSetVersion violations {{ rule introduced }} }} }}'),
        "checkChanges",
    ),
    (
        ('mutation { applyChanges(changes: [{appoint: {person: "lene-fog", body: "noerremarken", role: MEMBER, appointedBy: "vejle-kommune", '
        f'onBehalfOf: "vejle-kommune", endsOn: "{AS_OF}"}}}}], asOf: "{AS_OF}") {{ __typename ... on Applied {{ ruleSetVersion }} '
        '... on Rejected { violations { rule } } } }'),
        "applyChanges",
    ),
]


@dataclass(frozen=True)
class Corruption:
    kind: str
    file: str  # the file changed, as lint names it
    text: str  # its new content
    what: str  # for the report


# -- the corruptions -------------------------------------------------------------------------


def _code_end(line: str) -> int:
    """Where a line's code ends: at a '%' outside a string (a comment), else at its end."""
    quoted = False
    for index, char in enumerate(line):
        if char == '"' and (index == 0 or line[index - 1] != "\\"):
            quoted = not quoted
        elif char == "%" and not quoted:
            return index
    return len(line)


def _code_positions(text: str) -> list[int]:
    """Offsets just after a character of a statement that does not end it: cutting there leaves it unfinished."""
    positions, offset = [], 0
    for line in text.splitlines(keepends=True):
        code = line[: _code_end(line)]
        positions += [offset + i + 1 for i, char in enumerate(code) if not char.isspace() and char != "."]
        offset += len(line)
    return positions


def _statement_ends(text: str) -> list[int]:
    """Offsets of line starts that follow a finished statement (a line ending in '.')."""
    ends, offset = [], 0
    for line in text.splitlines(keepends=True):
        offset += len(line)
        if line[: _code_end(line)].rstrip().endswith("."):
            ends.append(offset)
    return ends


def _truncate(rng: random.Random, rules: Path) -> Corruption:
    path = rng.choice(sorted(rules.glob("*.lp")))
    text = path.read_text(encoding="utf-8")
    cut = rng.choice(_code_positions(text))
    return Corruption("truncate", path.name, text[:cut], f"{path.name} cut at offset {cut} of {len(text)}")


SYNTAX = [
    "oops(X :- body(X).", "violation(\"fku.cap\", F, error, (F :- .", "a :- not.", ":- :- .", "#const = 3.",
    "p(X) :- q(X", "\"unterminated.", "holds(P, B, R, M) :- member(M, P, B, R, _, _, _, _) active(M).", "x(1..).",
]


def _syntax(rng: random.Random, rules: Path) -> Corruption:
    path = rng.choice(sorted(rules.glob("*.lp")))
    text = path.read_text(encoding="utf-8")
    at = rng.choice(_statement_ends(text) or [len(text)])
    bad = rng.choice(SYNTAX)
    return Corruption("syntax", path.name, text[:at] + bad + "\n" + text[at:], f"{bad!r} inserted in {path.name} at {at}")


def _unsafe(rng: random.Random, rules: Path) -> Corruption:
    path = rng.choice(sorted(rules.glob("*.lp")))
    text = path.read_text(encoding="utf-8")
    name, loose = f"unsafe_{rng.randrange(1000)}", rng.choice(["Y", "Count", "_Z1", "Who"]).lstrip("_")
    bad = rng.choice([
        f"{name}(X, {loose}) :- body(X, _, _).",
        f"{name}(X) :- body(X, _, _), {loose} > 3.",
        f"{name}(X) :- body(X, _, _), not member(_, {loose}, X, _, _, _, _, _), {loose} != X.",
        f'violation("fku.cap", F, error, (F, {loose}, 8)) :- body(F, forum, _).',
    ])
    at = rng.choice(_statement_ends(text) or [len(text)])
    return Corruption("unsafe", path.name, text[:at] + bad + "\n" + text[at:], f"{bad!r} inserted in {path.name}")


def _message_lines(rules: Path) -> list[tuple[Path, int]]:
    found = []
    for path in sorted(rules.glob("*.lp")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            if re.match(r"^%%\s*(da|en)(\.\w+)?\s*:", line):
                found.append((path, number))
    return found


def _placeholder(rng: random.Random, rules: Path) -> Corruption:
    path, number = rng.choice(_message_lines(rules))
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    word = rng.choice(["nowhere", "count", "organisation", "bodyy"])
    lines[number] = lines[number].rstrip("\n") + f" ({{{word}}})\n"
    return Corruption("placeholder", path.name, "".join(lines), f"{{{word}}} added to line {number + 1} of {path.name}")


def _vocabulary(rng: random.Random, rules: Path) -> Corruption:
    path = rules / "vocabulary.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = rng.randrange(len(lines) + 1)
    bad = rng.choice(["fku: [unclosed\n", "  : : :\n", "key: {da: x, en: y\n", "\t- tab: indented\n"])
    return Corruption("vocabulary", path.name, "".join([*lines[:at], bad, *lines[at:]]), f"{bad!r} at line {at + 1} of vocabulary.yaml")


def _everything_invalid(rng: random.Random, rules: Path) -> Corruption:
    path = rng.choice(sorted(rules.glob("*.lp")))
    rule = 'violation("x.all", B, error, ()) :- body(B,_,_).'
    return Corruption("everything-invalid", path.name, path.read_text(encoding="utf-8") + "\n" + rule + "\n", f"{rule} added to {path.name}")


def _no_rule(rng: random.Random, rules: Path) -> Corruption:
    """A rule's violation/4 statements removed: its metadata block stays, describing nothing."""
    candidates = []
    for path in sorted(rules.glob("*.lp")):
        text = path.read_text(encoding="utf-8")
        for rule_id in sorted(set(re.findall(r'^%% rule: (\S+)$', text, flags=re.MULTILINE))):
            if f'\nviolation("{rule_id}"' in text:
                candidates.append((path, text, rule_id))
    path, text, rule_id = rng.choice(candidates)
    kept, skipping = [], False
    for line in text.splitlines(keepends=True):
        if line.startswith(f'violation("{rule_id}"'):
            skipping = True
        if not skipping:
            kept.append(line)
        if skipping and line[: _code_end(line)].rstrip().endswith("."):
            skipping = False
    return Corruption("no-rule", path.name, "".join(kept), f"the violation/4 rules of {rule_id} removed from {path.name}")


def _severity(rng: random.Random, rules: Path) -> Corruption:
    candidates = [(p, n) for p in sorted(rules.glob("*.lp")) for n, line in enumerate(p.read_text(encoding="utf-8").splitlines())
                  if re.match(r"^%%\s*severity\s*:", line)]
    path, number = rng.choice(candidates)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    bad = rng.choice(["fatal", "ERROR!", "critical", "warn"])
    lines[number] = f"%% severity: {bad}\n"
    return Corruption("severity", path.name, "".join(lines), f"severity {bad!r} on line {number + 1} of {path.name}")


MAKERS: dict[str, Callable[[random.Random, Path], Corruption]] = {
    "truncate": _truncate, "syntax": _syntax, "unsafe": _unsafe, "placeholder": _placeholder, "vocabulary": _vocabulary,
    "everything-invalid": _everything_invalid, "no-rule": _no_rule, "severity": _severity,
}


# -- the service over a copy of the rules ---------------------------------------------------------


@pytest.fixture
def client(demo: object, database_url: str, rules: Path) -> Iterator[httpx.Client]:
    settings = Settings(database_url=database_url, rules_dir=str(rules), admin_token=ADMIN_TOKEN)
    app = create_app(settings)
    app.state.governance.rules.interval = 0  # look at the files on every call
    with httpx.Client(transport=_SyncASGI(app), base_url="http://boliv.test", timeout=120,
                      headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}) as http:
        yield http
    app.state.governance.database.dispose()


def _answers(client: httpx.Client) -> dict[str, dict]:
    """Every probe answered: HTTP 200 and data, no error."""
    answers = {}
    for query, name in QUERIES:
        response = client.post("/graphql", json={"query": query})
        assert response.status_code == 200, response.text
        answer = response.json()
        assert "errors" not in answer and answer["data"][name] is not None, answer
        answers[name] = answer["data"][name]
    return answers


def _version(answers: dict[str, dict]) -> set[str]:
    return {a["ruleSetVersion"] for a in answers.values() if "ruleSetVersion" in a}


@pytest.mark.parametrize("kind", list(MAKERS))
def test_a_corrupted_rule_file_never_stops_the_service_and_lint_catches_it(kind: str, client: httpx.Client, rules: Path) -> None:
    good = _version(_answers(client))
    assert len(good) == 1 and client.get("/health").json()["status"] == "ok"
    rng = random.Random(f"{SEED}-{kind}")
    for _ in range(PER_KIND):
        corruption = MAKERS[kind](rng, rules)
        path = rules / corruption.file
        original = path.read_text(encoding="utf-8")
        path.write_text(corruption.text, encoding="utf-8")
        try:
            answers = _answers(client)
            health = client.get("/health")
            assert health.status_code == 200, (corruption.what, health.text)
            status = health.json()
            assert status["status"] == "degraded" and status["rules"] == "refused", (corruption.what, status)
            assert status["ruleSetVersion"] in good and _version(answers) == good, corruption.what
            assert any(problem["file"] == corruption.file for problem in status["problems"]), (corruption.what, status)
            findings = [f for f in lint(rules) if f.level == "error"]
            assert findings, f"lint found nothing wrong after {corruption.what}"
            assert any(f.problem.file == corruption.file for f in findings), (corruption.what, [str(f) for f in findings])
        finally:
            path.write_text(original, encoding="utf-8")
        assert _version(_answers(client)) == good, corruption.what
        assert client.get("/health").json()["status"] == "ok", corruption.what
