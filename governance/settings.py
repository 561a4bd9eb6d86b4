"""The core's settings, read once: the command-line flags, then the environment, then the defaults.

This is the only place in ``governance`` that reads the environment. The command line and
the server build one ``CoreSettings`` (the server: ``api.settings.Settings``, which adds the
web layer's part) and pass it down; ``Database(url)`` without settings reads the
environment here, for callers that give nothing else. The audit key is a secret kept out
of code, so settings made in code without one take the environment's.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Self

DATABASE_ENV = "BOLIV_DATABASE_URL"
RULES_ENV = "BOLIV_RULES_DIR"
AUDIT_KEY_ENV = "BOLIV_AUDIT_KEY"


@dataclass(frozen=True)
class CoreSettings:
    database_url: str | None = None  # None: sqlite:///boliv.db in the working directory (governance.store)
    rules_dir: str | None = None  # a draft folder served for every date; None: the published rule sets
    audit_key: str | None = field(default_factory=lambda: environment_key(os.environ))  # None: the key file (governance.audit_key)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ, /, **flags: str | None) -> Self:
        """Each setting from ``flags`` when given, else from ``environ``, else its default."""
        return cls(**{**cls.core_from(environ), **{name: value for name, value in flags.items() if value is not None}})

    @staticmethod
    def core_from(environ: Mapping[str, str]) -> dict[str, str | None]:
        """The core's settings as ``environ`` gives them (an empty value counts as unset, but for the key)."""
        return {
            "database_url": environ.get(DATABASE_ENV) or None,
            "rules_dir": environ.get(RULES_ENV) or None,
            "audit_key": environment_key(environ),
        }


def environment_key(environ: Mapping[str, str]) -> str | None:
    """``BOLIV_AUDIT_KEY`` as given: even an empty one counts, and is refused as too short (governance.audit_key)."""
    return environ.get(AUDIT_KEY_ENV)
