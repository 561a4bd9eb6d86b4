"""A forum's seats as the rules count them (rules/fku.lp), for pages that show the count.

The rules decide which memberships are seats, which side each counts for, which seat
serves which theme group and who sits outside the seats; this module only reads those
derivations out of the solver's answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from governance.engine.facts import register_facts
from governance.engine.solve import solve_atoms
from governance.services import Governance

_DERIVED = {"fku_seat": 2, "seat_side": 3, "theme_seat_holder": 3, "outside_seat": 2, "param": 2}


@dataclass(frozen=True)
class Seats:
    """Forum seats on a day: ``cap`` from params.lp, each holder's side (None: unassigned)."""

    cap: int
    sides: dict[str, str | None]  # person -> municipality | housing | None
    theme_holders: dict[str, list[str]]  # standing theme group -> the seat holders who sit in it
    outside: list[str]  # persons who sit outside the seats

    def count(self, side: str) -> int:
        return sum(1 for found in self.sides.values() if found == side)


def forum_seats(governance: Governance, body: str, as_of: date) -> Seats:
    """The seats of forum ``body`` on ``as_of``, as the rules derive them."""
    [register] = governance.platform_registers(body)
    atoms = solve_atoms(governance.rule_set, register_facts(register, as_of, [body]), _DERIVED)
    sides: dict[str, str | None] = {str(p): None for f, p in atoms["fku_seat"] if f == body}
    sides.update({str(p): str(side) for f, p, side in atoms["seat_side"] if f == body})
    themes: dict[str, list[str]] = {}
    for f, theme, person in atoms["theme_seat_holder"]:
        if f == body:
            themes.setdefault(str(theme), []).append(str(person))
    params = {str(name): value for name, value in atoms["param"]}
    return Seats(
        cap=int(str(params["fku_cap"])), sides=sides, theme_holders={t: sorted(p) for t, p in themes.items()},
        outside=sorted(str(p) for f, p in atoms["outside_seat"] if f == body),
    )
