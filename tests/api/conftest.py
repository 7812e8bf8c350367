"""Fixtures of the HTTP service tests: a store holding the sample list, and clients.

``service`` starts the app (lifespan included) with authentication off, as on a
loopback bind with ``--no-auth``; ``secured`` starts it with keys required and hands
out keys per scope.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tracewire.api import ServiceConfig, create_app
from tracewire.api.keys import KeyRing
from tracewire.cli.demo import sample_path
from tracewire.ingest import load_paths
from tracewire.settings import database_url
from tracewire.store import Store

SAMPLE = "tracewire_sample"
MakeClient = Callable[..., TestClient]


@pytest.fixture
def sample_store(home: Path) -> Iterator[Store]:
    store = Store(database_url(home))
    load_paths(store, [sample_path()], dataset=SAMPLE)
    yield store
    store.close()


@pytest.fixture
def make_client(home: Path, sample_store: Store) -> Iterator[MakeClient]:
    """Start the service with config changes; every client is closed after the test."""
    clients: list[TestClient] = []

    def make(**changes: object) -> TestClient:
        config = ServiceConfig(home=home, database_url=sample_store.url, reload_seconds=0)
        client = TestClient(create_app(config.with_changes(**changes)))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def service(make_client: MakeClient) -> TestClient:
    return make_client(auth=False)


@pytest.fixture
def secured(make_client: MakeClient) -> TestClient:
    return make_client(auth=True)


@pytest.fixture
def keys(sample_store: Store) -> dict[str, str]:
    """One key per scope, by scope name."""
    ring = KeyRing(sample_store.engine)
    return {scope: ring.create(f"test-{scope}", scope)[0] for scope in ("read", "screen", "admin")}


def person(name: str, **props: list[str]) -> dict[str, object]:
    return {"schema": "Person", "properties": {"name": [name], **props}}


def company(name: str, **props: list[str]) -> dict[str, object]:
    return {"schema": "Company", "properties": {"name": [name], **props}}
