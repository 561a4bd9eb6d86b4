"""Bearer tokens: the middleware that puts a ``Caller`` on every request.

The administrator token (``BOLIV_ADMIN_TOKEN``) is compared in memory; a role token made
with ``boliv token create`` is looked up by the hash of its secret, in a worker thread.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.exc import SQLAlchemyError
from starlette.authentication import AuthCredentials, AuthenticationBackend
from starlette.concurrency import run_in_threadpool
from starlette.requests import HTTPConnection

from governance.errors import DatabaseUnavailable
from governance.tokens import SECRET_PREFIX, Tokens
from schema.permissions import Caller, CallerRole, CredentialProblem, anonymous


class TokenStore(Protocol):
    def caller(self, token: str) -> Caller | None:
        """The holder of ``token``, or None when it is not a valid token."""


@dataclass(frozen=True)
class AdminToken:
    """``BOLIV_ADMIN_TOKEN``: every right. Without a secret no token matches."""

    secret: str | None

    def caller(self, token: str) -> Caller | None:
        if self.secret and hmac.compare_digest(token.encode(), self.secret.encode()):
            return Caller(CallerRole.ADMIN, None, "admin")
        return None


@dataclass(frozen=True)
class StoredTokens:
    """The role tokens of the database; a revoked token is not valid. Blocking: it asks the database."""

    tokens: Tokens

    def caller(self, token: str) -> Caller | None:
        if not token.startswith(SECRET_PREFIX):
            return None
        found = self.tokens.holder_of(token)
        return Caller(CallerRole(found.role), found.organisation, found.actor) if found else None


@dataclass(frozen=True)
class AnyToken:
    """The first store that knows the token."""

    stores: tuple[TokenStore, ...]

    def caller(self, token: str) -> Caller | None:
        return next((found for store in self.stores if (found := store.caller(token)) is not None), None)


def caller_for(authorization: str | None, tokens: TokenStore) -> Caller:
    """The caller an ``Authorization`` header stands for; anonymous (with the reason) when none."""
    if not authorization:
        return anonymous(CredentialProblem.MISSING)
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return anonymous(CredentialProblem.MALFORMED)
    try:
        return tokens.caller(token.strip()) or anonymous(CredentialProblem.UNKNOWN)
    except (SQLAlchemyError, DatabaseUnavailable):
        return anonymous(CredentialProblem.UNVERIFIABLE)


class BearerAuth(AuthenticationBackend):
    """For starlette's ``AuthenticationMiddleware``: ``request.user`` is always a ``Caller``."""

    def __init__(self, tokens: TokenStore):
        self.tokens = tokens

    # starlette asks for a BaseUser; a Caller has its interface (is_authenticated, display_name) without
    # schema depending on starlette, and every reader of request.user reads it as the Caller it is.
    async def authenticate(self, conn: HTTPConnection) -> tuple[AuthCredentials, Caller]:  # type: ignore[override]
        header = conn.headers.get("authorization")
        caller = await run_in_threadpool(caller_for, header, self.tokens) if header else anonymous(CredentialProblem.MISSING)
        return AuthCredentials([caller.role.value] if caller.role else []), caller
