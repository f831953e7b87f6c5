"""A stats collector that also writes the run's Scrapy stats to a JSON file when the spider closes.

bench/run.py sets it on both crawls it times (``-s STATS_CLASS=benchstats.JsonStatsCollector -s
BENCH_STATS_FILE=...``, with ``bench/`` on PYTHONPATH), so that request counts, response bytes and the
elapsed time come from Scrapy itself rather than from parsing logs. It only adds work at close.
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


class JsonStatsCollector(MemoryStatsCollector):
    """MemoryStatsCollector + a JSON dump of the final stats to ``BENCH_STATS_FILE``."""

    def _persist_stats(self, stats: dict[str, Any]) -> None:
        super()._persist_stats(stats)
        path = self._crawler.settings.get("BENCH_STATS_FILE")
        if path:
            Path(path).write_text(json.dumps(_plain(stats), ensure_ascii=False, indent=1), "utf-8")
