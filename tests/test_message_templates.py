"""Every message template of every rule, rendered in Danish and English with sample arguments.

Fails on a form an argument lacks (the grammar's strict mode), a placeholder left unfilled,
a doubled word or phrase ("Ad hoc-gruppen Ad hoc-gruppen"), an "(er)"-style plural, a
number a noun does not agree with, English words in Danish text, Danish words in English
text. An argument name this file has no sample for fails too: a new rule's arguments get
a sample here, so its messages are read in both languages before they ship.
"""

from __future__ import annotations

import itertools
import re
from datetime import date

import pytest

from governance.engine.messages import fill
from governance.engine.ruleset import LANGUAGES, load_rule_set
from governance.engine.solve import Value, Word
from governance.engine.template import fields
from governance.register import ActivityPoolRow, BodyRow, CaseRow, DetailBudgetRow, PersonRow, Register
from governance.seed import read_yaml, structure_register

RULES = load_rule_set()

# Bodies a message may be about: named so that a template that repeats the kind, or names
# a body in the wrong form, shows it ("Ad hoc-gruppen Ad hoc-gruppen om ...").
BODIES = ("secretariat", "policy-group", "board-aab", "fku", "adhoc-named", "adhoc-pr", "loeget-social", "noerremarken")
PERSONS = ("dorthe-riis", "jens-kristensen", "max-ruiz")
ORGANISATIONS = ("vejle-kommune", "aab", "oesterbo")
CASES = ("sag-styring",)

# What each argument name is: a body, a person, an organisation, a case, a pool or budget
# key, a word of the vocabulary (one of these constants), or a number.
KINDS: dict[str, tuple[str, ...]] = {
    "body": BODIES, "originator": BODIES, "secretariat": ("secretariat",), "forum": ("fku",),
    "recipient": ("board-aab", "byraad"), "approver": ("board-aab", "byraad"),  # only the Byråd and boards are heard and approve
    "joint": ("loeget-joint",), "theme_group": ("theme-legal", "theme-social"), "other_theme_group": ("theme-technical",),
    "person": PERSONS, "leader": PERSONS, "first": PERSONS, "second": ("jens-kristensen",),
    "organisation": ORGANISATIONS, "on_behalf_of": ORGANISATIONS, "appointed_by": ("oesterbo", "vejle-kommune", "aab"),
    "municipality": ("vejle-kommune",), "employer": ("oesterbo",),
    "case": CASES, "pool": ("pool-2026",), "budget": ("budget-sommer",),
}
WORDS: dict[str, tuple[str, ...]] = {
    "status": ("forming", "active"), "stage": ("hearing", "approval", "withdrawn", "concluded"), "from": ("draft", "hearing"), "to": ("statement", "adopted"),
    "decision": ("approved", "refused"), "kind": ("adhoc_group", "area_group"), "topic": ("social", "physical"),
    "role": ("member", "chair"), "post": ("analyst", "pr_officer"), "side": ("municipality", "housing"),
}
YEARS = ("year",)
AMOUNTS = ("amount", "overall", "total", "share")
COUNTS = (
    "seats", "cap", "municipality_seats", "housing_seats", "groups", "meetings", "min", "max", "leaders", "allowed", "chiefs",
    "expected",
)
SAMPLE_DAY = 20261201

# Words that are English and not also Danish ("for", "at", "men", "end", "to", "by", "under" are both).
ENGLISH = {"the", "of", "and", "is", "are", "has", "had", "with", "from", "not", "which", "who", "must", "cannot", "can", "held", "hold", "seat", "seats", "chair", "member", "members", "body", "group", "board", "case", "council", "secretariat", "joint", "appointed", "appoints", "behalf", "valid", "invalid", "error", "errors", "warning", "warnings", "violation", "violations", "change", "changes", "appoint", "ends", "membership", "as", "no", "none", "been", "was", "were", "its", "their", "this", "that", "but", "or", "each", "every", "one", "there", "when", "while", "only", "yet", "it", "an", "a", "into", "than", "after", "before", "still", "already", "approved", "refused", "adopted", "rejected", "meetings", "meeting", "steering", "leader", "leaders", "post", "posts", "should"}
DANISH = {"og", "ikke", "har", "er", "af", "til", "med", "som", "den", "det", "skal", "kan", "ingen", "eller", "hos", "mod", "efter", "før", "fra", "sig", "stadig", "sagen", "gruppen", "hverken", "både", "på", "vegne", "udpeget", "medlem", "medlemmer", "pladser", "plads", "formand", "dens", "dets"}
# Function words a number may stand before without agreeing (a unit, "til", "mod", "of").
AFTER_A_NUMBER = {"kr", "til", "mod", "to", "against", "of", "af", "plus", "i", "in"}


def sample_register() -> Register:
    register = structure_register(read_yaml(RULES.structure_file))
    add = register.bodies.__setitem__
    add("adhoc-named", BodyRow("adhoc-named", "Ad hoc-gruppen om den nye styringsdialog", "adhoc_group", "active", "bolivvejle",
                               expires_on=date(2027, 12, 31)))
    add("adhoc-pr", BodyRow("adhoc-pr", "Fælles PR", "adhoc_group", "active", "bolivvejle", parent="fku", expires_on=date(2026, 12, 31)))
    for key, name, org in (("dorthe-riis", "Dorthe Riis", "aab"), ("jens-kristensen", "Jens Kristensen", "vejle-kommune"),
                           ("max-ruiz", "Max Ruiz", "oesterbo")):
        register.persons[key] = PersonRow(key, name, org)
    register.cases["sag-styring"] = CaseRow("sag-styring", "Ny styringsdialog", "bolivvejle", "adhoc-named", "hearing")
    register.pools["pool-2026"] = ActivityPoolRow("pool-2026", "Aktivitetspuljen 2026", "loeget-joint", 2_000_000, 800_000, date(2026, 1, 15))
    register.detail_budgets["budget-sommer"] = DetailBudgetRow(
        "budget-sommer", "Sommeraktiviteter", "pool-2026", "loeget-social", 120_000, date(2026, 3, 1), None
    )
    return register


REGISTER = sample_register()
NAMES = sorted(
    {row.name for table in (REGISTER.persons, REGISTER.organisations, REGISTER.bodies, REGISTER.cases, REGISTER.pools,
                            REGISTER.detail_budgets) for row in table.values()},
    key=len, reverse=True,
)


def sample(name: str, index: int, count: int) -> Value:
    """The ``index``-th sample of an argument; every number that counts something is ``count``."""
    if name.endswith("_on"):
        return SAMPLE_DAY
    if name in KINDS:
        keys = KINDS[name]
        return keys[index % len(keys)]
    if name in WORDS:
        words = WORDS[name]
        return Word(words[index % len(words)])
    if name in YEARS:
        return 2025
    if name in AMOUNTS:
        return 250_000 * (index + 1)
    if name in COUNTS:
        return count
    raise AssertionError(f"no sample for the argument '{name}': add it to tests/test_message_templates.py")


TEMPLATES = [
    (meta.id, variant_name, lang, variant.args, variant.messages[lang])
    for meta in RULES.rules.values()
    for variant_name, variant in meta.variants.items()
    for lang in LANGUAGES
]


def renderings(args: tuple[str, ...], template: str, lang: str) -> list[str]:
    runs = max(len(BODIES), max((len(KINDS.get(a, WORDS.get(a, ()))) for a in args), default=1))
    return [
        fill(template, args, tuple(sample(a, index, count) for a in args), lang, RULES, REGISTER, strict=True)
        for index, count in itertools.product(range(runs), (1, 2))
    ]


def without_names(text: str) -> str:
    """The text with the sample names taken out: a Danish name in English text is not a Danish word."""
    for name in NAMES:
        text = text.replace(name, " ")
    return text


def doubled(text: str) -> str | None:
    """A word or a phrase of up to three words said twice in a row."""
    words = [w.strip(".,;:()»«\"'").lower() for w in text.split()]
    for size in (1, 2, 3):
        for i in range(len(words) - 2 * size + 1):
            first, second = words[i : i + size], words[i + size : i + 2 * size]
            if first == second and any(re.search(r"[^\W\d]", w) for w in first):
                return " ".join(first)
    return None


def bare_names(template: str) -> list[str]:
    """A body or a case named without its definite form: "Fællessekretariat holdt ..." for "Fællessekretariatet holdt ..."."""
    return [
        f"{{{f.arg}}}" for f in fields(template)
        if KINDS.get(f.arg, ("",))[0] in REGISTER.bodies.keys() | REGISTER.cases.keys() and not {"def", "poss"} & set(f.forms)
    ]


def unagreed_numbers(template: str) -> list[str]:
    """A number placeholder followed by a noun with no ``{n|one|many}`` agreement."""
    numeric = {f.arg for f in fields(template) if f.arg in COUNTS and not f.forms and f.agreement is None}
    found = []
    for arg in numeric:
        for match in re.finditer(r"\{" + arg + r"\} (\{?[^\s{}]+)", template):
            following = match.group(1)
            if following.startswith("{" + arg + "|"):
                continue
            if following.strip(".,;:()").lower() not in AFTER_A_NUMBER:
                found.append(f"{{{arg}}} {following}")
    return found


@pytest.mark.parametrize(("rule", "variant", "lang", "args", "template"), TEMPLATES,
                         ids=[f"{r}.{v or 'message'}.{lang}" for r, v, lang, _a, _t in TEMPLATES])
def test_every_template_reads_as_its_language_writes(rule: str, variant: str, lang: str, args: tuple[str, ...], template: str) -> None:
    assert not unagreed_numbers(template), f"a number without agreement: {unagreed_numbers(template)}"
    assert not bare_names(template), f"a body or case without its definite form (:def): {bare_names(template)}"
    assert not re.search(r"\w\((?:er|e|r|s|en|ne|n)\)", template), "an '(er)'-style plural: use {n|one|many}"
    foreign = ENGLISH if lang == "da" else DANISH
    for text in renderings(args, template, lang):
        assert "{" not in text and "}" not in text, text
        assert doubled(text) is None, f"'{doubled(text)}' twice: {text}"
        words = {w.lower() for w in re.findall(r"[^\W\d_]+", without_names(text))}
        assert not words & foreign, f"{sorted(words & foreign)} in {lang}: {text}"
        assert text[:1] == text[:1].upper(), f"does not start with a capital: {text}"


def test_the_grammar_writes_the_forms_the_issue_names() -> None:
    da = lambda template, **values: fill(template, tuple(values), tuple(values.values()), "da", RULES, REGISTER, strict=True)  # noqa: E731
    en = lambda template, **values: fill(template, tuple(values), tuple(values.values()), "en", RULES, REGISTER, strict=True)  # noqa: E731
    assert da("{body:def} holdt ingen fælles konference i {year}.", body="secretariat", year=2025) == (
        "Fællessekretariatet holdt ingen fælles konference i 2025."
    )
    assert en("{body:def} held no joint conference in {year}.", body="secretariat", year=2025) == (
        "The joint secretariat held no joint conference in 2025."
    )
    assert da("{body:def} har ingen formand.", body="policy-group") == "Den boligpolitiske gruppe har ingen formand."
    meetings = "{n} {n|styregruppemøde|styregruppemøder}"
    assert (da(meetings, n=1), da(meetings, n=2)) == ("1 styregruppemøde", "2 styregruppemøder")
    assert da("{person:gen} medlemskab", person="dorthe-riis") == "Dorthe Riis' medlemskab"
    assert da("{person:gen} medlemskab", person="jens-kristensen") == "Jens Kristensens medlemskab"
    assert da("{body:def:gen} leder", body="fku") == "FKU's leder"
    assert en("{person:gen} membership", person="dorthe-riis") == "Dorthe Riis' membership"
    assert da("{body:def} og {body:poss} medlemmer", body="board-aab") == "Organisationsbestyrelsen i AAB og dens medlemmer"
    assert da("{body:def} og {body:poss} medlemmer", body="secretariat") == "Fællessekretariatet og dets medlemmer"
    assert da("{body:def} har ingen slutdato", body="adhoc-named") == "Ad hoc-gruppen om den nye styringsdialog har ingen slutdato"
    assert da("{body:def} har ingen slutdato", body="adhoc-pr") == "Ad hoc-gruppen Fælles PR har ingen slutdato"
    assert da("{topic:pl} styregrupper", topic=Word("social")) == "Sociale styregrupper"
    assert (da("ophører {expires_on}", expires_on=20261201), en("ends on {expires_on}", expires_on=20261201)) == (
        "ophører 1. december 2026", "ends on 1 December 2026"
    )
    assert (da("{amount} kr.", amount=1_500_000), en("{amount} kr.", amount=1_500_000)) == ("1.500.000 kr.", "1,500,000 kr.")


def test_a_form_an_argument_lacks_is_refused_when_rendered_strictly_and_plain_for_users() -> None:
    from governance.engine.template import MissingForm

    with pytest.raises(MissingForm):
        fill("{seats:def}", ("seats",), (3,), "da", RULES, REGISTER, strict=True)
    with pytest.raises(MissingForm):
        fill("{role:pl}", ("role",), (Word("member"),), "da", RULES, REGISTER, strict=True)
    assert fill("{seats:def} pladser", ("seats",), (3,), "da", RULES, REGISTER) == "3 pladser"


@pytest.mark.parametrize(
    ("template", "problem"),
    [("{n|plads}", "two forms"), ("{body:indef}", "the form 'indef'"), ("{other}", "not in its args"), ("{body", "unmatched")],
)
def test_the_loader_refuses_a_malformed_template(template: str, problem: str) -> None:
    from governance.engine.template import problems

    assert any(problem in p for p in problems(template, ("body", "n")))
