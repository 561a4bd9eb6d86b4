"""The explanations users read, rendered from real violations, read as their language writes.

Every violation the audit of the demo data finds, and those of a few refused changes, is
explained in Danish and in English; each fact line is checked as the message templates are
(``test_message_templates``): no doubled word or phrase, no English word in Danish text and
no Danish word in English text, no name said again as its kind ("X er X"), and no ISO date ("2026-06-01") where a date is written out.
The rule line (the source section's Danish title) and the names of the register are not
words of the text and are left out of the language check.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from test_explanations import ARROW, AS_OF, end
from test_message_templates import DANISH, ENGLISH, doubled

from governance.changes import Appoint, Change, DissolveBody
from governance.engine import Violation
from governance.services import Governance

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def refused_changes(demo: Governance) -> list[list[Change]]:
    return [
        [Appoint("jakob-friis", "fku", "MEMBER", "vejle-kommune", "vejle-kommune")],  # a ninth FKU seat
        [Appoint("kasper-noergaard", "noerremarken", "MEMBER", "vejle-kommune", "vejle-kommune", AS_OF, date(2026, 5, 1))],
        [Appoint("gert-hviid", "secretariat", "DAILY_LEADER", None, "oesterbo")],
        [Appoint("gert-hviid", "theme-legal", "MEMBER", "oesterbo", "oesterbo")],
        [end(demo, "jens-kristensen", "policy-group")],
        [DissolveBody("loeget-physical", AS_OF)],
    ]


def violations(demo: Governance) -> list[Violation]:
    found = [v for day in (AS_OF, date(2027, 6, 1)) for v in demo.audit(day, explain=True).violations]
    for changes in refused_changes(demo):
        found += demo.check_changes(changes, AS_OF, explain=True).violations
    return found


def names(demo: Governance) -> list[str]:
    register = demo.platform_registers()[0]
    tables = (register.persons, register.organisations, register.bodies, register.cases, register.pools, register.detail_budgets)
    return sorted({row.name for table in tables for row in table.values()}, key=len, reverse=True)


def echoed(text: str) -> str | None:
    """A word or phrase said again after one word between, within a clause: "Boligpolitisk gruppe er boligpolitisk gruppe"."""
    for clause in re.split(r"[,;]", text):
        words = [w.strip(".:()»«\"'").lower() for w in clause.split()]
        for size in (1, 2, 3):
            for i in range(len(words) - 2 * size):
                first, again = words[i : i + size], words[i + size + 1 : i + 2 * size + 1]
                if first == again and any(len(w) > 3 for w in first):
                    return " ".join(first)
    return None


def fact_lines(violation: Violation, lang: str) -> list[str]:
    """The explanation's lines after the rule line, without their arrow."""
    return [line.removeprefix(ARROW) for line in violation.explanation(lang).split("\n")[2:]]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_explanation_reads_as_its_language_writes(demo: Governance, lang: str) -> None:
    found = violations(demo)
    assert len({v.rule for v in found}) >= 8, sorted({v.rule for v in found})  # a real sample, not a handful
    known = names(demo)
    foreign = ENGLISH if lang == "da" else DANISH
    for violation in found:
        for line in fact_lines(violation, lang):
            assert not ISO_DATE.search(line), f"{violation.rule}: an ISO date in {line}"
            assert doubled(line) is None, f"{violation.rule}: '{doubled(line)}' twice: {line}"
            fact = line.split(": ", 1)[-1]  # after the label ("Sag: Sagen ...")
            assert echoed(fact) is None, f"{violation.rule}: '{echoed(fact)}' said again: {line}"
            text = line
            for name in known:
                text = text.replace(name, " ")
            text = re.sub(r"[»\"][^»«\"]*[«\"]", " ", text)  # a quoted title is a name too
            words = {w.lower() for w in re.findall(r"[^\W\d_]+", text)}
            assert not words & foreign, f"{violation.rule}: {sorted(words & foreign)} in {lang}: {line}"
