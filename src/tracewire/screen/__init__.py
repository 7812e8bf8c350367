"""Screening: one query, or a batch file of any size."""

from tracewire.screen.batch import BatchOptions, read_rows, row_to_query, screen_rows
from tracewire.screen.run import RunStats, run_batch

__all__ = ["BatchOptions", "RunStats", "read_rows", "row_to_query", "run_batch", "screen_rows"]
