"""The grammar of rule messages: placeholders with the forms a sentence needs.

A message template (the ``%% da:`` and ``%% en:`` lines, rules/README.md) is text with
placeholders in braces:

``{arg}``
    the argument as it is: a person, organisation or body by its name, a constant by its
    word in ``vocabulary.yaml``, a number (``1.500.000`` in Danish, ``1,500,000`` in
    English), a date (an argument named ``..._on``: "1. december 2026", "1 December 2026").
``{arg:def}``
    the definite form: a body as a sentence names it ("Fællessekretariatet", "den
    boligpolitiske gruppe"; "the joint secretariat"), a case as "sagen »…«", a word by its
    ``da.def`` / ``en.def`` form in the vocabulary.
``{arg:pl}``
    the plural of a word (its ``da.pl`` / ``en.pl`` form: "sociale").
``{arg:gen}``
    the genitive: Danish adds -s, only an apostrophe after s, x or z ("Dorthe Riis'"),
    's after an abbreviation ("FKU's"); English 's, or an apostrophe after s.
``{arg:poss}``
    the possessive pronoun for the argument: "dens" or "dets" by the gender of a body's
    kind (``da.gender: common`` or ``neuter`` in the vocabulary), "its" in English.
``{arg|one|many}``
    the form that agrees with the number ``arg``: ``one`` when it is 1, else ``many``
    ("{meetings} {meetings|styregruppemøde|styregruppemøder}").

Forms chain from left to right: ``{body:def:gen}`` is "Fællessekretariatets". A
placeholder that opens the message or a sentence (after ". ") gets a capital first letter,
so a template may write ``{body:def}`` first ("Den boligpolitiske gruppe har ...").

An argument that lacks the form asked for (``{seats:def}``, a word without a ``pl`` form)
raises ``MissingForm`` when a message is rendered strictly (the template test does); a
verdict shown to a user falls back to the plain value instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

FORMS = ("def", "pl", "gen", "poss")
_FIELD = re.compile(r"\{([^{}]*)\}")
_NAME = re.compile(r"^\w+$")


class MissingForm(Exception):
    """An argument has no such form (or the agreement asked for is not about a number)."""


@dataclass(frozen=True)
class Field:
    """One placeholder: the argument, the forms applied in order, or the two forms of an agreement."""

    arg: str
    forms: tuple[str, ...] = ()
    agreement: tuple[str, str] | None = None


def parse_field(text: str) -> Field:
    """The placeholder inside braces; ``ValueError`` saying what is wrong with it."""
    if "|" in text:
        arg, *choices = text.split("|")
        if len(choices) != 2 or not all(c.strip() for c in choices):
            raise ValueError(f"'{{{text}}}' needs exactly two forms, one|many")
        if not _NAME.match(arg):
            raise ValueError(f"'{{{text}}}' does not start with an argument name")
        return Field(arg, agreement=(choices[0], choices[1]))
    arg, *forms = text.split(":")
    if not _NAME.match(arg):
        raise ValueError(f"'{{{text}}}' is not a placeholder")
    unknown = [f for f in forms if f not in FORMS]
    if unknown:
        raise ValueError(f"'{{{text}}}' asks for the form '{unknown[0]}'; the forms are {', '.join(FORMS)}")
    return Field(arg, tuple(forms))


def problems(template: str, args: tuple[str, ...]) -> list[str]:
    """What is wrong with a template: malformed placeholders and arguments not in ``args``."""
    found = []
    for match in _FIELD.finditer(template):
        try:
            field = parse_field(match.group(1))
        except ValueError as error:
            found.append(str(error))
            continue
        if field.arg not in args:
            found.append(f"'{{{match.group(1)}}}' names '{field.arg}', which is not in its args")
    if re.sub(_FIELD, "", template).count("{") or re.sub(_FIELD, "", template).count("}"):
        found.append("has an unmatched brace")
    return found


def fields(template: str) -> list[Field]:
    """The placeholders of a well-formed template, in order."""
    return [parse_field(m.group(1)) for m in _FIELD.finditer(template)]


_ABBREVIATIONS = ("kr.", "ca.", "pr.", "nr.", "bl.a.", "f.eks.", "jf.", "e.g.", "i.e.")


def _starts_sentence(before: str) -> bool:
    """Whether text that follows ``before`` opens the message or a sentence."""
    before = before.rstrip()
    return not before or (before.endswith((".", "!", "?")) and not before.lower().endswith(_ABBREVIATIONS))


Phrase = Callable[[str, tuple[str, ...]], str]
Count = Callable[[str], int | None]


def fill(template: str, phrase: Phrase, count: Count) -> str:
    """The template with every placeholder replaced.

    ``phrase(arg, forms)`` words an argument in the forms asked for; ``count(arg)`` is the
    number an agreement follows (``None`` when the argument is not a number). Both raise
    ``MissingForm`` (or return ``None``) when they cannot.
    """
    parts: list[str] = []
    position = 0
    for match in _FIELD.finditer(template):
        before = template[position : match.start()]
        parts.append(before)
        field = parse_field(match.group(1))
        if field.agreement is not None:
            number = count(field.arg)
            if number is None:
                raise MissingForm(f"'{field.arg}' is not a number, so '{{{match.group(1)}}}' cannot agree with it")
            text = field.agreement[0] if abs(number) == 1 else field.agreement[1]
        else:
            text = phrase(field.arg, field.forms)
        starts_sentence = _starts_sentence("".join(parts))
        parts.append(text[:1].upper() + text[1:] if starts_sentence else text)
        position = match.end()
    parts.append(template[position:])
    return "".join(parts)
