"""The errors boliv raises to its callers, as one tree: each class carries its code and its facts, no text.

``BolivError``
  ``InputError`` (input the register cannot take; nothing was changed)
    ``UnknownKey``, ``DuplicateKey``, ``BadKey``, ``BadDate``, ``BadValue``, ``BadChange``, ``Empty``,
    ``TooLong``, ``JustificationRequired``, ``BadText``, ``LimitExceeded``
  ``AuditKeyError`` (no usable key to the audit trail)
  ``DatabaseUnavailable``, ``RuleSetError`` (the database or the rule files cannot be used)
  ``WorkStopped``: ``BudgetExceeded``, ``ClientGone`` (a request's work was stopped)
  ``RequestRefused`` (the API's own refusals: credentials, rights, throttle, request body, document)

The Danish and English texts are in ``governance.error_texts``, keyed by ``code`` and
``variant``; ``message(lang)`` renders them from the facts. The API turns any ``BolivError``
into its GraphQL error in one place (``schema.errors.ApiError``) with ``extensions.code`` = ``code``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from governance.error_texts import LANGUAGES, Phrase, render

if TYPE_CHECKING:
    from governance.engine.ruleset import Problem


class BolivError(Exception):
    """Something boliv refuses or cannot do, named by ``code`` (+ ``variant``) and the facts its texts need.

    ``value`` is the offending value a client is shown (``extensions.value``), when there is one, and a fact
    its texts may name;
    ``extensions`` are the facts the API adds to its error as they are (limits and counts).
    """

    code: ClassVar[str]  # each leaf names its own; the branches (this, InputError, WorkStopped, RequestRefused) are never raised
    recorded = False  # set once its refusal has its audit entry, so the API does not write a second one

    def __init__(self, variant: str = "", value: str | None = None, /, **facts: object):
        self.variant = variant
        self.value = value
        self.facts = {"value": value, **facts} if value is not None else facts
        self.extensions: dict[str, object] = {}
        super().__init__(self.message("en"))

    def message(self, lang: str = "da") -> str:
        """The text in ``lang`` (Danish for any language boliv does not speak)."""
        return render(self.code, self.variant, lang if lang in LANGUAGES else "da", self.facts)

    @property
    def messages(self) -> dict[str, str]:
        return {lang: self.message(lang) for lang in LANGUAGES}


class InputError(BolivError):
    """Input the register cannot take (an unknown key, a malformed value); nothing was changed."""


class UnknownKey(InputError):
    """No ``kind`` (body, person, organisation, platform, membership, case, token) has ``key``."""

    code: ClassVar[str] = "UNKNOWN_KEY"

    def __init__(self, kind: str, key: str):
        self.kind, self.key = kind, key
        super().__init__("", key, kind=Phrase("NOUN", kind), key=key)


class DuplicateKey(InputError):
    """A ``kind`` with ``key`` exists already (found before writing, or lost a race to another writer)."""

    code: ClassVar[str] = "DUPLICATE_KEY"

    def __init__(self, kind: str, key: str):
        self.kind, self.key = kind, key
        super().__init__("", key, the_kind=Phrase("THE_NOUN", kind), key=key)


class BadKey(InputError):
    """``key`` is not a key: lowercase letters, digits and - _ . up to ``maximum`` characters."""

    code: ClassVar[str] = "BAD_KEY"

    def __init__(self, key: str, maximum: int):
        super().__init__("", key, key=key, maximum=maximum)


class BadDate(InputError):
    """A value that is not a date (``field`` given), or a day with no day before it (variant ``calendar_start``)."""

    code: ClassVar[str] = "BAD_DATE"

    @classmethod
    def not_a_date(cls, value: object, field: str | None = None) -> BadDate:
        return cls("" if field else "unnamed", str(value), field=field)

    @classmethod
    def calendar_start(cls, day: str) -> BadDate:
        return cls("calendar_start", day, day=day)


class BadValue(InputError):
    """A value outside what its field takes; ``variant`` names the field and the facts say why."""

    code: ClassVar[str] = "BAD_VALUE"


class BadChange(InputError):
    """A change that is not one: no kind or several (``one_kind``), or an update that changes nothing."""

    code: ClassVar[str] = "BAD_CHANGE"


class Empty(InputError):
    """A text that must not be empty is (``variant``: what it is)."""

    code: ClassVar[str] = "EMPTY"


class TooLong(InputError):
    """A text longer than the ``maximum`` characters it may have (``variant``: what it is)."""

    code: ClassVar[str] = "TOO_LONG"


class JustificationRequired(InputError):
    """Overriding the rules needs a justification."""

    code: ClassVar[str] = "JUSTIFICATION_REQUIRED"

    def __init__(self) -> None:
        super().__init__("", "justification")


class BadText(InputError):
    """Text no key, name or title can hold: ``variant`` is ``nul`` or ``surrogate``."""

    code: ClassVar[str] = "BAD_TEXT"


class LimitExceeded(InputError):
    """A request over one of the limits (docs/api.md "Limits"): ``variant`` says what was too big."""

    code: ClassVar[str] = "LIMIT_EXCEEDED"

    def __init__(self, variant: str, limit: str, maximum: int, found: int | None = None, name: str = ""):
        super().__init__(variant, None, limit=limit, maximum=maximum, found=found, name=name)
        self.extensions = {"limit": limit, "maximum": maximum} | ({} if found is None else {"found": found})


class AuditKeyError(BolivError):
    """There is no usable key to the audit trail (``variant``: missing, too short, readable by others)."""

    code: ClassVar[str] = "AUDIT_KEY"


class DatabaseUnavailable(BolivError):
    """The database did not answer; nothing was changed. ``orig`` is the driver's error (as sqlalchemy names it), for the logs."""

    code: ClassVar[str] = "DATABASE_UNAVAILABLE"

    def __init__(self, orig: BaseException | None = None):
        self.orig = orig
        super().__init__()


class RuleSetError(BolivError):
    """The rule files cannot be loaded; ``problems`` names every problem found, where it is."""

    code: ClassVar[str] = "RULES_UNAVAILABLE"

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__()

    def __str__(self) -> str:
        return "; ".join(str(p) for p in self.problems)


class WorkStopped(BolivError):
    """The work of a request was stopped (``governance.deadline``), which rolls back the transaction it ran in."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__("", None, seconds=seconds)


class BudgetExceeded(WorkStopped):
    """The request used up its time budget of ``seconds``."""

    code: ClassVar[str] = "BUDGET_EXCEEDED"

    def __init__(self, seconds: float):
        super().__init__(seconds)
        self.extensions = {"seconds": seconds}


class ClientGone(WorkStopped):
    """The client went away."""

    code: ClassVar[str] = "CLIENT_GONE"


class RequestRefused(BolivError):
    """A refusal of the API itself (``schema``), before or around the services; its texts are in the catalogue too."""


class Unauthenticated(RequestRefused):
    """No usable credential: ``variant`` is ``missing``, ``malformed`` or ``unknown``."""

    code: ClassVar[str] = "UNAUTHENTICATED"


class Forbidden(RequestRefused):
    """A valid token whose role lacks ``right`` for ``operation``, or holds it only elsewhere (``touch``, ``organisation``)."""

    code: ClassVar[str] = "FORBIDDEN"

    def __init__(self, role: str, right: str, operation: str, touch: str | None = None, organisation: str | None = None):
        scope = Phrase("SCOPE", touch or "", organisation=organisation or Phrase("NOUN", "no_organisation"))
        super().__init__("", None, role=role, right=right, operation=operation, scope=scope)
        self.extensions = {"right": right, "role": role}
        if touch is not None:
            self.extensions |= {"touch": touch, "organisation": organisation}


class RateLimited(RequestRefused):
    """The token already runs ``running`` costly requests, as many as allowed."""

    code: ClassVar[str] = "RATE_LIMITED"

    def __init__(self, running: int):
        super().__init__("", None, running=running)
        self.extensions = {"running": running}


class BadRequest(RequestRefused):
    """A POST body that is no GraphQL request (``variant``: utf8, json, object, nesting); ``api.limits`` refuses it."""

    code: ClassVar[str] = "BAD_REQUEST"

    def __init__(self, variant: str, limit: str | None = None, maximum: int | None = None):
        super().__init__(variant, None, maximum=maximum)
        if limit is not None:
            self.extensions = {"limit": limit, "maximum": maximum}


class InvalidDocument(RequestRefused):
    """A GraphQL document or its variables that do not validate; ``problems`` is graphql-core's account, in English."""

    code: ClassVar[str] = "INVALID_DOCUMENT"

    def __init__(self, problems: str):
        super().__init__("", None, problems=problems)


class Unexpected(RequestRefused):
    """A bug: what the client is told (the real error is logged, never shown)."""

    code: ClassVar[str] = "INTERNAL"
