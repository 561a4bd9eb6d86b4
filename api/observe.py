"""The outermost middleware: a request id for every request, its log line and its metrics.

``X-Request-Id`` from the client is kept when it is a plain token (letters, digits,
``.``, ``_``, ``-``; at most 128 characters), else a new one is made; it is returned
on every response and written on every log line of the request.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.logs import log_request
from api.metrics import Metrics
from api.request_record import SCOPE_KEY, RequestRecord, request_id

_PLAIN = re.compile(r"^[A-Za-z0-9._-]{1,128}$")
log = logging.getLogger("boliv.error")


def role_of(user: Any) -> str:
    """The caller's role for the log (never its token): ``anonymous`` without a valid one."""
    role = getattr(user, "role", None)
    return str(getattr(role, "value", role)) if role is not None else "anonymous"


class Observe:
    def __init__(self, app: ASGIApp, metrics: Metrics):
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent = Headers(scope=scope).get("x-request-id", "")
        record = RequestRecord(sent if _PLAIN.match(sent) else uuid.uuid4().hex)
        scope[SCOPE_KEY] = record
        context = request_id.set(record.id)
        status, started = 0, time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)["X-Request-Id"] = record.id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:  # logged with the request id; the client gets a bare 500, never the trace
            log.exception("unhandled error in %s %s", scope.get("method"), scope.get("path"))
            if status:
                raise
            await PlainTextResponse("Internal Server Error", status_code=500)(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            path = scope.get("path", "")
            log_request(record, scope.get("method", "-"), path, status, seconds, role_of(scope.get("user")))
            self.metrics.observe(record, path, status, seconds)
            request_id.reset(context)
