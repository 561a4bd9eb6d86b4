"""``add_facts`` gives clingo exactly what its public backend methods would, on a register's facts and on odd symbols."""

from __future__ import annotations

from datetime import date

import clingo

from governance.engine.facts import add_facts, register_facts
from governance.services import Governance

AS_OF = date(2026, 6, 1)


def _through_public_methods(control: clingo.Control, facts: list[clingo.Symbol]) -> None:
    with control.backend() as backend:
        for symbol in facts:
            backend.add_rule([backend.add_atom(symbol)])


def _model(give: object, facts: list[clingo.Symbol]) -> set[str]:
    control = clingo.Control(["--warn=none"])
    give(control, facts)  # type: ignore[operator]
    control.add("base", [], "seen(X) :- member(X, _, _, _, _, _, _, _). odd(X) :- weird(X).")
    control.ground([("base", [])])
    shown: set[str] = set()
    control.solve(on_model=lambda model: shown.update(str(s) for s in model.symbols(atoms=True)))
    return shown


def test_a_registers_facts_make_the_same_model_as_through_the_public_methods(demo: Governance) -> None:
    [register] = demo.platform_registers("fku")
    facts = list(register_facts(register, AS_OF, ["fku"]))
    odd = [clingo.Function("weird", [clingo.String('quote " and \\ and æøå')]), clingo.Function("weird", [clingo.Number(-7)]),
           clingo.Function("weird", [clingo.Function("", [clingo.Number(1), clingo.String("")])]), clingo.Function("flag")]
    given = facts + odd + facts[:5]  # a fact given twice is one atom
    ours, public = _model(add_facts, given), _model(_through_public_methods, given)
    assert ours == public
    assert len(ours) > len(facts) > 100
    assert {'odd("quote \\" and \\\\ and æøå")', "odd(-7)", 'odd((1,""))', "flag"} <= ours


def test_no_facts_give_an_empty_base() -> None:
    assert _model(add_facts, []) == set()
