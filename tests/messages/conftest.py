from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from tracewire.match import Screener
from tracewire.messages.screening import MessageScreener
from tracewire.model import Entity
from tracewire.screen.mentions import MentionFinder

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "src" / "tracewire" / "data" / "sample" / "tracewire_sample.ftm.json"
BANKS = ROOT / "examples" / "payments" / "listed-banks.ftm.json"


def entities(*paths: Path) -> list[Entity]:
    return [
        Entity.from_ftm(orjson.loads(line))
        for path in paths
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


@pytest.fixture(scope="session")
def screener() -> Screener:
    return Screener.from_entities(entities(SAMPLE, BANKS))


@pytest.fixture(scope="session")
def finder(screener: Screener) -> MentionFinder:
    return MentionFinder(screener)


@pytest.fixture(scope="session")
def message_screener(screener: Screener, finder: MentionFinder) -> MessageScreener:
    return MessageScreener(screener, finder)
