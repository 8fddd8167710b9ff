"""The time the program believes it is: the real UTC time, or a fixed one.

A fixed time (`--now`, env or setting `AVIMCRAWL_NOW`) replays a schedule: tests simulate a
week of checks in seconds, and an archivist can re-run a missed day under its own date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

STAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


class ClockError(ValueError):
    """A fixed time that is not an ISO 8601 date or time."""


def parse_time(value: str) -> datetime:
    """An ISO 8601 date or time (`2026-03-01`, `2026-03-01T09:00:00Z`), as UTC."""
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as error:
        raise ClockError(f"not an ISO 8601 time: {value!r} (e.g. 2026-03-01T09:00:00Z)") from error
    return parsed.replace(tzinfo=timezone.utc) if parsed.tzinfo is None else parsed.astimezone(timezone.utc)


@dataclass(frozen=True)
class Clock:
    fixed: datetime | None = None

    @classmethod
    def at(cls, value: str | None) -> Clock:
        """Fixed at `value` (ISO 8601), or the real time when there is none."""
        return cls(parse_time(value) if value else None)

    @classmethod
    def from_settings(cls, settings: Any) -> Clock:
        return cls.at(settings.get("AVIMCRAWL_NOW"))

    def now(self) -> datetime:
        return self.fixed or datetime.now(timezone.utc)

    def stamp(self) -> str:
        return self.now().strftime(STAMP_FORMAT)
