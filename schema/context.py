"""What every resolver gets as ``info.context``: the services, the caller, the language, the loaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from strawberry import Info

from governance.queries import Queries
from governance.services import Governance
from governance.tokens import Tokens
from schema.loaders import Loaders, create_loaders
from schema.permissions import Caller, ReadPolicy


@dataclass(frozen=True)
class Context:
    governance: Governance
    queries: Queries
    caller: Caller
    lang: str  # "da" or "en": the language of top-level error messages
    loaders: Loaders
    read_policy: ReadPolicy
    memo: dict[str, Any] = field(default_factory=dict)  # answers worked out once per request

    @classmethod
    def create(
        cls, governance: Governance, queries: Queries, caller: Caller, lang: str, read_policy: ReadPolicy | None = None
    ) -> Context:
        policy = read_policy or ReadPolicy(Tokens(governance.database))
        return cls(governance, queries, caller, lang, create_loaders(queries, lang), policy)


ContextInfo = Info[Context, None]
