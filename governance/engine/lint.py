"""``boliv rules lint``: what clingo and the metadata loader find, and what they cannot.

Beyond syntax and safety: predicates a rule body reads that nothing provides, violation
ids without their metadata (or metadata without rules), variants and arities that do not
match the declared message arguments, severities outside error/warning/info, metadata
severities (``severity:``, ``forming:``) other than those the rule's heads can derive (a
constant, or ``completeness(B, S)``: warning and error), and parameters that no rule reads.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import clingo
import clingo.ast as ast

from governance.engine.ruleset import FILE_MARKER, Problem, RuleMeta, RuleSet, program_files, read_rule_folder
from governance.engine.vocabulary import READ, SUPPLIED

SEVERITIES = {"error", "warning", "info"}
COMPLETENESS = frozenset({"warning", "error"})  # completeness(B, S) in core.lp: warning while forming, error once active
Signature = tuple[str, int]


@dataclass(frozen=True)
class Finding:
    level: str  # error | warning
    problem: Problem

    def __str__(self) -> str:
        return f"{self.level}: {self.problem}"


@dataclass
class _Program:
    """What the rule files define and use, with where."""

    defined: dict[Signature, Problem] = field(default_factory=dict)
    used: dict[Signature, Problem] = field(default_factory=dict)
    violation_heads: list[tuple[ast.AST, Problem, frozenset[str] | None]] = field(default_factory=list)
    params_defined: dict[str, Problem] = field(default_factory=dict)
    params_read: set[str] = field(default_factory=set)


def _where(node: ast.AST, directory: Path, text: str = "") -> Problem:
    begin = node.location.begin
    name = begin.filename
    if name.startswith(str(directory)):
        name = str(Path(name).relative_to(directory))
    return Problem(name, begin.line, begin.column, text)


def _atoms(node: ast.AST) -> Iterator[ast.AST]:
    """Every symbolic atom inside a node, in any depth."""
    if node.ast_type == ast.ASTType.SymbolicAtom:
        if node.symbol.ast_type == ast.ASTType.Function:
            yield node.symbol
        return
    for key in node.child_keys:
        child = getattr(node, key)
        children = child if isinstance(child, list | tuple | ast.ASTSequence) else [child]
        for item in children:
            if isinstance(item, ast.AST):
                yield from _atoms(item)


def _head_parts(head: ast.AST) -> tuple[list[ast.AST], list[ast.AST]]:
    """The parts of a head that define atoms, and the conditions inside it that use atoms."""
    if head.ast_type == ast.ASTType.Literal:
        return [head], []
    defines, uses = [], []
    for element in getattr(head, "elements", []):
        if element.ast_type == ast.ASTType.HeadAggregateElement:
            defines.append(element.condition.literal)
            uses.extend(element.condition.condition)
        else:
            defines.append(element.literal)
            uses.extend(element.condition)
    return defines, uses


def _collect(directory: Path) -> _Program:
    program = _Program()

    def visit(statement: ast.AST) -> None:
        if statement.ast_type != ast.ASTType.Rule:
            return
        defines, uses = _head_parts(statement.head)
        for part in defines:
            for symbol in _atoms(part):
                signature = (symbol.name, len(symbol.arguments))
                program.defined.setdefault(signature, _where(symbol, directory))
                if signature == ("violation", 4):
                    derives = _severities(symbol.arguments[2], statement.body)
                    program.violation_heads.append((symbol, _where(symbol, directory), derives))
                if signature == ("param", 2) and (name := _constant(symbol.arguments[0])):
                    program.params_defined[name] = _where(symbol, directory)
        for part in [*uses, *statement.body]:
            for symbol in _atoms(part):
                signature = (symbol.name, len(symbol.arguments))
                program.used.setdefault(signature, _where(symbol, directory))
                if signature == ("param", 2) and (name := _constant(symbol.arguments[0])):
                    program.params_read.add(name)

    ast.parse_files([str(p) for p in program_files(directory)], visit)
    return program


def _severities(term: ast.AST, body: list[ast.AST]) -> frozenset[str] | None:
    """The severities a violation head can derive: its constant, or what ``completeness(B, S)`` binds its variable
    to (warning and error, core.lp); None when neither says."""
    if term.ast_type == ast.ASTType.SymbolicTerm:
        return frozenset({_constant(term) or ""})
    if term.ast_type != ast.ASTType.Variable:
        return None
    for literal in body:
        if literal.ast_type != ast.ASTType.Literal or literal.sign != ast.Sign.NoSign:
            continue  # a negated or conditional occurrence binds nothing
        for symbol in _atoms(literal):
            arguments = symbol.arguments
            if (symbol.name, len(arguments)) == ("completeness", 2) and arguments[1].ast_type == ast.ASTType.Variable \
                    and arguments[1].name == term.name:
                return COMPLETENESS
    return None


def _severity_findings(heads: list[tuple[ast.AST, Problem, frozenset[str] | None]], rules: dict[str, RuleMeta]) -> list[Finding]:
    """A rule's metadata severities (``severity:``, ``forming:``) must be exactly those its heads can derive."""
    findings = []
    derived: dict[str, set[str]] = {}
    for symbol, where, derives in heads:
        rule_id = _constant(symbol.arguments[0]) if symbol.arguments[0].ast_type == ast.ASTType.SymbolicTerm else None
        meta = rules.get(rule_id or "")
        if meta is None or rule_id is None:
            continue  # reported by _check_violation_head
        if derives is None:
            findings.append(Finding("error", _at(where, f"{rule_id}: the severity must be error, warning or info, or bound by completeness(B, S)")))
            continue
        declared = _declared(meta)
        derived.setdefault(rule_id, set()).update(derives)
        for severity in sorted(derives & SEVERITIES - declared):
            findings.append(Finding("error", _at(where, f"{rule_id}: this rule derives {severity}, but its metadata declares {_declared_text(meta)}")))
    for rule_id, severities in sorted(derived.items()):
        meta = rules[rule_id]
        for severity in sorted(_declared(meta) - severities):
            findings.append(Finding("error", Problem(meta.file, meta.line, 1, f"rule {rule_id}: its metadata declares {_declared_text(meta)}, but no violation/4 rule derives {severity}")))
    return findings


def _declared(meta: RuleMeta) -> set[str]:
    """The severities of a rule's metadata: its severity once active, and while forming (the same unless ``forming:``)."""
    return {meta.severity, meta.forming_severity or meta.severity}


def _declared_text(meta: RuleMeta) -> str:
    forming = f", forming: {meta.forming_severity}" if meta.forming_severity else ""
    return f"severity: {meta.severity}{forming}"


def _constant(term: ast.AST) -> str | None:
    if term.ast_type != ast.ASTType.SymbolicTerm:
        return None
    symbol: clingo.Symbol = term.symbol
    if symbol.type == clingo.SymbolType.Function and not symbol.arguments:
        return symbol.name
    if symbol.type == clingo.SymbolType.String:
        return symbol.string
    return None


def _check_violation_head(symbol: ast.AST, where: Problem, rules: dict[str, RuleMeta]) -> list[Finding]:
    rule_id = _constant(symbol.arguments[0]) if symbol.arguments[0].ast_type == ast.ASTType.SymbolicTerm else None
    if rule_id is None:
        return [Finding("error", _at(where, "the rule id of violation/4 must be a string such as \"fku.cap\""))]
    meta = rules.get(rule_id)
    if meta is None:
        return [Finding("error", _at(where, f"violation {rule_id} has no metadata block (%% rule: {rule_id})"))]
    findings = []
    severity = symbol.arguments[2]
    if severity.ast_type == ast.ASTType.SymbolicTerm and _constant(severity) not in SEVERITIES:
        findings.append(Finding("error", _at(where, f"{rule_id}: severity {_constant(severity)} is not one of error, warning, info")))
    args = symbol.arguments[3]
    values = list(args.arguments) if args.ast_type == ast.ASTType.Function and args.name == "" else [args]
    variant = ""
    first = _constant(values[0]) if values else None
    if first is not None and first in meta.variants:
        variant = first
        values = values[1:]
    if variant not in meta.variants:
        declared = ", ".join(name or "(default)" for name in meta.variants)
        findings.append(Finding("error", _at(where, f"{rule_id}: the arguments name no declared variant ({declared})")))
    elif len(values) != len(meta.variants[variant].args):
        expected = " ".join(meta.variants[variant].args)
        findings.append(
            Finding("error", _at(where, f"{rule_id}: {len(values)} message arguments, but args{'.' + variant if variant else ''} declares {len(meta.variants[variant].args)} ({expected})"))
        )
    return findings


def _did_you_mean(signature: Signature, provided: set[Signature]) -> str:
    """The nearest known predicates by name, the same arity first: a typo's likely meaning."""
    names = [f"{name}/{arity}" for name, arity in sorted(provided, key=lambda s: (s[1] != signature[1], s))]
    close = difflib.get_close_matches(f"{signature[0]}/{signature[1]}", names, n=2, cutoff=0.75)
    return f"; did you mean {' or '.join(f'`{c}`' for c in close)}?" if close else ""


def _in_file(program: str, statement: ast.AST, text: str) -> Problem:
    """Where a statement of a rule set's joined program (``ruleset.read_rule_folder``) is in its own file."""
    lines = program.splitlines()[: statement.location.begin.line]
    marker = max((n for n, line in enumerate(lines) if line.startswith(FILE_MARKER)), default=-1)
    name = lines[marker][len(FILE_MARKER):] if marker >= 0 else "?"
    return Problem(name, statement.location.begin.line - marker - 1, statement.location.begin.column, text)


def _at(where: Problem, message: str) -> Problem:
    return Problem(where.file, where.line, where.column, message)


def lint(directory: Path | str) -> list[Finding]:
    """Every problem of a rule folder; errors first."""
    directory = Path(directory).resolve()
    rule_set, problems = read_rule_folder(directory)
    return _findings(directory, rule_set, problems)


def errors_of(rule_set: RuleSet) -> list[Problem]:
    """What lint calls an error in a rule set the loader took; the hot reload refuses those too."""
    return [finding.problem for finding in _findings(rule_set.directory, rule_set, []) if finding.level == "error"]


def _findings(directory: Path, rule_set: RuleSet | None, problems: list[Problem]) -> list[Finding]:
    findings = [Finding("error", problem) for problem in problems]
    if any(p.line == 0 or "syntax error" in p.message or "parsing failed" in p.message for p in problems):
        return findings
    try:
        program = _collect(directory)
    except RuntimeError:
        return findings
    rules = rule_set.rules if rule_set else {}
    provided = set(program.defined) | set(SUPPLIED)
    for signature, where in sorted(program.used.items()):
        if signature not in provided:
            message = f"{signature[0]}/{signature[1]} is used but no rule derives it and the engine does not supply it"
            findings.append(Finding("error", _at(where, message + _did_you_mean(signature, provided))))
    if ("because", 5) in program.used:
        findings.append(Finding("error", _at(program.used[("because", 5)], "because/5 is read by a rule; only explanations may use it, and verdicts are found without it")))
    seen_ids = set()
    for symbol, where, _derives in program.violation_heads:
        findings.extend(_check_violation_head(symbol, where, rules))
        seen_ids.add(_constant(symbol.arguments[0]))
    findings.extend(_severity_findings(program.violation_heads, rules))
    for rule_id, meta in sorted(rules.items()):
        if rule_id not in seen_ids:
            findings.append(Finding("error", Problem(meta.file, meta.line, 1, f"rule {rule_id} is described but no violation/4 rule reports it")))
        for label, value in (("severity", meta.severity), ("forming", meta.forming_severity)):
            if value is not None and value not in SEVERITIES:
                findings.append(Finding("error", Problem(meta.file, meta.line, 1, f"rule {rule_id}: {label} '{value}' is not one of error, warning, info")))
    for signature, where in sorted(program.defined.items()):
        if signature not in program.used and signature not in READ:
            findings.append(Finding("warning", _at(where, f"{signature[0]}/{signature[1]} is derived but no rule reads it and the engine does not")))
    for name, where in sorted(program.params_defined.items()):
        if name not in program.params_read:
            findings.append(Finding("warning", _at(where, f"parameter {name} is not read by any rule")))
    if rule_set is not None and rule_set.slicer.obstacle is not None:
        statement, why = rule_set.slicer.obstacle
        cost = "so checks ground every violation rule, whatever kinds of body they reach (rules/README.md)"
        findings.append(Finding("warning", _in_file(rule_set.program, statement, f"{why}, {cost}")))
    return sorted(findings, key=lambda f: (f.level != "error", f.problem.file, f.problem.line))
