"""Showing a lint finding where it is: the line of the rule file, a caret under the column, and a hint.

clingo names the place where it noticed a syntax error, which for a missing ``.`` is the
first token of the next statement; the hint points at the line before, where the full
stop belongs.
"""

from __future__ import annotations

import re
from pathlib import Path

from governance.engine.ruleset import Problem

_EXPECTING_END = re.compile(r"syntax error, unexpected .*expecting .*(?:\. |\.$|\bor \.)")


def located(problem: Problem, directory: Path) -> list[str]:
    """The lines to print under a finding: its source line with a caret, and a hint when there is one."""
    path = directory / problem.file
    if problem.line <= 0 or not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    if problem.line > len(lines):
        return []
    shown = [f"    {problem.line:>4} | {lines[problem.line - 1]}", f"         | {' ' * max(problem.column - 1, 0)}^"]
    hint = _missing_full_stop(problem, lines)
    return [*shown, f"    hint: {hint}"] if hint else shown


def _missing_full_stop(problem: Problem, lines: list[str]) -> str | None:
    """Where a syntax error comes from a statement that does not end with ``.``."""
    if not _EXPECTING_END.search(problem.message):
        return None
    before = lines[problem.line - 1][: max(problem.column - 1, 0)].strip()
    if before and not before.startswith("%"):
        return f"a statement ends with '.': is one missing before column {problem.column} of line {problem.line}?"
    for number in range(problem.line - 1, 0, -1):
        text = lines[number - 1].split("%", 1)[0].rstrip()
        if text:
            if text.endswith("."):
                return None
            return f"a statement ends with '.': is one missing at the end of line {number} ({text.strip()[-40:]!r})?"
    return None
