"""Small formatting helpers the renderers share."""

from __future__ import annotations

import re
from html import escape
from urllib.parse import urlsplit


def is_web_url(url: str | None) -> bool:
    if not url:
        return False
    try:
        parts = urlsplit(url)
        return parts.scheme in {"http", "https"} and bool(parts.hostname)
    except ValueError:
        return False


_WAYBACK_STAMP = re.compile(r"/web/(\d{8})\d*")


def wayback_date(wayback_url: str | None, timestamp: str | None) -> str | None:
    """YYYY-MM-DD of a capture, from its 14-digit timestamp or else its memento URL."""
    digits = timestamp if timestamp and re.fullmatch(r"\d{8,14}", timestamp) else None
    if digits is None and wayback_url:
        found = _WAYBACK_STAMP.search(wayback_url)
        digits = found.group(1) if found else None
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}" if digits else None


def day(stamp: str | None) -> str | None:
    return stamp[:10] if stamp else None


def time_html(stamp: str) -> str:
    return f'<time datetime="{escape(stamp)}">{escape(day(stamp) or "")}</time>'


def percent(share: float) -> str:
    """One decimal everywhere (59.0%, 5.9%, 0.4%), so shares side by side read alike; 0% and 100% exact."""
    value = share * 100
    if value == 0 or value == 100:
        return f"{value:.0f}%"
    if 0 < value < 0.05:
        return "<0.1%"
    if 99.95 <= value < 100:
        return ">99.9%"
    return f"{value:.1f}%"


def blank(value: object) -> str:
    return "" if value is None else str(value)
