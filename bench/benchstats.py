"""Stats collectors that also write the run's Scrapy stats to a JSON file when the spider closes.

bench/run.py sets one on every crawl it times (``-s STATS_CLASS=benchstats.<class> -s
BENCH_STATS_FILE=...``, with ``bench/`` on PYTHONPATH), so that request counts, response bytes and the
elapsed time come from Scrapy itself rather than from parsing logs. They only add work at close:

- ``JsonStatsCollector``: Scrapy's own MemoryStatsCollector, for plain Scrapy (run outside the project);
- ``JsonCrawlStats``: the crawl's own collector (crawler.stats.CrawlStats, STATS_CLASS in
  crawler/settings.py), so the crawl is timed with the stats it runs with. Made when first asked for: the
  baseline, outside the project, cannot import ``crawler``.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from scrapy.statscollectors import MemoryStatsCollector


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    return value


class _JsonDump:
    """A dump of the final stats to ``BENCH_STATS_FILE``, for a MemoryStatsCollector."""

    def _persist_stats(self, stats: dict[str, Any]) -> None:
        super()._persist_stats(stats)  # type: ignore[misc]
        path = self._crawler.settings.get("BENCH_STATS_FILE")  # type: ignore[attr-defined]
        if path:
            Path(path).write_text(json.dumps(_plain(stats), ensure_ascii=False, indent=1), "utf-8")


class JsonStatsCollector(_JsonDump, MemoryStatsCollector):
    """Scrapy's MemoryStatsCollector + the JSON dump (plain Scrapy's runs)."""


def __getattr__(name: str) -> Any:
    if name == "JsonCrawlStats":
        from crawler.stats import CrawlStats

        cls = type(name, (_JsonDump, CrawlStats), {"__doc__": "The crawl's CrawlStats + the JSON dump."})
        globals()[name] = cls
        return cls
    raise AttributeError(name)
