"""What a request will cost, worked out from its document before it runs, and how many costly ones a token runs.

One unit is about 10 ms of work on the demo register. A field that asks the rule engine
weighs what it costs: ``audit`` a whole-register check, ``composition`` one body's,
``repairs`` a search per repair asked for, ``explanation`` a grounding of the
explanation rules, ``checkChanges``/``applyChanges`` a check that grows with the number
of changes. The yearly duties make a check grow with the years between today and its
``asOf``, so a date far ahead weighs more. A field under a list counts once per item
(``LIST_ITEMS`` of them, a cautious guess). A request over ``MAX_COST`` is refused before
it runs, naming its cost and the limit; one of at least ``COSTLY`` units waits for one of
its token's ``PER_TOKEN`` slots (at most ``WAIT_SECONDS``), else it is ``RATE_LIMITED``.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

import anyio
from graphql import (
    ExecutionResult,
    FieldNode,
    FragmentSpreadNode,
    GraphQLList,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionSetNode,
    get_named_type,
    get_nullable_type,
    get_operation_ast,
    value_from_ast_untyped,
)
from strawberry.extensions import SchemaExtension

from governance.errors import LimitExceeded, RateLimited
from schema.errors import ApiError

MAX_COST = 1000
COSTLY = 30  # a repair search, a check of 20 changes or more, a far-ahead audit
PER_TOKEN = 1  # costly requests one token runs at once, per server process: two take both cores of a small server
WAIT_SECONDS = 2.0
LIST_ITEMS = 10
WEIGHTS = {"audit": 10, "composition": 2, "explanation": 5, "requiredApprovals": 2, "allowedTransitions": 2,
           "blockedTransitions": 2, "hearingRecipients": 2}
CHECKS = {"checkChanges": 10, "applyChanges": 10}  # base weight; one more per change
REPAIR_WEIGHT = 15  # per repair asked for (limit, default 3)
DATED = {"audit", "composition", "checkChanges", "applyChanges", "repairs"}
YEARS_PER_UNIT = 8  # the yearly duties: a check 8 years further ahead costs one unit more


class Costing:
    """Walks one operation, resolving variables and fragments."""

    def __init__(self, schema: GraphQLSchema, fragments: Mapping[str, Any], variables: dict[str, Any]):
        self.schema, self.fragments, self.variables = schema, fragments, variables

    def argument(self, field: FieldNode, name: str) -> Any:
        for argument in field.arguments or ():
            if argument.name.value == name:
                return value_from_ast_untyped(argument.value, self.variables)
        return None

    def selections(self, selection_set: SelectionSetNode | None, parent: GraphQLObjectType | Any) -> Iterator[tuple[FieldNode, Any]]:
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                yield selection, parent
            elif isinstance(selection, InlineFragmentNode):
                condition = self.schema.get_type(selection.type_condition.name.value) if selection.type_condition else parent
                yield from self.selections(selection.selection_set, condition)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value in self.fragments:
                fragment = self.fragments[selection.name.value]
                yield from self.selections(fragment.selection_set, self.schema.get_type(fragment.type_condition.name.value))

    def cost(self, selection_set: SelectionSetNode | None, parent: Any, as_of: Any, depth: int = 0) -> int:
        total = 0
        fields = getattr(parent, "fields", {})
        for field, owner in self.selections(selection_set, parent):
            definition = getattr(owner, "fields", fields).get(field.name.value)
            if definition is None:
                continue
            day = self.argument(field, "asOf") or as_of
            weight = self.weight(field, day)
            items = LIST_ITEMS if isinstance(get_nullable_type(definition.type), GraphQLList) else 1
            total += weight + items * self.cost(field.selection_set, get_named_type(definition.type), day, depth + 1)
        return total

    def weight(self, field: FieldNode, as_of: Any) -> int:
        name = field.name.value
        if name in CHECKS:
            changes = self.argument(field, "changes")
            weight = CHECKS[name] + (len(changes) if isinstance(changes, list) else 1)
        elif name == "repairs":
            limit = self.argument(field, "limit")
            weight = REPAIR_WEIGHT * (limit if isinstance(limit, int) and limit > 0 else 3)
        else:
            weight = WEIGHTS.get(name, 0)
        if name in DATED:
            weight += _years_ahead(as_of) // YEARS_PER_UNIT
        return weight


def _years_ahead(as_of: Any) -> int:
    try:
        day = as_of if isinstance(as_of, date) else date.fromisoformat(str(as_of)) if as_of else None
    except ValueError:
        return 0
    return max(0, day.year - date.today().year) if day else 0


def cost_of(schema: GraphQLSchema, execution: Any) -> int:
    document = execution.graphql_document
    operation = get_operation_ast(document, execution.operation_name) if document else None
    if operation is None:
        return 0
    fragments = {d.name.value: d for d in document.definitions if d.__class__.__name__ == "FragmentDefinitionNode"}
    root = schema.get_root_type(operation.operation)
    return Costing(schema, fragments, execution.variables or {}).cost(operation.selection_set, root, None)


class Throttle:
    """How many costly requests each token runs now, in this process."""

    def __init__(self) -> None:
        self.running: Counter[str] = Counter()

    async def enter(self, holder: str) -> bool:
        """Take a slot, waiting up to ``WAIT_SECONDS``; False when none came free."""
        give_up = time.monotonic() + WAIT_SECONDS
        while self.running[holder] >= PER_TOKEN:
            if time.monotonic() >= give_up:
                return False
            await anyio.sleep(0.05)
        self.running[holder] += 1
        return True

    def leave(self, holder: str) -> None:
        self.running[holder] -= 1


THROTTLE = Throttle()


class CostLimit(SchemaExtension):
    """Refuses a request over ``MAX_COST`` at validation; runs a costly one only in a free slot of its token.

    It must come after ``ValidationCache`` (it adds to the validation errors) and after
    the text guard (so the lists it counts are within their limits).
    """

    def on_validate(self) -> Iterator[None]:
        execution = self.execution_context
        memo = getattr(execution.context, "memo", None)
        if not execution.pre_execution_errors and execution.graphql_document is not None and memo is not None:
            cost = memo["cost"] = cost_of(execution.schema._schema, execution)
            if cost > MAX_COST:
                error = ApiError(LimitExceeded("cost", "cost", MAX_COST, cost), execution.context.lang)
                execution.pre_execution_errors = [*(execution.pre_execution_errors or []), error]
        yield

    async def on_execute(self) -> Any:
        execution = self.execution_context
        context = execution.context
        if getattr(context, "memo", {}).get("cost", 0) < COSTLY:
            yield
            return
        holder = context.caller.name
        if not await THROTTLE.enter(holder):
            execution.result = ExecutionResult(data=None, errors=[ApiError(RateLimited(PER_TOKEN), context.lang)])
            yield
            return
        try:
            yield
        finally:
            THROTTLE.leave(holder)
