"""Request bodies checked before GraphQL sees them: at most 1 MiB, UTF-8, a JSON object, not nested too deep.

A pure ASGI middleware for ``POST /graphql``. It reads the body (refusing it as soon as
it passes the limit, whatever Content-Length said), checks it, and hands the app the
same bytes. What fails is answered at once in the project's error shape
(``{"errors": [{"message", "extensions": {"code", …}}]}``): 413 for a body over the
limit, 400 for one that is not UTF-8, not JSON, not an object or nested too deep.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.graphql import language
from governance.errors import BadRequest, BolivError, LimitExceeded
from schema.errors import ApiError

MAX_BODY_BYTES = 1024 * 1024
MAX_NESTING = 32  # JSON levels; a GraphQL request needs about six

class BodyTooLarge(Exception):
    pass


def problem_with(body: bytes, content_type: str) -> str | None:
    """What is wrong with a GraphQL request body, or None (bodies that are not JSON are strawberry's to judge)."""
    if "json" not in content_type and content_type.strip():
        return None
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return "utf8"
    try:
        value = json.loads(text)
    except RecursionError:
        return "nesting"
    except ValueError:
        return "json"
    if not isinstance(value, dict) or not _is_request(value):
        return "object"
    return "nesting" if _depth(value) > MAX_NESTING else None


def _is_request(value: dict[str, Any]) -> bool:
    """The members GraphQL over HTTP defines have their types: ``query`` a string, ``variables`` an object, …"""
    return (
        isinstance(value.get("query"), str)
        and isinstance(value.get("variables"), (dict, type(None)))
        and isinstance(value.get("operationName"), (str, type(None)))
        and isinstance(value.get("extensions"), (dict, type(None)))
    )


def _depth(value: Any) -> int:
    """How deep JSON containers nest, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def refusal(problem: str, lang: str) -> JSONResponse:
    error: BolivError
    if problem == "size":
        error = LimitExceeded("body_bytes", "bodyBytes", MAX_BODY_BYTES)
    elif problem == "nesting":
        error = BadRequest("nesting", "jsonNesting", MAX_NESTING)
    else:
        error = BadRequest(problem)
    return JSONResponse({"data": None, "errors": [ApiError(error, lang).formatted]}, status_code=413 if problem == "size" else 400)


class RequestBodyLimits:
    """Checks the body of every POST to ``path`` before the app reads it."""

    def __init__(self, app: ASGIApp, path: str = "/graphql"):
        self.app = app
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"].rstrip("/") != self.path:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        lang = language(headers.get("accept-language"))
        try:
            if int(headers.get("content-length") or 0) > MAX_BODY_BYTES:
                raise BodyTooLarge
            body = await _read(receive)
        except (BodyTooLarge, ValueError):
            await refusal("size", lang)(scope, receive, send)
            return
        problem = problem_with(body, headers.get("content-type", ""))
        if problem is not None:
            await refusal(problem, lang)(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)


async def _read(receive: Receive) -> bytes:
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise BodyTooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body once, then the real channel (where a disconnect arrives)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
