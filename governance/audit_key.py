"""The key of the audit chain, kept outside the database.

``BOLIV_AUDIT_KEY`` holds the key itself. Without it the key is a file,
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

from sqlalchemy.engine import URL, make_url

from governance.errors import InputError

KEY_ENV = "BOLIV_AUDIT_KEY"
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


def audit_key(url: str | URL, create: bool = True) -> AuditKey:
    """The key that seals and verifies the audit trail of the database at ``url``.

    Without ``create`` a missing key file is an error: verifying with a new key would only
    say that every entry fails.
    """
    given = os.environ.get(KEY_ENV)
    if given is not None:
        if len(given) < MIN_KEY_LENGTH:
            raise _refused(
                f"{KEY_ENV} er for kort: en nøgle til revisionssporet skal have mindst {MIN_KEY_LENGTH} tegn.",
                f"{KEY_ENV} is too short: an audit key needs at least {MIN_KEY_LENGTH} characters.",
            )
        return AuditKey(given.encode("utf-8", "surrogatepass"), KEY_ENV)
    path = key_file(url)
    if not path.exists():
        if not create:
            raise _refused(
                f"Der er ingen nøgle til revisionssporet: hverken {KEY_ENV} eller nøglefilen {path}.",
                f"There is no audit key: neither {KEY_ENV} nor the key file {path}.",
            )
        _create(path)
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise _refused(
            f"Nøglefilen {path} kan læses af andre (tilstand {stat.S_IMODE(mode):04o}); giv den tilstand 0600 (chmod 600).",
            f"The audit key file {path} can be read by others (mode {stat.S_IMODE(mode):04o}); give it mode 0600 (chmod 600).",
        )
    secret = path.read_bytes().strip()
    if len(secret) < MIN_KEY_LENGTH:
        raise _refused(
            f"Nøglefilen {path} holder ingen brugbar nøgle (mindst {MIN_KEY_LENGTH} tegn).",
            f"The audit key file {path} holds no usable key (at least {MIN_KEY_LENGTH} characters).",
        )
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


def _refused(da: str, en: str) -> InputError:
    return InputError("AUDIT_KEY", da, en)
