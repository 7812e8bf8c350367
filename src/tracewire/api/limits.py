"""Request body size limit: a body over the limit is refused with 413 before parsing.

A declared ``Content-Length`` over the limit is refused at once, without reading the
body; a body sent without one (chunked) is counted as it arrives and refused as soon as
it passes the limit. Pure ASGI, so it costs nothing on requests within the limit.
Paths in ``larger`` (``POST /screen``'s batch files) have their own, larger limit; their
route reads the body in chunks instead of holding it in memory.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tracewire.api.errors import error_response


class _TooLarge(Exception):
    pass


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int, larger: dict[str, int] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.larger = larger or {}

    @staticmethod
    def _refusal(limit: int) -> str:
        return f"the request body is larger than the limit of {limit:,} bytes"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.larger.get(scope.get("path", ""), self.max_bytes)
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > limit:
                    await error_response(413, self._refusal(limit))(scope, receive, send)
                    return
        seen = 0
        exceeded = False
        answered = False

        async def counting_receive() -> Message:
            nonlocal seen, exceeded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    exceeded = True
                    raise _TooLarge
            return message

        async def refuse() -> None:
            nonlocal answered
            if not answered:
                answered = True
                await error_response(413, self._refusal(limit))(scope, receive, send)

        async def guarded_send(message: Message) -> None:
            # once the body passed the limit, whatever the app answers becomes our 413
            if exceeded:
                await refuse()
                return
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except _TooLarge:
            await refuse()
