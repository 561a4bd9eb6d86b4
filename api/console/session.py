"""``/session``: who the request's bearer token stands for, so the sign-in form can say it."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from schema.permissions import Caller, CallerRole

AUDIT_READERS = (CallerRole.AUDITOR, CallerRole.ADMIN)  # CONTRACT.md: the audit log needs these roles


async def session(request: Request) -> JSONResponse:
    caller: Caller = request.user
    return JSONResponse({
        "signedIn": caller.is_authenticated,
        "role": caller.role.value if caller.role else None,
        "name": caller.name if caller.is_authenticated else None,
        "organisation": caller.organisation,
        "readsAudit": caller.role in AUDIT_READERS,
    }, headers={"Cache-Control": "no-store"})
