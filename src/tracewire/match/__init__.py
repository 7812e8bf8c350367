"""Matching: normalise names, retrieve candidates, score with explanations."""

from tracewire.match.query import Query
from tracewire.match.scoring import MatchResult
from tracewire.match.screener import DEFAULT_THRESHOLD, Screener

__all__ = ["DEFAULT_THRESHOLD", "MatchResult", "Query", "Screener"]
