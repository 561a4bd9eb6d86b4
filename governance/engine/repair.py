"""Repairs: the fewest changes, from the registered people, that make a body valid as ACTIVE.

clingo searches the space of ``rules/repair/repair.lp`` with optimisation; each repair
found is then forbidden together with every larger set containing it, so the next search
returns the next smallest different repair.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import clingo

from governance import deadline
from governance.engine import evaluate
from governance.engine.facts import Facts, give, membership_arguments, register_facts
from governance.engine.messages import Text, Violation, fill, render
from governance.engine.ruleset import RuleSet
from governance.engine.solve import Finding, Value, Word, arguments, solve_atoms
from governance.engine.vocabulary import value as symbol_value
from governance.engine.wording import day_number, join, qualification_word
from governance.enums import BodyStatus
from governance.register import Register

SEARCH_SPACE = Path(__file__).resolve().parents[2] / "rules" / "repair" / "repair.lp"
PLACEHOLDERS_PER_ORGANISATION = 2


@dataclass(frozen=True)
class Appointment:
    person: str
    role: str  # a Role name: MEMBER, CHAIR, ...
    on_behalf_of: str | None
    appointed_by: str


@dataclass(frozen=True)
class Need:
    """A seat no registered person can fill: who it needs."""

    organisation: str | None
    role: str
    qualifications: tuple[str, ...]


@dataclass(frozen=True)
class Repair:
    body: str
    as_of: date
    appoint: tuple[Appointment, ...]
    end: tuple[int, ...]
    needs: tuple[Need, ...] = ()
    unresolved: tuple[Violation, ...] = ()  # errors no change to this body's members can remove
    dissolve: date | None = None  # dissolve the body on this day (an ad hoc group past its end date)

    @property
    def size(self) -> int:
        return len(self.appoint) + len(self.end) + len(self.needs) + (self.dissolve is not None)


def _fact(name: str, *arguments: clingo.Symbol) -> clingo.Symbol:
    return clingo.Function(name, list(arguments))


def _facts(register: Register, body: str, as_of: date) -> Facts:
    """The register without the body's memberships (they are ``current/8``, which may stay or end), and the search's people.

    A person who is not registered yet is the term ``unregistered(Org, N)``: the organisation
    it must come from is read from the term, not from a name.
    """
    kept = register.copy()
    current = [m for m in register.memberships.values() if m.body == body]
    for m in current:
        del kept.memberships[m.id]
    kept = kept.with_body_status(body, BodyStatus.ACTIVE)
    platform = register.bodies[body].platform
    facts = register_facts(kept, as_of, [body])
    facts.add(_fact("target", clingo.String(body)))
    for m in current:
        facts.add(_fact("current", *membership_arguments(m)))
    for p in register.persons.values():
        if p.organisation in register.organisations:
            facts.add(_fact("candidate", clingo.String(p.key)))
    for org in register.organisations.values():
        if org.platform != platform:
            continue
        for n in range(1, PLACEHOLDERS_PER_ORGANISATION + 1):
            facts.add(_fact("placeholder", _fact("unregistered", clingo.String(org.key), clingo.Number(n)), clingo.String(org.key)))
    return facts


def _unregistered(person: clingo.Symbol) -> str | None:
    """The organisation of a person the search invented (``unregistered(Org, N)``); None for a registered person."""
    if person.type is clingo.SymbolType.Function and person.name == "unregistered":
        return person.arguments[0].string
    return None


def _expired(rule_set: RuleSet, register: Register, body: str, as_of: date) -> bool:
    facts = register_facts(register.with_body_status(body, BodyStatus.ACTIVE), as_of, [body])
    return any(found == body for found, _ in solve_atoms(rule_set, facts, {"expired": 2})["expired"])


def _baseline(rule_set: RuleSet, register: Register, body: str, as_of: date) -> list[clingo.Symbol]:
    """The errors other bodies have already: a repair may leave them, not add to them."""
    active = register.with_body_status(body, BodyStatus.ACTIVE)
    return [
        _fact("baseline", clingo.String(v.rule), clingo.String(v.body), _term(v.args))
        for v in evaluate(rule_set, active, as_of, [body])
        if v.severity.blocks and v.body != body
    ]


def _term(value: Value) -> clingo.Symbol:
    """A violation's arguments as the term the rules wrote (one argument is a tuple of one)."""
    if isinstance(value, tuple):
        return clingo.Tuple_([_term(v) for v in value])
    if isinstance(value, Word):
        return clingo.Function(str(value))
    if isinstance(value, str):
        return clingo.String(value)
    return clingo.Number(value)


def find_repairs(rule_set: RuleSet, register: Register, body: str, as_of: date, limit: int = 3, seconds: float = 5.0) -> list[Repair]:
    """Up to ``limit`` repairs, fewest changes first; none when the body is valid as ACTIVE already.

    Each later repair uses other people than every earlier one (or ends other memberships).
    A body the rules say has passed its end date (``expired/2``, rules/adhoc.lp) is not made
    valid by members: its one repair is dissolving it the day after its last day.
    """
    if _expired(rule_set, register, body, as_of):
        last_day = register.bodies[body].expires_on
        assert last_day is not None  # expired/2 holds only for a body with an end date
        return [Repair(body, as_of, (), (), dissolve=last_day + timedelta(days=1))]
    control = clingo.Control(["--warn=none", "--opt-mode=opt", "--heuristic=Domain"])
    rule_set.add_to(control)
    control.add("base", [], SEARCH_SPACE.read_text(encoding="utf-8"))
    facts = _facts(register, body, as_of)
    for baseline in _baseline(rule_set, register, body, as_of):
        facts.add(baseline)
    context = give(control, facts)
    deadline.ground(control, [("base", [])], context)
    repairs: list[Repair] = []
    for round_number in range(limit):
        found = _best(control, rule_set, register, body, as_of, seconds)
        if found is None or (found[0].size == 0 and not found[0].unresolved):  # nothing (more) to repair
            break
        if repairs and found[0].unresolved and not repairs[0].unresolved:  # only worse ones are left
            break
        repairs.append(found[0])
        part = f"exclude{round_number}"
        control.add(part, [], f":- {', '.join(found[1])}." if found[1] else "#false.")
        deadline.ground(control, [(part, [])])
    return repairs


def _best(
    control: clingo.Control, rule_set: RuleSet, register: Register, body: str, as_of: date, seconds: float
) -> tuple[Repair, list[str]] | None:
    model_atoms: list[clingo.Symbol] = []

    def on_model(model: clingo.Model) -> None:
        model_atoms[:] = [a for a in model.symbols(atoms=True) if a.name in ("add", "drop", "qualification", "report", "param")]

    deadline.solve(control, on_model, seconds)
    if not model_atoms:
        return None
    appoint, needs, end, nogood = [], [], [], []
    qualifications: dict[str, list[str]] = {}
    for atom in model_atoms:
        if atom.name == "qualification" and _unregistered(atom.arguments[0]) is not None:
            qualifications.setdefault(str(atom.arguments[0]), []).append(atom.arguments[1].string)
    for atom in model_atoms:
        values = [symbol_value(a) for a in atom.arguments]
        if atom.name == "drop":
            end.append(int(str(values[0])))
            nogood.append(str(atom))
        elif atom.name == "add":
            person, role_word, behalf_value, by = values
            behalf = None if behalf_value == "none" else str(behalf_value)
            role = str(role_word).upper()
            nogood.append(f"add({atom.arguments[0]},_,_,_)")
            organisation = _unregistered(atom.arguments[0])
            if organisation is not None:
                needs.append(Need(behalf or organisation, role, tuple(sorted(qualifications.get(str(atom.arguments[0]), [])))))
            else:
                appoint.append(Appointment(str(person), role, behalf, str(by)))
    params = {str(symbol_value(a.arguments[0])): symbol_value(a.arguments[1]) for a in model_atoms if a.name == "param"}
    unresolved = tuple(
        render(Finding(str(symbol_value(a.arguments[0])), body, "error", arguments(symbol_value(a.arguments[3]))), rule_set, register, params)
        for a in model_atoms
        if a.name == "report" and str(a.arguments[2]) == "error" and symbol_value(a.arguments[1]) == body
    )
    repair = Repair(body, as_of, tuple(sorted(appoint, key=repr)), tuple(sorted(end)), tuple(sorted(needs, key=repr)), unresolved)
    return repair, nogood


# The sentence of a repair, in the grammar of the rules' messages (template.py); a date
# argument ends in _on.
_SUMMARY = {
    "da": {
        "appoint": "{by} udpeger {person} som {role}{behalf}",
        "behalf": " på vegne af {org}",
        "end": "{person:gen} medlemskab som {role} (nr. {id}) afsluttes med {day_on} som sidste dag",
        "need": "ingen registreret person kan besætte en plads som {role}{behalf}; den kræver en person fra {org}{tags}",
        "tags": " med {tags}",
        "none": "ingen organisation",
        "lead": "{count} {count|ændring|ændringer}, så {body:def} kan være aktiv fra {day_on}: ",
        "lead_expired": "{count} {count|ændring|ændringer}, da {body:def} har passeret sin slutdato: ",
        "dissolve": "{body:def} nedlægges den {day_on}",
        "unresolved": "kan ikke løses ved at ændre medlemmerne: {message}",
    },
    "en": {
        "appoint": "{by} appoints {person} as {role}{behalf}",
        "behalf": " on behalf of {org}",
        "end": "{person:gen} membership as {role} (no. {id}) ends with {day_on} as its last day",
        "need": "no registered person can fill a seat as {role}{behalf}; it needs a person from {org}{tags}",
        "tags": " with {tags}",
        "none": "no organisation",
        "lead": "{count} {count|change|changes} so that {body:def} can be active from {day_on}: ",
        "lead_expired": "{count} {count|change|changes}, as {body:def} is past its end date: ",
        "dissolve": "{body:def} is dissolved on {day_on}",
        "unresolved": "cannot be resolved by changing the members: {message}",
    },
}


def summary(repair: Repair, register: Register, rule_set: RuleSet, lang: str) -> str:
    """The repair in one sentence of the language asked."""
    lang = lang if lang in _SUMMARY else "da"
    text = _SUMMARY[lang]

    def say(part: str, **values: Value) -> str:
        return fill(text[part], tuple(values), tuple(values.values()), lang, rule_set, register)

    def role(value: str) -> Word:
        return Word(value.lower())

    def behalf(org: str | None) -> str:
        return say("behalf", org=org) if org else ""

    parts = [
        say("appoint", by=a.appointed_by, person=a.person, role=role(a.role), behalf=Text(behalf(a.on_behalf_of)))
        for a in repair.appoint
    ]
    last_day = day_number(repair.as_of - timedelta(days=1))
    for membership_id in repair.end:
        m = register.memberships[membership_id]
        parts.append(say("end", person=m.person, role=role(m.role), id=membership_id, day_on=last_day))
    for need in repair.needs:
        tags = join([qualification_word(rule_set, tag, lang) for tag in need.qualifications], lang)
        parts.append(
            say(
                "need", role=role(need.role), behalf=Text(behalf(need.organisation)),
                org=need.organisation or Text(text["none"]), tags=Text(say("tags", tags=Text(tags)) if tags else ""),
            )
        )
    if repair.dissolve is not None:
        parts.append(say("dissolve", body=repair.body, day_on=day_number(repair.dissolve)))
    parts += [say("unresolved", message=Text(v.message(lang).rstrip("."))) for v in repair.unresolved]
    lead = "lead" if repair.dissolve is None else "lead_expired"  # an expired group is not made active, it is dissolved
    return say(lead, count=repair.size, body=repair.body, day_on=day_number(repair.as_of)) + "; ".join(parts) + "."
