"""Reports people read: HTML summaries of screening runs."""
