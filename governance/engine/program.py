"""Giving a control statements parsed once and shared by every question.

clingo's AST nodes count their references without atomics, so nodes read by program
builders in several threads at once crashed clingo (tests/test_soak.py,
docs/robustness.md): one builder at a time reads shared statements.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

import clingo
import clingo.ast as ast

_ADDING = threading.Lock()


def add_statements(control: clingo.Control, statements: Iterable[ast.AST]) -> None:
    """Add parsed statements to a control, one builder at a time across threads."""
    with _ADDING, ast.ProgramBuilder(control) as builder:
        for statement in statements:
            builder.add(statement)
