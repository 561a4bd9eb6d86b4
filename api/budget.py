"""Every GraphQL request runs under a time budget, and its work stops when its client goes away.

A pure ASGI middleware: it sets a ``governance.deadline.Deadline`` for the request
(``BOLIV_REQUEST_BUDGET_SECONDS``, default 10 s), which the solver looks at, and watches
the connection: when the client disconnects before the answer is sent, the deadline is
cancelled and the work stops at the solver's next look. The app reads its body through
a queue the watcher fills, so the watcher is the only reader of the real channel.
"""

from __future__ import annotations

import sys

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from governance import deadline

DEFAULT_BUDGET_SECONDS = 10.0
# The event loop shares the interpreter with the worker threads that run the costly
# Python work around the solver; handing the GIL over every millisecond (not every 5)
# keeps /health and small queries answering while they run.
SWITCH_INTERVAL_SECONDS = 0.001


class RequestBudget:
    def __init__(self, app: ASGIApp, seconds: float = DEFAULT_BUDGET_SECONDS, path: str = "/graphql"):
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_SECONDS))
        self.app = app
        self.seconds = seconds
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].rstrip("/") != self.path:
            await self.app(scope, receive, send)
            return
        budget = deadline.Deadline(self.seconds)
        to_app, from_watcher = anyio.create_memory_object_stream[Message](16)

        async def watch() -> None:
            async with to_app:
                while True:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        budget.cancel()
                    await to_app.send(message)
                    if message["type"] == "http.disconnect":
                        return

        async def app_receive() -> Message:
            try:
                return await from_watcher.receive()
            except anyio.EndOfStream:
                return {"type": "http.disconnect"}

        async with anyio.create_task_group() as tasks:
            tasks.start_soon(watch)
            with deadline.within(budget):
                try:
                    await self.app(scope, app_receive, send)
                finally:
                    tasks.cancel_scope.cancel()
