"""``GET /health``: 200 when the database answers and the rules load, 503 otherwise."""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from governance.engine import RuleSetError
from governance.services import Governance


async def health(request: Request) -> JSONResponse:
    governance: Governance = request.app.state.governance
    answer: dict[str, str | None] = {"status": "ok", "database": "ok", "ruleSetVersion": None}
    try:
        await run_in_threadpool(governance.database.ping)
    except SQLAlchemyError:
        answer["database"] = "unavailable"
    try:
        answer["ruleSetVersion"] = (await run_in_threadpool(governance.rules.current)).version
    except RuleSetError:
        answer["rules"] = "invalid"
    healthy = answer["database"] == "ok" and "rules" not in answer
    if not healthy:
        answer["status"] = "unavailable"
    return JSONResponse(answer, status_code=200 if healthy else 503)
