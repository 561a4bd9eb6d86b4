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
    """An error meant for the client: its message and ``extensions.code`` go out unchanged.

    ``messages`` holds the message in both languages when it has them, for the audit trail.
    """

    recorded = False  # set once its refusal is in the audit trail (schema.refusals)

    def __init__(self, code: str, message: str, messages: dict[str, str] | None = None, **extensions: object):
        super().__init__(message, extensions={"code": code, **extensions})
        self.code = code
        self.messages = messages or {"da": message, "en": message}


class InvalidInput(ApiError):
    """An ``InputError`` from the services; a mutation turns it into ``Rejected``."""

    def __init__(self, error: InputError, lang: str):
        super().__init__(error.code, error.message(lang), error.messages, value=error.value)
        self.input_error = error


def _pick(lang: str, da: str, en: str) -> str:
    return en if lang == "en" else da


def _bilingual(code: str, lang: str, da: str, en: str, **extensions: object) -> ApiError:
    return ApiError(code, _pick(lang, da, en), {"da": da, "en": en}, **extensions)


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


def unauthenticated(problem: str, lang: str) -> ApiError:
    """No usable credential: ``problem`` is ``missing``, ``malformed`` or ``unknown``."""
    return _bilingual("UNAUTHENTICATED", lang, *_CREDENTIALS[problem])


_WHERE = {  # how a refusal names the organisation a touch is outside the caller's scope with
    "onBehalfOf": ("på vegne af {}", "on behalf of {}"),
    "appointedBy": ("udpeget af {}", "appointed by {}"),
    "bodyOf": ("for en enhed under {}", "for a body of {}"),
}


def forbidden(role: str, right: str, operation: str, lang: str, *, where: tuple[str, str | None] | None = None) -> ApiError:
    """A valid token whose role lacks ``right``, or holds it only elsewhere: ``where`` is (touch, organisation)."""
    extensions: dict[str, object] = {"right": right, "role": role}
    scope_da = scope_en = ""
    if where is not None:
        touch, organisation = where
        extensions["touch"], extensions["organisation"] = touch, organisation
        da, en = _WHERE[touch]
        scope_da = " " + da.format(organisation or "ingen organisation")
        scope_en = " " + en.format(organisation or "no organisation")
    return _bilingual(
        "FORBIDDEN", lang,
        f"Rollen '{role}' mangler retten '{right}'{scope_da}, som {operation} kræver; intet er ændret.",
        f"The role '{role}' lacks the right '{right}'{scope_en} that {operation} needs; nothing was changed.",
        **extensions,
    )


def database_unavailable(lang: str) -> ApiError:
    return _bilingual(
        "DATABASE_UNAVAILABLE", lang,
        "Databasen kan ikke bruges lige nu; intet er ændret. Prøv igen senere.",
        "The database cannot be used right now; nothing was changed. Try again later.",
    )


def check_limit(limit: int, maximum: int, lang: str) -> None:
    """Refuse a ``limit`` argument outside 1 … ``maximum``."""
    if not 1 <= limit <= maximum:
        error = InputError(
            "BAD_VALUE", f"limit skal være mellem 1 og {maximum}, ikke {limit}.",
            f"limit must be between 1 and {maximum}, not {limit}.", str(limit),
        )
        raise InvalidInput(error, lang)


_BAD_TEXT = {
    "nul": ("NUL-tegnet (U+0000)", "the NUL character (U+0000)"),
    "surrogate": ("et enligt surrogat (U+D800–U+DFFF, ikke gyldig Unicode)", "a lone surrogate (U+D800–U+DFFF, not valid Unicode)"),
}


def bad_text(lang: str, problem: str = "nul") -> ApiError:
    """Text no key, name or title can hold (schema.text_guard): ``problem`` is ``nul`` or ``surrogate``."""
    da, en = _BAD_TEXT[problem]
    return _bilingual(
        "BAD_TEXT", lang, f"Tekst må ikke indeholde {da}; intet er ændret.", f"Text cannot contain {en}; nothing was changed.",
    )


def limit_exceeded(limit: str, maximum: int, found: int, lang: str, da: str, en: str) -> ApiError:
    """A request over one of the limits (docs/api.md "Limits"): ``da``/``en`` say what was too big."""
    return _bilingual(
        "LIMIT_EXCEEDED", lang,
        f"{da}: {found}, men højst {maximum} er tilladt ({limit}); intet er udført.",
        f"{en}: {found}, but at most {maximum} is allowed ({limit}); nothing was done.",
        limit=limit, maximum=maximum, found=found,
    )


def work_stopped(reason: str, seconds: float, lang: str) -> ApiError:
    """The request's work was stopped: its time budget ran out, or its client went away."""
    if reason == "client-gone":
        return _bilingual(
            "CLIENT_GONE", lang, "Klienten gik, så arbejdet blev stoppet; intet er ændret.",
            "The client went away, so the work was stopped; nothing was changed.",
        )
    return _bilingual(
        "BUDGET_EXCEEDED", lang,
        f"Forespørgslen brugte hele sin tidsramme på {seconds:g} s og blev stoppet; intet er ændret.",
        f"The request used up its time budget of {seconds:g} s and was stopped; nothing was changed.",
        seconds=seconds,
    )


def rate_limited(running: int, lang: str) -> ApiError:
    return _bilingual(
        "RATE_LIMITED", lang,
        f"Dette token kører allerede {running} krævende forespørgsel(er), så mange som tilladt; prøv igen om lidt. Intet er udført.",
        f"This token already runs {running} costly request(s), as many as allowed; try again shortly. Nothing was done.",
        running=running,
    )


def rules_unavailable(lang: str) -> ApiError:
    return _bilingual(
        "RULES_UNAVAILABLE", lang,
        "Regelfilerne kan ikke indlæses; intet er ændret.",
        "The rule files cannot be loaded; nothing was changed.",
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
