"""What every resolver gets as ``info.context``: the services, the caller, the language, the loaders."""

from __future__ import annotations

from dataclasses import dataclass

from strawberry import Info

from governance.queries import Queries
from governance.services import Governance
from schema.loaders import Loaders, create_loaders
from schema.permissions import Caller


@dataclass(frozen=True)
class Context:
    governance: Governance
    queries: Queries
    caller: Caller
    lang: str  # "da" or "en": the language of top-level error messages
    loaders: Loaders

    @classmethod
    def create(cls, governance: Governance, queries: Queries, caller: Caller, lang: str) -> Context:
        return cls(governance, queries, caller, lang, create_loaders(queries, lang))


ContextInfo = Info[Context, None]
