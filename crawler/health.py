"""Per-site health of a run: pure functions from the run's counts (and the previous run's health) to a status.

A nightly run is read by a person only when something is wrong, so each site gets one word:

- ``BROKEN``: nothing usable came from the site: no listing page could be read (every request failed), or
  listing pages were read but held no article link at all (neither new nor already archived), or articles
  were requested and none gave an item (all failed or were dropped). The run exits non-zero (crawl command).
- ``DEGRADED``: the site still yields, but sharply less than before: article links per listing page fell by
  more than half, a field's coverage (share of extracted articles with a date / author / text) fell by more
  than 30 points, or the share of requested articles fetched (not lost to an error) fell by more than 30
  points. It is compared with the last earlier finished run in which the site was not BROKEN; a first run
  has nothing to compare with.
- ``OK``: otherwise. An incremental run that finds only archived articles (0 new) is OK: its listing still
  showed article links.

Coverage and item-rate need enough items to mean anything (``MIN_ITEMS``); a run with fewer (a quiet night)
carries the previous run's figures forward as the ``baseline``, so the next run is still compared with them.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

OK, DEGRADED, BROKEN = "OK", "DEGRADED", "BROKEN"
COVERAGE_FIELDS = ("published_at", "author", "text")
_FIELD_LABEL = {"published_at": "date", "author": "author", "text": "text"}
MIN_ITEMS = 5  # fewer items than this give no coverage or item-rate worth comparing
MIN_LINKS_PER_PAGE = 2.0  # a previous yield below this is too small to call a fall "sharp"
COVERAGE_DROP = 0.30  # points (as a share) a coverage or the item rate may fall before DEGRADED
YIELD_FACTOR = 0.5  # links per listing page may fall to this share of the previous run's before DEGRADED
PREVIOUS_MANIFESTS = 60  # how many recent manifests are searched for a site's previous run


@dataclass
class Written:
    """What the writer saw of one site's items: how many, how many carry each field, the newest date."""

    items: int = 0
    with_published_at: int = 0
    with_author: int = 0
    with_text: int = 0
    newest_published_at: str | None = None

    def add(self, data: Mapping[str, Any]) -> None:
        self.items += 1
        self.with_published_at += bool(data.get("published_at"))
        self.with_author += bool(data.get("author"))
        text = data.get("text")
        self.with_text += bool(isinstance(text, str) and text.strip())
        published = data.get("published_at")
        if isinstance(published, str) and published:
            self.newest_published_at = newest(self.newest_published_at, published)


def newest(a: str | None, b: str | None) -> str | None:
    """The later of two `published_at` values (date first: a date-only value and a datetime compare)."""
    if not a or not b:
        return a or b
    return max(a, b, key=lambda v: (v[:10], v))


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _int(value: Any) -> int:
    return int(value) if isinstance(value, int | float) else 0


def _by_prefix(own: Mapping[str, Any], prefix: str) -> dict[str, int]:
    return {k[len(prefix) :]: _int(v) for k, v in sorted(own.items()) if k.startswith(prefix)}


def _lacking(dropped: Mapping[str, int], name: str) -> int:
    """Items the validator dropped because `name` was missing, empty or malformed (`missing_text`, ...)."""
    return sum(n for reason, n in dropped.items() if reason.split("_", 1)[-1] == name and "_" in reason)


def _fell(before: float, after: float) -> bool:
    """A share fell by more than COVERAGE_DROP (rounded: 1.0 - 0.7 must be 30 points, not a hair more)."""
    return round(before - after, 3) > COVERAGE_DROP


def _pct(share: float | None) -> str:
    return "-" if share is None else f"{round(share * 100)}%"


def _summary(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{k} x{v}" for k, v in counts.items())


def site_health(
    own: Mapping[str, Any],
    written: Written,
    previous: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """One site's health for the manifest.

    `own` is the site's stats with the `tinhoatdong/site/<id>/` prefix taken off (`listing_pages`,
    `articles_requested`, `known_links`, `already_seen`, `duplicates`, `dropped/<reason>`, `errors/<kind>`,
    `skipped/before_since`); `written` what the writer wrote for it; `previous` the `health` of the site in
    the previous comparable run (None for a first run). `now` fixes the clock for the age.
    """
    now = now or datetime.now(UTC)
    listing_pages = _int(own.get("listing_pages"))
    requested = _int(own.get("articles_requested"))
    known_links = _int(own.get("known_links"))
    already_seen = _int(own.get("already_seen"))
    duplicates = _int(own.get("duplicates"))
    skipped = _int(own.get("skipped/before_since"))
    dropped = _by_prefix(own, "dropped/")
    errors = _by_prefix(own, "errors/")
    links = requested + known_links + skipped  # every article link the listing pages showed
    # Requests that gave an item (written, or caught as already archived / duplicate content).
    answered = written.items + already_seen + duplicates
    # Coverage is over the articles extracted: those written, and those the validator dropped for lacking
    # that very field (a missing date drops an item, so written items alone would always show 100%).
    extracted = written.items + sum(dropped.values())
    have = {
        "published_at": written.with_published_at,
        "author": written.with_author,
        "text": written.with_text,
    }
    coverage = {name: _share(have[name], written.items + _lacking(dropped, name)) for name in COVERAGE_FIELDS}
    # Share of requested articles that came back as an item at all (written, caught by dedupe or dropped).
    item_rate = _share(answered + sum(dropped.values()), requested)
    links_per_page = round(links / listing_pages, 2) if listing_pages else None

    reasons: list[str] = []
    if listing_pages == 0:
        why = f"every request failed ({_summary(errors)})" if errors else "no listing page was found"
        reasons.append(f"no listing page could be read: {why}")
    elif links == 0:
        reasons.append(f"{listing_pages} listing page(s) read but no article link found on them")
    elif requested and answered == 0 and (errors or dropped):
        lost = ", ".join(p for p in (_summary(errors), _summary(dropped)) if p)
        reasons.append(f"none of the {requested} article(s) requested gave an item ({lost})")
    status = BROKEN if reasons else OK

    base = (previous or {}).get("baseline") or {}
    if status == OK and previous:
        prev_lpp = previous.get("links_per_page")
        if (
            isinstance(prev_lpp, int | float)
            and prev_lpp >= MIN_LINKS_PER_PAGE
            and links_per_page is not None
            and links_per_page < prev_lpp * YIELD_FACTOR
        ):
            reasons.append(f"article links per listing page fell from {prev_lpp:g} to {links_per_page:g}")
        if extracted >= MIN_ITEMS and _int(base.get("items")) >= MIN_ITEMS:
            for name in COVERAGE_FIELDS:
                before, after = (base.get("coverage") or {}).get(name), coverage[name]
                if isinstance(before, int | float) and after is not None and _fell(before, after):
                    reasons.append(f"{_FIELD_LABEL[name]} coverage fell from {_pct(before)} to {_pct(after)}")
        before_rate = base.get("item_rate")
        if (
            requested >= MIN_ITEMS
            and _int(base.get("requested")) >= MIN_ITEMS
            and isinstance(before_rate, int | float)
            and item_rate is not None
            and _fell(before_rate, item_rate)
        ):
            reasons.append(
                f"articles fetched fell from {_pct(before_rate)} to {_pct(item_rate)} "
                f"({_summary(errors) or 'no errors'})"
            )
        if reasons:
            status = DEGRADED

    # Figures worth comparing with: this run's when it had enough items, else the ones carried so far.
    baseline = {
        "items": extracted if extracted >= MIN_ITEMS else _int(base.get("items")),
        "coverage": coverage if extracted >= MIN_ITEMS else base.get("coverage"),
        "requested": requested if requested >= MIN_ITEMS else _int(base.get("requested")),
        "item_rate": item_rate if requested >= MIN_ITEMS else base.get("item_rate"),
    }
    newest_at = newest(written.newest_published_at, (previous or {}).get("newest_published_at"))
    age = (now.date() - date.fromisoformat(newest_at[:10])).days if newest_at else None
    return {
        "status": status,
        "reasons": reasons,
        "listing_pages": listing_pages,
        "new": written.items,
        "known": known_links + already_seen,
        "duplicates": duplicates,
        "dropped": dropped,
        "errors": errors,
        "coverage": coverage,
        "newest_published_at": newest_at,
        "newest_age_days": age,
        "articles_requested": requested,
        "links_found": links,
        "links_per_page": links_per_page,
        "item_rate": item_rate,
        "baseline": baseline,
        "previous_run": (previous or {}).get("run_id"),
    }


def previous_health(out_dir: Path, exclude: str, site_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Each site's health in the last earlier finished run where it was not BROKEN, from the manifests.

    Newest manifests first (by modification time), at most PREVIOUS_MANIFESTS of them; the result carries the
    run id under `run_id`. A manifest that cannot be read is skipped: health must never stop a run.
    """
    wanted = set(site_ids)
    found: dict[str, dict[str, Any]] = {}
    try:
        paths = [p for p in out_dir.glob("*.manifest.json") if p.name != f"{exclude}.manifest.json"]
        paths.sort(key=lambda p: (p.stat().st_mtime, p.name), reverse=True)
    except OSError:
        return found
    for path in paths[:PREVIOUS_MANIFESTS]:
        if not wanted - set(found):
            break
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            logger.warning("health: cannot read %s: %s", path, exc)
            continue
        if not isinstance(manifest, dict) or manifest.get("finish_reason") != "finished":
            continue
        for site_id, entry in (manifest.get("sites") or {}).items():
            health = entry.get("health") if isinstance(entry, dict) else None
            usable = isinstance(health, dict) and health.get("status") != BROKEN
            if usable and site_id in wanted and site_id not in found:
                found[site_id] = {**health, "run_id": manifest.get("run_id")}
    return found


def broken_sites(health: Mapping[str, Mapping[str, Any]], counted: Iterable[str]) -> list[str]:
    """The counted sites (enabled or named for this run) whose status is BROKEN, in id order."""
    return sorted(s for s in counted if (health.get(s) or {}).get("status") == BROKEN)


def format_table(health: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """The health table for the end of the log: one row per site, its reasons indented below it."""
    header = (
        f"{'site':<24} {'status':<8} {'pages':>5} {'new':>5} {'known':>5} {'dup':>4} {'drop':>4} "
        f"{'err':>4} {'date':>5} {'auth':>5} {'text':>5}  newest (age)"
    )
    lines = [header, "-" * len(header)]
    for site_id, h in health.items():
        cov = h.get("coverage") or {}
        newest_at = h.get("newest_published_at")
        age = h.get("newest_age_days")
        shown = f"{newest_at[:10]} ({age} d)" if newest_at else "-"
        lines.append(
            f"{site_id:<24} {h.get('status', '?'):<8} {h.get('listing_pages', 0):>5} {h.get('new', 0):>5} "
            f"{h.get('known', 0):>5} {h.get('duplicates', 0):>4} {sum((h.get('dropped') or {}).values()):>4} "
            f"{sum((h.get('errors') or {}).values()):>4} {_pct(cov.get('published_at')):>5} "
            f"{_pct(cov.get('author')):>5} {_pct(cov.get('text')):>5}  {shown}"
        )
        lines.extend(f"{'':<26}- {reason}" for reason in h.get("reasons") or ())
    return lines


# -- progress while the run goes -------------------------------------------------------------------------
_SITE_STAT = re.compile(r"tinhoatdong/site/([a-z0-9_]+)/(listing_pages|new|errors/.+)")


def site_progress(stats: Mapping[str, Any]) -> dict[str, tuple[int, int, int]]:
    """(listing pages read, items written, errors) per site, from the crawler's stats."""
    out: dict[str, list[int]] = {}
    for key, value in stats.items():
        if m := _SITE_STAT.fullmatch(key):
            counts = out.setdefault(m.group(1), [0, 0, 0])
            slot = {"listing_pages": 0, "new": 1}.get(m.group(2), 2)
            counts[slot] += _int(value)
    return {site: (c[0], c[1], c[2]) for site, c in sorted(out.items())}


class ProgressLog:
    """A Scrapy extension: every PROGRESS_INTERVAL seconds (default 30; 0 = off), one log line per site
    whose pages, items or errors moved since the last line, so a long run shows where it is."""

    def __init__(self, crawler: Crawler) -> None:
        self.interval = crawler.settings.getfloat("PROGRESS_INTERVAL", 30.0)
        if self.interval <= 0:
            raise NotConfigured
        self.crawler = crawler
        self.last: dict[str, tuple[int, int, int]] = {}
        self.task: Any = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def spider_opened(self, spider: Any) -> None:
        self.task = create_looping_call(self.log)
        self.task.start(self.interval, now=False)

    def log(self) -> None:
        stats = self.crawler.stats.get_stats() if self.crawler.stats is not None else {}
        for site_id, counts in site_progress(stats).items():
            if self.last.get(site_id) != counts:
                self.last[site_id] = counts
                logger.info("progress %s: %d listing pages, %d items, %d errors", site_id, *counts)

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
