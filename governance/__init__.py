"""The core of boliv: the register, the rules that judge it, and the services over both.

What callers outside the core use is named here: the services (``Governance``), the
changes they check and apply, the violation the rules report, the errors, and the results
of a check. The core imports no web code (``tests/test_layers.py``); the command line is
``boliv``, the GraphQL layer ``schema`` and the server ``api``.
"""

from governance.changes import Appoint, Change, CreateBody, DissolveBody, EndMembership, UpdateBody
from governance.engine import RuleSet, RuleSetError, Violation
from governance.errors import DatabaseUnavailable, InputError
from governance.services import Applied, Check, Governance, Rejected, Verdict
from governance.settings import CoreSettings

__all__ = [
    "Applied", "Appoint", "Change", "Check", "CoreSettings", "CreateBody", "DatabaseUnavailable", "DissolveBody",
    "EndMembership", "Governance", "InputError", "Rejected", "RuleSet", "RuleSetError", "UpdateBody", "Verdict", "Violation",
]
