"""What a query selects below the field being resolved: an explanation is grounded only when one is asked for."""

from __future__ import annotations

from collections.abc import Iterable

from strawberry.types.nodes import SelectedField, Selection

from schema.context import ContextInfo


def _selects(selections: Iterable[Selection], name: str) -> bool:
    return any((isinstance(s, SelectedField) and s.name == name) or _selects(s.selections, name) for s in selections)


def asks_for_explanation(info: ContextInfo) -> bool:
    """Whether the query selects ``explanation`` anywhere below this field (fragments included)."""
    return _selects(info.selected_fields, "explanation")
