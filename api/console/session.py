"""``/session``: who the request's bearer token stands for, so the sign-in form can say it."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from schema.permissions import Action, Caller


async def session(request: Request) -> JSONResponse:
    caller: Caller = request.user
    return JSONResponse({
        "signedIn": caller.is_authenticated,
        "role": caller.role.value if caller.role else None,
        "name": caller.name if caller.is_authenticated else None,
        "organisation": caller.organisation,
        "readsAudit": caller.may(Action.READ_AUDIT),
    }, headers={"Cache-Control": "no-store"})
