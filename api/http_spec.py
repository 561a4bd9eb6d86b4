"""The GraphQL over HTTP specification's media types, on top of strawberry's view.

A client that accepts ``application/graphql-response+json`` gets that media type, and a
request that never reached execution (a document that does not parse or validate,
variables that cannot be coerced) then answers ``400`` without a ``data`` entry. A client
that accepts ``application/json`` (or ``*/*``, or sends no ``Accept``) keeps the old
answer: ``200`` with ``"data": null``. A client that accepts neither gets ``406`` and
nothing runs.
"""

from __future__ import annotations

from typing import Any

from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
_OFFERS = {GRAPHQL_RESPONSE: GRAPHQL_RESPONSE, JSON: JSON, "application/*": JSON, "*/*": JSON}


def negotiate(accept: str | None) -> str | None:
    """The media type to answer in for an ``Accept`` header; None when none is acceptable.

    The highest quality wins; among equals, an exact type before a wildcard, then the
    order of the header.
    """
    if not accept or not accept.strip():
        return JSON
    ranked = []
    for position, part in enumerate(accept.split(",")):
        media_type, *params = (piece.strip() for piece in part.split(";"))
        offer = _OFFERS.get(media_type.lower())
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if offer and quality > 0:
            ranked.append((-quality, "*" in media_type, position, offer))
    return min(ranked)[3] if ranked else None


def is_request_error(answer: Any) -> bool:
    """True for an answer whose request never executed: no data, and no error with a path."""
    if not isinstance(answer, dict) or answer.get("data") is not None or not answer.get("errors"):
        return False
    return all("path" not in error for error in answer["errors"])


class GraphQLOverHTTP:
    """Mixed into strawberry's starlette view (``api.graphql.GraphQLApp``)."""

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        # a mixin: super() is strawberry's view, which mypy does not see from here
        sub_response: Response = await super().get_sub_response(request)  # type: ignore[misc]
        sub_response.media_type = negotiate(request.headers.get("accept"))
        return sub_response

    async def execute_operation(self, request: Request, request_adapter: Any, request_data: Any, context: Any,
                                root_value: Any, sub_response: Response) -> Any:
        if sub_response.media_type is None:
            english = getattr(context, "lang", "da") == "en"
            raise HTTPException(406, (
                f"Accept must allow {GRAPHQL_RESPONSE} or {JSON}." if english
                else f"Accept skal tillade {GRAPHQL_RESPONSE} eller {JSON}."
            ))
        return await super().execute_operation(  # type: ignore[misc]
            request, request_adapter, request_data, context, root_value, sub_response
        )

    def create_response(self, response_data: Any, sub_response: Response) -> Response:
        media_type = sub_response.media_type or JSON
        if media_type == GRAPHQL_RESPONSE and is_request_error(response_data):
            response_data = {key: value for key, value in response_data.items() if key != "data"}
            sub_response.status_code = sub_response.status_code or 400
        response: Response = super().create_response(response_data, sub_response)  # type: ignore[misc]
        response.headers["content-type"] = f"{media_type}; charset=utf-8"
        return response
