"""The service's configuration: environment variables, loopback rule, hand-over to workers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracewire.api.config import ServiceConfig, is_loopback
from tracewire.api.timeline import wire_time
from tracewire.errors import InputError


def test_settings_from_the_environment(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACEWIRE_API_MAX_QUERIES", "7")
    monkeypatch.setenv("TRACEWIRE_API_MAX_BODY", "65536")
    monkeypatch.setenv("TRACEWIRE_API_MAX_BATCH_BODY", "2097152")
    monkeypatch.setenv("TRACEWIRE_API_RELOAD_SECONDS", "0")
    monkeypatch.setenv("TRACEWIRE_API_AUTH", "0")
    config = ServiceConfig.from_env(home)
    assert (config.max_queries, config.max_body_bytes, config.reload_seconds) == (7, 65536, 0)
    assert config.max_batch_bytes == 2 << 20
    assert config.auth is False and config.database_url.endswith("tracewire.db")
    assert ServiceConfig.from_json(config.to_json()) == config
    assert ServiceConfig.from_env(home, auth=True).auth is True  # the CLI flag wins


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("TRACEWIRE_API_MAX_QUERIES", "many"),
        ("TRACEWIRE_API_MAX_QUERIES", "0"),
        ("TRACEWIRE_API_MAX_BODY", "-1"),
        ("TRACEWIRE_API_MAX_BATCH_BODY", "100"),
        ("TRACEWIRE_API_AUTH", "perhaps"),
    ],
)
def test_bad_settings_name_the_variable(
    home: Path, monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(InputError, match=name):
        ServiceConfig.from_env(home)


def test_auth_off_needs_a_loopback_address(home: Path) -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("[::1]")
    assert is_loopback("localhost") and is_loopback("127.8.9.10")
    assert not is_loopback("0.0.0.0") and not is_loopback("10.0.0.5")
    assert not is_loopback("example.org")
    with pytest.raises(InputError, match="loopback"):
        ServiceConfig.from_env(home, host="0.0.0.0", auth=False)
    assert ServiceConfig.from_env(home, host="0.0.0.0").auth is True


def test_wire_times_are_utc_with_an_offset() -> None:
    assert wire_time("2024-05-03T10:00:00") == "2024-05-03T10:00:00Z"
    assert wire_time("2024-05-03T12:00:00+02:00") == "2024-05-03T10:00:00Z"
    assert wire_time("2024-05-03") == "2024-05-03T00:00:00Z"
    assert wire_time("last tuesday") is None and wire_time(None) is None
