"""Sources: one parser per official list format, each turning files into entities."""

from tracewire.sources.base import ListFormat, ParseResult, ParseWarning
from tracewire.sources.registry import detect, formats, get_format, plan_loads

__all__ = [
    "ListFormat",
    "ParseResult",
    "ParseWarning",
    "detect",
    "formats",
    "get_format",
    "plan_loads",
]
