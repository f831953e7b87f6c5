"""The crawl's stats collector: Scrapy's in-memory one, read at the speed of a plain object.

Scrapy 2.19's ``StatsCollector.__getattribute__`` runs on every attribute read of the collector, its own
``self._stats`` inside ``inc_value`` included: it formats a name, fails a lookup (an AttributeError raised
and caught), then wraps the public methods to warn about a ``spider`` argument. A counter costs 2.4 µs
instead of 0.14, and the crawl counts some twenty things a response (Scrapy's downloader, scheduler and
depth stats, the capture's, the spider's per-site counts): 0.6-1 % of the crawl's CPU under py-spy. Only the
deprecation warning for a ``spider=`` argument is lost, which every method still accepts and ignores.
"""

from __future__ import annotations

from scrapy.statscollectors import MemoryStatsCollector

__all__ = ["CrawlStats"]


class CrawlStats(MemoryStatsCollector):
    """MemoryStatsCollector without the per-read hook (STATS_CLASS in crawler/settings.py)."""

    __getattribute__ = object.__getattribute__
