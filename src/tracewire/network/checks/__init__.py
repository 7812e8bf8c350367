"""The vocabulary of red-flag checks that rules files can use.

A check is a function registered under a name with a pydantic model of its parameters
(unknown or mistyped parameters are errors naming the rule). It reads the case through a
:class:`RuleContext` and yields :class:`Hit` objects; the rule that invoked it adds the
title, severity and the guidance it cites. The published description of each check is
its docstring (``tracewire investigate --list-checks`` prints them).
"""

from tracewire.network.checks import (
    business,
    cards,
    deals,
    diligence,
    goods,
    history,
    parties,
    registry,
    shipping,
)
from tracewire.network.checks.context import CHECKS, CheckSpec, Hit, Params, RuleContext

__all__ = [
    "CHECKS", "CheckSpec", "Hit", "Params", "RuleContext",
    "business", "cards", "deals", "diligence", "goods", "history", "parties", "registry", "shipping",
]  # fmt: skip
