"""Security headers on every response: a Content-Security-Policy, no framing, no sniffing, no referrer.

The policy allows only the server's own assets: scripts, styles, images, fonts and
fetches from 'self', no inline script, no plugins, no framing (``frame-ancestors
'none'``). GraphiQL's page is the one exception, and a narrow one: its inline bootstrap
script is allowed by its SHA-256 hash (computed from the page the server serves), and
while GraphiQL still loads from its CDN, that origin (``GRAPHIQL_CDN``) for scripts and
styles on that page only. When GraphiQL is served from boliv's own static files, the
CDN entry can go.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Mapping

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

GRAPHIQL_CDN = "https://unpkg.com"  # strawberry's GraphiQL page loads React and GraphiQL from here
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)


def policy(scripts: tuple[str, ...] = (), styles: tuple[str, ...] = ()) -> str:
    """The Content-Security-Policy: 'self' only, plus the given script and style sources."""
    directives = {
        "default-src": "'self'",
        "script-src": " ".join(("'self'", *scripts)),
        "style-src": " ".join(("'self'", *styles)),
        "img-src": "'self' data:",
        "connect-src": "'self'",
        "font-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def script_hashes(html: str) -> tuple[str, ...]:
    """The CSP sources of a page's inline scripts ('sha256-…'); data blocks (type=application/json) are not scripts."""
    hashes = []
    for attributes, body in _INLINE_SCRIPT.findall(html):
        if "application/json" in attributes:
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
    return tuple(dict.fromkeys(hashes))


def graphiql_policy(html: str) -> str:
    """The policy of GraphiQL's page: its own inline scripts by hash, and the CDN while it loads from there."""
    cdn = (GRAPHIQL_CDN,) if GRAPHIQL_CDN in html else ()
    return policy(scripts=(*script_hashes(html), *cdn), styles=cdn)


DEFAULT_POLICY = policy()
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
}


class SecurityHeaders:
    """Adds the headers to every HTTP response; ``pages`` maps a path to the policy of its HTML page."""

    def __init__(self, app: ASGIApp, pages: Mapping[str, str] | None = None):
        self.app = app
        self.pages = dict(pages or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        page_policy = self.pages.get(scope["path"].rstrip("/") or "/", DEFAULT_POLICY)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                is_html = headers.get("content-type", "").startswith("text/html")
                headers["Content-Security-Policy"] = page_policy if is_html else DEFAULT_POLICY
                for name, value in HEADERS.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
