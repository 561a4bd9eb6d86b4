"""The GraphQL errors clients see, and which errors are masked.

Top-level errors are for authentication, malformed input and bugs. An ``ApiError``
is shown as it is (a message in the caller's language and ``extensions.code``);
any other exception raised while resolving is a bug and is masked, so no stack trace
or internal text ever reaches a client.

Every ``ApiError`` is made from one of boliv's errors (``governance.errors``), here and
nowhere else: its ``extensions.code`` is the error's ``code``, its message the error's
text from the catalogue (``governance.error_texts``) in the caller's language.
"""

from __future__ import annotations

from graphql import GraphQLError

from governance.errors import BadValue, BolivError, InputError


class ApiError(GraphQLError):
    """A boliv error meant for the client: its message and ``extensions`` go out unchanged.

    ``messages`` holds the message in both languages, for the audit trail.
    """

    recorded = False  # set once its refusal is in the audit trail (schema.refusals)

    def __init__(self, error: BolivError, lang: str, **extensions: object):
        super().__init__(error.message(lang), extensions={"code": error.code, **error.extensions, **extensions})
        self.error = error
        self.code = error.code
        self.messages = error.messages


class InvalidInput(ApiError):
    """An ``InputError`` (from the services or the API's own checks); a mutation turns it into ``Rejected``."""

    def __init__(self, error: InputError, lang: str):
        super().__init__(error, lang, value=error.value)
        self.input_error = error


def check_limit(limit: int, maximum: int, lang: str) -> None:
    """Refuse a ``limit`` argument outside 1 … ``maximum``."""
    if not 1 <= limit <= maximum:
        raise InvalidInput(BadValue("limit", str(limit), maximum=maximum), lang)


def should_mask(error: GraphQLError) -> bool:
    """Mask what went wrong while resolving, unless it is an ``ApiError``.

    Errors without a path come from parsing, validation or variable coercion: they
    describe the client's own document and are shown as graphql-core wrote them.
    """
    return error.path is not None and not isinstance(error.original_error, ApiError)


def is_server_side(error: GraphQLError) -> bool:
    """Worth logging: a bug, or an ``ApiError`` raised because of another failure (database, rules).

    The clients' own mistakes (their document, their input, their token) are not logged.
    """
    original = error.original_error
    return error.path is not None and (not isinstance(original, ApiError) or original.__cause__ is not None)
