"""The GraphQL errors clients see, and which errors are masked.

Top-level errors are for authentication, malformed input and bugs. An ``ApiError``
is shown as it is (a message in the caller's language and ``extensions.code``);
any other exception raised while resolving is a bug and is masked, so no stack trace
or internal text ever reaches a client.
"""

from __future__ import annotations

from graphql import GraphQLError

from governance.errors import InputError


class ApiError(GraphQLError):
    """An error meant for the client: its message and ``extensions.code`` go out unchanged."""

    def __init__(self, code: str, message: str, **extensions: object):
        super().__init__(message, extensions={"code": code, **extensions})


class InvalidInput(ApiError):
    """An ``InputError`` from the services; a mutation turns it into ``Rejected``."""

    def __init__(self, error: InputError, lang: str):
        super().__init__(error.code, error.message(lang), value=error.value)
        self.input_error = error


_CREDENTIALS = {
    "missing": (
        "Denne handling kræver et bearer-token (Authorization: Bearer <token>).",
        "This operation needs a bearer token (Authorization: Bearer <token>).",
    ),
    "malformed": (
        "Authorization-headeren skal have formen 'Bearer <token>'.",
        "The Authorization header must have the form 'Bearer <token>'.",
    ),
    "unknown": (
        "Bearer-tokenet er ikke gyldigt.",
        "The bearer token is not valid.",
    ),
}


def _pick(lang: str, da: str, en: str) -> str:
    return en if lang == "en" else da


def unauthenticated(problem: str, lang: str) -> ApiError:
    """No usable credential: ``problem`` is ``missing``, ``malformed`` or ``unknown``."""
    return ApiError("UNAUTHENTICATED", _pick(lang, *_CREDENTIALS[problem]))


def forbidden(role: str, operation: str, lang: str) -> ApiError:
    return ApiError(
        "FORBIDDEN",
        _pick(lang, f"Rollen '{role}' har ikke ret til {operation}.", f"The role '{role}' has no right to {operation}."),
    )


def database_unavailable(lang: str) -> ApiError:
    return ApiError(
        "DATABASE_UNAVAILABLE",
        _pick(lang, "Databasen kan ikke bruges lige nu; intet er ændret. Prøv igen senere.",
              "The database cannot be used right now; nothing was changed. Try again later."),
    )


def rules_unavailable(lang: str) -> ApiError:
    return ApiError(
        "RULES_UNAVAILABLE",
        _pick(lang, "Regelfilerne kan ikke indlæses; intet er ændret.",
              "The rule files cannot be loaded; nothing was changed."),
    )


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
