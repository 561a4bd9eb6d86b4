"""What ``boliv import`` checks once the rows are written, before the transaction commits.

The imported audit trail must verify under this database's key (``governance.audit_chain``),
and the register must stand the rules as the register itself would: every ERROR the
imported state has, today or on a later day one of its memberships starts or ends, refuses
the import, unless it is overridden with a justification, which the audit trail records.
"""

from __future__ import annotations

import getpass
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from governance.audit import recorded
from governance.audit_chain import stored_entries, verify
from governance.audit_key import KEY_ENV, audit_key, key_file
from governance.engine import RuleSet, Violation, evaluate
from governance.errors import AuditKeyError
from governance.import_checks import ImportRefused
from governance.model import AuditEntry
from governance.register import Register
from governance.store import load_register


class ImportViolations(ImportRefused):
    """The imported register breaks rules; the violations say which."""

    def __init__(self, violations: Sequence[Violation], rule_set_version: str):
        self.violations = list(violations)
        self.rule_set_version = rule_set_version
        super().__init__(
            f"The register in the file breaks {len(self.violations)} rules (rule set {rule_set_version}); nothing was imported. "
            "Import it anyway only with --override --justification TEXT."
        )


def check_trail(connection: Connection) -> None:
    """The imported audit entries form an intact chain under the key of this database."""
    rows = list(stored_entries(connection))
    if not rows:
        return
    try:
        key = audit_key(connection, create=False)
    except AuditKeyError as error:
        raise ImportRefused(f"{error.message('en')} The audit trail in the file cannot be checked without its key.") from None
    result = verify(rows, key.secret)
    if result.finding is not None:
        hint = ""
        if result.count == 0:
            hint = (
                f" If the file comes from a database with another key, set {KEY_ENV} to that key, "
                f"or put its key file at {key_file(connection.engine.url)}."
            )
        raise ImportRefused(f"The audit trail in the file does not verify: {result.finding.message} (key: {key.source}); nothing was imported.{hint}")


def rule_violations(connection: Connection, rule_set: RuleSet, today: date) -> list[Violation]:
    """The ERROR violations of the imported register today and on every later day it changes."""
    with Session(bind=connection) as session:
        register = load_register(session)
    found: dict[tuple[str, str, str, str], Violation] = {}  # by identity
    for day in _days(register, today):
        for violation in evaluate(rule_set, register, day, list(register.bodies), today):  # duties judged by today
            if violation.severity.blocks:
                found.setdefault(violation.identity, violation)
    return list(found.values())


def _days(register: Register, today: date) -> list[date]:
    days = {today}
    for membership in register.memberships.values():
        days.add(membership.starts_on)
        if membership.ends_on is not None and membership.ends_on < date.max:
            days.add(membership.ends_on + timedelta(days=1))
    return sorted(day for day in days if day >= today)


def record_override(
    connection: Connection, violations: Sequence[Violation], rule_set_version: str, justification: str, request: dict[str, Any]
) -> int:
    """The audit entry of an import that set ERROR violations aside; its id."""
    with Session(bind=connection) as session:
        entry = AuditEntry(
            actor=f"cli:{_user()}", action="importRegister", request=request,
            body_keys=sorted({v.body for v in violations}), allowed=True, override=True,
            violations=[recorded(replace(v, introduced=True)) for v in violations],
            rule_set_version=rule_set_version, justification=justification,
        )
        session.add(entry)
        session.flush()
        return entry.id


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid
        return "unknown"
