"""An audit in parts, one thread each (governance/parallel_audit.py), gives what one program gives."""

from __future__ import annotations

from datetime import date

import pytest

from governance import deadline, parallel_audit
from governance.changes import Appoint, overlay
from governance.engine import evaluate
from governance.enums import Role
from governance.errors import BudgetExceeded
from governance.services import Governance
from governance.snapshots import combine

AS_OF = date(2026, 6, 1)


@pytest.fixture
def platforms(demo: Governance) -> Governance:
    demo.seed_synthetic(4)
    return demo


def test_the_parts_are_contiguous_and_cover_every_platform(platforms: Governance) -> None:
    registers = platforms.platform_registers()
    for parts in (1, 2, 3, 5, 9):
        runs = parallel_audit.parts_of(registers, parts)
        assert [r for run in runs for r in run] == registers
        assert len(runs) == min(parts, len(registers)) and all(runs)


def test_an_audit_in_parts_finds_what_one_program_finds(platforms: Governance) -> None:
    rule_set = platforms.rule_set_on(AS_OF)
    registers = platforms.platform_registers()
    person = sorted(registers[-1].persons)[0]
    nobody = Appoint(person, "theme-social-s4", Role.MEMBER, appointed_by="vejle-kommune-s4")  # theme.members refuses it
    registers[-1] = overlay(registers[-1], [nobody], AS_OF, "bolivvejle-s4").register
    whole = combine(registers)
    one = evaluate(rule_set, whole, AS_OF, list(whole.bodies))
    assert any(v.rule == "theme.members" and v.body == "theme-social-s4" for v in one)
    assert parallel_audit.audit(rule_set, registers, AS_OF) == one
    assert [v.explanation("en") for v in parallel_audit.audit(rule_set, registers, AS_OF, explain=True)] == [
        v.explanation("en") for v in evaluate(rule_set, whole, AS_OF, list(whole.bodies), explain=True)
    ]


@pytest.mark.skipif(parallel_audit.PARTS < 2, reason="one core: the audit is one program")
def test_each_part_runs_under_the_callers_deadline(platforms: Governance) -> None:
    with deadline.within(deadline.Deadline(0.000001)), pytest.raises(BudgetExceeded):
        platforms.audit(AS_OF)
