"""The kinds of body a violation rule can report on (governance/engine/kinds.py), on small programs."""

from __future__ import annotations

import clingo.ast as ast

from governance.engine.kinds import guards

REPORT = "report(R, B, S, A) :- violation(R, B, S, A), affected(B).\n"


def guarded(program: str, explain: str = "") -> dict[str, frozenset[str]] | None:
    """The guarded violation rules of ``program`` (with the report rule), by rule id."""
    statements: list[ast.AST] = []
    ast.parse_string(REPORT + program, statements.append)
    def constraint(s: ast.AST) -> bool:
        return s.head.ast_type == ast.ASTType.Literal and s.head.atom.ast_type == ast.ASTType.BooleanConstant

    rules = [s for s in statements if s.ast_type == ast.ASTType.Rule and not constraint(s)]
    constraints = [s for s in statements if s.ast_type == ast.ASTType.Rule and s not in rules]
    explanations: list[ast.AST] = []
    ast.parse_string(explain, explanations.append)
    found, _ = guards(rules, constraints, explanations)
    if found is None:
        return None
    return {str(rules[index].head.atom.symbol.arguments[0]): kinds for index, kinds in found.items()}


def test_a_body_literal_guards_its_variable() -> None:
    assert guarded('violation("f", F, error, ()) :- body(F, forum, _), live(F).\nlive(B) :- body(B, _, active).') == {
        '"f"': frozenset({"forum"})
    }


def test_a_guard_passes_through_derived_predicates_and_unions_their_rules() -> None:
    program = (
        "theme_like(B) :- body(B, theme_group, _).\n"
        "theme_like(B) :- body(B, adhoc_group, _), topic(B, _).\n"
        'violation("t", B, warning, ()) :- theme_like(B), not topic(B, "x").\n'
    )
    assert guarded(program) == {'"t"': frozenset({"theme_group", "adhoc_group"})}


def test_an_unguarded_rule_and_a_recursive_predicate() -> None:
    program = (
        'violation("m", B, error, ()) :- member(_, _, B, _, _, _, _, _).\n'
        "under(B, T) :- parent(B, T).\nunder(B, T) :- parent(B, X), under(X, T).\n"
        'violation("u", B, error, ()) :- under(B, T), body(T, forum, _).\n'
    )
    assert guarded(program) == {}  # neither says what kind of body B is


def test_a_program_that_reads_violations_otherwise_is_not_cut() -> None:
    rule = 'violation("f", F, error, ()) :- body(F, forum, _).\n'
    assert guarded(rule) is not None
    assert guarded(rule + ":- violation(_, _, error, _).") is None  # a constraint
    assert guarded(rule + "any :- violation(_, _, error, _).") is None  # not joined with affected/1
    assert guarded(rule + "n(N) :- N = #count { B: violation(_, B, _, _), affected(B) }.") is None  # in an aggregate
    assert guarded(rule + "body(x, forum, active).") is None  # body/3 derived
    assert guarded(rule + "{ body(x, forum, active) }.") is None  # in a choice too
    assert guarded(rule + '{ violation("g", x, error, ()) }.') is None  # a violation not from one plain head
    assert guarded(rule, 'because(R, B, A, l, f) :- violation(R, B, _, A).') is not None  # explains that same body
    assert guarded(rule, 'because(R, B, A, l, f) :- violation(R, C, _, A), parent(C, B).') is None
