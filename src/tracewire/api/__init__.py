"""The HTTP screening service (``tracewire serve``): yente-compatible, authenticated.

- :mod:`~tracewire.api.app`: ``create_app(settings)``, the FastAPI application.
- :mod:`~tracewire.api.routes`: one router per endpoint family (match, search,
  entities, catalog, health, admin).
- :mod:`~tracewire.api.schemas`: request and response models (yente's wire format).
- :mod:`~tracewire.api.matching`: yente queries → tracewire queries → yente results.
- :mod:`~tracewire.api.live_index`: the index served, swapped whole on reload.
- :mod:`~tracewire.api.keys`, :mod:`~tracewire.api.auth`, :mod:`~tracewire.api.audit`:
  API keys, scopes and the append-only audit log.
"""

from tracewire.api.app import create_app
from tracewire.api.config import ServiceConfig

__all__ = ["ServiceConfig", "create_app"]
