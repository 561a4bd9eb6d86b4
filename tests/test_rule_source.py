"""Hot reload: a good change to the rule files is picked up, a broken one refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from governance.engine.ruleset import RuleSetError
from governance.rulesource import RuleSource


def test_version_changes_when_and_only_when_the_files_change(rules: Path) -> None:
    source = RuleSource(rules, interval=0)
    first = source.current().version
    assert source.current().version == first
    (rules / "params.lp").write_text((rules / "params.lp").read_text() + "\n% a comment\n")
    second = source.current().version
    assert second != first
    (rules / "params.lp").write_text((rules / "params.lp").read_text().replace("\n% a comment\n", ""))
    assert source.current().version == first


def test_a_good_change_is_picked_up(rules: Path) -> None:
    source = RuleSource(rules, interval=0)
    assert "param(fku_cap, 8)" in source.current().program
    (rules / "params.lp").write_text((rules / "params.lp").read_text().replace("param(fku_cap, 8)", "param(fku_cap, 10)"))
    assert "param(fku_cap, 10)" in source.current().program
    assert source.problems == []


def test_a_broken_change_is_refused_and_the_last_good_set_keeps_answering(rules: Path) -> None:
    source = RuleSource(rules, interval=0)
    good = source.current()
    (rules / "fku.lp").write_text((rules / "fku.lp").read_text() + "\noops(X :- body(X).\n")
    assert source.current() is good
    [problem] = source.problems
    assert problem.file == "fku.lp" and problem.line > 100 and "syntax error" in problem.message
    (rules / "fku.lp").write_text((rules / "fku.lp").read_text().replace("\noops(X :- body(X).\n", ""))
    assert source.current() is good and source.problems == []


def test_a_folder_that_never_loaded_says_why(rules: Path) -> None:
    (rules / "core.lp").write_text("broken(")
    with pytest.raises(RuleSetError) as error:
        RuleSource(rules, interval=0).current()
    assert "core.lp:" in str(error.value) and "syntax error" in str(error.value)


@pytest.mark.parametrize(
    ("addition", "says"),
    [
        ('violation("x.all", B, error, ()) :- body(B,_,_).', "violation x.all has no metadata block"),
        ('violation("fku.cap", B, fatal, ()) :- body(B,_,_).', "severity fatal is not one of error, warning, info"),
        ("reported(B) :- undefined_thing(B).", "undefined_thing/1 is used but no rule derives it"),
    ],
)
def test_a_change_lint_calls_an_error_is_refused_too(rules: Path, addition: str, says: str) -> None:
    source = RuleSource(rules, interval=0)
    good = source.current()
    (rules / "fku.lp").write_text((rules / "fku.lp").read_text() + f"\n{addition}\n")
    assert source.current() is good
    assert any(problem.file == "fku.lp" and says in problem.message for problem in source.problems), source.problems
