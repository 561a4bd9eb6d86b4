"""The frames of the command line's output, in Danish (the default) and English.

The lines are templates of the rules' message grammar (``governance/engine/template.py``):
``{n|one|many}`` agrees with a number, an argument ending in ``_on`` is a date
("1. juni 2026"), ``{body:def}`` names a body as a sentence does.
"""

from __future__ import annotations

from datetime import date

from governance.engine.facts import from_day
from governance.engine.messages import fill
from governance.engine.ruleset import RuleSet
from governance.engine.solve import Value
from governance.engine.template import fill as template_fill
from governance.engine.wording import date_text, day_number
from governance.register import Register

LINES: dict[str, dict[str, str]] = {
    "da": {
        "header": "ALVOR|REGEL|ENHED|MEDDELELSE",
        "ERROR": "FEJL", "WARNING": "ADVARSEL", "INFO": "OPLYSNING",
        "valid": "gyldig", "invalid": "UGYLDIG",
        "check": "{verdict} pr. {as_on}: {errors} fejl, {warnings} {warnings|advarsel|advarsler}, "
        "{notes} {notes|oplysning|oplysninger} (regelsæt {version})",
        "explained": "{count} {count|overtrædelse|overtrædelser} pr. {as_on}",
        "nothing_to_repair": "{body:def} er gyldig som aktiv pr. {as_on}; der er intet at rette.",
        "appoint": "{by} udpeger {person} ({person_key}) som {role}{behalf} fra {as_on}",
        "behalf": ", på vegne af {org}",
        "end": "medlemskab nr. {id} afsluttes med {last_on} som sidste dag",
        "impact": "regelsæt {old} -> {new}, pr. {as_on}",
        "becomes_invalid": "  (bliver UGYLDIG)", "becomes_valid": "  (bliver gyldig)",
        "bodies_change": "{count} {count|enhed|enheder} ændrer sig",
        "rule_problems": "Regelfilerne har fejl:",
        "database": "boliv: databasen svarede ikke: {error}",
        "GOALS": "mål og succeskriterier", "COMMUNICATION_STRATEGY": "formidlingsstrategi",
        "document_recorded": "Registreret: »{title}« ({kind}) for {body}, vedtaget {adopted_on} (revisionspost {entry}).",
        "document_line": "{adopted_on}  {kind}  »{title}«",
        "no_documents": "{body} har ingen registrerede dokumenter.",
    },
    "en": {
        "header": "SEVERITY|RULE|BODY|MESSAGE",
        "ERROR": "ERROR", "WARNING": "WARNING", "INFO": "INFO",
        "valid": "valid", "invalid": "INVALID",
        "check": "{verdict} as of {as_on}: {errors} {errors|error|errors}, {warnings} {warnings|warning|warnings}, "
        "{notes} {notes|note|notes} (rule set {version})",
        "explained": "{count} {count|violation|violations} as of {as_on}",
        "nothing_to_repair": "{body:def} is valid as active on {as_on}; there is nothing to repair.",
        "appoint": "{by} appoints {person} ({person_key}) as {role}{behalf} from {as_on}",
        "behalf": ", on behalf of {org}",
        "end": "membership no. {id} ends with {last_on} as its last day",
        "impact": "rule set {old} -> {new}, as of {as_on}",
        "becomes_invalid": "  (becomes INVALID)", "becomes_valid": "  (becomes valid)",
        "bodies_change": "{count} {count|body changes|bodies change}",
        "rule_problems": "The rule files have problems:",
        "database": "boliv: the database did not answer: {error}",
        "GOALS": "goals and success criteria", "COMMUNICATION_STRATEGY": "communication strategy",
        "document_recorded": "Recorded: \"{title}\" ({kind}) for {body}, adopted {adopted_on} (audit entry {entry}).",
        "document_line": "{adopted_on}  {kind}  \"{title}\"",
        "no_documents": "{body} has no recorded documents.",
    },
}


def say(lang: str, line: str, rule_set: RuleSet | None = None, register: Register | None = None, **values: Value | date) -> str:
    """One frame line in the language, its arguments filled by the message grammar.

    Dates may be given as dates, worded text (a key, a version) as ``Text``; without a rule
    set only numbers, dates and text can be filled.
    """
    lang = lang if lang in LINES else "da"
    filled = {name: day_number(value) if isinstance(value, date) else value for name, value in values.items()}
    template = LINES[lang][line]
    if rule_set is None:
        return _bare(template, filled, lang)
    return fill(template, tuple(filled), tuple(filled.values()), lang, rule_set, register or Register())


def _bare(template: str, values: dict[str, Value], lang: str) -> str:
    def phrase(name: str, _forms: tuple[str, ...]) -> str:
        value = values[name]
        day = from_day(value) if name.endswith("_on") and isinstance(value, int) else None
        return date_text(day, lang) if day else str(value)

    def count(name: str) -> int | None:
        value = values.get(name)
        return value if isinstance(value, int) else None

    return template_fill(template, phrase, count)
