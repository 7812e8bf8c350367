"""Links made from data (a rules file's source URL, a list's publisher page): only
``http`` and ``https`` become links, so no ``javascript:``, ``data:`` or ``file:`` URL
from a file ever runs or opens from a report; anything else is shown as text."""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit


def web_url(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) address, else None."""
    text = (url or "").strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    return text if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def link(url: str | None, text: str) -> str:
    """An HTML link to ``url`` showing ``text`` (both escaped), or the text alone when
    the URL is not http(s)."""
    href = web_url(url)
    if href is None:
        return escape(text)
    return f'<a href="{escape(href)}" rel="noreferrer noopener">{escape(text)}</a>'
