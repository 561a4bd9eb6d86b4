"""Who is calling, what each role may do, and the one check every mutation goes through.

A ``Caller`` is put on every request by ``api.auth``. Today only the administrator
token exists; the security issue adds a token store that hands out the other roles, and
only the table ``RIGHTS`` and the token store need to change then.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from strawberry import Info
from strawberry.permission import BasePermission, PermissionExtension

from schema.errors import forbidden, unauthenticated


class CallerRole(Enum):
    VIEWER = "viewer"
    ORG_ADMIN = "org-admin"
    STAFF = "staff"
    AUDITOR = "auditor"
    ADMIN = "admin"


class Action(Enum):
    """What a mutation does, as the rights table sees it."""

    REGISTER_PERSON = "register-person"
    CHANGE_REGISTER = "change-register"
    CONSTITUTE_BODY = "constitute-body"
    HANDLE_CASES = "handle-cases"


RIGHTS: dict[CallerRole, frozenset[Action]] = {
    CallerRole.ADMIN: frozenset(Action),
    CallerRole.STAFF: frozenset({Action.CONSTITUTE_BODY, Action.HANDLE_CASES}),
    # An organisation administrator's changes are limited to its own organisation;
    # that scoped check arrives with its tokens (security issue), until then it has none.
    CallerRole.ORG_ADMIN: frozenset(),
    CallerRole.AUDITOR: frozenset(),
    CallerRole.VIEWER: frozenset(),
}


class CredentialProblem(Enum):
    """Why a request carries no usable credential."""

    MISSING = "missing"
    MALFORMED = "malformed"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Caller:
    """The holder of the request's token; ``name`` is the actor in the audit trail."""

    role: CallerRole | None
    organisation: str | None
    name: str
    problem: CredentialProblem | None = None

    @property
    def is_authenticated(self) -> bool:
        return self.role is not None

    @property
    def display_name(self) -> str:
        return self.name

    def may(self, action: Action) -> bool:
        return self.role is not None and action in RIGHTS[self.role]


def anonymous(problem: CredentialProblem) -> Caller:
    return Caller(None, None, "anonymous", problem)


def ensure_allowed(caller: Caller, action: Action, operation: str, lang: str) -> None:
    """Raise the GraphQL error that refuses ``operation`` to ``caller``, unless its role grants ``action``."""
    if caller.role is None:
        raise unauthenticated((caller.problem or CredentialProblem.MISSING).value, lang)
    if not caller.may(action):
        raise forbidden(caller.role.value, operation, lang)


class Authorized(BasePermission):
    """Lets a mutation run only for a caller whose role grants its action."""

    def __init__(self, action: Action):
        self.action = action

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        ensure_allowed(info.context.caller, self.action, info.field_name, info.context.lang)
        return True


def requires(action: Action) -> PermissionExtension:
    """The field extension a mutation declares: ``@strawberry.mutation(extensions=[requires(...)])``."""
    return PermissionExtension(permissions=[Authorized(action)], use_directives=False)
