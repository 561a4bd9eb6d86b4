"""Bearer tokens: the middleware that puts a ``Caller`` on every request.

Only the administrator token exists today; a token store of role tokens (security
issue) implements ``TokenStore`` and is passed instead of, or besides, ``AdminToken``.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Protocol

from starlette.authentication import AuthCredentials, AuthenticationBackend
from starlette.requests import HTTPConnection

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


def caller_for(authorization: str | None, tokens: TokenStore) -> Caller:
    """The caller an ``Authorization`` header stands for; anonymous (with the reason) when none."""
    if not authorization:
        return anonymous(CredentialProblem.MISSING)
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return anonymous(CredentialProblem.MALFORMED)
    return tokens.caller(token.strip()) or anonymous(CredentialProblem.UNKNOWN)


class BearerAuth(AuthenticationBackend):
    """For starlette's ``AuthenticationMiddleware``: ``request.user`` is always a ``Caller``."""

    def __init__(self, tokens: TokenStore):
        self.tokens = tokens

    async def authenticate(self, conn: HTTPConnection) -> tuple[AuthCredentials, Caller]:
        caller = caller_for(conn.headers.get("authorization"), self.tokens)
        return AuthCredentials([caller.role.value] if caller.role else []), caller
