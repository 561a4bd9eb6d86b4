"""How Danish and English text writes dates, numbers, lists and the genitive.

One place for the conventions every message, explanation, repair and CLI line follows:
"1. december 2026" and "1 December 2026", "1.500.000" and "1,500,000", "a, b og c",
"Dorthe Riis'" and "FKU's".
"""

from __future__ import annotations

from datetime import date

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
