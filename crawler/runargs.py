"""The spider arguments of CONTRACT.md (`-a name=value`), checked before anything is fetched."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

KNOWN_ARGS = ("sites", "site", "since", "max_pages", "full", "source")
SOURCES = ("live", "wayback", "auto")


class ArgumentError(ValueError):
    """A spider argument that cannot be used; the message names the argument and what it accepts."""


@dataclass(frozen=True)
class CrawlArgs:
    sites: str | None = None  # registry file replacing the built-in one
    site: str | None = None  # comma-separated site ids
    since: date | None = None
    max_pages: int | None = None
    full: bool = False
    source: str = "live"

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> CrawlArgs:
        unknown = sorted(set(raw) - set(KNOWN_ARGS))
        if unknown:
            raise ArgumentError(
                f"unknown spider argument(s) {', '.join(unknown)}; known: {', '.join(KNOWN_ARGS)}"
            )
        since = None
        if raw.get("since"):
            try:
                since = date.fromisoformat(str(raw["since"]))
            except ValueError:
                raise ArgumentError(f"since={raw['since']!r}: expected a date YYYY-MM-DD") from None
        max_pages = None
        if raw.get("max_pages") not in (None, ""):
            try:
                max_pages = int(raw["max_pages"])
            except ValueError:
                max_pages = 0
            if max_pages < 1:
                raise ArgumentError(f"max_pages={raw['max_pages']!r}: expected a whole number ≥ 1")
        full_raw = str(raw.get("full", "0")).strip().lower()
        if full_raw not in ("0", "1", "true", "false", "yes", "no", ""):
            raise ArgumentError(f"full={raw['full']!r}: expected 1 or 0")
        source = str(raw.get("source") or "live").lower()
        if source not in SOURCES:
            raise ArgumentError(f"source={source!r}: expected one of {', '.join(SOURCES)}")
        return cls(
            sites=raw.get("sites") or None,
            site=raw.get("site") or None,
            since=since,
            max_pages=max_pages,
            full=full_raw in ("1", "true", "yes"),
            source=source,
        )
