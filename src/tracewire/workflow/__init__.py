"""The analyst workflow: monitored parties, alerts and decisions, rescreening, audit.

- :mod:`~tracewire.workflow.portfolio`: the counterparties kept screened.
- :mod:`~tracewire.workflow.alerts`: alerts, decisions, suppression until a side changes.
- :mod:`~tracewire.workflow.monitor`: full screenings and rescreening what a list changed.
- :mod:`~tracewire.workflow.roles`: users and roles (viewer, analyst, reviewer, admin).
- :mod:`~tracewire.workflow.audit`: the append-only, hash-chained audit trail.
"""

from tracewire.workflow.monitor import Monitor, ScreenRun, load_diff
from tracewire.workflow.roles import Actor

__all__ = ["Actor", "Monitor", "ScreenRun", "load_diff"]
