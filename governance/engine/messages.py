"""Render reported violations as readable, bilingual verdicts.

The messages are the rules' templates, filled by the grammar of ``template.py`` (plural
agreement, definite forms, the genitive, dates): this module words each argument in the
form a placeholder asks for. Body names get their definite form from ``structure.yaml``
(``definite:``), or from their kind's word in ``vocabulary.yaml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from governance.engine.explain import explainer
from governance.engine.facts import from_day
from governance.engine.ruleset import LANGUAGES, RuleMeta, RuleSet
from governance.engine.solve import Finding, Support, Value, Word
from governance.engine.template import MissingForm
from governance.engine.template import fill as template_fill
from governance.engine.wording import date_text, definite_body, genitive, join, number_text
from governance.enums import Severity
from governance.register import Register


@dataclass(frozen=True)
class Violation:
    """A verdict of the rules, as a plain value: worded in every language, explained when the question asked for it."""

    rule: str
    severity: Severity
    body: str
    args: tuple[Value, ...]
    subjects: tuple[str, ...]
    source: str
    messages: dict[str, str] = field(compare=False, hash=False)
    introduced: bool = False
    explanations: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def identity(self) -> tuple[str, str, str, str]:
        """What makes two verdicts the same violation, before and after a change."""
        return (self.rule, self.body, self.severity, repr(self.args))

    def message(self, lang: str = "da") -> str:
        return self.messages.get(lang) or self.messages["da"]

    def explanation(self, lang: str = "da") -> str:
        """The derivation, conclusion first, down to the stored facts it rests on; one step a line.

        Only a question asked with explanations has them (``governance.engine.Evaluation``);
        without, this is the message.
        """
        return self.explanations.get(lang) or self.explanations.get("da") or self.message(lang)


def _variant(meta: RuleMeta, args: tuple[Value, ...]) -> tuple[str, tuple[Value, ...]]:
    if args and isinstance(args[0], Word) and str(args[0]) in meta.variants:
        return str(args[0]), args[1:]
    return "", args


class Text(str):
    """Text already worded in the language, filled in as it is (a part of a longer sentence)."""


def _plain(name: str, value: Value, words: _Words) -> str:
    """An argument as it is: a key by its name, a constant by its word, a number, a date."""
    if isinstance(value, tuple):
        return join([_plain(name, v, words) for v in value], words.lang)
    if isinstance(value, Text):
        return str(value)
    if isinstance(value, Word):
        return words.rule_set.word(value, words.lang)
    if isinstance(value, str):
        return words.register.name_of(value) or value
    if name.endswith("_on"):
        as_date = from_day(value)
        return date_text(as_date, words.lang) if as_date else ("åben" if words.lang == "da" else "open")
    return number_text(value, words.lang)


@dataclass(frozen=True)
class _Words:
    """Arguments in words of one language, in the forms the template grammar asks for (template.py)."""

    rule_set: RuleSet
    register: Register
    lang: str
    strict: bool = False

    def phrase(self, name: str, value: Value, forms: tuple[str, ...]) -> str:
        text = _plain(name, value, self)
        for form in forms:
            try:
                text = self._form(form, name, value, text)
            except MissingForm:
                if self.strict:
                    raise
        return text

    def _form(self, form: str, name: str, value: Value, text: str) -> str:
        if form == "gen":
            return genitive(text, self.lang)
        if isinstance(value, tuple) and form in ("def", "pl"):
            return join([self._form(form, name, v, _plain(name, v, self)) for v in value], self.lang)
        if form == "def" and isinstance(value, Word):
            return self._word_form(value, "def")
        if form == "pl" and isinstance(value, Word):
            return self._word_form(value, "pl")
        if form == "def" and isinstance(value, str):
            return self._definite(value, text)
        if form == "poss" and isinstance(value, str | Word):
            return self._possessive(value)
        raise MissingForm(f"{name} = {value!r} has no '{form}' form in {self.lang}")

    def _word_form(self, word: Word, form: str) -> str:
        found = self.rule_set.form(word, self.lang, form)
        if found is None:
            raise MissingForm(f"the word {word!r} has no {self.lang}.{form} form in vocabulary.yaml")
        return found

    def _definite(self, key: str, name: str) -> str:
        """A body as a sentence names it; a case as "sagen »…«"; persons and organisations by name."""
        body = self.register.bodies.get(key)
        if body is not None:
            return definite_body(self.rule_set, body.name, body.kind, self.lang)
        if key in self.register.cases:
            return ("sagen »{}«" if self.lang == "da" else "the case \"{}\"").format(name)
        if key in self.register.persons or key in self.register.organisations:
            return name
        raise MissingForm(f"{key!r} is not a body, case, person or organisation, so it has no definite form")

    def _possessive(self, value: str) -> str:
        """dens or dets, by the gender of a body's kind (or a word's own); its."""
        body = self.register.bodies.get(value) if not isinstance(value, Word) else None
        word = body.kind if body is not None else value if isinstance(value, Word) else None
        gender = self.rule_set.form(word, "da", "gender") if word else None
        if gender is None:
            raise MissingForm(f"{value!r} has no da.gender in vocabulary.yaml, so it has no possessive")
        return "its" if self.lang == "en" else {"common": "dens", "neuter": "dets"}[gender]

    def count(self, values: dict[str, Value], name: str) -> int | None:
        value = values.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if self.strict:
            return None
        return 2


def fill(
    template: str, names: tuple[str, ...], values: tuple[Value, ...], lang: str, rule_set: RuleSet, register: Register,
    strict: bool = False,
) -> str:
    """A message template filled with a finding's arguments in a language.

    ``strict``: raise ``MissingForm`` where a form cannot be made (the template test),
    instead of falling back to the plain value (what users are shown).
    """
    words = _Words(rule_set, register, lang, strict)
    by_name = dict(zip(names, values, strict=False))

    def phrase(name: str, forms: tuple[str, ...]) -> str:
        if name not in by_name:
            if strict:
                raise MissingForm(f"no value for '{name}'")
            return "{" + name + "}"
        return words.phrase(name, by_name[name], forms)

    return template_fill(template, phrase, lambda name: words.count(by_name, name))


def render(
    finding: Finding, rule_set: RuleSet, register: Register, params: dict[str, Value], support: Support | None = None
) -> Violation:
    """A finding with its messages in every language, its subjects and its source; with ``support``, its explanations."""
    meta = rule_set.rules.get(finding.rule)
    subjects = tuple(dict.fromkeys([finding.body, *_keys(finding.args)]))
    severity = Severity(finding.severity.upper())
    if meta is None:
        messages = dict.fromkeys(LANGUAGES, f"{finding.rule}: {finding.args}")
    else:
        variant_name, values = _variant(meta, finding.args)
        variant = meta.variants[variant_name] if variant_name in meta.variants else next(iter(meta.variants.values()))
        messages = {lang: fill(variant.messages[lang], variant.args, values, lang, rule_set, register) for lang in LANGUAGES}
    violation = Violation(finding.rule, severity, finding.body, finding.args, subjects, meta.source if meta else "", messages)
    return violation if support is None else explained(violation, finding, meta, rule_set, register, params, support)


def explained(
    violation: Violation, finding: Finding, meta: RuleMeta | None, rule_set: RuleSet, register: Register,
    params: dict[str, Value], support: Support,
) -> Violation:
    """The violation with its explanation in every language, from the facts it rests on."""
    explain = explainer(replace(finding, support=support), meta, dict(violation.messages), register, rule_set, params)
    return replace(violation, explanations={lang: explain(lang) for lang in LANGUAGES})


def _keys(args: tuple[Value, ...]) -> list[str]:
    keys: list[str] = []
    for value in args:
        if isinstance(value, tuple):
            keys.extend(_keys(value))
        elif isinstance(value, str) and not isinstance(value, Word):
            keys.append(value)
    return keys
