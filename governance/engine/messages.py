"""Render reported violations as readable, bilingual verdicts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from governance.engine.explain import explainer
from governance.engine.facts import from_day
from governance.engine.ruleset import LANGUAGES, RuleMeta, RuleSet
from governance.engine.solve import Finding, Supports, Value, Word
from governance.register import Register


@dataclass(frozen=True)
class Violation:
    rule: str
    severity: str  # ERROR | WARNING | INFO
    body: str
    args: tuple[Value, ...]
    subjects: tuple[str, ...]
    source: str
    messages: dict[str, str] = field(compare=False, hash=False)
    introduced: bool = False
    explainer: Callable[[str], str] | None = field(default=None, compare=False, hash=False, repr=False)

    @property
    def identity(self) -> tuple[str, str, str, str]:
        """What makes two verdicts the same violation, before and after a change."""
        return (self.rule, self.body, self.severity, repr(self.args))

    def message(self, lang: str = "da") -> str:
        return self.messages.get(lang) or self.messages["da"]

    def explanation(self, lang: str = "da") -> str:
        """The derivation, conclusion first, down to the stored facts it rests on; one step a line."""
        return self.explainer(lang) if self.explainer else self.message(lang)


def _variant(meta: RuleMeta, args: tuple[Value, ...]) -> tuple[str, tuple[Value, ...]]:
    if args and isinstance(args[0], Word) and str(args[0]) in meta.variants:
        return str(args[0]), args[1:]
    return "", args


def _text(name: str, value: Value, lang: str, rule_set: RuleSet, name_of: Callable[[str], str | None]) -> str:
    if isinstance(value, tuple):
        return ", ".join(_text(name, v, lang, rule_set, name_of) for v in value)
    if isinstance(value, Word):
        return rule_set.word(value, lang)
    if isinstance(value, str):
        return name_of(value) or value
    if name.endswith("_on"):
        as_date = from_day(value)
        return as_date.isoformat() if as_date else ("åben" if lang == "da" else "open")
    return str(value)


def render(
    finding: Finding, rule_set: RuleSet, register: Register, params: dict[str, Value], supports: Supports | None = None
) -> Violation:
    """A finding with its messages in every language, its subjects, its source and its explanation."""
    name_of = register.name_of
    meta = rule_set.rules.get(finding.rule)
    subjects = tuple(dict.fromkeys([finding.body, *_keys(finding.args)]))
    severity = finding.severity.upper()
    if meta is None:
        plain = {lang: f"{finding.rule}: {finding.args}" for lang in LANGUAGES}
        explain = explainer(finding, None, plain, register, rule_set, params, supports)
        return Violation(finding.rule, severity, finding.body, finding.args, subjects, "", plain, explainer=explain)
    variant_name, values = _variant(meta, finding.args)
    variant = meta.variants[variant_name] if variant_name in meta.variants else next(iter(meta.variants.values()))
    messages = {}
    for lang in LANGUAGES:
        filled = {
            name: _text(name, value, lang, rule_set, name_of) for name, value in zip(variant.args, values)
        }
        messages[lang] = variant.messages[lang].format_map(_Missing(filled))
    explain = explainer(finding, meta, messages, register, rule_set, params, supports)
    return Violation(finding.rule, severity, finding.body, finding.args, subjects, meta.source, messages, explainer=explain)


def _keys(args: tuple[Value, ...]) -> list[str]:
    keys: list[str] = []
    for value in args:
        if isinstance(value, tuple):
            keys.extend(_keys(value))
        elif isinstance(value, str) and not isinstance(value, Word):
            keys.append(value)
    return keys


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
