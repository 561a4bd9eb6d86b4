"""The key of the audit chain, kept outside the database.

``BOLIV_AUDIT_KEY`` (``CoreSettings.audit_key``) holds the key itself; a ``Database``
hands its settings' key to its connections as the execution option ``KEY_OPTION``. Without it the key is a file,
``boliv-audit.key``, beside the SQLite database file (for the default ``boliv.db``, in the
working directory), or in the working directory for PostgreSQL and in-memory databases.
The file is created on first use with 64 random hex digits and mode 0600; a key file that
others may read is refused, as ssh refuses a private key others may read.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection
from sqlalchemy.engine import URL, make_url

from governance.errors import AuditKeyError
from governance.settings import AUDIT_KEY_ENV, CoreSettings

KEY_ENV = AUDIT_KEY_ENV
KEY_OPTION = "boliv_audit_key"  # the engine's execution option with its settings' key (governance.store)
KEY_FILE_NAME = "boliv-audit.key"
MIN_KEY_LENGTH = 16


@dataclass(frozen=True)
class AuditKey:
    secret: bytes
    source: str  # where it came from, for messages: never the key itself


def key_file(url: str | URL) -> Path:
    """Where the key file of a database lives (whether or not it exists yet)."""
    parsed = make_url(url) if isinstance(url, str) else url
    database = parsed.database or ""
    if parsed.get_backend_name() == "sqlite" and database and database != ":memory:" and not database.startswith("file:"):
        return Path(database).resolve().parent / KEY_FILE_NAME
    return Path.cwd() / KEY_FILE_NAME


def audit_key(source: Connection | str | URL, create: bool = True) -> AuditKey:
    """The key that seals and verifies the audit trail of the database ``source`` connects to.

    A connection's key is its ``Database``'s settings' (``KEY_OPTION``); for a bare URL, the
    environment's. Without either, the key file. Without ``create`` a missing key file is an
    error: verifying with a new key would only say that every entry fails.
    """
    if isinstance(source, Connection):
        options = source.get_execution_options()
        given = options[KEY_OPTION] if KEY_OPTION in options else CoreSettings().audit_key
        url: str | URL = source.engine.url
    else:
        given, url = CoreSettings().audit_key, source
    if given is not None:
        if len(given) < MIN_KEY_LENGTH:
            raise AuditKeyError("env_short", env=KEY_ENV, minimum=MIN_KEY_LENGTH)
        return AuditKey(given.encode("utf-8", "surrogatepass"), KEY_ENV)
    path = key_file(url)
    if not path.exists():
        if not create:
            raise AuditKeyError("missing", env=KEY_ENV, path=path)
        _create(path)
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise AuditKeyError("readable", path=path, mode=f"{stat.S_IMODE(mode):04o}")
    secret = path.read_bytes().strip()
    if len(secret) < MIN_KEY_LENGTH:
        raise AuditKeyError("unusable", path=path, minimum=MIN_KEY_LENGTH)
    return AuditKey(secret, f"key file {path}")


def _create(path: Path) -> None:
    """Write a new key atomically: a private temporary file, linked into place unless another process won."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as stream:
            stream.write(secrets.token_hex(32) + "\n")
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(FileExistsError):  # another process created it first: use theirs
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)

