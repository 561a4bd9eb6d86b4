"""Explanations: a violation's derivation, from its conclusion down to the stored facts.

The rules say what a violation rests on with ``because(Rule, Body, Args, Label, Fact)``;
this module only words each fact, with its dates and who appointed whom, in Danish or
English.
"""

from __future__ import annotations

from collections.abc import Callable

from governance.engine.facts import from_day
from governance.engine.ruleset import RuleMeta, RuleSet
from governance.engine.solve import Finding, Value, Word
from governance.register import Register

_TEXT = {
    "da": {
        "rule": "Regel {id} (afsnittet »{source}«)",
        "member": "{person} sidder som {role} i {body}{behalf}{by}, {period}",
        "behalf": ", på vegne af {org}",
        "by": ", udpeget af {org}",
        "period": "fra {start} til og med {end}",
        "open": "fra {start}, uden slutdato",
        "proposed": " (foreslået)",
        "body": "{name} er {kind}, status {status}{expires}{parent}",
        "expires": ", eksisterer til og med {date}",
        "parent": ", undergruppe af {parent}",
        "person": "{name} hører til {org}{tags}",
        "no_org": "ingen organisation",
        "tags": ", kvalifikationer: {tags}",
        "org": "{name} er {kind}",
        "param": "Parameteren {name} er {value}",
        "setting": "{platform} har {name} = {value}",
        "as_of": "Spørgsmålet gælder {date}",
    },
    "en": {
        "rule": "Rule {id} (section \"{source}\")",
        "member": "{person} sits as {role} in {body}{behalf}{by}, {period}",
        "behalf": ", on behalf of {org}",
        "by": ", appointed by {org}",
        "period": "from {start} through {end}",
        "open": "from {start}, with no end date",
        "proposed": " (proposed)",
        "body": "{name} is {kind}, status {status}{expires}{parent}",
        "expires": ", existing through {date}",
        "parent": ", a sub-group of {parent}",
        "person": "{name} belongs to {org}{tags}",
        "no_org": "no organisation",
        "tags": ", qualifications: {tags}",
        "org": "{name} is {kind}",
        "param": "The parameter {name} is {value}",
        "setting": "{platform} has {name} = {value}",
        "as_of": "The question is asked for {date}",
    },
}


class _Words:
    """Names of keys, words of constants, and dates, in one language."""

    def __init__(self, register: Register, rule_set: RuleSet, lang: str):
        self.register, self.rule_set, self.lang = register, rule_set, lang
        self.text = _TEXT[lang]

    def name(self, key: Value) -> str:
        return self.register.name_of(str(key)) or str(key)

    def word(self, constant: Value) -> str:
        return self.rule_set.word(str(constant), self.lang)

    def kind(self, constant: Value) -> str:
        """A kind's word as the complement of "is": with its article in English ("a forum", "an ad hoc group")."""
        word = self.word(constant)
        if self.lang != "en" or word.startswith("the "):
            return word
        if word.startswith("other "):
            return "an" + word
        return ("an " if word[:1].lower() in "aeiou" else "a ") + word

    def date(self, value: object) -> str:
        return value.isoformat() if hasattr(value, "isoformat") else str(value)

    def value(self, value: Value) -> str:
        if isinstance(value, tuple):
            return ", ".join(self.value(v) for v in value)
        if isinstance(value, Word):
            return self.word(value)
        if isinstance(value, str):
            return self.name(value)
        as_date = from_day(value) if isinstance(value, int) and 19000101 <= value <= 99991231 else None
        return as_date.isoformat() if as_date else str(value)


def _membership(words: _Words, membership_id: int) -> str:
    text = words.text
    m = words.register.memberships.get(membership_id)
    if m is None:
        return str(membership_id)
    period = (
        text["open"].format(start=m.starts_on.isoformat())
        if m.ends_on is None
        else text["period"].format(start=m.starts_on.isoformat(), end=m.ends_on.isoformat())
    )
    line = text["member"].format(
        person=words.name(m.person), role=words.word(m.role), body=words.name(m.body),
        behalf=text["behalf"].format(org=words.name(m.on_behalf_of)) if m.on_behalf_of else "",
        by=text["by"].format(org=words.name(m.appointed_by)) if m.appointed_by else "",
        period=period,
    )
    return line + (text["proposed"] if membership_id < 0 else "")


def _body(words: _Words, key: str) -> str:
    b = words.register.bodies.get(key)
    if b is None:
        return words.name(key)
    return words.text["body"].format(
        name=b.name, kind=words.kind(b.kind), status=words.word(b.status),
        expires=words.text["expires"].format(date=b.expires_on.isoformat()) if b.expires_on else "",
        parent=words.text["parent"].format(parent=words.name(b.parent)) if b.parent else "",
    )


def _person(words: _Words, key: str) -> str:
    p = words.register.persons.get(key)
    if p is None:
        return words.name(key)
    tags = words.text["tags"].format(tags=", ".join(p.qualifications)) if p.qualifications else ""
    org = words.name(p.organisation) if p.organisation else words.text["no_org"]
    return words.text["person"].format(name=p.name, org=org, tags=tags)


def _fact(words: _Words, fact: Value, params: dict[str, Value]) -> str:
    """One stored fact in words; anything the rules name that is not a stored fact, as its values."""
    if not isinstance(fact, tuple) or not fact or not isinstance(fact[0], Word):
        return words.value(fact)
    kind, values = str(fact[0]), fact[1:]
    if kind == "member" and len(values) == 1 and isinstance(values[0], int):
        return _membership(words, values[0])
    if kind == "body" and len(values) == 1:
        return _body(words, str(values[0]))
    if kind == "person" and len(values) == 1:
        return _person(words, str(values[0]))
    if kind == "org" and len(values) == 1:
        org = words.register.organisations.get(str(values[0]))
        return words.text["org"].format(name=words.name(values[0]), kind=words.kind(org.kind)) if org else words.name(values[0])
    if kind == "param" and len(values) == 1:
        return words.text["param"].format(name=values[0], value=words.value(params.get(str(values[0]), "?")))
    if kind == "setting" and len(values) == 2:
        value = words.register.platforms.get(str(values[0]), {}).get(str(values[1]), "?")
        return words.text["setting"].format(platform=words.name(values[0]), name=values[1], value=words.name(value))
    if kind == "as_of" and len(values) == 1:
        return words.text["as_of"].format(date=words.value(values[0]))
    return f"{words.word(kind)}: {words.value(values)}"


def explainer(
    finding: Finding, meta: RuleMeta | None, messages: dict[str, str], register: Register, rule_set: RuleSet,
    params: dict[str, Value],
) -> Callable[[str], str]:
    """A function that words the finding's derivation in a language, when asked."""

    def explain(lang: str) -> str:
        words = _Words(register, rule_set, lang if lang in _TEXT else "da")
        lines = [messages.get(words.lang) or messages["da"]]
        if meta is not None:
            rule_line = words.text["rule"].format(id=meta.id, source=meta.source)
            interpretation = meta.interpretation.get(words.lang)
            lines.append(f"  ⟵ {rule_line}" + (f": {interpretation}" if interpretation else ""))
        order = {label: n for n, label in enumerate(("body", *rule_set.label_order.get(finding.rule, ())))}
        for label, fact in sorted(finding.support, key=lambda item: (order.get(str(item[0]), len(order)), repr(item[1]))):
            lines.append(f"  ⟵ {words.word(label)}: {_fact(words, fact, params)}")
        return "\n".join(lines)

    return explain
