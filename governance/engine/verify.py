"""``boliv rules verify``: can each kind of standing body be composed at all under these rules?

For each kind, clingo searches invented people and memberships (``rules/verify/generate.lp``)
for a composition of a body of that kind, active, with no error and no warning, and returns
it as a witness. When none exists, the rules are assumptions of the search, and the
unsatisfiable core names the rules that together cannot be met.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import clingo

from governance.engine.facts import give, register_facts
from governance.engine.ruleset import RuleSet
from governance.engine.vocabulary import Value
from governance.engine.vocabulary import value as symbol_value
from governance.enums import BodyKind, BodyStatus
from governance.register import BodyRow, Register

GENERATOR = Path(__file__).resolve().parents[2] / "rules" / "verify" / "generate.lp"
CANDIDATES_PER_ORGANISATION = 4


@dataclass(frozen=True)
class Seat:
    person: str
    organisation: str
    qualifications: tuple[str, ...]
    body: str
    role: str
    on_behalf_of: str | None
    appointed_by: str | None


@dataclass(frozen=True)
class Verification:
    kind: str
    body: str
    satisfiable: bool
    witness: tuple[Seat, ...] = ()
    conflicting_rules: tuple[str, ...] = ()
    timed_out: bool = False


def _world(register: Register, kind: str, as_of: date) -> tuple[Register, str]:
    """The structure, made active, with a body of the kind to verify (an ad hoc group is invented)."""
    world = register.copy()
    world.bodies = {key: replace(body, status=BodyStatus.ACTIVE) for key, body in register.bodies.items()}
    target = next((b.key for b in world.bodies.values() if b.kind == kind), None)
    if target is None:
        platform = next(iter(world.platforms))
        parent = next((b.key for b in world.bodies.values() if b.kind == "forum"), None)
        target = f"verify-{kind.replace('_', '-')}"
        world.bodies[target] = BodyRow(
            target, target, BodyKind(kind), BodyStatus.ACTIVE, platform, parent=parent, expires_on=as_of + timedelta(days=365)
        )
    return world, target


def _literal(control: clingo.Control, atom: clingo.Symbol) -> int:
    """The solver literal of an atom the program grounded (an assumption's atom always is)."""
    found = control.symbolic_atoms[atom]
    assert found is not None, atom
    return found.literal


def _smallest_conflict(control: clingo.Control, conflict: list[tuple[clingo.Symbol, str]]) -> tuple[str, ...]:
    """Drop every rule from the core whose absence still leaves no composition."""
    solving = control.configuration.solve
    assert isinstance(solving, clingo.Configuration)
    solving.opt_mode = "ignore"  # any composition answers the question
    kept = list(conflict)
    for candidate in list(kept):
        trial = [item for item in kept if item != candidate]
        if control.solve(assumptions=[(atom, True) for atom, _ in trial]).unsatisfiable:
            kept = trial
    return tuple(sorted(rule for _, rule in kept))


def verify_kind(rule_set: RuleSet, structure: Register, kind: str, as_of: date, seconds: float = 20.0) -> Verification:
    world, target = _world(structure, kind, as_of)
    facts = register_facts(world, as_of, [target])
    facts.add(clingo.Function("target", [clingo.String(target)]))
    candidates = {f"{org.key}-{n}": org.key for org in world.organisations.values() for n in range(1, CANDIDATES_PER_ORGANISATION + 1)}
    for person, org in candidates.items():
        facts.add(clingo.Function("candidate", [clingo.String(person), clingo.String(org)]))
    for rule in rule_set.rules:
        facts.add(clingo.Function("rule_id", [clingo.String(rule)]))
    control = clingo.Control(["--warn=none", "--opt-mode=opt", "--heuristic=Domain"])
    rule_set.add_to(control)
    control.add("base", [], GENERATOR.read_text(encoding="utf-8"))
    control.ground([("base", [])], context=give(control, facts))
    assumptions = [(clingo.Function("enforce", [clingo.String(rule)]), True) for rule in rule_set.rules]
    best: list[tuple[Value, ...]] = []
    qualifications: dict[str, list[str]] = {}

    def on_model(model: clingo.Model) -> None:
        best.clear()
        qualifications.clear()
        for atom in model.symbols(atoms=True):
            if atom.name == "member" and len(atom.arguments) == 8:
                best.append(tuple(symbol_value(a) for a in atom.arguments))
            elif atom.name == "qualification" and len(atom.arguments) == 2:
                qualifications.setdefault(atom.arguments[0].string, []).append(atom.arguments[1].string)

    with control.solve(assumptions=assumptions, on_model=on_model, async_=True) as handle:
        finished = handle.wait(seconds)
        if not finished:
            handle.cancel()
        result = handle.get()
        core = handle.core() if result.unsatisfiable else []
    if result.unsatisfiable:
        by_literal = {_literal(control, atom): (atom, rule) for (atom, _), rule in zip(assumptions, rule_set.rules, strict=False)}
        conflict = [by_literal[literal] for literal in core if literal in by_literal]
        return Verification(kind, target, False, conflicting_rules=_smallest_conflict(control, conflict))
    seats = tuple(
        Seat(
            person=str(m[1]), organisation=candidates[str(m[1])],
            qualifications=tuple(sorted(qualifications.get(str(m[1]), []))), body=str(m[2]), role=str(m[3]),
            on_behalf_of=None if str(m[4]) == "none" else str(m[4]), appointed_by=None if str(m[5]) == "none" else str(m[5]),
        )
        for m in sorted(best, key=lambda m: (str(m[2]), str(m[3]), str(m[1])))
    )
    return Verification(kind, target, bool(best) or result.satisfiable, seats, timed_out=not finished)
