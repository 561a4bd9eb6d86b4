"""The layers point one way: ``boliv -> api -> schema -> governance``, and no module uses another's private names.

``governance`` is the core: importing it, or any module in it, loads no web code, and no file
in it names ``api``, ``schema`` or ``boliv`` in an import, not even inside a function.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("governance", "schema", "api", "boliv", "bench")
WEB = ("api", "schema", "boliv", "starlette", "strawberry", "uvicorn")
FORBIDDEN = {"governance": {"api", "schema", "boliv"}, "schema": {"api", "boliv"}, "api": {"boliv"}}


def sources(package: str) -> Iterator[Path]:
    yield from sorted((ROOT / package).rglob("*.py"))


def imported_packages(path: Path) -> Iterator[tuple[int, str]]:
    """(line, top-level package) of every import in the file, at any depth."""
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name.split(".")[0]) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.split(".")[0]


def test_importing_the_core_loads_no_web_code() -> None:
    probe = (
        "import importlib, pkgutil, sys, governance\n"
        "for m in pkgutil.walk_packages(governance.__path__, 'governance.'):\n"
        "    if not m.name.startswith('governance.migrations.'):\n"  # Alembic's env.py and revisions run only under Alembic
        "        importlib.import_module(m.name)\n"
        f"print(sorted({{n for n in sys.modules if n.split('.')[0] in {WEB!r}}}))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert loaded.stdout.strip() == "[]", loaded.stdout


def test_no_layer_imports_one_above_it() -> None:
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for package, above in FORBIDDEN.items()
        for path in sources(package)
        for line, name in imported_packages(path)
        if name in above
    ]
    assert wrong == []


def private_names_defined(tree: ast.AST) -> set[str]:
    """The ``_names`` a module defines: functions, classes, variables and attributes it assigns."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
    return {name for name in names if name.startswith("_") and not name.startswith("__")}


def test_no_module_reaches_into_another_modules_private_names() -> None:
    trees = {path: ast.parse(path.read_text(), str(path)) for package in PACKAGES for path in sources(package)}
    ours = set().union(*(private_names_defined(tree) for tree in trees.values()))
    wrong = []
    for path, tree in trees.items():
        own = private_names_defined(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                wrong += [f"{path.relative_to(ROOT)}:{node.lineno} imports {node.module}.{alias.name}"
                          for alias in node.names if alias.name.startswith("_") and not alias.name.startswith("__")]
            elif (isinstance(node, ast.Attribute) and node.attr in ours - own
                  and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))):
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} uses {ast.unparse(node)}")
    assert wrong == []


def test_no_module_is_over_400_lines() -> None:
    long = {str(path.relative_to(ROOT)): n for package in PACKAGES for path in sources(package)
            if (n := len(path.read_text().splitlines())) > 400}
    assert long == {}
