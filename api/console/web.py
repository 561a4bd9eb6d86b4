"""What every console page shares: templates, the language, the date asked about, the words."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.templating import Jinja2Templates

from api.console.words import UI
from api.console.words_work import genitive, long_date
from governance import Governance
from governance.errors import BadDate
from schema.permissions import Action, Caller, CredentialProblem, refusal

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
LANG_COOKIE = "boliv_lang"
LANGUAGES = ("da", "en")

templates = Jinja2Templates(directory=str(HERE / "templates"))
Page = Callable[[Request], Awaitable[Response]]  # a console route's endpoint
# The main menu: (path, key of its word in words.UI); a new page adds one line here.
NAV = [
    ("/", "nav_chart"),
    ("/platforms", "nav_platforms"),
    ("/what-if", "nav_what_if"),
    ("/cases", "nav_cases"),
    ("/audit", "nav_audit"),
    ("/rules", "nav_rules"),
]


def language(request: Request) -> str:
    """``?lang=`` first, then the cookie the switch stored, else Danish."""
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return asked
    stored = request.cookies.get(LANG_COOKIE)
    return stored if stored in LANGUAGES else "da"


def as_of(request: Request) -> date:
    """``?asOf=YYYY-MM-DD``, default today."""
    value = request.query_params.get("asOf") or ""
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadDate.not_a_date(value) from None


def switch_url(request: Request, lang: str) -> str:
    """This page in the other language (the cookie then remembers it)."""
    params = {k: v for k, v in request.query_params.items() if k != "lang"}
    params["lang"] = lang
    return f"{request.url.path}?{urlencode(params)}"


def render(
    request: Request, governance: Governance, template: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """A page in the request's language; a ``?lang=`` switch is stored in a cookie for the next pages."""
    lang = language(request)
    rule_set = governance.rule_set

    def word(constant: str) -> str:
        return rule_set.word(str(constant).lower(), lang)

    page = {
        "request": request, "lang": lang, "t": UI[lang], "word": word,
        "other_lang": "en" if lang == "da" else "da",
        "switch_url": switch_url(request, "en" if lang == "da" else "da"),
        "path": request.url.path, "nav": NAV, "long_date": lambda day: long_date(day, lang),
        "genitive": lambda name: genitive(name, lang),
        "draft": UI[lang]["draft_notice"].format(folder=governance.rules.directory) if governance.rules.draft else None,
        **context,
    }
    response = templates.TemplateResponse(request, template, page, status_code=status_code)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax")
    return response


def problem(request: Request, governance: Governance, status_code: int, message: str) -> HTMLResponse:
    """A page that says what is wrong (an unknown key, a bad date, a database that does not answer)."""
    return render(request, governance, "problem.html", {"message": message}, status_code)


async def read_refusal(request: Request) -> str | None:
    """Why this request may not read (as GraphQL would say it), or None: the API's read rule for pages too.

    Without a token reads are open until the first role token is issued (``ReadPolicy``).
    """
    caller: Caller = request.user
    anonymous = caller.role is None and caller.problem is CredentialProblem.MISSING
    if anonymous and await run_in_threadpool(request.app.state.read_policy.reads_open):
        return None
    error = refusal(caller, Action.READ, request.url.path, language(request))
    return None if error is None else error.message
