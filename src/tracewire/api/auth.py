"""Who may call what: API keys in the ``Authorization`` header, checked per endpoint.

yente's clients send ``Authorization: ApiKey <key>``; ``Bearer <key>`` and the bare key
work too. Each route declares the scope it needs (``read``, ``screen`` or ``admin``,
see :mod:`tracewire.api.keys`) with :func:`require`. When the service runs with
authentication off (only allowed on a loopback address), a request without a key acts
as ``anonymous`` with every scope; a key that is sent is still checked and named.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Request, Security
from fastapi.security import APIKeyHeader

from tracewire.api.errors import Forbidden, Unauthorized
from tracewire.api.keys import ANONYMOUS, SCOPES, Principal
from tracewire.api.service import service_of

SCHEMES = ("apikey", "bearer", "token")

api_key_header = APIKeyHeader(
    name="Authorization",
    auto_error=False,
    description="`ApiKey <key>` (as yente's clients send it) or `Bearer <key>`.",
)


def parse_authorization(header: str) -> str:
    scheme, _, rest = header.strip().partition(" ")
    if rest and scheme.lower() in SCHEMES:
        return rest.strip()
    return header.strip()


def require(scope: str) -> Callable[..., Awaitable[Principal]]:
    """A dependency that admits keys of ``scope`` or a wider one."""

    async def check(
        request: Request, authorization: str | None = Security(api_key_header)
    ) -> Principal:
        # async, so FastAPI runs it on the event loop instead of hopping to a thread; the
        # key lookup is an in-memory cache hit on all but one request in CACHE_SECONDS
        service = service_of(request)
        if not authorization:
            if not service.config.auth:
                request.state.principal = ANONYMOUS
                return ANONYMOUS
            raise Unauthorized(
                "an API key is required: send 'Authorization: ApiKey <key>' "
                "(create one with `tracewire keys create NAME --scope screen`)"
            )
        principal = service.keys.verify(parse_authorization(authorization))
        if principal is None:
            raise Unauthorized("the API key is unknown or revoked")
        if not principal.allows(scope):
            if SCOPES.index(principal.scope) >= SCOPES.index(scope):  # the role narrows it
                raise Forbidden(
                    f"the key {principal.name!r} acts for {principal.user!r}, who is "
                    f"{principal.role}: this endpoint needs scope {scope!r}, which a "
                    f"{principal.role} does not have"
                )
            raise Forbidden(
                f"the key {principal.name!r} has scope {principal.scope!r}; "
                f"this endpoint needs {scope!r}"
            )
        request.state.principal = principal
        return principal

    return check
