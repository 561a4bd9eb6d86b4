"""Who is calling, what each role may do, and the one check every field that needs a right goes through.

A ``Caller`` is put on every request by ``api.auth``: the administrator token
(``BOLIV_ADMIN_TOKEN``) or a stored role token (``governance.tokens``). ``RIGHTS`` is the
only table of what a role may do, and where: a right is held everywhere or in a
``Scope``, which says for each way a request touches an organisation (``Touch``) whether
it must be the caller's own. Each change kind names the organisations it touches
(``schema.authority``), so every mutation and every change kind is decided by this table.

Reads need the ``read`` right (viewer and up) once any role token has been issued in the
database, or from the start with ``BOLIV_REQUIRE_READ_TOKEN=1`` (``ReadPolicy``): a new
installation stays open for GraphiQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from graphql import OperationType
from strawberry import Info
from strawberry.permission import BasePermission, PermissionExtension

from governance.errors import DatabaseUnavailable, Forbidden, Unauthenticated
from governance.model import TokenRole
from governance.tokens import Tokens
from schema.errors import ApiError
from schema.offload import offload
from schema.refusals import record_refusal

CallerRole = TokenRole


class Action(Enum):
    """A right, as the rights table names it."""

    READ = "read"
    READ_AUDIT = "read-audit"
    REGISTER_PERSON = "register-person"
    CHANGE_MEMBERSHIPS = "change-memberships"  # appoint, endMembership
    CHANGE_BODIES = "change-bodies"  # createBody, dissolveBody, updateBody
    CONSTITUTE_BODY = "constitute-body"
    HANDLE_CASES = "handle-cases"  # openCase, advanceCase
    ANSWER_FOR_BODY = "answer-for-body"  # recordApproval, recordHearingAnswer: a body's own answer
    RELOAD_RULES = "reload-rules"
    OVERRIDE = "override"  # apply changes that introduce an ERROR, with a justification
    PUBLISH_RULES = "publish-rules"  # a rule set in force from a day (governance.publish)
    RECORD_DOCUMENTS = "record-documents"  # recordDocument: goals, the communication strategy (governance.documents)


class Touch(Enum):
    """A way a request touches an organisation; each change kind names the organisations it touches so."""

    APPOINTED_BY = "appointedBy"  # the organisation that appoints (or appointed) a membership
    ON_BEHALF_OF = "onBehalfOf"  # the organisation a membership is held on behalf of
    BODY_OF = "bodyOf"  # the organisation whose own body it is (the Byråd: vejle-kommune; a board: its organisation)


Touches = Mapping[Touch, "str | None"]


@dataclass(frozen=True)
class Scope:
    """Where a role holds a right: the touches that must be the caller's own organisation, or own or none."""

    own: frozenset[Touch] = frozenset()
    own_or_none: frozenset[Touch] = frozenset()

    def breach(self, organisation: str | None, touches: Touches) -> Touch | None:
        """The first touch outside the scope for a caller of ``organisation``; None when every touch is inside.

        A touch the request does not name counts as no organisation, so a scope fails closed.
        """
        for touch in Touch:
            value = touches.get(touch)
            if touch in self.own and (value is None or value != organisation):
                return touch
            if touch in self.own_or_none and value is not None and value != organisation:
                return touch
        return None

    @property
    def everywhere(self) -> bool:
        return not (self.own or self.own_or_none)


EVERYWHERE = Scope()
# An organisation administrator's seats: appointed by its organisation, held on behalf of it or of none, and
# never in another organisation's own body.
OWN_SEATS = Scope(own=frozenset({Touch.APPOINTED_BY}), own_or_none=frozenset({Touch.ON_BEHALF_OF, Touch.BODY_OF}))
OWN_BODY = Scope(own=frozenset({Touch.BODY_OF}))  # answers only for its organisation's own body (its board)


def _everywhere(*actions: Action) -> dict[Action, Scope]:
    return dict.fromkeys(actions, EVERYWHERE)


# The one table of rights: what each role may do, and where.
RIGHTS: dict[CallerRole, dict[Action, Scope]] = {
    CallerRole.ADMIN: _everywhere(*Action),
    CallerRole.STAFF: _everywhere(
        Action.READ, Action.REGISTER_PERSON, Action.CHANGE_BODIES, Action.CONSTITUTE_BODY, Action.HANDLE_CASES,
        Action.ANSWER_FOR_BODY, Action.RELOAD_RULES, Action.PUBLISH_RULES, Action.RECORD_DOCUMENTS,
    ),
    CallerRole.ORG_ADMIN: {Action.READ: EVERYWHERE, Action.CHANGE_MEMBERSHIPS: OWN_SEATS, Action.ANSWER_FOR_BODY: OWN_BODY},
    CallerRole.AUDITOR: _everywhere(Action.READ, Action.READ_AUDIT),
    CallerRole.VIEWER: _everywhere(Action.READ),
}


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

    def holds(self, action: Action) -> bool:
        """Whether the role grants ``action`` anywhere at all (the field's check; the touches are checked later)."""
        return self.role is not None and action in RIGHTS[self.role]

    def breach(self, action: Action, touches: Touches | None = None) -> Touch | None:
        """For a right the role holds in a scope: the touch of ``touches`` outside it, else None."""
        if self.role is None or action not in RIGHTS[self.role]:
            return None
        return RIGHTS[self.role][action].breach(self.organisation, touches or {})

    def may(self, action: Action, touches: Touches | None = None) -> bool:
        """Whether the role grants ``action`` for a request that touches organisations so."""
        return self.holds(action) and self.breach(action, touches) is None


def anonymous(problem: CredentialProblem) -> Caller:
    return Caller(None, None, "anonymous", problem)


def refusal(caller: Caller, action: Action, operation: str, lang: str, touches: Touches | None = None) -> ApiError | None:
    """The GraphQL error that refuses ``operation`` to ``caller``; None when its role grants ``action`` there.

    ``touches`` None asks whether the role holds the right at all (a field's own check).
    """
    if caller.role is None:
        if caller.problem is CredentialProblem.UNVERIFIABLE:
            return ApiError(DatabaseUnavailable(), lang)
        return ApiError(Unauthenticated((caller.problem or CredentialProblem.MISSING).value), lang)
    if caller.holds(action) and (touches is None or caller.may(action, touches)):
        return None
    touch = caller.breach(action, touches) if touches is not None else None
    if touch is None:
        return ApiError(Forbidden(caller.label, action.value, operation), lang)
    return ApiError(Forbidden(caller.label, action.value, operation, touch.value, (touches or {}).get(touch)), lang)


def ensure_allowed(caller: Caller, action: Action, operation: str, lang: str, touches: Touches | None = None) -> None:
    """Raise the error that refuses ``operation`` to ``caller``, unless its role grants ``action`` there."""
    error = refusal(caller, action, operation, lang, touches)
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
