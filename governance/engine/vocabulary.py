"""The engine's vocabulary, declared once: the predicates it supplies as facts and those it reads back.

Each predicate is declared with its fields and their types. From the declaration come the
facts (``Predicate.term``: their arguments as one ``clingo.Symbol``, which clingo takes
while it grounds, ``facts.py``), the ``#defined`` lines of the supplied predicates
(``defined_program``), the typed answers (``Predicate.row``: a named tuple per atom), the
lint's list of what the engine provides and reads (``SUPPLIED``, ``READ``), and the table
of ``rules/README.md`` (a test checks it).
"""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from functools import lru_cache
from typing import Any

import clingo

OPEN_END = 99991231


class Word(str):
    """A rule constant such as ``daily_leader``: rendered through the vocabulary, not as a key."""


Value = str | int | Word | tuple[Any, ...]


def day(value: date | None, default: int = OPEN_END) -> int:
    """A date as the integer YYYYMMDD the rules compare; ``None`` is the open end."""
    if value is None:
        return default
    return value.year * 10000 + value.month * 100 + value.day


def from_day(value: int) -> date | None:
    if value >= OPEN_END:
        return None
    return date(value // 10000, value // 100 % 100, value % 100)


class Kind(Enum):
    """The type of a field, and so how a Python value becomes a symbol."""

    KEY = "key"  # a register key: a string
    OPTIONAL_KEY = "key or none"  # a key, or the constant none
    WORD = "constant"  # a rule constant: a role, a kind, a status
    DAY = "day"  # a date as YYYYMMDD; None is the open end 99991231
    NUMBER = "number"
    TEXT = "text"  # a string that is not a key (a tag, a value of a setting)
    TERM = "term"  # any term the rules build (read predicates only)


_NONE = clingo.Function("none")


def _symbol(kind: Kind, value: Any) -> clingo.Symbol:
    if isinstance(value, Enum):  # a role, kind or status of the core: the rules know its value
        value = value.value
    if kind is Kind.KEY or kind is Kind.TEXT:
        return clingo.String(str(value))
    if kind is Kind.OPTIONAL_KEY:
        return _NONE if value is None else clingo.String(str(value))
    if kind is Kind.WORD:
        return clingo.Function(str(value))
    if kind is Kind.DAY:
        return clingo.Number(value if isinstance(value, int) else day(value))
    if kind is Kind.NUMBER:
        return clingo.Number(int(value))
    raise TypeError(f"a {kind.value} field is read, never supplied")


@lru_cache(maxsize=1 << 16)
def value(symbol: clingo.Symbol) -> Value:
    """A symbol as Python: strings, numbers, words; a tuple as a tuple; ``f(X)`` as ``(Word("f"), X)``.

    Kept per symbol (symbols and the values made of them never change): each part of a
    symbol costs clingo a call or two to read, and answers repeat their keys and terms.
    """
    if symbol.type is clingo.SymbolType.String:
        return symbol.string
    if symbol.type is clingo.SymbolType.Number:
        return symbol.number
    if symbol.name == "":
        return tuple(value(a) for a in symbol.arguments)
    if symbol.arguments:
        return (Word(symbol.name), *(value(a) for a in symbol.arguments))
    return Word(symbol.name)


def as_term(arguments: list[clingo.Symbol]) -> clingo.Symbol:
    """A fact's arguments as one term: the argument itself, or the tuple of them (facts.py gives facts so)."""
    return arguments[0] if len(arguments) == 1 else clingo.Tuple_(arguments)


@dataclass(frozen=True)
class Predicate:
    """One predicate of the vocabulary: its name, its fields (name and type) and what it means."""

    name: str
    fields: tuple[tuple[str, Kind], ...]
    meaning: str
    row_type: type = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "row_type", namedtuple(self.name, [name for name, _ in self.fields]))

    @property
    def signature(self) -> tuple[str, int]:
        return (self.name, len(self.fields))

    @property
    def pattern(self) -> str:
        """The predicate as the README writes it: ``member(M, P, B, ...)``."""
        return f"{self.name}({', '.join(name for name, _ in self.fields)})" if self.fields else self.name

    def arguments(self, *values: Any) -> list[clingo.Symbol]:
        """A fact's arguments for these values, each made as its field's type says."""
        if len(values) != len(self.fields):
            raise TypeError(f"{self.name}/{len(self.fields)} takes {len(self.fields)} values, not {len(values)}")
        return [_symbol(kind, v) for (_, kind), v in zip(self.fields, values, strict=False)]

    def symbol(self, *values: Any) -> clingo.Symbol:
        """The fact for these values, as an atom."""
        return clingo.Function(self.name, self.arguments(*values))

    def term(self, *values: Any) -> clingo.Symbol:
        """The fact for these values as the one term its predicate's input rule matches (``as_term``)."""
        return as_term(self.arguments(*values))

    def row(self, symbol: clingo.Symbol) -> Any:
        """An atom of this predicate as a named tuple of Python values (``value``)."""
        return self.row_type(*(value(a) for a in symbol.arguments))


def _p(name: str, fields: str, meaning: str) -> Predicate:
    """A predicate from ``"M:number P:key ..."`` (a field without a type is a term)."""
    parsed = []
    for item in fields.split():
        field_name, _, kind = item.partition(":")
        parsed.append((field_name, Kind(kind.replace("_", " ")) if kind else Kind.TERM))
    return Predicate(name, tuple(parsed), meaning)


SUPPLIED_PREDICATES: tuple[Predicate, ...] = (
    _p("as_of", "D:day", "the day the register is looked at (YYYYMMDD)"),
    _p("asked", "D:day", "the day the question is about (YYYYMMDD): as_of, or earlier when a check looks at the later days its changes take effect; duties fall due by it"),
    _p("platform", "Pl:key", "a collaboration platform"),
    _p("setting", "Pl:key Name:constant Value:text", "a platform's own value from structure.yaml"),
    _p("org", "O:key Kind:constant Pl:key", "an organisation, its kind and platform"),
    _p("org_name", "O:key Name:text", "an organisation's display name"),
    _p("person", "P:key O:key_or_none", "a person and their organisation"),
    _p("qualification", "P:key Tag:text", "a person's qualification tag"),
    _p("body", "B:key Kind:constant Status:constant", "a body, its kind and status"),
    _p("body_platform", "B:key Pl:key", "the platform a body belongs to"),
    _p("body_org", "B:key O:key", "the organisation a council or board belongs to"),
    _p("parent", "B:key P:key", "a body is a sub-group of another"),
    _p("topic", "B:key T:text", "the area a body works on"),
    _p("expires_on", "B:key D:day", "the last day a body exists"),
    _p("member", "M:number P:key B:key Role:constant OnBehalfOf:key_or_none AppointedBy:key_or_none Start:day End:day",
       "a membership: id, person, body, role, on behalf of, appointed by, first and last day"),
    _p("touched", "B:key", "a body the question is about"),
    _p("proposed_constitution", "B:key Status:constant", "a proposal to constitute a body (it is judged as active), and the status it stands at before"),
    _p("case", "C:key Originator:key Stage:constant", "a case, its originating body and its stage"),
    _p("case_track", "C:key Track:constant", "a case's track: political or group"),
    _p("case_co_originator", "C:key B:key", "a body that drafted a case with its originating body"),
    _p("case_concerns", "C:key O:key", "an organisation a case names as concerned"),
    _p("case_step", "C:key N:number Stage:constant By:key Day:day", "a step of a case's history: case, number, stage reached, body that moved it, day"),
    _p("case_answer", "C:key Recipient:key Day:day", "a hearing answer: case, recipient that answered, day"),
    _p("case_approval", "C:key Body:key Decision:constant Day:day", "an approver's decision on a case: case, approver, approved or refused, day"),
    _p("proposed_open", "C:key", "the case being opened (its case facts are laid over the register)"),
    _p("proposed_move", "C:key Stage:constant By:key_or_none", "a proposed move: case, stage, body that moves it"),
    _p("proposed_answer", "C:key Recipient:key_or_none", "a proposed hearing answer: case, recipient"),
    _p("proposed_approval", "C:key Body:key_or_none Decision:constant", "a proposed decision: case, approver, approved or refused"),
    _p("activity_pool", "P:key Body:key Overall:number Amount:number ApprovedOn:day", "an approved overall budget: pool, body, overall budget, activity pool, day approved"),
    _p("pool_share", "P:key SubGroup:key Amount:number", "a sub-group's share of an activity pool: pool, sub-group, amount"),
    _p("detail_budget", "D:key P:key SubGroup:key Amount:number MadeOn:day PresentedOn:day", "a detail budget: key, pool, sub-group, amount, day made, day presented (open: not yet)"),
    _p("action_plan", "SubGroup:key Year:number PresentedOn:day", "an annual action plan: sub-group, year, day presented (open: not yet)"),
    _p("event", "Kind:constant Body:key Day:day", "a dated event: steering_meeting, conference or evaluation; body; day"),
    _p("document", "Kind:constant Body:key Day:day", "a document set out: goals (and success criteria) or communication_strategy; body; day adopted"),
)

# The predicates the engine reads from the rules' answer: derived, but read by no rule.
READ_PREDICATES: tuple[Predicate, ...] = (
    _p("report", "Rule Body Severity Args", "the violations of the bodies a question reaches (core.lp)"),
    _p("because", "Rule Body Args Label Fact", "a line of a violation's explanation, grounded only when one is asked for (#program explain)"),
    _p("param", "Name Value", "a parameter in force, for messages and explanations"),
    _p("case_concerned", "C O", "the housing organisations a case concerns"),
    _p("may_move", "C Stage B", "the bodies that may move a case to a stage"),
    _p("hearing_recipient", "C B", "the bodies a case's hearing goes to"),
    _p("blocked_transition", "C Stage", "a next stage of a case's flow that nobody may take now"),
    _p("blocked_mover", "C Stage B", "a body the flow names for a blocked next stage"),
    _p("blocked_reason", "C Stage Rule Body Severity Args", "a violation that stands in the way of a blocked next stage: case, stage, rule, body, severity, args"),
    _p("adopted_for", "C O", "a housing organisation an adopted case binds"),
    _p("required_approval", "C B Status Rule", "an approval a case needs, its status and the rule that requires it"),
    _p("approval_because", "C B Label Fact", "a line of the explanation of a required approval"),
    _p("case_involves", "C B", "a case that involves a body, for lists by body"),
    _p("next_stage", "C Stage", "the stage a proposed step leads to"),
    _p("theme_seat_holder", "F T P", "a forum seat holder who sits in a standing theme group"),
    _p("outside_seat", "F P", "a person sitting in a forum outside its seats (the secretariat's leader)"),
)

PREDICATES: dict[str, Predicate] = {p.name: p for p in SUPPLIED_PREDICATES + READ_PREDICATES}
SUPPLIED: dict[tuple[str, int], str] = {p.signature: p.meaning for p in SUPPLIED_PREDICATES}
READ: dict[tuple[str, int], str] = {p.signature: p.meaning for p in READ_PREDICATES}


def defined_program() -> str:
    """``#defined`` for every supplied predicate: a question without, say, any expiry dates grounds quietly."""
    return "".join(f"#defined {name}/{arity}.\n" for name, arity in SUPPLIED)
