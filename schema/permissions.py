"""Who is calling, what each role may do, and the one check every field that needs a right goes through.

A ``Caller`` is put on every request by ``api.auth``: the administrator token
(``BOLIV_ADMIN_TOKEN``) or a stored role token (``governance.tokens``). ``RIGHTS`` is the
only table of what a role may do. An organisation administrator holds its right per
organisation: it may change only memberships held on behalf of its own organisation.

Reads need the ``read`` right (viewer and up) once any role token has been issued in the
database, or from the start with ``BOLIV_REQUIRE_READ_TOKEN=1`` (``ReadPolicy``): a new
installation stays open for GraphiQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from graphql import OperationType
from strawberry import Info
from strawberry.permission import BasePermission, PermissionExtension

from governance.model import TokenRole
from governance.tokens import Tokens
from schema.errors import ApiError, database_unavailable, forbidden, unauthenticated
from schema.offload import offload
from schema.refusals import record_refusal

CallerRole = TokenRole


class Action(Enum):
    """A right, as the rights table names it."""

    READ = "read"
    READ_AUDIT = "read-audit"
    REGISTER_PERSON = "register-person"
    CHANGE_MEMBERSHIPS = "change-memberships"  # appoint, endMembership; per organisation for org-admin
    CHANGE_BODIES = "change-bodies"  # createBody, dissolveBody
    CONSTITUTE_BODY = "constitute-body"
    HANDLE_CASES = "handle-cases"
    RELOAD_RULES = "reload-rules"
    OVERRIDE = "override"  # apply changes that introduce an ERROR, with a justification
    PUBLISH_RULES = "publish-rules"  # a rule set in force from a day (governance.publish)


RIGHTS: dict[CallerRole, frozenset[Action]] = {
    CallerRole.ADMIN: frozenset(Action),
    CallerRole.STAFF: frozenset({
        Action.READ, Action.REGISTER_PERSON, Action.CHANGE_BODIES, Action.CONSTITUTE_BODY, Action.HANDLE_CASES,
        Action.RELOAD_RULES, Action.PUBLISH_RULES,
    }),
    CallerRole.ORG_ADMIN: frozenset({Action.READ, Action.CHANGE_MEMBERSHIPS}),
    CallerRole.AUDITOR: frozenset({Action.READ, Action.READ_AUDIT}),
    CallerRole.VIEWER: frozenset({Action.READ}),
}

# Rights an organisation administrator holds for its own organisation only.
PER_ORGANISATION = frozenset({Action.CHANGE_MEMBERSHIPS})


class CredentialProblem(Enum):
    """Why a request carries no usable credential."""

    MISSING = "missing"
    MALFORMED = "malformed"
    UNKNOWN = "unknown"
    UNVERIFIABLE = "unverifiable"  # the token store (the database) did not answer


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

    @property
    def label(self) -> str:
        """The role as refusals name it: ``org-admin (aab)`` for an organisation administrator."""
        if self.role is None:
            return "anonymous"
        return f"{self.role.value} ({self.organisation})" if self.organisation else self.role.value

    def is_scoped(self, action: Action) -> bool:
        """Whether this caller holds ``action`` for its own organisation only."""
        return self.role is CallerRole.ORG_ADMIN and action in PER_ORGANISATION

    def may(self, action: Action, organisation: str | None = None) -> bool:
        """Whether the role grants ``action`` (on behalf of ``organisation``, for a right held per organisation)."""
        if self.role is None or action not in RIGHTS[self.role]:
            return False
        return not self.is_scoped(action) or (organisation is not None and organisation == self.organisation)


def anonymous(problem: CredentialProblem) -> Caller:
    return Caller(None, None, "anonymous", problem)


def refusal(caller: Caller, action: Action, operation: str, lang: str, organisation: str | None = None) -> ApiError | None:
    """The GraphQL error that refuses ``operation`` to ``caller``; None when its role grants ``action``."""
    if caller.role is None:
        if caller.problem is CredentialProblem.UNVERIFIABLE:
            return database_unavailable(lang)
        return unauthenticated((caller.problem or CredentialProblem.MISSING).value, lang)
    if caller.may(action, organisation):
        return None
    return forbidden(caller.label, action.value, operation, lang, scoped=caller.is_scoped(action), organisation=organisation)


def ensure_allowed(caller: Caller, action: Action, operation: str, lang: str, organisation: str | None = None) -> None:
    """Raise the error that refuses ``operation`` to ``caller``, unless its role grants ``action``."""
    error = refusal(caller, action, operation, lang, organisation)
    if error is not None:
        raise error


class ReadPolicy:
    """Whether reads are open to callers without a token.

    Open until the first role token is issued in the database (``boliv token create``),
    closed from then on (revoking tokens does not reopen them); always closed when
    ``always_closed``. Once closed, the answer is kept without asking the database again.
    """

    def __init__(self, tokens: Tokens, always_closed: bool = False):
        self.tokens = tokens
        self._closed = always_closed

    def reads_open(self) -> bool:
        """Blocking (it may ask the database): call it in a worker thread."""
        if not self._closed and self.tokens.any_issued():
            self._closed = True  # for good: tokens are never deleted, only revoked
        return not self._closed


async def read_refusal(info: Info) -> ApiError | None:
    """Why this caller may not read, or None; an anonymous caller may while reads are open."""
    context = info.context
    caller: Caller = context.caller
    if caller.role is None and caller.problem is CredentialProblem.MISSING:
        if "reads_open" not in context.memo:
            context.memo["reads_open"] = await offload(context.lang, context.read_policy.reads_open)
        if context.memo["reads_open"]:
            return None
    return refusal(caller, Action.READ, info.field_name, context.lang)


class Authorized(BasePermission):
    """Lets a field run only for a caller whose role grants its action; a refused mutation leaves its audit entry."""

    def __init__(self, action: Action):
        self.action = action

    async def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        context = info.context
        if self.action is Action.READ:
            error = await read_refusal(info)
        else:
            error = refusal(context.caller, self.action, info.field_name, context.lang)
        if error is not None:
            if info.operation.operation is OperationType.MUTATION:
                await record_refusal(info, error, kwargs)
            raise error
        return True


def requires(action: Action) -> PermissionExtension:
    """The field extension a field declares: ``@strawberry.mutation(extensions=[requires(...)])``."""
    return PermissionExtension(permissions=[Authorized(action)], use_directives=False)
