"""Load a rule folder: its programs, the metadata beside each rule, its version.

A rule set is read, checked by clingo (syntax and safety, with file:line:col), parsed and
digested once; every evaluation then adds the parsed statements of the parts it grounds
(``base``: the verdicts; ``explain``: the because/5 rules) to its own control.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import clingo
import clingo.ast as ast
import yaml

from governance.engine import template
from governance.engine.program import add_statements
from governance.engine.slice import SliceKey, Slicer
from governance.engine.vocabulary import defined_program
from governance.errors import RuleSetError

DEFAULT_RULES_DIR = Path(__file__).resolve().parents[2] / "rules"
LANGUAGES = ("da", "en")
FILE_MARKER = "% file: "  # the line before each file's text in a rule set's joined program
_META = re.compile(r"^%%\s*([a-z][a-z.\-_]*)\s*:\s*(.*?)\s*$")
_LOCATION = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+)(?:-[\d:]+)?:\s*(?P<text>.*)$")


@dataclass(frozen=True)
class Problem:
    """Something wrong in a rule file, where it is and what clingo or the loader said."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


@dataclass(frozen=True)
class Variant:
    args: tuple[str, ...]
    messages: dict[str, str]


@dataclass(frozen=True)
class RuleMeta:
    id: str
    severity: str
    forming_severity: str | None
    source: str
    interpretation: dict[str, str]
    variants: dict[str, Variant]
    file: str
    line: int


@dataclass(frozen=True)
class RuleSet:
    directory: Path
    version: str
    program: str
    rules: dict[str, RuleMeta]
    vocabulary: dict[str, dict[str, str]] = field(default_factory=dict)
    statements: tuple[ast.AST, ...] = field(default=(), repr=False)  # the program, parsed once
    label_order: dict[str, tuple[str, ...]] = field(default_factory=dict)  # rule id -> its because/5 labels, as written
    definite: dict[str, dict[str, str]] = field(default_factory=dict)  # body name -> its definite form per language
    parts: dict[str, tuple[ast.AST, ...]] = field(default_factory=dict, repr=False)  # program part -> its statements

    def add_to(self, control: clingo.Control, part: str = "base", key: SliceKey | None = None) -> None:
        """Give a control the statements of one program part, parsed once (``#program explain.``: the because/5 rules).

        The verdicts are the ``base`` part; the ``explain`` part only words explanations,
        and is added and grounded on the same control when an explanation is asked for.
        With ``key`` (what the question reads, the predicates its facts hold, perhaps the
        kinds of body it reaches) only the part's dependency slice (``slice.py``) is added;
        ``reach`` is the first step of a question cut by kinds.
        """
        if key is None:
            statements = self.parts.get(part, ())
        elif part == "reach":
            statements = self.slicer.reach(key)
        elif part == "base":
            statements = self.slicer.base(key)
        else:
            statements = self.slicer.explain(key)
        add_statements(control, statements)

    def reads(self, key: SliceKey) -> frozenset[tuple[str, int]]:
        """The predicates a question's slices name (``Slicer.reads``): the facts it needs."""
        return self.slicer.reads(key)

    @cached_property
    def slicer(self) -> Slicer:
        """The dependency slices of this version's program, each computed once when first asked for."""
        return Slicer(self.parts.get("base", ()), self.parts.get("explain", ()))

    @property
    def structure_file(self) -> Path:
        return self.directory / "structure.yaml"

    def word(self, constant: str, lang: str) -> str:
        """The word for a rule constant (a role, a kind, a side) in a language."""
        return self.vocabulary.get(constant, {}).get(lang, constant.replace("_", " "))

    def form(self, constant: str, lang: str, form: str) -> str | None:
        """A word's other form (``def``, ``pl``, ``gender``) from the vocabulary, if it has one."""
        return self.vocabulary.get(constant, {}).get(f"{lang}.{form}")


def program_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.lp"))


def digest(directory: Path) -> str:
    """A digest of every file the engine reads from the folder, by name and content."""
    sha = hashlib.sha256()
    for path in program_files(directory) + sorted(directory.glob("*.yaml")):
        sha.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()[:16]


def _parse_metadata(path: Path, text: str) -> tuple[dict[str, RuleMeta], list[Problem]]:
    rules: dict[str, RuleMeta] = {}
    problems: list[Problem] = []
    block: dict[str, Any] | None = None

    def close() -> None:
        nonlocal block
        if block is not None:
            meta, trouble = _build_meta(path.name, block)
            problems.extend(trouble)
            if meta is not None:
                if meta.id in rules:
                    problems.append(Problem(path.name, meta.line, 1, f"rule {meta.id} is described twice"))
                rules[meta.id] = meta
        block = None

    for number, line in enumerate(text.splitlines(), start=1):
        found = _META.match(line)
        if found and found.group(1) == "rule":
            close()
            block = {"rule": found.group(2), "_line": number}
        elif found and block is not None:
            block[found.group(1)] = found.group(2)
        elif block is not None and not line.startswith("%%"):
            close()
    close()
    return rules, problems


def _build_meta(file: str, block: dict[str, Any]) -> tuple[RuleMeta | None, list[Problem]]:
    line = block["_line"]
    problems = [
        Problem(file, line, 1, f"rule {block['rule']} has no '{key}' line")
        for key in ("severity", "source", "da", "en")
        if key not in block and not any(k.startswith(key + ".") for k in block)
    ]
    variants: dict[str, Variant] = {}
    names = {k.partition(".")[2] for k in block if k.startswith(("da", "en", "args")) and "." in k}
    if "da" in block or "en" in block or "args" in block:
        names.add("")
    for name in sorted(names):
        suffix = f".{name}" if name else ""
        messages = {lang: block.get(lang + suffix, "") for lang in LANGUAGES}
        args = tuple(block.get("args" + suffix, "").split())
        for lang, text in messages.items():
            if not text:
                problems.append(Problem(file, line, 1, f"rule {block['rule']} has no '{lang}{suffix}' message"))
            for trouble in template.problems(text, args):
                problems.append(Problem(file, line, 1, f"rule {block['rule']}: {lang}{suffix}: {trouble}"))
        variants[name] = Variant(args, messages)
    if problems:
        return None, problems
    meta = RuleMeta(
        id=block["rule"],
        severity=block["severity"],
        forming_severity=block.get("forming"),
        source=block["source"],
        interpretation={lang: block.get(f"interpretation.{lang}", "") for lang in LANGUAGES},
        variants=variants,
        file=file,
        line=line,
    )
    return meta, []


def _clingo_problems(paths: list[Path], directory: Path) -> list[Problem]:
    """Parse and ground the files alone, so syntax errors and unsafe variables surface with their place."""
    messages: list[str] = []
    control = clingo.Control(["--warn=none"], logger=lambda _code, text: messages.append(text))
    try:
        for path in paths:
            control.load(str(path))
        control.ground([("base", [])])
    except RuntimeError:
        pass
    problems = []
    for text in messages:
        first, *rest = text.strip().splitlines()
        found = _LOCATION.match(first)
        detail = " ".join([found.group("text") if found else first, *[r.strip() for r in rest]])
        detail = detail.replace(f"{directory}/", "")
        if found:
            name = str(Path(found.group("file")).relative_to(directory)) if found.group("file").startswith(str(directory)) else found.group("file")
            problems.append(Problem(name, int(found.group("line")), int(found.group("col")), detail))
        else:
            problems.append(Problem("<rules>", 0, 0, detail))
    return problems


def read_rule_folder(directory: Path | str) -> tuple[RuleSet | None, list[Problem]]:
    """Read and check a rule folder: the rule set when it is sound, and every problem found."""
    directory = Path(directory).resolve()
    paths = program_files(directory)
    if not paths:
        return None, [Problem(str(directory), 0, 0, "no .lp rule files in this folder")]
    problems = _clingo_problems(paths, directory)
    rules: dict[str, RuleMeta] = {}
    texts = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        texts.append(f"{FILE_MARKER}{path.name}\n{text}")
        found, trouble = _parse_metadata(path, text)
        problems.extend(trouble)
        for rule_id, meta in found.items():
            if rule_id in rules:
                problems.append(Problem(path.name, meta.line, 1, f"rule {rule_id} is also described in {rules[rule_id].file}"))
            rules[rule_id] = meta
    vocabulary, trouble = _read_vocabulary(directory / "vocabulary.yaml")
    problems.extend(trouble)
    structure, trouble = _read_vocabulary(directory / "structure.yaml")
    problems.extend(trouble)
    if problems:
        return None, problems
    program = "\n".join(texts)
    statements: list[ast.AST] = []
    ast.parse_string(f"{program}\n#program base.\n{defined_program()}", statements.append)
    return RuleSet(
        directory, digest(directory), program, rules, vocabulary, tuple(statements), _label_order(statements),
        _definite_forms(structure), _parts(statements),
    ), []


def _parts(statements: list[ast.AST]) -> dict[str, tuple[ast.AST, ...]]:
    """The statements by the program part they are in, each part opening with its ``#program`` line."""
    parts: dict[str, list[ast.AST]] = {}
    current: list[ast.AST] = []
    for statement in statements:
        if statement.ast_type == ast.ASTType.Program:
            current = parts.setdefault(statement.name, [statement])
        else:
            current.append(statement)
    return {name: tuple(found) for name, found in parts.items()}


def _definite_forms(structure: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The definite forms ``structure.yaml`` gives its bodies, by the body's name.

    By name, not key: a body renamed (or a copy named otherwise) no longer takes a form
    written for the old name, and is then worded from its name and kind (messages.py).
    """
    return {
        spec["name"]: dict(spec["definite"])
        for spec in structure.get("bodies") or []
        if isinstance(spec, dict) and isinstance(spec.get("definite"), dict) and "name" in spec
    }


def _because_head(statement: ast.AST) -> ast.AST | None:
    """The because/5 atom a rule derives, if it derives one."""
    head = getattr(statement, "head", None)
    atom = getattr(getattr(head, "atom", None), "symbol", None)
    if atom is None or atom.ast_type != ast.ASTType.Function or atom.name != "because" or len(atom.arguments) != 5:
        return None
    found: ast.AST = atom
    return found


def _label_order(statements: list[ast.AST]) -> dict[str, tuple[str, ...]]:
    """For each rule id, the labels of its because/5 heads in the order the files give them."""
    order: dict[str, list[str]] = {}
    for statement in statements:
        atom = _because_head(statement)
        if atom is None:
            continue
        rule, label = atom.arguments[0], atom.arguments[3]
        if rule.ast_type == ast.ASTType.SymbolicTerm and label.ast_type == ast.ASTType.SymbolicTerm:
            labels = order.setdefault(str(rule.symbol).strip('"'), [])
            if str(label.symbol) not in labels:
                labels.append(str(label.symbol))
    return {rule: tuple(labels) for rule, labels in order.items()}


def _read_vocabulary(path: Path) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    if not path.exists():
        return {}, []
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}, []
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        return {}, [Problem(path.name, line, column, f"not valid YAML: {getattr(error, 'problem', error)}")]


def load_rule_set(directory: Path | str = DEFAULT_RULES_DIR) -> RuleSet:
    """Read and check a rule folder; raise ``RuleSetError`` naming every problem found."""
    rule_set, problems = read_rule_folder(directory)
    if rule_set is None:
        raise RuleSetError(problems)
    return rule_set
