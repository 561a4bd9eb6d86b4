"""``GET /health``: 200 when the database answers and a rule set answers, 503 otherwise.

A newer version of the rule files that was refused leaves the last good set answering:
the status is then ``degraded`` (still 200, the service keeps serving) and ``problems``
names each problem's file, line, column and message; a draft refused for losing rules
or failing its scenarios also lists ``lostRules`` and ``failingScenarios``.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from governance import Governance, RuleSetError
from governance.errors import DatabaseUnavailable

log = logging.getLogger("boliv.database")


async def health(request: Request) -> JSONResponse:
    governance: Governance = request.app.state.governance
    answer: dict[str, Any] = {"status": "ok", "database": "ok", "ruleSetVersion": None}
    try:
        await run_in_threadpool(governance.database.ping)
    except (SQLAlchemyError, DatabaseUnavailable) as error:
        log.error("database unavailable (health check): %s", getattr(error, "orig", None) or error)
        answer["database"] = "unavailable"
    try:
        answer["ruleSetVersion"] = (await run_in_threadpool(governance.rules.current)).version
    except RuleSetError:
        answer["rules"] = "invalid"
    problems = governance.rules.problems
    if problems:
        answer["problems"] = [
            {"file": p.file, "line": p.line, "column": p.column, "message": p.message} for p in problems
        ]
    for key, names in (("lostRules", governance.rules.lost), ("failingScenarios", governance.rules.failing)):
        if problems and names:
            answer[key] = list(names)
    healthy = answer["database"] == "ok" and "rules" not in answer
    if not healthy:
        answer["status"] = "unavailable"
    elif problems:
        answer["status"], answer["rules"] = "degraded", "refused"
    return JSONResponse(answer, status_code=200 if healthy else 503)
