"""How Danish and English text writes dates, numbers, lists and the genitive.

One place for the conventions every message, explanation, repair and CLI line follows:
"1. december 2026" and "1 December 2026", "1.500.000" and "1,500,000", "a, b og c",
"Dorthe Riis'" and "FKU's"; and how a sentence names a body and a qualification.
"""

from __future__ import annotations

from datetime import date

from governance.engine.ruleset import RuleSet

_MONTHS = {
    "da": ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"),
}
_AND = {"da": "og", "en": "and"}


def date_text(day: date, lang: str) -> str:
    """A date as the language writes it in running text."""
    month = _MONTHS.get(lang, _MONTHS["da"])[day.month - 1]
    return f"{day.day} {month} {day.year}" if lang == "en" else f"{day.day}. {month} {day.year}"


def day_number(day: date) -> int:
    """A date as the rules write it: 20261201."""
    return day.year * 10000 + day.month * 100 + day.day


def number_text(number: int, lang: str) -> str:
    """A whole number with the language's thousands separator, from 10.000 on (years stay 2026)."""
    if abs(number) < 10000:
        return str(number)
    grouped = f"{number:,}"
    return grouped if lang == "en" else grouped.replace(",", ".")


def genitive(text: str, lang: str) -> str:
    """The genitive of a name or noun phrase: Riis', FKU's, Fællessekretariatets; James', the group's."""
    if not text:
        return text
    last = text[-1]
    if lang == "en":
        return text + ("'" if last in "sS" else "'s")
    if last in "sxzSXZ":
        return text + "'"
    if last.isupper() or last.isdigit():  # an abbreviation: AAB's, FKU's
        return text + "'s"
    return text + "s"


def join(items: list[str], lang: str) -> str:
    """A list in running text: "a, b og c", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {_AND.get(lang, 'og')} {items[-1]}"


def definite_body(rule_set: RuleSet, name: str, kind: str, lang: str) -> str:
    """A body's definite form: the one structure.yaml gives its name, else one made from its name and kind.

    "Ad hoc-gruppe om X" becomes "Ad hoc-gruppen om X"; a name that holds its kind's word
    ("Vejle Byråd", "Ad hoc-gruppen om ...") is used as it is; any other name gets the
    kind's definite form before it ("ad hoc-gruppen Fælles PR", "the ad hoc group Fælles PR").
    """
    explicit = rule_set.definite.get(name, {}).get(lang)
    if explicit:
        return explicit
    word, definite = rule_set.word(kind, "da"), rule_set.form(kind, "da", "def")
    lowered = name.lower()
    if lang == "da" and definite and lowered.startswith(word + " "):
        return name[:1] + definite[1:] + name[len(word) :]
    if word in lowered or (definite and definite in lowered):
        return name
    kind_definite = rule_set.form(kind, lang, "def")
    return f"{kind_definite} {name}" if kind_definite else name


def qualification_word(rule_set: RuleSet, tag: str, lang: str) -> str:
    """A person's qualification tag in words: ``technical-chief`` is ``qualification_technical_chief`` in the vocabulary."""
    key = "qualification_" + tag.replace("-", "_")
    return rule_set.word(key, lang) if key in rule_set.vocabulary else tag
