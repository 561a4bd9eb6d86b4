"""API tokens: made with a role (an organisation administrator's with its organisation),
stored only as a SHA-256 hash of their secret, listed, and revoked.

Token rows are written on a plain connection, outside the register's units of work: a
token is not part of any platform's register, so it must not mark registers changed.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Row, Select, exists, insert, select, update
from sqlalchemy.orm import aliased

from governance.errors import BadValue, UnknownKey
from governance.model import ApiToken, Organisation, TokenRole, utcnow
from governance.store import Database

# The columns of ``Tokens._query``, as ``_row`` reads them (the organisation is an outer join).
_Columns = tuple[int, TokenRole, str | None, str, datetime, datetime | None]

SECRET_PREFIX = "boliv_"


@dataclass(frozen=True)
class TokenRow:
    id: int
    role: str  # a TokenRole value: viewer, org-admin, staff, auditor, admin
    organisation: str | None  # the organisation key of an org-admin token
    holder: str
    created_at: datetime
    revoked_at: datetime | None

    @property
    def actor(self) -> str:
        """How the audit trail names the holder: the holder's name and the token's id."""
        return f"{self.holder} (token {self.id})"


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def role_of(value: str) -> TokenRole:
    try:
        return TokenRole(value)
    except ValueError:
        roles = ", ".join(r.value for r in TokenRole)
        raise BadValue("role", value, roles=roles) from None


class Tokens:
    """The token store of one database."""

    def __init__(self, database: Database):
        self.database = database

    def create(self, role: str, organisation: str | None = None, holder: str | None = None) -> tuple[TokenRow, str]:
        """A new token and its secret: the only time the secret is seen."""
        chosen = role_of(role)
        if (chosen is TokenRole.ORG_ADMIN) != (organisation is not None):
            raise BadValue("org_admin_scope", organisation or role)
        secret = SECRET_PREFIX + secrets.token_urlsafe(32)
        name = holder or (f"{chosen.value} {organisation}" if organisation else chosen.value)
        with self.database.engine.begin() as connection:
            org_id = None
            if organisation is not None:
                org_id = connection.scalar(select(Organisation.id).where(Organisation.key == organisation))
                if org_id is None:
                    raise UnknownKey("organisation", organisation)
            token_id = connection.scalar(
                insert(ApiToken)
                .values(role=chosen, organisation_id=org_id, holder=name, secret_hash=hash_secret(secret), created_at=utcnow())
                .returning(ApiToken.id)
            )
            row = connection.execute(self._query().where(ApiToken.id == token_id)).one()
        return _row(row), secret

    def list(self) -> list[TokenRow]:
        """Every token made, revoked ones too, oldest first."""
        with self.database.engine.connect() as connection:
            return [_row(row) for row in connection.execute(self._query().order_by(ApiToken.id))]

    def revoke(self, token_id: int) -> TokenRow:
        """Revoke a token from now on; revoking it again changes nothing."""
        with self.database.engine.begin() as connection:
            connection.execute(
                update(ApiToken).where(ApiToken.id == token_id, ApiToken.revoked_at.is_(None)).values(revoked_at=utcnow())
            )
            row = connection.execute(self._query().where(ApiToken.id == token_id)).one_or_none()
        if row is None:
            raise UnknownKey("token", str(token_id))
        return _row(row)

    def holder_of(self, secret: str) -> TokenRow | None:
        """The token whose secret this is, unless it is unknown or revoked."""
        query = self._query().where(ApiToken.secret_hash == hash_secret(secret), ApiToken.revoked_at.is_(None))
        with self.database.engine.connect() as connection:
            row = connection.execute(query).one_or_none()
        return _row(row) if row else None

    def any_issued(self) -> bool:
        """Whether a token was ever made in this database, revoked ones included."""
        with self.database.engine.connect() as connection:
            return bool(connection.scalar(select(exists().where(ApiToken.id.is_not(None)))))

    @staticmethod
    def _query() -> Select[*_Columns]:
        """The columns ``_row`` reads."""
        organisation = aliased(Organisation)
        return select(
            ApiToken.id, ApiToken.role, organisation.key, ApiToken.holder, ApiToken.created_at, ApiToken.revoked_at
        ).outerjoin(organisation, ApiToken.organisation_id == organisation.id)


def _row(row: Row[*_Columns]) -> TokenRow:
    token_id, role, organisation, holder, created_at, revoked_at = row
    return TokenRow(token_id, role.value, organisation, holder, created_at, revoked_at)
