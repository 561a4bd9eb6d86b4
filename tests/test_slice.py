"""The dependency slice (governance/engine/slice.py) gives the whole program's answers.

hypothesis draws a register (the demo, sometimes without its cases, its Løget budgets and
plans, or its events and documents, so that other predicates have no facts), a batch of
appointments and ends laid over it, a set of touched bodies (the changed ones, a random
few, or all) and each day the batch takes effect on. For each, the verdicts
(``report/4``), the parameters (``param/2``) and every finding's explanation lines
(``because/5``, the ``explain`` part on the same control) of the sliced question must
equal those of the whole program. A slice that dropped a rule some verdict needs, or
an explanation that lost a base rule its because/5 rules read, fails here.
"""

from __future__ import annotations

from dataclasses import replace

import clingo
from hypothesis import given
from hypothesis import strategies as st
from test_properties import AS_OF, World, batches, bounded, sqlite_only, world  # noqa: F401 (the module's fixture)

from governance.changes import Appoint, overlay
from governance.engine.facts import give, register_facts
from governance.engine.slice import SliceKey
from governance.engine.solve import Question
from governance.enums import Role
from governance.register import Register

SHOWN = {"report": 4, "param": 2}
LEAVE_OUT = {
    "cases": {"cases": {}},
    "budgets and plans": {"pools": {}, "detail_budgets": {}, "action_plans": []},
    "events and documents": {"events": [], "documents": []},
}


def without(register: Register, parts: set[str]) -> Register:
    changed: dict[str, object] = {}
    for part in parts:
        changed.update(LEAVE_OUT[part])
    return replace(register, **changed)  # type: ignore[arg-type]


@sqlite_only
@bounded
@given(data=st.data())
def test_the_slice_answers_as_the_whole_program(world: World, data: st.DataObject) -> None:
    rule_set = world.rules.current()
    register = without(world.register, data.draw(st.sets(st.sampled_from(sorted(LEAVE_OUT))), label="left out"))
    changes = data.draw(batches(world.register, min_size=0), label="changes")
    after = overlay(register, changes, AS_OF, "bolivvejle")
    bodies = sorted(register.bodies)
    touched = data.draw(
        st.one_of(st.just(sorted(after.touched)), st.just(bodies), st.lists(st.sampled_from(bodies), min_size=1, max_size=3)),
        label="touched",
    )
    for day in after.dates:
        facts = register_facts(after.register, day, touched, AS_OF)
        sliced, whole = Question(rule_set, facts, SHOWN), Question(rule_set, facts, SHOWN, whole=True)
        assert sliced.findings() == whole.findings()
        assert sliced.params() == whole.params()
        for finding in whole.findings():
            assert sliced.support(finding) == whole.support(finding), finding


def test_a_slice_grounds_fewer_statements_than_the_whole_program(world: World) -> None:
    """A platform without cases leaves the case rules out of its questions' slices (what makes the slice pay)."""
    rule_set = world.rules.current()
    facts = register_facts(without(world.register, {"cases"}), AS_OF, ["fku"])
    key = SliceKey(frozenset(SHOWN.items()), facts.present)
    sliced = rule_set.slicer.base(key)
    assert len(sliced) < len(rule_set.parts["base"]) * 0.8
    assert rule_set.slicer.base(key) is sliced  # computed once
    case_rules = [s for s in rule_set.parts["base"] if "case(" in str(s) and s.ast_type.name == "Rule"]
    assert case_rules and not any(s in sliced for s in case_rules if str(s).startswith("violation(\"case."))


def test_a_question_is_given_only_the_facts_its_slices_name(world: World) -> None:
    """No rule reads org_name/2 (messages take names from the register): an audit's control never holds them."""
    rule_set = world.rules.current()
    facts = register_facts(world.register, AS_OF, sorted(world.register.bodies))
    key = SliceKey(frozenset(SHOWN.items()), facts.present)
    read = rule_set.reads(key)
    assert ("member", 8) in read and ("org_name", 2) in facts.present and ("org_name", 2) not in read
    control = clingo.Control(["--warn=none"])
    rule_set.add_to(control, "base", key)
    control.ground([("base", [])], context=give(control, facts, read))
    grounded = {atom.symbol.name for atom in control.symbolic_atoms}
    assert "member" in grounded and "report" in grounded and "org_name" not in grounded


def test_a_question_about_a_theme_group_grounds_no_rule_about_kinds_it_does_not_reach(world: World) -> None:
    """It reaches the theme group and the FKU that reads it: the policy group's and the secretariat's rules stay out."""
    rule_set = world.rules.current()
    person = sorted(world.register.persons)[0]
    nobody = Appoint(person, "theme-social", Role.MEMBER, appointed_by="vejle-kommune")  # theme.members refuses it
    after = overlay(world.register, [nobody], AS_OF, "bolivvejle")
    facts = register_facts(after.register, AS_OF, after.touched)
    cut, whole = Question(rule_set, facts, SHOWN), Question(rule_set, facts, SHOWN, whole=True)
    assert cut.slice_key is not None and cut.slice_key.kinds == frozenset({"theme_group", "forum"})
    assert cut.findings() == whole.findings() and cut.findings()
    grounded = [*rule_set.slicer.reach(cut.slice_key), *rule_set.slicer.base(cut.slice_key)]
    uncut = rule_set.slicer.base(SliceKey(cut.slice_key.goals, cut.slice_key.present))
    assert len(grounded) < len(uncut) * 0.8
    about_others = ("body(G,policy_group,", "body(B,secretariat,")  # the rules that say they are about such a body
    left_out = [s for s in uncut if str(s).startswith("violation(") and any(word in str(s) for word in about_others)]
    assert left_out and not [str(s) for s in left_out if s in grounded]
    assert any(str(s).startswith('violation("fku.') for s in grounded)
    explained = [str(s) for s in rule_set.slicer.explain(cut.slice_key)]  # nor explanations of what was cut
    assert any(s.startswith('because("theme.') for s in explained) and not any(s.startswith('because("policy-group.members"') for s in explained)
    assert all(cut.support(finding) == whole.support(finding) and cut.support(finding) for finding in whole.findings())


def test_a_question_about_every_body_is_not_cut(world: World) -> None:
    """An audit reaches every kind of body: grounding in two steps would only cost."""
    rule_set = world.rules.current()
    facts = register_facts(world.register, AS_OF, sorted(world.register.bodies))
    question = Question(rule_set, facts, SHOWN)
    assert question.slice_key is not None and question.slice_key.kinds is None
