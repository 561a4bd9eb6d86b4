"""The engine's vocabulary is declared once (governance/engine/vocabulary.py); what comes from it agrees with it.

The README's table of supplied facts names exactly the declared predicates with their
fields; the facts of a real register are made only of declared predicates, with values of
the declared types; the rule files do not declare the input vocabulary by hand; answers
come back as rows with the declared field names.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import clingo
import pytest

from governance.engine import Evaluation
from governance.engine.facts import Facts, give, register_facts
from governance.engine.ruleset import DEFAULT_RULES_DIR, load_rule_set
from governance.engine.vocabulary import PREDICATES, READ, SUPPLIED, SUPPLIED_PREDICATES, Kind, defined_program
from governance.services import Governance

AS_OF = date(2026, 6, 1)


def _readme_supplied() -> set[str]:
    """The predicates of the README's table "The facts the engine supplies", as written there."""
    text = (DEFAULT_RULES_DIR / "README.md").read_text(encoding="utf-8")
    section = text.split("## The facts the engine supplies", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1] for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([a-z_]+\([^`]*\))`", row)}


def test_the_readme_table_names_every_supplied_predicate_with_its_declared_fields() -> None:
    declared = {p.pattern for p in SUPPLIED_PREDICATES} | {PREDICATES["param"].pattern}
    assert _readme_supplied() == declared


def test_the_rule_files_leave_the_input_vocabulary_to_the_engine() -> None:
    written = {
        (m.group(1), int(m.group(2)))
        for path in DEFAULT_RULES_DIR.glob("*.lp")
        for m in re.finditer(r"^#defined ([a-z_]+)/(\d+)\.", path.read_text(encoding="utf-8"), re.M)
    }
    assert not written & set(SUPPLIED)
    assert defined_program().count("#defined") == len(SUPPLIED)


def test_a_registers_facts_are_declared_predicates_of_the_declared_types(demo: Governance) -> None:
    [register] = demo.platform_registers("fku")
    facts = list(register_facts(register, AS_OF, ["fku"]).atoms())
    assert {(f.name, len(f.arguments)) for f in facts} <= set(SUPPLIED)
    types = {
        Kind.KEY: {clingo.SymbolType.String}, Kind.TEXT: {clingo.SymbolType.String}, Kind.NUMBER: {clingo.SymbolType.Number},
        Kind.DAY: {clingo.SymbolType.Number}, Kind.WORD: {clingo.SymbolType.Function},
        Kind.OPTIONAL_KEY: {clingo.SymbolType.String, clingo.SymbolType.Function},
    }
    for fact in facts:
        for (name, kind), argument in zip(PREDICATES[fact.name].fields, fact.arguments, strict=False):
            assert argument.type in types[kind], (fact, name)
    assert {f.name for f in facts} >= {"member", "body", "person", "org", "touched", "as_of", "asked"}


def test_a_field_is_made_as_its_type_says_and_a_wrong_count_is_refused() -> None:
    member = PREDICATES["member"]
    assert str(member.symbol(1, "p", "fku", "chair", None, "aab", date(2026, 1, 2), None)) == (
        'member(1,"p","fku",chair,none,"aab",20260102,99991231)'
    )
    with pytest.raises(TypeError):
        member.symbol(1, "p")


def test_answers_are_rows_with_the_declared_fields(demo: Governance) -> None:
    [register] = demo.platform_registers("fku")
    evaluation = Evaluation(load_rule_set(), register.with_body_status("fku", "active"), date(2030, 1, 1), list(register.bodies))
    reports, params = evaluation.question.atoms["report"], evaluation.question.atoms["param"]
    assert reports and all(row._fields == ("Rule", "Body", "Severity", "Args") for row in reports)
    assert evaluation.params["fku_cap"] == 8 and all(row._fields == ("Name", "Value") for row in params)
    assert set(READ) >= {("report", 4), ("because", 5), ("param", 2)}


def test_the_facts_clingo_grounds_are_the_registers_facts_unchanged(demo: Governance) -> None:
    """Facts reach clingo as symbols (facts.give), never as text: keys with quotes and backslashes arrive as they are."""
    [cached] = demo.platform_registers("fku")
    register = cached.copy()  # the cached register is never changed
    odd = 'Jens "JJ" Back\\slash'
    person = next(iter(register.persons.values()))
    register.persons[odd] = replace(person, key=odd, name=odd)
    facts = register_facts(register, AS_OF, ["fku"])
    control = clingo.Control(["--warn=none"])
    control.ground([("base", [])], context=give(control, facts))
    grounded = {atom.symbol for atom in control.symbolic_atoms}
    assert grounded == set(facts.atoms()) and len(grounded) == len(facts)
    assert all(atom.is_fact for atom in control.symbolic_atoms)
    assert PREDICATES["person"].symbol(odd, person.organisation) in grounded


def test_facts_of_any_arity_reach_clingo_as_given() -> None:
    """A question's own predicates (a repair's target/1, say) go the same way, with no arguments or with one."""
    facts = Facts()
    for atom in (clingo.Function("flag"), clingo.Function("target", [clingo.String("fku")]),
                 clingo.Function("pair", [clingo.Number(1), clingo.Function("none")])):
        facts.add(atom)
    control = clingo.Control(["--warn=none"])
    control.ground([("base", [])], context=give(control, facts))
    assert {atom.symbol for atom in control.symbolic_atoms} == set(facts.atoms()) == {
        clingo.Function("flag"), clingo.Function("target", [clingo.String("fku")]),
        clingo.Function("pair", [clingo.Number(1), clingo.Function("none")]),
    }
