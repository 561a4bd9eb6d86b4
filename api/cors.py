"""CORS for ``/graphql``: off unless ``BOLIV_CORS_ORIGINS`` lists origins (starlette's ``CORSMiddleware``).

A listed origin may call with ``Authorization`` (a bearer token: no cookies, so no
credentials mode) and read ``X-Request-Id`` from the answer.
"""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

ALLOWED_HEADERS = ["Authorization", "Content-Type", "Accept", "Accept-Language", "X-Request-Id"]


def cors(origins: tuple[str, ...]) -> list[Middleware]:
    """The middleware for ``origins``; none (CORS off: no preflight is answered) when there are none."""
    if not origins:
        return []
    return [Middleware(CORSMiddleware, allow_origins=list(origins), allow_methods=["GET", "POST"],
                       allow_headers=ALLOWED_HEADERS, expose_headers=["X-Request-Id"], max_age=600)]
