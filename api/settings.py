"""The web layer's settings: where the database and the rules are, the administrator token, the read policy."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from api.cors import parse_origins

MIN_ADMIN_TOKEN = 16


class SettingsError(ValueError):
    """A setting the server refuses to start with; the message says how to fix it."""


@dataclass(frozen=True)
class Settings:
    database_url: str | None = None  # None: BOLIV_DATABASE_URL, else sqlite:///boliv.db (governance.store)
    rules_dir: str | None = None  # a draft folder served for every date (BOLIV_RULES_DIR); None: the published rule sets
    admin_token: str | None = None  # a bearer token with every right; None: only role tokens can change anything
    require_read_token: bool = False  # reads need a token from the start, not only once a role token is issued
    request_budget_seconds: float = 10.0  # the work of one GraphQL request stops after this long (api.budget)
    cors_origins: tuple[str, ...] = ()  # origins allowed to call /graphql from a browser; empty: CORS off
    metrics_token: str | None = None  # None: /metrics is open; else it needs Authorization: Bearer <token>

    def __post_init__(self) -> None:
        if self.admin_token is not None and len(self.admin_token) < MIN_ADMIN_TOKEN:
            raise SettingsError(
                f"BOLIV_ADMIN_TOKEN is {len(self.admin_token)} characters long; it must have at least {MIN_ADMIN_TOKEN}."
                " Make a good one with: python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"
            )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        return cls(
            database_url=environ.get("BOLIV_DATABASE_URL") or None,
            rules_dir=environ.get("BOLIV_RULES_DIR") or None,
            admin_token=environ.get("BOLIV_ADMIN_TOKEN") or None,
            require_read_token=environ.get("BOLIV_REQUIRE_READ_TOKEN", "").strip().lower() in ("1", "true", "yes"),
            request_budget_seconds=float(environ.get("BOLIV_REQUEST_BUDGET_SECONDS") or 10.0),
            cors_origins=parse_origins(environ.get("BOLIV_CORS_ORIGINS")),
            metrics_token=environ.get("BOLIV_METRICS_TOKEN") or None,
        )
