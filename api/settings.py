"""The server's settings: the core's (database, rules, audit key) and the web layer's, read once.

Importing this module loads no web code, so the command line can read the server's settings.

``Settings.from_env`` takes flags before the environment before the defaults; ``boliv serve``
builds it once and hands it to uvicorn's workers as a file (``api.factory``), never through
the environment.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Self

from governance import CoreSettings

MIN_ADMIN_TOKEN = 16
LOG_FORMATS = ("text", "json")
LOG_LEVELS = ("debug", "info", "warning", "error")


def parse_origins(value: str | None) -> tuple[str, ...]:
    """``BOLIV_CORS_ORIGINS``: origins separated by commas or spaces (``https://a.example, https://b.example``)."""
    return tuple(origin.rstrip("/") for origin in (value or "").replace(",", " ").split())


class SettingsError(ValueError):
    """A setting the server refuses to start with; the message says how to fix it."""


@dataclass(frozen=True)
class Settings(CoreSettings):
    admin_token: str | None = None  # a bearer token with every right; None: only role tokens can change anything
    require_read_token: bool = False  # reads need a token from the start, not only once a role token is issued
    request_budget_seconds: float = 10.0  # the work of one GraphQL request stops after this long (api.budget)
    cors_origins: tuple[str, ...] = ()  # origins allowed to call /graphql from a browser; empty: CORS off
    metrics_token: str | None = None  # None: /metrics is open; else it needs Authorization: Bearer <token>
    log_format: str = "text"  # log lines as text or JSON (api.logs)
    log_level: str = "info"  # the least severe lines logged

    def __post_init__(self) -> None:
        if self.admin_token is not None and len(self.admin_token) < MIN_ADMIN_TOKEN:
            raise SettingsError(
                f"BOLIV_ADMIN_TOKEN is {len(self.admin_token)} characters long; it must have at least {MIN_ADMIN_TOKEN}."
                " Make a good one with: python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"
            )
        for name, value, allowed in (("BOLIV_LOG_FORMAT", self.log_format, LOG_FORMATS), ("BOLIV_LOG_LEVEL", self.log_level, LOG_LEVELS)):
            if value not in allowed:
                raise SettingsError(f"{name} is {value!r}; it must be one of {', '.join(allowed)}.")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ, /, **flags: Any) -> Self:
        """Each setting from ``flags`` when given (not None), else from ``environ``, else its default."""
        budget = environ.get("BOLIV_REQUEST_BUDGET_SECONDS")
        try:
            seconds = float(budget) if budget else 10.0
        except ValueError:
            raise SettingsError(f"BOLIV_REQUEST_BUDGET_SECONDS is {budget!r}; it must be a number of seconds.") from None
        read = {
            **cls.core_from(environ),
            "admin_token": environ.get("BOLIV_ADMIN_TOKEN") or None,
            "require_read_token": environ.get("BOLIV_REQUIRE_READ_TOKEN", "").strip().lower() in ("1", "true", "yes"),
            "request_budget_seconds": seconds,
            "cors_origins": parse_origins(environ.get("BOLIV_CORS_ORIGINS")),
            "metrics_token": environ.get("BOLIV_METRICS_TOKEN") or None,
            "log_format": environ.get("BOLIV_LOG_FORMAT") or "text",
            "log_level": environ.get("BOLIV_LOG_LEVEL") or "info",
        }
        return cls(**{**read, **{name: value for name, value in flags.items() if value is not None}})

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Self:
        values = json.loads(text)
        return cls(**{**values, "cors_origins": tuple(values["cors_origins"])})
