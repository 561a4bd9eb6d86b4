"""Every scenario in rules/tests/ runs as a test, and every rule is covered both ways."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from governance.engine import load_rule_set
from governance.engine.ruleset import DEFAULT_RULES_DIR
from governance.scenarios import ScenarioRunner, coverage_gaps, load_scenarios

SCENARIOS = load_scenarios(DEFAULT_RULES_DIR / "tests")


@pytest.fixture(scope="module")
def runner() -> Iterator[ScenarioRunner]:
    runner = ScenarioRunner()
    yield runner
    runner.close()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[f"{s.file}:{s.name}" for s in SCENARIOS])
def test_scenario(runner: ScenarioRunner, scenario) -> None:
    outcome = runner.run(scenario)
    assert outcome.passed, "\n".join(outcome.problems)


def test_every_rule_is_shown_holding_and_failing() -> None:
    rule_set = load_rule_set()
    gaps = coverage_gaps(SCENARIOS, rule_set.rules)
    assert not gaps, "\n".join(f"{rule}: {', '.join(why)}" for rule, why in gaps.items())
